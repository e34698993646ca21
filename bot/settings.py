"""Settings from the environment and a ``.env`` file (names as in SPEC §7)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.channels import TELEGRAM, WEB, ZALO_BOT, ZALO_OA
from bot.dead_letter import DEFAULT_POLICY, DeadLetterPolicy
from bot.redelivery import MAX_EVENT_AGE
from bot.zalo.signature import EVENT_MAX_AGE_HOURS
from bot.zalo.zns import DEFAULT_PARAMS, DEFAULT_ZNS_BASE, Param, parse_params
from complaints.flood import MAX_REPORTS_PER_DAY, REPORTS_PER_DAY
from public import DEFAULT_REFRESH_MINUTES

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/gopy.db"


def parse_address(text: str) -> tuple[str, str]:
    """``telegram:12345`` → (``telegram``, ``12345``); raises ValueError on anything else."""
    channel, sep, ident = text.strip().partition(":")
    if not sep or not channel or not ident:
        raise ValueError(f"expected CHANNEL:ID, got {text!r}")
    return channel.lower(), ident


def parse_origins(text: str) -> frozenset[str]:
    """``https://dichvucong.quangtri.gov.vn, http://localhost:8000`` → the origins as a
    browser sends them (scheme, host, port; no path); ValueError on anything else."""
    origins = set()
    for item in filter(None, (part.strip() for part in text.split(","))):
        url = urlsplit(item)
        if url.scheme not in ("http", "https") or not url.hostname or url.path not in ("", "/"):
            raise ValueError(f"expected an origin such as https://portal.example.vn, got {item!r}")
        if url.query or url.fragment or url.username:
            raise ValueError(f"an origin has no query, fragment or user: {item!r}")
        origins.add(f"{url.scheme}://{url.netloc.lower()}")
    return frozenset(origins)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", env_ignore_empty=True, extra="ignore"
    )

    database_url: str = DEFAULT_DATABASE_URL

    telegram_bot_token: str | None = None
    telegram_api_base: str = "https://api.telegram.org"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_max_messages_per_second: float = Field(default=30, ge=0)

    zalo_bot_token: str | None = None
    zalo_api_base: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: str | None = None
    zalo_oa_app_id: str | None = None
    zalo_oa_app_secret: str | None = None
    zalo_oa_secret_key: str | None = None
    zalo_oa_refresh_token: str | None = None
    zalo_oa_api_base: str = "https://openapi.zalo.me"
    zalo_oauth_base: str = "https://oauth.zaloapp.com"
    # shorter than the update ids are remembered (``bot.redelivery``): an event older than
    # that would be both fresh enough to pass and forgotten, so handled again if replayed
    zalo_oa_event_max_age_hours: float = Field(
        default=EVENT_MAX_AGE_HOURS, gt=0, le=MAX_EVENT_AGE / timedelta(hours=1)
    )
    zalo_zns_template_id: str | None = None
    zalo_zns_params: str = DEFAULT_PARAMS
    zalo_zns_api_base: str = DEFAULT_ZNS_BASE

    admins: str = ""
    moderator_chat: str | None = None

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)

    gopy_data_dir: Path | None = None

    web_chat_enabled: bool = True
    web_chat_allowed_origins: str = ""
    web_chat_secret: str | None = None
    web_chat_uploads_dir: Path = Path("var/web_uploads")

    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    ready_max_outbox_backlog: int = Field(default=1000, ge=1)
    outbox_max_attempts: int = Field(default=DEFAULT_POLICY.max_attempts, ge=1)
    outbox_max_age_hours: float = Field(default=DEFAULT_POLICY.max_age / timedelta(hours=1), gt=0)
    retention_months: int = Field(default=24, ge=1)
    transparency_refresh_minutes: int = Field(default=DEFAULT_REFRESH_MINUTES, ge=1, le=1440)
    open311_api_keys: str = ""
    # reports one account may file in 24 hours (a pilot may raise it; at least 1)
    reports_per_day: int = Field(default=REPORTS_PER_DAY, ge=1, le=MAX_REPORTS_PER_DAY)

    @field_validator("admins")
    @classmethod
    def _valid_admins(cls, value: str) -> str:
        for item in filter(None, (part.strip() for part in value.split(","))):
            parse_address(item)
        return value

    @field_validator("moderator_chat")
    @classmethod
    def _valid_moderator_chat(cls, value: str | None) -> str | None:
        if value:
            parse_address(value)
        return value or None

    @field_validator("web_chat_allowed_origins")
    @classmethod
    def _valid_origins(cls, value: str) -> str:
        parse_origins(value)
        return value

    @field_validator("zalo_zns_params")
    @classmethod
    def _valid_zns_params(cls, value: str) -> str:
        parse_params(value)
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @property
    def secrets(self) -> tuple[str | None, ...]:
        """Values that must never appear in a log line."""
        return (*self._platform_secrets, *self.open311_keys)

    @property
    def _platform_secrets(self) -> tuple[str | None, ...]:
        return (
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.zalo_bot_token,
            self.zalo_webhook_secret,
            self.zalo_oa_app_secret,
            self.zalo_oa_secret_key,
            self.zalo_oa_refresh_token,
            self.web_chat_secret,
        )

    @property
    def open311_keys(self) -> tuple[str, ...]:
        """The partner systems' API keys (``OPEN311_API_KEYS``, comma-separated)."""
        return tuple(k for k in (part.strip() for part in self.open311_api_keys.split(",")) if k)

    @property
    def dead_letter(self) -> DeadLetterPolicy:
        """When the outbox gives a message up (``bot.dead_letter``)."""
        return DeadLetterPolicy(
            self.outbox_max_attempts, timedelta(hours=self.outbox_max_age_hours)
        )

    @property
    def signing_key(self) -> bytes | None:
        """A key derived from the configured secrets (None without any): every process of a
        deployment gets the same one, and nobody without the secrets can compute it."""
        configured = [s for s in self._platform_secrets if s]
        if not configured:
            return None
        material = "\n".join(["gopy button signing key", *configured]).encode()
        return hashlib.sha256(material).digest()

    @property
    def admin_addresses(self) -> frozenset[tuple[str, str]]:
        return frozenset(parse_address(item) for item in self.admins.split(",") if item.strip())

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token)

    @property
    def zalo_enabled(self) -> bool:
        return bool(self.zalo_bot_token)

    @property
    def zalo_oa_enabled(self) -> bool:
        return bool(self.zalo_oa_app_id and self.zalo_oa_secret_key)

    @property
    def zns_params(self) -> tuple[Param, ...]:
        return parse_params(self.zalo_zns_params)

    @property
    def phone_notice_enabled(self) -> bool:
        """An OA with a ZNS template: citizens may be told by a template to their phone."""
        return self.zalo_oa_enabled and bool(self.zalo_zns_template_id)

    @property
    def web_chat_origins(self) -> frozenset[str]:
        """Portal origins allowed to embed the web chat (its own page always is)."""
        return parse_origins(self.web_chat_allowed_origins)

    @property
    def delivering_channels(self) -> frozenset[str]:
        """The channels ``gopy run`` delivers on when it serves: each configured platform and
        the web chat (unless turned off). A message to a chat elsewhere waits in the outbox."""
        enabled = {
            TELEGRAM.name: self.telegram_enabled,
            ZALO_BOT.name: self.zalo_enabled,
            ZALO_OA.name: self.zalo_oa_enabled,
            WEB.name: self.web_chat_enabled,
        }
        return frozenset(name for name, on in enabled.items() if on)

    @property
    def any_channel(self) -> bool:
        """A messaging platform is configured (the web chat rides along with the HTTP
        server, so it does not count: without a platform ``gopy run`` chats in the terminal)."""
        return self.telegram_enabled or self.zalo_enabled or self.zalo_oa_enabled
