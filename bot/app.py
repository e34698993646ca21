"""Wiring: database, migrations, the conversation, channels and workers, for one process."""

from __future__ import annotations

import logging
import sys

from bot import console
from bot.database import prepare
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.services import Services
from storage.engine import create_engine, session_factory

log = logging.getLogger(__name__)


async def run(settings: Settings, *, force_console: bool = False) -> None:
    engine = create_engine(settings.database_url)
    try:
        await prepare(engine, settings.gopy_data_dir)
        sessions = session_factory(engine)
        if force_console or not settings.any_channel:
            worker = OutboxWorker(sessions, [console.ConsoleSender(sys.stdout)])
            policy = Policy(admins=settings.admin_addresses | {console.ADDRESS})
            dispatcher = Dispatcher(sessions, build_router(), policy, Services.default())
            await console.chat(dispatcher, worker)
        else:
            raise SystemExit("gopy: Telegram and Zalo channels are not wired in yet")
    finally:
        await engine.dispose()
