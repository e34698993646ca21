"""What handlers use besides the database: queue rules, where moderators sit, the FAQ."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from complaints.calendar import load_calendar
from complaints.events import QueueRules
from complaints.flood import REPORTS_PER_DAY
from handlers.channels import Channels, delivers
from handlers.knowledge import Knowledge, bundled_knowledge


def _not_kept(channel: str, ref: str) -> str | None:
    return None


@dataclass(frozen=True)
class Services:
    rules: QueueRules
    moderator_chat: tuple[str, str] | None = None
    # The first admins (``ADMINS``, as ``(channel, user id)``): while nobody is a moderator
    # and no moderator chat is set, they hear what moderators would (``handlers.notify``).
    admins: frozenset[tuple[str, str]] = frozenset()
    exports_dir: Path = Path("var/exports")  # /export writes its CSV files here
    knowledge: Knowledge = field(default_factory=bundled_knowledge)
    # Channels that may write to a citizen only for a while after they wrote (a Zalo OA; the
    # same set as ``Policy.windowed``), and those of them where a citizen can instead be
    # notified by a template to their phone (ZNS configured): the report dialogue tells and
    # asks accordingly.
    windowed: frozenset[str] = frozenset()
    phone_notice: frozenset[str] = frozenset()
    # Signs the values of buttons that name a row (``handlers.signing``); the wiring derives a
    # stable one from the configured secrets, so buttons outlive a restart.
    # The channels the wiring registered (``bot.channels``): names /grant accepts, how a
    # user's private chat is addressed, who is flood-exempt, where staff can act.
    channels: Channels = field(default_factory=Channels)
    # The channels this deployment delivers on (a platform configured, ``bot.app``); a
    # message to a chat elsewhere waits in the outbox and reaches nobody, so nobody there may
    # be called told. None: every channel delivers (tests, tools).
    delivering: frozenset[str] | None = None
    reports_per_day: int = REPORTS_PER_DAY  # the /report cap (``handlers.report_flow``)
    # Where gopy keeps a file a citizen sent on a channel whose files it stores itself (the
    # web chat, ``bot.web.evidence``): ``kept_file(channel, ref)``, a local path, or None.
    kept_file: Callable[[str, str], str | None] = _not_kept
    signing_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def delivers(self, channel: str | None) -> bool:
        """Whether a message to a chat on ``channel`` can leave this deployment."""
        return delivers(self.delivering, channel)

    @classmethod
    def default(cls) -> Services:
        return cls(rules=QueueRules(load_calendar()))
