"""A Zalo webhook call acknowledged before its turn committed survives the process being
killed: the kept call is replayed by the next process, and handled once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta

import aiohttp
from sqlalchemy import func, select

from bot.lanes import Lanes
from bot.zalo.inbox import WebhookInbox
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.services import Services
from storage.engine import create_engine, session_factory
from storage.inbox import InboxEntry
from storage.outbox import OutboxMessage
from storage.updates import ProcessedUpdate
from tests.chat import Clock
from tests.e2e.conftest import free_port
from tests.fakes.zalo_oa_api import SIGNATURE_HEADER, FakeZaloOA

CITIZEN = "8001"

# The webhook as gopy serves it, with a turn that never gets to commit (a database that has
# stopped answering, say): Zalo's budget runs out, the call is acknowledged, then the process
# is killed by the test.
STALLED_SERVER = textwrap.dedent(
    """
    import asyncio, os
    from datetime import timedelta
    from aiohttp import web
    from bot.lanes import Lanes
    from bot.zalo.channel import key_health
    from bot.zalo.inbox import WebhookInbox
    from bot.zalo.webhooks import oa_webhook
    from handlers.app import build_router
    from handlers.dispatcher import Dispatcher, Policy
    from handlers.services import Services
    from storage.engine import create_engine, session_factory

    class Stalled(Dispatcher):
        async def handle(self, incoming, *, say=None):
            await asyncio.Event().wait()

    async def main():
        sessions = session_factory(create_engine(os.environ["URL"]))
        dispatcher = Stalled(sessions, build_router(), Policy(), Services.default())
        inbox = WebhookInbox(dispatcher, Lanes(), ["zalo_oa"], ack_budget=0.2)
        health = key_health("Zalo OA", "ZALO_OA_SECRET_KEY", dispatcher, None)
        route = oa_webhook("/hook", os.environ["APP_ID"], os.environ["KEY"], inbox, health,
                           timedelta(hours=24))
        app = web.Application()
        app.add_routes([route])
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", int(os.environ["PORT"])).start()
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())
    """
)


async def test_a_call_killed_between_acknowledgement_and_commit_loses_nothing(
    engine, database_url
) -> None:
    port = free_port()
    async with FakeZaloOA() as oa:
        env = {
            **os.environ,
            "URL": database_url,
            "PYTHONPATH": os.getcwd(),
            "PORT": str(port),
            "APP_ID": oa.app_id,
            "KEY": oa.oa_secret_key,
        }
        child = subprocess.Popen(  # noqa: ASYNC220 (started, then awaited in a thread)
            [sys.executable, "-c", STALLED_SERVER], env=env, stdout=subprocess.PIPE
        )
        stdout = child.stdout
        assert stdout is not None
        try:
            line = await asyncio.wait_for(asyncio.to_thread(stdout.readline), 60)
            assert line.strip() == b"ready"
            event = oa.user_text(CITIZEN, "/start")
            body = json.dumps(event).encode()
            headers = {SIGNATURE_HEADER: oa.sign(body, event["timestamp"])}
            async with (
                aiohttp.ClientSession() as http,
                http.post(f"http://127.0.0.1:{port}/hook", data=body, headers=headers) as answer,
            ):
                assert answer.status == 200  # acknowledged: Zalo will not send it again
        finally:
            child.send_signal(signal.SIGKILL)
            assert await asyncio.to_thread(child.wait, 60) == -signal.SIGKILL
            stdout.close()

    restarted = create_engine(database_url)
    try:
        sessions = session_factory(restarted)

        async def count(model: type) -> int:
            async with sessions() as session:
                return await session.scalar(select(func.count()).select_from(model)) or 0

        assert (await count(InboxEntry), await count(ProcessedUpdate)) == (1, 0)
        clock = Clock()
        dispatcher = Dispatcher(sessions, build_router(), Policy(), Services.default(), clock=clock)
        lanes = Lanes()
        inbox = WebhookInbox(dispatcher, lanes, ["zalo_oa"])
        clock.now += timedelta(minutes=2)  # the next process, a little later
        assert await inbox.replay() == 1
        assert await inbox.replay() == 0
        await lanes.close()
        assert (await count(InboxEntry), await count(ProcessedUpdate)) == (0, 1)
        async with sessions() as session:
            [greeting] = (await session.execute(select(OutboxMessage))).scalars()
        assert greeting.chat_id == CITIZEN and greeting.payload["text"].startswith("Xin chào")
    finally:
        await restarted.dispose()
