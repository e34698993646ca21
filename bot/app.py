"""Wiring: database, migrations, the conversation, channels and workers, for one process."""

from __future__ import annotations

import asyncio
import logging
import sys

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import console
from bot.channel import OpenChannel
from bot.clock_worker import ClockWorker
from bot.database import prepare
from bot.http import build_app, start_server
from bot.ops import logs
from bot.ops.health import Readiness
from bot.ops.metrics import MeasuredDispatcher, MeasuredSender, Metrics
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings, parse_address
from bot.zalo.convert import OA_CHANNEL
from complaints.calendar import load_calendar
from complaints.events import QueueRules
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.knowledge import bundled_knowledge
from handlers.services import Services
from storage.engine import create_engine, session_factory

log = logging.getLogger(__name__)


def build_services(settings: Settings) -> Services:
    key = settings.signing_key
    return Services(
        rules=QueueRules(load_calendar(settings.gopy_data_dir)),
        moderator_chat=parse_address(settings.moderator_chat) if settings.moderator_chat else None,
        knowledge=bundled_knowledge(settings.gopy_data_dir),
        **({"signing_key": key} if key else {}),
    )


async def run(settings: Settings, *, force_console: bool = False) -> None:
    logs.configure(settings.log_format, settings.log_level, settings.secrets)
    engine = create_engine(settings.database_url)
    try:
        await prepare(engine, settings.gopy_data_dir)
        sessions = session_factory(engine)
        if force_console or not settings.any_channel:
            await _chat_in_console(settings, sessions)
        else:
            await serve(settings, sessions)
    finally:
        await engine.dispose()


async def _chat_in_console(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
    worker = OutboxWorker(sessions, [console.ConsoleSender(sys.stdout)])
    policy = Policy(admins=settings.admin_addresses | {console.ADDRESS})
    dispatcher = Dispatcher(sessions, build_router(), policy, build_services(settings))
    await console.chat(dispatcher, worker)


async def open_channels(
    settings: Settings, dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession]
) -> list[OpenChannel]:
    """Open every configured channel (imported here so a deployment without one never
    loads its client library)."""
    channels: list[OpenChannel] = []
    if settings.telegram_enabled:
        from bot.telegram.channel import open_telegram

        channels.append(await open_telegram(settings, dispatcher))
    if settings.zalo_enabled:
        from bot.zalo.channel import open_zalo_bot

        channels.append(await open_zalo_bot(settings, dispatcher))
    if settings.zalo_oa_enabled:
        from bot.zalo.channel import open_zalo_oa

        channels.append(await open_zalo_oa(settings, dispatcher, sessions))
    return channels


async def serve(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
    """Serve the configured channels until cancelled: webhooks, polling, outbox, clock."""
    policy = Policy(admins=settings.admin_addresses, windowed=frozenset({OA_CHANNEL}))
    services = build_services(settings)
    metrics = Metrics(sessions)
    dispatcher = MeasuredDispatcher(sessions, build_router(), policy, services, metrics=metrics)
    channels = await open_channels(settings, dispatcher, sessions)
    worker = OutboxWorker(sessions, [MeasuredSender(c.sender, metrics) for c in channels])
    dispatcher.on_outbox = worker.wake
    clock = ClockWorker(sessions, services, on_outbox=worker.wake)
    readiness = Readiness(
        sessions, [c.sender.name for c in channels], settings.ready_max_outbox_backlog
    )
    app = build_app(
        (route for c in channels for route in c.routes), readiness=readiness, metrics=metrics
    )
    runner = await start_server(app, settings.http_host, settings.http_port)
    log.warning("gopy serving on %s:%s", settings.http_host, settings.http_port)
    try:
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(worker.run())
            tasks.create_task(clock.run())
            for channel in channels:
                for loop in channel.loops:
                    tasks.create_task(loop())
    finally:
        await runner.cleanup()
        for channel in channels:
            await channel.close()
