"""Every model, imported in one place so the metadata Alembic compares against is complete."""

from storage.base import Base
from storage.dialogues import Dialogue
from storage.outbox import OutboxMessage
from storage.updates import ProcessedUpdate
from storage.users import RoleGrant, User

__all__ = ["Base", "Dialogue", "OutboxMessage", "ProcessedUpdate", "RoleGrant", "User"]
