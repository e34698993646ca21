"""Zalo updates and events → neutral values for the core.

Parsing is tolerant: fields arrive under more than one name, ids as numbers or strings, and
bodies wrapped or bare. What comes out is one of

- ``Incoming``: something the handlers can answer (text, images as photo attachments, files
  as document attachments);
- ``Unsupported``: a message gopy cannot read (sticker, voice, location…); the core answers it
  with a polite reply that says what the bot understands;
- ``Follow``: an OA user followed (or unfollowed) the account;
- ``None``: nothing for gopy (echoes of our own messages, unknown bodies).

Only events Zalo documents are read: ``user_send_*``, ``follow`` and ``unfollow`` on the OA
(no public source describes a ``user_withdraw`` event, so erasure stays the ``/forget``
command), ``message.*.received`` on the Bot Platform, whose sender name may come as
``from.display_name``, ``from.name`` or ``from.first_name``.

``update_id`` is the platform's message id (Bot Platform ``message_id``, OA ``msg_id``), the key
the core deduplicates deliveries by; events without one get ``event:user:timestamp``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.channels import ZALO_BOT, ZALO_OA
from handlers.messages import Attachment, AttachmentKind, Incoming

BOT_CHANNEL = ZALO_BOT.name
OA_CHANNEL = ZALO_OA.name


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A message of a kind gopy cannot read (``kind``: sticker, voice, video, location…)."""

    channel: str
    chat_id: str
    user_id: str
    kind: str
    update_id: str | None = None


@dataclass(frozen=True, slots=True)
class Follow:
    """The user followed (``following=True``) or unfollowed the OA, at ``at`` (the event's
    own ``timestamp``; None when it carries none): Zalo may deliver an ``unfollow`` after the
    ``follow`` that came later (a retry), and the later of the two is the one that holds."""

    channel: str
    user_id: str
    following: bool
    update_id: str | None = None
    at: datetime | None = None


ZaloEvent = Incoming | Unsupported | Follow


def bot_updates(body: Any) -> list[Mapping[str, Any]]:
    """The updates in a Bot Platform webhook body: ``{ok, result}`` or bare, one or a list."""
    if isinstance(body, Mapping) and "result" in body and "message" not in body:
        body = body["result"]
    items = body if isinstance(body, list) else [body]
    return [item for item in items if isinstance(item, Mapping) and item]


def from_bot_update(update: Mapping[str, Any]) -> Incoming | Unsupported | None:
    """One Bot Platform update (``event_name`` + ``message``) as a neutral value."""
    message = _map(update.get("message"))
    sender = _map(message.get("from"))
    chat = _map(message.get("chat"))
    user_id = _id(sender.get("id"))
    chat_id = _id(chat.get("id")) or user_id
    if not user_id or not chat_id:
        return None
    update_id = _id(message.get("message_id")) or None
    text = _str(message.get("text"))
    photo = _url(message.get("photo")) or _url(message.get("photo_url"))
    kind = _bot_kind(update.get("event_name"), has_photo=bool(photo), has_text=bool(text))
    attachments: tuple[Attachment, ...] = ()
    if kind == "image" and photo:
        text = _str(message.get("caption")) or text
        attachments = (Attachment(kind="photo", ref=photo),)
    elif kind != "text":
        return Unsupported(BOT_CHANNEL, chat_id, user_id, kind, update_id)
    return Incoming(
        channel=BOT_CHANNEL,
        chat_id=chat_id,
        user_id=user_id,
        text=text,
        update_id=update_id,
        attachments=attachments,
        display_name=_str(sender.get("display_name"))
        or _str(sender.get("name"))
        or _str(sender.get("first_name"))
        or None,
        is_group=_str(chat.get("chat_type")).upper() == "GROUP",
    )


def events_in(channel: str, body: Any) -> list[ZaloEvent]:
    """What gopy acts on in one webhook body of ``channel`` (``zalo`` or ``zalo_oa``)."""
    if channel == OA_CHANNEL:
        found = [from_oa_event(body)] if isinstance(body, Mapping) else []
    else:
        found = [from_bot_update(update) for update in bot_updates(body)]
    return [event for event in found if event is not None]


def from_oa_event(body: Mapping[str, Any]) -> ZaloEvent | None:
    """One OA webhook event as a neutral value; ``None`` for events gopy does not act on."""
    event = str(body.get("event_name") or "")
    sender = _map(body.get("sender"))
    user_id = (
        _id(sender.get("id"))
        or _id(_map(body.get("follower")).get("id"))
        or _id(body.get("user_id_by_app"))
        or _id(body.get("user_id"))
    )
    if not user_id or not event:
        return None
    message = _map(body.get("message"))
    update_id = _id(message.get("msg_id")) or f"{event}:{user_id}:{_str(body.get('timestamp'))}"
    if event in ("follow", "unfollow"):
        at = _moment(body.get("timestamp"))
        return Follow(OA_CHANNEL, user_id, event == "follow", update_id, at)
    if not event.startswith("user_send_"):
        return None
    kind = event.removeprefix("user_send_")
    text = _str(message.get("text"))
    if kind == "text":
        attachments: tuple[Attachment, ...] = ()
    elif kind in ("image", "file"):
        attachments = _oa_attachments(message, "photo" if kind == "image" else "document")
        if not attachments:
            return Unsupported(OA_CHANNEL, user_id, user_id, kind, update_id)
    else:
        return Unsupported(OA_CHANNEL, user_id, user_id, kind, update_id)
    return Incoming(
        channel=OA_CHANNEL,
        chat_id=user_id,
        user_id=user_id,
        text=text,
        update_id=update_id,
        attachments=attachments,
    )


def _oa_attachments(message: Mapping[str, Any], kind: AttachmentKind) -> tuple[Attachment, ...]:
    found = []
    for item in message.get("attachments") or ():
        payload = _map(_map(item).get("payload"))
        url = _url(payload.get("url")) or _url(payload.get("thumbnail"))
        if url:
            name = _str(payload.get("name")) or None
            found.append(Attachment(kind=kind, ref=url, name=name))
    return tuple(found)


def _bot_kind(event_name: Any, *, has_photo: bool, has_text: bool) -> str:
    """``message.sticker.received`` → ``sticker``; without an event name, guess from fields."""
    parts = str(event_name or "").split(".")
    if len(parts) == 3 and parts[1]:
        return parts[1]
    if event_name:
        return "unsupported"
    return "image" if has_photo else "text" if has_text else "unsupported"


def _moment(timestamp: Any) -> datetime | None:
    """An OA event's ``timestamp`` (milliseconds since the epoch, a number or a string)."""
    try:
        return datetime.fromtimestamp(int(_str(timestamp)) / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def _id(value: Any) -> str:
    """Ids come as strings or numbers; booleans and containers are not ids."""
    if isinstance(value, bool):
        return ""
    return str(value) if isinstance(value, str | int) and str(value) else ""


def _url(value: Any) -> str:
    """A URL given directly, as ``{url: …}``, or as a list of sizes (the last is the largest)."""
    if isinstance(value, list) and value:
        value = value[-1]
    if isinstance(value, Mapping):
        value = value.get("url")
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value
    return ""
