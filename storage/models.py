"""Every model, imported in one place so the metadata Alembic compares against is complete."""

from storage.base import Base
from storage.chat_log import ChatLogEntry
from storage.departments import Department
from storage.dialogues import Dialogue
from storage.faq_log import FaqQuery
from storage.inbox import InboxEntry
from storage.invites import Invite
from storage.menus import ChatMenu
from storage.notices import ClockNotice
from storage.oa_tokens import OATokens
from storage.outbox import OutboxMessage
from storage.reports import Answer, Rating, Report, ReportAttachment, ReportEvent
from storage.updates import ProcessedUpdate
from storage.users import RoleGrant, User

__all__ = [
    "Answer",
    "Base",
    "ChatLogEntry",
    "ChatMenu",
    "ClockNotice",
    "Department",
    "Dialogue",
    "FaqQuery",
    "InboxEntry",
    "Invite",
    "OATokens",
    "OutboxMessage",
    "ProcessedUpdate",
    "Rating",
    "Report",
    "ReportAttachment",
    "ReportEvent",
    "RoleGrant",
    "User",
]
