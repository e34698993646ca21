"""Messages the outbox gave up on (``bot.dead_letter``), for admins: ``/dead`` lists them with
why they died, ``/resend ID`` puts one back in the queue with a fresh count of attempts.

The list names the recipient's chat and the report codes a message mentions, never its text:
the error kept with it is already scrubbed of tokens and personal data. A citizen whose notice
died can still read where their report stands with ``/status`` (answered from the reports,
not from the outbox).
"""

from __future__ import annotations

import re

from complaints.codes import ALPHABET, BODY_LENGTH, PREFIX
from handlers.context import Context
from handlers.render import moment
from handlers.router import Router
from storage import counts, outbox
from storage.outbox import OutboxMessage, OutboxStatus
from storage.users import Role

router = Router()

LISTED = 20  # dead messages shown by /dead, the most recent first
ERROR_SHOWN = 200  # characters of each one's error
_CODE = re.compile(re.escape(PREFIX) + f"[{ALPHABET}]{{{BODY_LENGTH}}}")
_ID = re.compile(r"#?([0-9]{1,18})")  # ASCII digits only, small enough for a BIGINT


def _recipient(message: OutboxMessage) -> str:
    return f"{message.channel}:{message.chat_id}"


def _line(ctx: Context, message: OutboxMessage) -> str:
    text = str((message.payload or {}).get("text", ""))
    codes = sorted(set(_CODE.findall(text)))
    error = (message.last_error or "")[:ERROR_SHOWN]
    return ctx.t(
        "outbox.dead_line",
        id=message.id,
        to=_recipient(message),
        died=moment(message.dead_at, ctx.locale) if message.dead_at else "?",
        attempts=message.attempts,
        codes=f" · {', '.join(codes)}" if codes else "",
        error=error,
    )


@router.command("dead", Role.ADMIN)
async def dead(ctx: Context, args: str) -> None:
    total = sum((await counts.outbox_by_channel(ctx.session, (OutboxStatus.DEAD,))).values())
    if not total:
        ctx.reply(ctx.t("outbox.dead_none"))
        return
    messages = await outbox.dead_messages(ctx.session, limit=LISTED)
    lines = [ctx.t("outbox.dead_header", total=total, shown=len(messages))]
    lines += [_line(ctx, m) for m in messages]
    lines += ["", ctx.t("outbox.dead_footer", example=messages[0].id)]
    ctx.reply("\n".join(lines))


@router.command("resend", Role.ADMIN)
async def resend(ctx: Context, args: str) -> None:
    match = _ID.fullmatch(args.strip())
    if match is None:
        ctx.reply(ctx.t("outbox.resend_usage"))
        return
    message_id = int(match.group(1))
    message = await outbox.resend(ctx.session, message_id, ctx.now)
    if message is None:
        ctx.reply(ctx.t("outbox.resend_unknown", id=message_id))
        return
    # back in the queue; on a channel nothing here sends on, it waits: said plainly
    key = "outbox.resent" if ctx.services.delivers(message.channel) else "outbox.resent_stuck"
    ctx.reply(ctx.t(key, id=message.id, to=_recipient(message), channel=message.channel))
