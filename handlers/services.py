"""What handlers use besides the database: queue rules, where moderators sit, the FAQ."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from complaints.calendar import load_calendar
from complaints.events import QueueRules


@dataclass(frozen=True)
class Services:
    rules: QueueRules
    moderator_chat: tuple[str, str] | None = None
    exports_dir: Path = Path("var/exports")  # /export writes its CSV files here

    @classmethod
    def default(cls) -> Services:
        return cls(rules=QueueRules(load_calendar()))
