"""Who may do what (SPEC §1, §5): roles granted in chat or by one-time invite codes, the
department codes, and the admin's logged unsealing of a reporter's identity.

Invite codes are ``INV-`` and 10 random Crockford base32 characters (50 bits from
``secrets``): with the flood limit, guessing one within its 7 days is hopeless.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from complaints import privacy
from complaints.codes import ALPHABET
from complaints.directory import active_departments, department
from handlers.casework import actor
from handlers.context import Context
from handlers.i18n import t
from handlers.messages import Reply
from handlers.notify import private_chat
from handlers.render import moment
from handlers.report_commands import some_text
from handlers.router import Router
from storage.invites import create_invite, redeem
from storage.reports import Report
from storage.users import Role, User, get_or_create_user, get_user, grant_role, revoke_role

log = logging.getLogger(__name__)
router = Router()

CHANNELS = ("telegram", "zalo", "zalo_oa", "console")
"""The channel names adapters give users (``bot/``): a typo must not create a stranger."""
NEEDS_DEPARTMENT = (Role.OFFICER, Role.HEAD)
INVITE_PREFIX = "INV-"
INVITE_LENGTH = 10
INVITE_LIFETIME = timedelta(days=7)
_INVITE = re.compile(r"INV-?([0-9A-Z]{10})")


async def role_labeller(ctx: Context, role: Role, code: str) -> Callable[[str], str]:
    """A role's name in any locale: ``cán bộ xử lý của Sở Tư pháp``."""
    dept = await department(ctx.session, code) if code else None

    def label(locale: str) -> str:
        text = t(locale, f"admin.role_{role}")
        if not code:
            return text
        name = dept.name(locale) if dept else code
        return t(locale, "admin.role_in", role=text, department=name)

    return label


def _parse_role(word: str) -> Role | None:
    try:
        return Role(word.lower())
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class RoleRequest:
    """``CHANNEL:USER ROLE [DEPT]``: whose role, which one, for which department."""

    channel: str
    user_id: str
    role: Role
    department: str  # "" for a role that is not a department's

    @property
    def target(self) -> str:
        return f"{self.channel}:{self.user_id}"


def _role_request(ctx: Context, args: str, usage: str) -> RoleRequest | None:
    """The request in ``args`` checked, or None after replying why not."""
    words = args.split()
    channel, _, user_id = words[0].partition(":") if words else ("", "", "")
    role = _parse_role(words[1]) if len(words) > 1 else None
    if len(words) not in (2, 3) or channel.lower() not in CHANNELS or not user_id or role is None:
        ctx.reply(ctx.t(usage, channels=", ".join(CHANNELS)))
        return None
    code = words[2].upper() if len(words) == 3 and role in NEEDS_DEPARTMENT else ""
    return RoleRequest(channel.lower(), user_id, role, code)


async def _department_fits(ctx: Context, role: Role, code: str) -> bool:
    """A department's role names a department that exists; otherwise reply why not."""
    if role in NEEDS_DEPARTMENT and not code:
        ctx.reply(ctx.t("admin.needs_department", role=ctx.t(f"admin.role_{role}")))
        return False
    if code and await department(ctx.session, code) is None:
        ctx.reply(ctx.t("refusal.unknown_department"))
        return False
    return True


@router.command("grant", Role.ADMIN)
async def grant(ctx: Context, args: str) -> None:
    request = _role_request(ctx, args, "admin.grant_usage")
    if request is None or not await _department_fits(ctx, request.role, request.department):
        return
    role, code, target = request.role, request.department, request.target
    known = await get_user(ctx.session, request.channel, request.user_id)
    user = known or await get_or_create_user(ctx.session, request.channel, request.user_id)
    label = await role_labeller(ctx, role, code)
    if not await grant_role(ctx.session, user.id, role, code, granted_by=ctx.user.id):
        ctx.reply(ctx.t("admin.already", target=target, role=label(ctx.locale)))
        return
    if known is not None:  # someone who never wrote to the bot cannot be messaged first
        await ctx.notifier.send(
            [private_chat(user)],
            lambda locale: Reply(t(locale, "admin.you_were_granted", role=label(locale))),
        )
    ctx.reply(ctx.t("admin.granted", target=target, role=label(ctx.locale)))


@router.command("revoke", Role.ADMIN)
async def revoke(ctx: Context, args: str) -> None:
    request = _role_request(ctx, args, "admin.revoke_usage")
    if request is None:
        return
    user = await get_user(ctx.session, request.channel, request.user_id)
    code = request.department or None
    count = await revoke_role(ctx.session, user.id, request.role, code) if user else 0
    label = await role_labeller(ctx, request.role, request.department)
    key = "admin.revoked" if count else "admin.nothing_to_revoke"
    ctx.reply(ctx.t(key, target=request.target, role=label(ctx.locale), count=count))


def new_invite_code() -> str:
    return INVITE_PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(INVITE_LENGTH))


@router.command("invite", Role.ADMIN)
async def invite(ctx: Context, args: str) -> None:
    words = args.split()
    roles = [r for r in map(_parse_role, words) if r is not None]
    others = [w.upper() for w in words if _parse_role(w) is None]
    if len(roles) != 1 or len(others) > 1:
        ctx.reply(ctx.t("admin.invite_usage"))
        return
    role, code = roles[0], (others[0] if others and roles[0] in NEEDS_DEPARTMENT else "")
    if not await _department_fits(ctx, role, code):
        return
    expires = ctx.now + INVITE_LIFETIME
    made = await create_invite(
        ctx.session, new_invite_code(), role, code, ctx.user.id, ctx.now, expires
    )
    label = await role_labeller(ctx, role, code)
    ctx.reply(
        ctx.t(
            "admin.invited",
            role=label(ctx.locale),
            code=made.code,
            expires=moment(expires, ctx.locale),
        )
    )


@router.command("join")
async def join(ctx: Context, args: str) -> None:
    typed = unicodedata.normalize("NFKC", args).strip().upper()
    match = _INVITE.fullmatch(typed)
    if match is None:
        ctx.reply(ctx.t("admin.join_usage"))
        return
    used = await redeem(ctx.session, INVITE_PREFIX + match.group(1), ctx.user.id, ctx.now)
    if used is None:
        ctx.reply(ctx.t("admin.join_invalid"))
        return
    role = Role(used.role)
    await grant_role(ctx.session, ctx.user.id, role, used.department, granted_by=used.created_by)
    label = await role_labeller(ctx, role, used.department)
    ctx.reply(ctx.t("admin.joined", role=label(ctx.locale)))
    inviter = await ctx.session.get(User, used.created_by) if used.created_by else None
    if inviter is not None:
        who = ctx.user.display_name
        await ctx.notifier.send(
            [private_chat(inviter)],
            lambda locale: Reply(
                t(
                    locale,
                    "admin.invite_used",
                    name=who or t(locale, "admin.someone"),
                    code=used.code,
                    role=label(locale),
                )
            ),
        )


@router.command("depts", Role.MODERATOR, Role.OFFICER, Role.HEAD)
async def depts(ctx: Context, args: str) -> None:
    lines = [ctx.t("admin.depts_header")]
    lines += [f"{d.code} — {d.name(ctx.locale)}" for d in await active_departments(ctx.session)]
    ctx.reply("\n".join(lines))


@router.on_report("reveal", Role.ADMIN, usage="admin.reveal_usage", args=some_text)
async def reveal(ctx: Context, report: Report, reason: str) -> None:
    name, phone = await privacy.reveal(ctx.session, report, reason, actor(ctx, Role.ADMIN), ctx.now)
    if name is None:
        ctx.reply(ctx.t("admin.reveal_nothing", code=report.code))
        return
    ctx.reply(ctx.t("admin.revealed", code=report.code, reason=reason, name=name, phone=phone))


@router.command("faq_reload", Role.ADMIN)
async def faq_reload(ctx: Context, args: str) -> None:
    """Read the knowledge base files again; a broken file leaves the loaded one in use."""
    knowledge = ctx.services.knowledge
    try:
        await asyncio.to_thread(knowledge.reload)
    except Exception as exc:  # any error in the admin's files: report it, keep serving
        log.exception("reloading the knowledge base failed")
        ctx.reply(ctx.t("admin.faq_reload_failed", error=f"{type(exc).__name__}: {exc}"[:500]))
        return
    kb = knowledge.kb
    ctx.reply(ctx.t("admin.faq_reloaded", procedures=len(kb.procedures), curated=len(kb.curated)))
