"""Fake platform servers on loopback, spoken to by the real clients in end-to-end tests."""

from .telegram_api import DEFAULT_TOKEN, FakeTelegram, Secret
from .telegram_recording import Call, WebhookDelivery

__all__ = ["DEFAULT_TOKEN", "Call", "FakeTelegram", "Secret", "WebhookDelivery"]
