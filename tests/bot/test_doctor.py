"""``gopy doctor`` as an operator runs it: against the fake Bot APIs, on a good install and
on misconfigured ones; each problem is named and the exit status says whether any was found."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiohttp
import pytest

from bot.cli import main
from storage.engine import create_engine
from storage.migrate import known_revisions, upgrade
from tests.fakes import FakeTelegram
from tests.fakes.zalo_bot_api import FakeZaloBot

SECRET = "doctor-webhook-secret"
HEAD = known_revisions()[0]  # the newest migration this gopy ships
SETTINGS = [
    *("DATABASE_URL", "ADMINS", "MODERATOR_CHAT", "GOPY_DATA_DIR", "HTTP_PORT"),
    *("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET"),
    *("ZALO_BOT_TOKEN", "ZALO_API_BASE", "ZALO_WEBHOOK_URL", "ZALO_WEBHOOK_SECRET"),
    *("ZALO_OA_APP_ID", "ZALO_OA_APP_SECRET", "ZALO_OA_SECRET_KEY", "ZALO_OA_REFRESH_TOKEN"),
]


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run in an empty folder (no .env) with no gopy setting inherited."""
    monkeypatch.chdir(tmp_path)
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


async def doctor(environment: pytest.MonkeyPatch, capsys, **env: str) -> tuple[int, str]:
    for name, value in env.items():
        environment.setenv(name, value)
    status = await asyncio.to_thread(main, ["doctor"])
    return status, capsys.readouterr().out


async def register_webhook(tg: FakeTelegram, url: str) -> None:
    async with aiohttp.ClientSession() as http:
        call = f"{tg.url}/bot{tg.token}/setWebhook"
        async with http.post(call, json={"url": url, "secret_token": SECRET}) as response:
            assert response.status == 200


def lines(out: str, status: str) -> list[str]:
    return [line[13:] for line in out.splitlines() if line.startswith(status)]


async def test_a_healthy_install_passes(environment, capsys, engine, database_url) -> None:
    async with FakeTelegram() as tg, FakeZaloBot() as zalo:
        hook = "https://gopy.example.gov.vn/telegram"
        await register_webhook(tg, hook)
        status, out = await doctor(
            environment,
            capsys,
            DATABASE_URL=database_url,
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_BASE=tg.url,
            TELEGRAM_WEBHOOK_URL=hook,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            ZALO_BOT_TOKEN=zalo.token,
            ZALO_API_BASE=zalo.url,
            ADMINS="telegram:1",
            MODERATOR_CHAT="telegram:-100",
        )
    assert status == 0, out
    assert lines(out, "PROBLEM") == []
    ok = lines(out, "ok")
    assert "Telegram accepts the token: bot @gopy_test_bot" in ok
    assert f"Telegram delivers updates to TELEGRAM_WEBHOOK_URL {hook}" in ok
    assert "the Zalo Bot Platform accepts the token: Góp ý Quảng Trị" in ok
    assert f"database schema is up to date (migration {HEAD})" in ok
    assert out.rstrip().endswith("All is well.")
    assert tg.token not in out and zalo.token not in out


async def test_a_misconfigured_install_names_each_problem(
    environment, capsys, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    async with FakeTelegram() as tg, FakeZaloBot() as zalo:
        status, out = await doctor(
            environment,
            capsys,
            DATABASE_URL=f"sqlite+aiosqlite:///{empty}",
            TELEGRAM_BOT_TOKEN="987654321:AAWrongTokenWrongTokenWrongToken123",
            TELEGRAM_API_BASE=tg.url,
            TELEGRAM_WEBHOOK_URL="https://gopy.example.gov.vn/telegram",
            ZALO_BOT_TOKEN="1:not-the-zalo-token",
            ZALO_API_BASE=zalo.url,
            ZALO_WEBHOOK_URL="https://gopy.example.gov.vn/zalo",
            ZALO_WEBHOOK_SECRET="short",
            ZALO_OA_APP_ID="4321",
            MODERATOR_CHAT="zalo_oa:group",
            ADMINS="telgram:1",
            GOPY_DATA_DIR=str(tmp_path / "missing"),
        )
    assert status == 1
    problems = lines(out, "PROBLEM")
    expected = [
        "TELEGRAM_WEBHOOK_URL is set without TELEGRAM_WEBHOOK_SECRET",
        "ZALO_WEBHOOK_URL needs ZALO_WEBHOOK_SECRET of 8 to 256 characters",
        "a Zalo Official Account also needs ZALO_OA_APP_SECRET, ZALO_OA_SECRET_KEY",
        "ADMINS names telgram:1, but 'telgram' is not a channel",
        "MODERATOR_CHAT is on 'zalo_oa', which is not configured",
        f"GOPY_DATA_DIR {tmp_path / 'missing'} is not a folder",
        "the database has no gopy tables: run `gopy db upgrade`",
        f"Telegram at {tg.url} refused TELEGRAM_BOT_TOKEN (401 Unauthorized)",
        f"the Zalo Bot Platform at {zalo.url} refused ZALO_BOT_TOKEN",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, out)
    assert len(problems) == len(expected), out
    assert "AAWrongToken" not in out
    assert out.rstrip().endswith(f"{len(expected)} problems found.")


async def test_an_old_schema_and_a_webhook_elsewhere(environment, capsys, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/old.db"
    engine = create_engine(url)
    await upgrade(engine, "0003")
    await engine.dispose()
    async with FakeTelegram() as tg:
        await register_webhook(tg, "https://someone-else.example/hook")
        status, out = await doctor(
            environment,
            capsys,
            DATABASE_URL=url,
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_BASE=tg.url,
            TELEGRAM_WEBHOOK_URL="https://gopy.example.gov.vn/telegram",
            TELEGRAM_WEBHOOK_SECRET=SECRET,
        )
    assert status == 1
    assert lines(out, "PROBLEM") == [
        f"the database schema is at migration 0003, this gopy needs {HEAD}: run `gopy db upgrade`",
        "Telegram delivers updates to https://someone-else.example/hook, not to "
        "TELEGRAM_WEBHOOK_URL https://gopy.example.gov.vn/telegram: another install uses the "
        "same bot token, or gopy did not start since the setting changed",
    ]


async def test_an_unreachable_database_and_a_bad_setting(environment, capsys) -> None:
    status, out = await doctor(
        environment, capsys, DATABASE_URL="postgresql+asyncpg://gopy:hunter22@127.0.0.1:1/gopy"
    )
    assert status == 1
    (problem,) = lines(out, "PROBLEM")
    assert problem.startswith("cannot reach the database postgresql+asyncpg://gopy:***@127.0.0.1")
    assert "hunter22" not in out

    status, out = await doctor(environment, capsys, HTTP_PORT="eighty")
    assert status == 1
    assert "the configuration does not parse" in out
    assert "HTTP_PORT: Input should be a valid integer" in out


async def test_the_oa_refresh_token_is_never_spent(environment, capsys, engine, database_url):
    status, out = await doctor(
        environment,
        capsys,
        DATABASE_URL=database_url,
        ZALO_OA_APP_ID="4321",
        ZALO_OA_APP_SECRET="app-secret-value",
        ZALO_OA_SECRET_KEY="oa-secret-key-value",
        ZALO_OA_REFRESH_TOKEN="refresh-token-value",
        # Nothing listens here: a refresh attempt would be a connection error, not silence.
        ZALO_OAUTH_BASE="http://127.0.0.1:1",
        ZALO_OA_API_BASE="http://127.0.0.1:1",
    )
    assert status == 0, out
    assert lines(out, "not checked")[0].startswith("Zalo OA credentials")
    assert "no Zalo OA tokens stored yet: gopy run starts from ZALO_OA_REFRESH_TOKEN" in out
    assert "All is well (1 not checked)." in out


async def test_a_department_notified_on_an_unconfigured_channel(
    environment, capsys, engine, database_url
) -> None:
    """CA's notification group is on Zalo, but only Telegram is configured: its notices
    would wait in the outbox for ever. The doctor names the department and the channel."""
    from storage.departments import get_department
    from storage.engine import session_factory

    async with session_factory(engine)() as session, session.begin():
        ca = await get_department(session, "CA")
        assert ca is not None
        ca.notify_chat = "zalo:-555"
    async with FakeTelegram() as tg:
        status, out = await doctor(
            environment,
            capsys,
            DATABASE_URL=database_url,
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_BASE=tg.url,
            ADMINS="telegram:1",
        )
    assert status == 1, out
    [problem] = lines(out, "PROBLEM")
    expected = "department CA is notified at zalo:-555, but 'zalo' is not configured"
    assert problem.startswith(expected)
