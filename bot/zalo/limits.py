"""Zalo's documented limits, one place for each surface, read by the renderers and senders.

Each number is what a public source documents (bot/zalo/README.md lists them with the source);
the fakes in ``tests/fakes`` carry their own copy of the same numbers and refuse a message that
breaks one, as Zalo does, so a test fails when gopy would send something Zalo refuses.

- ``OA``: a customer-service (consultation) message of an Official Account, API v3
  ``/v3.0/oa/message/cs``: text, and ``oa.query.show`` buttons attached to it.
- ``BOT``: a Bot Platform ``sendMessage``.
- ZNS template parameters have no fixed length: each one is limited by the parameter type
  chosen when the template was registered, so their limits are configuration
  (``ZALO_ZNS_PARAMS``, ``bot.zalo.zns``), checked against ``ZNS_PARAM_MAX``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OALimits:
    text: int = 2000  # characters of a consultation message's text
    buttons: int = 5  # buttons on one message; more options become numbered text
    title: int = 100  # characters of a button title
    payload: int = 1000  # characters of an ``oa.query.show`` payload


@dataclass(frozen=True, slots=True)
class BotLimits:
    text: int = 2000  # characters of a ``sendMessage`` text
    caption: int = 2000  # characters of a ``sendPhoto`` caption


OA = OALimits()
BOT = BotLimits()
# The longest a ZNS parameter may be for any parameter type in the public type table (address
# and product name types); a configured parameter limit above it is refused at start.
ZNS_PARAM_MAX = 200
