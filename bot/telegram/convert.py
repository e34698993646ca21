"""Telegram updates → the neutral ``Incoming`` the handlers understand.

Anything gopy cannot act on (edits, channel posts, other bots, commands addressed to another
bot, service messages in groups) becomes ``None`` and is skipped without a reply.
"""

from __future__ import annotations

from aiogram.types import CallbackQuery, Chat, Message, Update, User

from handlers.messages import Attachment, Incoming

CHANNEL = "telegram"
GROUP_TYPES = frozenset({"group", "supergroup"})


def to_incoming(update: Update, bot_username: str) -> Incoming | None:
    """The message or button press in ``update``, or None when there is nothing to handle."""
    update_id = str(update.update_id)
    if update.message is not None:
        return from_message(update.message, bot_username, update_id)
    if update.callback_query is not None:
        return from_callback_query(update.callback_query, update_id)
    return None


def from_message(
    message: Message, bot_username: str, update_id: str | None = None
) -> Incoming | None:
    sender = message.from_user
    if sender is None or sender.is_bot:
        return None
    text = message.text or message.caption or ""
    if text.startswith("/"):
        command = _command_for_us(text, bot_username)
        if command is None:
            return None
        text = command
    attachments = _attachments(message)
    phone = _own_phone(message, sender)
    is_group = message.chat.type in GROUP_TYPES
    if not (text or attachments or phone) and is_group:
        return None  # joins, leaves, pins, stickers: nothing to answer in a group
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        user_id=str(sender.id),
        text=text,
        update_id=update_id,
        attachments=attachments,
        locale=_locale(sender),
        display_name=sender.full_name,
        is_group=is_group,
        contact_phone=phone,
    )


def from_callback_query(query: CallbackQuery, update_id: str | None = None) -> Incoming | None:
    """A button press: the option's value arrives as ``choice``."""
    if query.data is None or query.message is None:
        return None  # game buttons, inline-mode messages: not ours
    chat: Chat = query.message.chat
    return Incoming(
        channel=CHANNEL,
        chat_id=str(chat.id),
        user_id=str(query.from_user.id),
        update_id=update_id,
        choice=query.data,
        locale=_locale(query.from_user),
        display_name=query.from_user.full_name,
        is_group=chat.type in GROUP_TYPES,
    )


def _command_for_us(text: str, bot_username: str) -> str | None:
    """``/cmd@ourbot args`` → ``/cmd args``; a command for another bot → None."""
    head, space, rest = text.partition(" ")
    command, at, target = head.partition("@")
    if not at:
        return text
    if target.lower() != bot_username.lower().lstrip("@"):
        return None
    return command + space + rest


def _attachments(message: Message) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    if message.photo:
        largest = max(message.photo, key=lambda size: size.width * size.height)
        found.append(Attachment("photo", largest.file_id))
    if message.document is not None:
        doc = message.document
        found.append(Attachment("document", doc.file_id, doc.file_name, doc.mime_type))
    if message.voice is not None:
        found.append(Attachment("voice", message.voice.file_id, mime=message.voice.mime_type))
    if message.video is not None:
        video = message.video
        found.append(Attachment("other", video.file_id, video.file_name, video.mime_type))
    return tuple(found)


def _own_phone(message: Message, sender: User) -> str | None:
    """The sender's own number, as the "share my phone number" button sends it.

    A contact card of someone else is not proof of the sender's number, so it is ignored.
    """
    contact = message.contact
    if contact is None or contact.user_id != sender.id:
        return None
    digits = "".join(ch for ch in contact.phone_number if ch.isdecimal())
    return f"+{digits}" if digits else None


def _locale(user: User) -> str | None:
    """``vi``, ``en-US`` → ``vi``, ``en``: the handlers pick their language from the prefix."""
    if not user.language_code:
        return None
    return user.language_code.split("-", 1)[0].lower()
