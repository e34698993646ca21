"""Settings come from the environment and .env, with clear errors for bad values."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import DEFAULT_DATABASE_URL, Settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in (
        "DATABASE_URL",
        "ADMINS",
        "TELEGRAM_BOT_TOKEN",
        "MODERATOR_CHAT",
        "ZALO_BOT_TOKEN",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_chat_in_the_console_on_sqlite() -> None:
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert not settings.any_channel
    assert settings.telegram_max_messages_per_second == 30


def test_environment_and_dotenv(monkeypatch, tmp_path) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123:abc\nADMINS=telegram:1, zalo:Ab\n")
    monkeypatch.setenv("HTTP_PORT", "9000")
    settings = Settings()
    assert settings.telegram_enabled and settings.http_port == 9000
    assert settings.admin_addresses == {("telegram", "1"), ("zalo", "Ab")}


def test_malformed_admins_are_rejected(monkeypatch) -> None:
    monkeypatch.setenv("ADMINS", "telegram12345")
    with pytest.raises(ValidationError, match="CHANNEL:ID"):
        Settings()


def test_an_oa_event_age_longer_than_update_ids_are_remembered_is_refused(monkeypatch) -> None:
    # an event both fresh enough to pass and older than its forgotten id would, replayed, be
    # handled twice
    monkeypatch.setenv("ZALO_OA_EVENT_MAX_AGE_HOURS", "169")
    with pytest.raises(ValidationError, match="168"):
        Settings()
    monkeypatch.setenv("ZALO_OA_EVENT_MAX_AGE_HOURS", "168")
    assert Settings().zalo_oa_event_max_age_hours == 168


def test_the_daily_report_cap_is_configured_and_checked(monkeypatch) -> None:
    """REPORTS_PER_DAY: 10 unless set; a pilot may raise it; 0, a word or an absurd number
    is refused with the setting's name, and gopy run hands the value to the report dialogue."""
    from bot.app import build_services

    assert Settings().reports_per_day == 10
    monkeypatch.setenv("REPORTS_PER_DAY", "25")
    assert build_services(Settings()).reports_per_day == 25
    for bad in ("0", "ten", "1000000"):
        monkeypatch.setenv("REPORTS_PER_DAY", bad)
        with pytest.raises(ValidationError, match="reports_per_day"):
            Settings()
