"""Wiring: database, migrations, the conversation, channels and workers, for one process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import console
from bot.channel import OpenChannel
from bot.channel_start import Backoff, ChannelBoard, keep_opening
from bot.channels import CHANNELS, WEB
from bot.clock_worker import ClockWorker
from bot.database import prepare
from bot.http import build_app, start_server
from bot.late_routes import LateRoutes
from bot.ops import log_context, logs
from bot.ops.health import Readiness
from bot.ops.metrics import MeasuredDispatcher, MeasuredSender, Metrics
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings, parse_address
from bot.web.evidence import kept_files
from bot.web.limits import page_reads
from bot.zalo.convert import OA_CHANNEL
from complaints.calendar import load_calendar
from complaints.events import QueueRules
from handlers.app import build_router
from handlers.dispatcher import Dispatcher, Policy
from handlers.knowledge import bundled_knowledge
from handlers.report_flow import announce_filed
from handlers.services import Services
from public.cache import PublicCache
from public.routes import public_routes
from storage.engine import create_engine, session_factory

log = logging.getLogger(__name__)


# Channels that may write to a user only for a while after the user wrote (Zalo OA: 7 days).
WINDOWED = frozenset({OA_CHANNEL})


def build_services(settings: Settings) -> Services:
    key = settings.signing_key
    services = Services(
        rules=QueueRules(load_calendar(settings.gopy_data_dir)),
        moderator_chat=parse_address(settings.moderator_chat) if settings.moderator_chat else None,
        admins=settings.admin_addresses,
        knowledge=bundled_knowledge(settings.gopy_data_dir),
        windowed=WINDOWED if settings.zalo_oa_enabled else frozenset(),
        phone_notice=frozenset({OA_CHANNEL}) if settings.phone_notice_enabled else frozenset(),
        channels=CHANNELS,
        delivering=settings.delivering_channels,
        reports_per_day=settings.reports_per_day,
        kept_file=kept_files(settings.web_chat_uploads_dir),
    )
    return replace(services, signing_key=key) if key else services


async def run(settings: Settings, *, force_console: bool = False) -> None:
    logs.configure(settings.log_format, settings.log_level, settings.secrets)
    log_context.track_reports()
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
    """Chat in the terminal; the web chat alongside (unless WEB_CHAT_ENABLED=false), its
    address printed first. Its port taken: said in one line, and the console goes on."""
    worker = OutboxWorker(sessions, [console.ConsoleSender(sys.stdout)])
    policy = Policy(admins=settings.admin_addresses | {console.ADDRESS})
    # here only the terminal (and the web chat beside it) delivers
    delivering = frozenset({console.CHANNEL} | ({WEB.name} if settings.web_chat_enabled else set()))
    services = replace(build_services(settings), delivering=delivering)
    dispatcher = Dispatcher(sessions, build_router(), policy, services)
    async with contextlib.AsyncExitStack() as beside:
        if settings.web_chat_enabled:
            from bot.web.channel import beside_console
            from handlers.web_chat import console_address, console_not_opened

            try:
                url = await beside.enter_async_context(
                    beside_console(settings, dispatcher, sessions)
                )
            except OSError as exc:
                notice = console_not_opened(settings.http_host, settings.http_port, exc)
            else:
                notice = console_address(url)
            print(notice, file=sys.stderr, flush=True)
        await console.chat(dispatcher, worker)


Opener = Callable[[], Awaitable[OpenChannel]]


def channel_openers(
    settings: Settings,
    dispatcher: Dispatcher,
    sessions: async_sessionmaker[AsyncSession],
    metrics: Metrics | None = None,
) -> list[tuple[str, Opener]]:
    """Every configured channel's name and how to open it (imported here so a deployment
    without one never loads its client library)."""
    openers: list[tuple[str, Opener]] = []
    if settings.telegram_enabled:
        from bot.telegram.channel import open_telegram
        from bot.telegram.convert import CHANNEL

        openers.append((CHANNEL, partial(open_telegram, settings, dispatcher)))
    if settings.zalo_enabled or settings.zalo_oa_enabled:
        from bot.zalo.channel import open_zalo_bot, open_zalo_oa
        from bot.zalo.convert import BOT_CHANNEL

        if settings.zalo_enabled:
            openers.append((BOT_CHANNEL, partial(open_zalo_bot, settings, dispatcher, metrics)))
        if settings.zalo_oa_enabled:
            openers.append(
                (OA_CHANNEL, partial(open_zalo_oa, settings, dispatcher, sessions, metrics))
            )
    if settings.web_chat_enabled:
        from bot.web.channel import open_web

        openers.append((WEB.name, partial(open_web, settings, dispatcher, sessions)))
    return openers


async def open_channels(
    settings: Settings,
    dispatcher: Dispatcher,
    sessions: async_sessionmaker[AsyncSession],
    metrics: Metrics | None = None,
) -> list[OpenChannel]:
    """Open every configured channel at once, failing if one cannot be (benchmarks)."""
    return [await open_() for _, open_ in channel_openers(settings, dispatcher, sessions, metrics)]


async def serve(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    *,
    backoff: Backoff | None = None,
) -> None:
    """Serve the configured channels until cancelled: webhooks, polling, outbox, clock.

    The HTTP server starts first; each channel opens on its own, tried again with
    ``backoff`` while it cannot be reached, so one platform down at start-up neither stops
    the others nor hides the process from its probes (``/readyz`` names it)."""
    policy = Policy(admins=settings.admin_addresses, windowed=WINDOWED)
    services = build_services(settings)
    metrics = Metrics(sessions)
    dispatcher = MeasuredDispatcher(sessions, build_router(), policy, services, metrics=metrics)
    scrub = logs.Scrubber(settings.secrets)
    worker = OutboxWorker(sessions, [], give_up=settings.dead_letter, scrub=scrub)
    dispatcher.on_outbox = worker.wake
    dispatcher.direct = worker  # a turn's reply leaves as the turn commits
    clock = ClockWorker(
        sessions, services, on_outbox=worker.wake, uploads=settings.web_chat_uploads_dir
    )
    openers = channel_openers(settings, dispatcher, sessions, metrics)
    board = ChannelBoard(scrub=scrub)
    for name, _ in openers:
        board.starting(name)
    probes: list[Callable[[], str | None]] = []  # grows as channels open
    readiness = Readiness(
        sessions, board.up, settings.ready_max_outbox_backlog, probes=probes, down=board.down
    )
    late = LateRoutes()
    figures = PublicCache(sessions, services.rules, minutes=settings.transparency_refresh_minutes)
    public = public_routes(
        figures,
        sessions,
        services.rules,
        settings.open311_keys,
        on_filed=announce_filed(services),
        on_outbox=worker.wake,
        reads=page_reads(),
    )
    app = build_app(public, readiness=readiness, metrics=metrics)
    app.middlewares.append(late.middleware)
    opened: list[OpenChannel] = []

    async def stop_channels(app: object) -> None:
        for channel in opened:
            await channel.stop()

    app.on_shutdown.append(stop_channels)
    runner = await start_server(app, settings.http_host, settings.http_port)
    log.warning("gopy serving on %s:%s", settings.http_host, settings.http_port)
    if settings.web_chat_enabled:
        log.warning("web chat: http://%s:%s/chat", settings.http_host, settings.http_port)
    try:
        async with asyncio.TaskGroup() as tasks:

            def start(channel: OpenChannel) -> None:
                opened.append(channel)
                late.add(channel.routes)  # before its loops: set_webhook needs the route
                probes.extend(channel.probes)
                worker.add_sender(MeasuredSender(channel.sender, metrics))
                for loop in channel.loops:
                    tasks.create_task(loop())

            tasks.create_task(worker.run())
            tasks.create_task(clock.run())
            tasks.create_task(figures.run())
            for name, open_ in openers:
                tasks.create_task(keep_opening(name, open_, start, board, backoff or Backoff()))
    finally:
        await runner.cleanup()
        for channel in opened:
            await channel.close()
