"""The checks behind ``gopy doctor``: is this install configured, is its database there and
up to date, do the platforms accept its credentials, and are the webhooks where they belong.

Every check only reads: nothing is migrated, registered or sent, and the Zalo OA's refresh
token, which works once, is never spent.
"""

from __future__ import annotations

import asyncio
import importlib
import re
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import aiohttp
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels import CHANNELS
from bot.settings import Settings, parse_address
from storage import counts
from storage.departments import list_departments
from storage.engine import create_engine, is_sqlite, session_factory
from storage.migrate import current_revision, known_revisions
from storage.oa_tokens import load_tokens
from storage.outbox import OutboxStatus

TIMEOUT = 10.0  # seconds for each network check
OFFICIAL_TELEGRAM = "https://api.telegram.org"
_TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
RECENT_WEBHOOK_ERROR = timedelta(hours=1)


class Status(StrEnum):
    OK = "ok"
    PROBLEM = "PROBLEM"
    NOTE = "note"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Finding:
    status: Status
    text: str


class Findings(list[Finding]):
    def ok(self, text: str) -> None:
        self.append(Finding(Status.OK, text))

    def problem(self, text: str) -> None:
        self.append(Finding(Status.PROBLEM, text))

    def note(self, text: str) -> None:
        self.append(Finding(Status.NOTE, text))

    def not_checked(self, text: str) -> None:
        self.append(Finding(Status.NOT_CHECKED, text))

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self if f.status is Status.PROBLEM]


def safe_url(url: str) -> str:
    """The database URL as it may be printed: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable DATABASE_URL>"


async def examine(settings: Settings) -> Findings:
    found = Findings()
    check_configuration(settings, found)
    engine = await check_database(settings, found)
    try:
        if settings.telegram_enabled:
            await _guarded(found, "Telegram", check_telegram(settings, found))
        if settings.zalo_enabled:
            await _guarded(found, "the Zalo Bot Platform", check_zalo_bot(settings, found))
        if settings.zalo_oa_enabled or settings.zalo_oa_app_id:
            await check_zalo_oa(settings, engine, found)
    finally:
        if engine is not None:
            await engine.dispose()
    return found


async def _guarded(found: Findings, platform: str, check: Awaitable[None]) -> None:
    try:
        await asyncio.wait_for(check, TIMEOUT * 2)
    except TimeoutError:
        found.problem(f"{platform} did not answer within {TIMEOUT * 2:.0f} seconds")


# Configuration ------------------------------------------------------------------------------


def check_configuration(settings: Settings, found: Findings) -> None:
    found.ok("configuration parses")
    _telegram_settings(settings, found)
    _zalo_settings(settings, found)
    _people_settings(settings, found)
    data_dir = settings.gopy_data_dir
    if data_dir is not None and not Path(data_dir).is_dir():
        found.problem(f"GOPY_DATA_DIR {data_dir} is not a folder")
    if not settings.any_channel:
        found.note("no channel is configured: gopy run chats in the terminal")


def _telegram_settings(settings: Settings, found: Findings) -> None:
    url, secret = settings.telegram_webhook_url, settings.telegram_webhook_secret
    if (url or secret) and not settings.telegram_enabled:
        found.problem(
            "TELEGRAM_WEBHOOK_URL or TELEGRAM_WEBHOOK_SECRET is set but TELEGRAM_BOT_TOKEN is "
            "not: Telegram is off"
        )
        return
    if url and not secret:
        found.problem(
            "TELEGRAM_WEBHOOK_URL is set without TELEGRAM_WEBHOOK_SECRET: each process would "
            "make up its own secret, so with two processes Telegram's calls get 401 from one"
        )
    if secret and not _TELEGRAM_SECRET.fullmatch(secret):
        found.problem(
            "TELEGRAM_WEBHOOK_SECRET may only hold A-Z, a-z, 0-9, _ and - (1 to 256 of them)"
        )
    if secret and not url:
        found.note("TELEGRAM_WEBHOOK_SECRET is set but no TELEGRAM_WEBHOOK_URL: polling, unused")
    official = settings.telegram_api_base.rstrip("/") == OFFICIAL_TELEGRAM
    if url and official and not url.startswith("https://"):
        found.problem(f"TELEGRAM_WEBHOOK_URL {url} is not HTTPS: Telegram only calls HTTPS")


def _zalo_settings(settings: Settings, found: Findings) -> None:
    url, secret = settings.zalo_webhook_url, settings.zalo_webhook_secret
    if (url or secret) and not settings.zalo_enabled:
        found.problem(
            "ZALO_WEBHOOK_URL or ZALO_WEBHOOK_SECRET is set but ZALO_BOT_TOKEN is not: "
            "the Zalo Bot Platform is off"
        )
    elif url and not (secret and 8 <= len(secret) <= 256):
        found.problem(
            "ZALO_WEBHOOK_URL needs ZALO_WEBHOOK_SECRET of 8 to 256 characters: gopy run "
            "refuses to start without it"
        )
    oa = {
        "ZALO_OA_APP_ID": settings.zalo_oa_app_id,
        "ZALO_OA_APP_SECRET": settings.zalo_oa_app_secret,
        "ZALO_OA_SECRET_KEY": settings.zalo_oa_secret_key,
    }
    missing = [name for name, value in oa.items() if not value]
    if missing and (len(missing) < len(oa) or settings.zalo_oa_refresh_token):
        found.problem(f"a Zalo Official Account also needs {', '.join(missing)}")


def _people_settings(settings: Settings, found: Findings) -> None:
    enabled = {
        "telegram": settings.telegram_enabled,
        "zalo": settings.zalo_enabled,
        "zalo_oa": settings.zalo_oa_enabled,
    }
    if not settings.admin_addresses:
        found.note("ADMINS is empty: nobody can run admin commands (/grant, /invite)")
    for channel, user in sorted(settings.admin_addresses):
        if channel not in CHANNELS.staff_names:
            found.problem(
                f"ADMINS names {channel}:{user}, but {channel!r} is not a channel staff can "
                f"work on ({', '.join(CHANNELS.staff_names)})"
            )
    if not settings.moderator_chat:
        found.note(
            "MODERATOR_CHAT is not set: new reports are announced to each moderator privately "
            "(to the ADMINS while nobody is a moderator)"
        )
        return
    channel, _ = parse_address(settings.moderator_chat)
    if not enabled.get(channel, False):
        found.problem(
            f"MODERATOR_CHAT is on {channel!r}, which is not configured: announcements to it "
            "would wait in the outbox forever"
        )


# Database -----------------------------------------------------------------------------------


async def check_database(settings: Settings, found: Findings) -> AsyncEngine | None:
    """Reachable with a real query, and migrated to this version's head; the engine is
    returned, for the checks that read gopy's tables, only when both hold."""
    url = settings.database_url
    shown = safe_url(url)
    try:
        sqlite = is_sqlite(url)
    except Exception as exc:
        found.problem(f"DATABASE_URL cannot be read: {exc}")
        return None
    missing = _missing_sqlite_file(url) if sqlite else None
    if missing:
        found.problem(
            f"the SQLite database {missing} does not exist: run `gopy db upgrade` (or `gopy "
            "run`, which creates it)"
        )
        return None
    try:
        engine = create_engine(url)
    except Exception as exc:
        found.problem(f"DATABASE_URL {shown} cannot be used: {exc}")
        return None
    try:
        async with asyncio.timeout(TIMEOUT), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            version = ".".join(str(n) for n in conn.dialect.server_version_info or ())
    except Exception as exc:
        await engine.dispose()
        found.problem(f"cannot reach the database {shown}: {_reason(exc)}")
        return None
    found.ok(f"database reachable: {shown} ({engine.dialect.name} {version})")
    if await _check_migrations(engine, found):
        await _check_dead_letters(engine, found)
        await _check_notify_chats(settings, engine, found)
        return engine
    await engine.dispose()
    return None


async def _check_dead_letters(engine: AsyncEngine, found: Findings) -> None:
    """Messages the outbox gave up on: a note, not a problem (users block bots every day)."""
    async with session_factory(engine)() as session:
        dead = await counts.outbox_by_channel(session, (OutboxStatus.DEAD,))
    if dead:
        per_channel = ", ".join(f"{channel}: {n}" for channel, n in sorted(dead.items()))
        found.note(
            f"{sum(dead.values())} outgoing message(s) were given up ({per_channel}): an "
            "admin lists them with /dead in chat and sends one again with /resend ID"
        )


async def _check_notify_chats(settings: Settings, engine: AsyncEngine, found: Findings) -> None:
    """A department whose notification chat is on a channel this deployment does not run:
    its notices wait in the outbox for ever, and its staff hear of no report."""
    delivering = settings.delivering_channels
    async with session_factory(engine)() as session:
        departments = await list_departments(session)
    for dept in departments:
        channel, sep, chat = (dept.notify_chat or "").partition(":")
        if sep and chat and channel not in delivering:
            found.problem(
                f"department {dept.code} is notified at {dept.notify_chat}, but {channel!r} is "
                "not configured: its notices would wait in the outbox forever and its staff "
                "would hear of no report (configure the channel, or change its notify_chat)"
            )


def _missing_sqlite_file(url: str) -> str | None:
    """The file an SQLite URL names, when it is not there (connecting would create it)."""
    database = make_url(url).database
    if database and database != ":memory:" and not Path(database).is_file():
        return database
    return None


async def _check_migrations(engine: AsyncEngine, found: Findings) -> bool:
    known = known_revisions()
    current = await current_revision(engine)
    if current == known[0]:
        found.ok(f"database schema is up to date (migration {current})")
        return True
    if current is None:
        found.problem("the database has no gopy tables: run `gopy db upgrade`")
    elif current in known:
        found.problem(
            f"the database schema is at migration {current}, this gopy needs {known[0]}: "
            "run `gopy db upgrade`"
        )
    else:
        found.problem(
            f"the database is at migration {current}, which this gopy does not know: it was "
            "upgraded by a newer gopy; run that version"
        )
    return False


# Channels -----------------------------------------------------------------------------------


async def check_telegram(settings: Settings, found: Findings) -> None:
    # aiogram as bot.telegram imports it, without building every type (its docstring says why)
    importlib.import_module("bot.telegram")
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError
    from aiogram.utils.token import TokenValidationError

    assert settings.telegram_bot_token
    base = settings.telegram_api_base
    session = AiohttpSession(api=TelegramAPIServer.from_base(base), timeout=TIMEOUT)
    try:
        bot = Bot(settings.telegram_bot_token, session=session)
    except TokenValidationError:
        await session.close()
        found.problem("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)")
        return
    try:
        try:
            me = await bot.get_me()
        except TelegramUnauthorizedError:
            found.problem(f"Telegram at {base} refused TELEGRAM_BOT_TOKEN (401 Unauthorized)")
            return
        except TelegramAPIError as exc:
            found.problem(f"could not reach Telegram at {base}: {_reason(exc)}")
            return
        found.ok(f"Telegram accepts the token: bot @{me.username}")
        info = await bot.get_webhook_info()
    except TelegramAPIError as exc:
        found.problem(f"Telegram getWebhookInfo failed: {_reason(exc)}")
        return
    finally:
        await session.close()
    _check_webhook(
        found,
        "Telegram",
        "TELEGRAM_WEBHOOK_URL",
        settings.telegram_webhook_url,
        info.url,
        polling_note="gopy run removes it when it starts polling",
    )
    if info.last_error_date is not None and info.last_error_message:
        when = info.last_error_date
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        report = found.problem if datetime.now(UTC) - when < RECENT_WEBHOOK_ERROR else found.note
        report(
            f"Telegram's last webhook delivery failed at {when:%Y-%m-%d %H:%M} UTC: "
            f"{info.last_error_message} ({info.pending_update_count} updates waiting)"
        )


async def check_zalo_bot(settings: Settings, found: Findings) -> None:
    from bot.zalo.bot_api import ZaloBotClient, ZaloBotError

    assert settings.zalo_bot_token
    base = settings.zalo_api_base
    async with aiohttp.ClientSession() as http:
        client = ZaloBotClient(settings.zalo_bot_token, base, session=http)
        try:
            me = await client.call("getMe", request_timeout=TIMEOUT)
        except ZaloBotError as exc:
            if exc.code in (401, 403):
                found.problem(f"the Zalo Bot Platform at {base} refused ZALO_BOT_TOKEN ({exc})")
            else:
                found.problem(f"could not reach the Zalo Bot Platform at {base}: {exc}")
            return
        name = me.get("display_name") or me.get("account_name") if isinstance(me, dict) else None
        found.ok(f"the Zalo Bot Platform accepts the token: {name or 'bot'}")
        try:
            info = await client.call("getWebhookInfo", request_timeout=TIMEOUT)
        except ZaloBotError as exc:
            found.problem(f"Zalo getWebhookInfo failed: {exc}")
            return
    registered = info.get("url") if isinstance(info, dict) else None
    _check_webhook(
        found,
        "the Zalo Bot Platform",
        "ZALO_WEBHOOK_URL",
        settings.zalo_webhook_url,
        registered or "",
        polling_note="gopy run deletes it when it starts polling",
    )


def _check_webhook(
    found: Findings,
    platform: str,
    setting: str,
    wanted: str | None,
    registered: str,
    *,
    polling_note: str,
) -> None:
    if wanted and registered == wanted:
        found.ok(f"{platform} delivers updates to {setting} {wanted}")
    elif wanted and not registered:
        found.problem(
            f"{platform} has no webhook registered, so updates go nowhere: `gopy run` "
            f"registers {setting} when it starts; if it is running, read its log"
        )
    elif wanted:
        found.problem(
            f"{platform} delivers updates to {registered}, not to {setting} {wanted}: another "
            "install uses the same bot token, or gopy did not start since the setting changed"
        )
    elif registered:
        found.note(f"{platform} has a webhook at {registered} but gopy polls; {polling_note}")


async def check_zalo_oa(settings: Settings, engine: AsyncEngine | None, found: Findings) -> None:
    found.not_checked(
        "Zalo OA credentials: Zalo can only check them by spending the single-use refresh "
        "token; gopy run uses them at its first send"
    )
    app_id = settings.zalo_oa_app_id
    if engine is None or not app_id:
        return
    try:
        async with session_factory(engine)() as session:
            stored = await load_tokens(session, app_id)
    except Exception as exc:
        found.problem(f"could not read the stored Zalo OA tokens: {_reason(exc)}")
        return
    if stored is None and not settings.zalo_oa_refresh_token:
        found.problem(
            "no Zalo OA tokens are stored and ZALO_OA_REFRESH_TOKEN is not set: gopy run "
            "cannot start the Official Account"
        )
    elif stored is None:
        found.note("no Zalo OA tokens stored yet: gopy run starts from ZALO_OA_REFRESH_TOKEN")
    elif stored.expires_at > datetime.now(UTC):
        found.ok(
            f"a Zalo OA access token is stored, valid until {stored.expires_at:%Y-%m-%d %H:%M} UTC"
        )
    else:
        found.note("the stored Zalo OA access token has expired: the next send refreshes it")


def _reason(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__
