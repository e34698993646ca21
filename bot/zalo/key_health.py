"""Whether the secret a Zalo webhook is checked with is the right one.

A wrong key is silent otherwise: with the App Secret pasted as ``ZALO_OA_SECRET_KEY`` every
genuine event is refused (401), Zalo retries for hours and then disables the webhook, and no
citizen is answered. So every refused call is counted (``count``:
``gopy_webhook_rejected_signatures_total`` in ``/metrics``), and after
``ALERT_AFTER`` refusals in a row within ``ALERT_WITHIN`` the process reports not ready
(``/readyz``) and the moderators get one message naming the setting to check. One accepted
call ends the streak (and allows a new alert for a later one).

A forger alone can trip it too; the alert says so, and being told is the point either way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

ALERT_AFTER = 5  # refused calls in a row …
ALERT_WITHIN = timedelta(minutes=10)  # … this close together

Alert = Callable[[int, timedelta], Awaitable[None]]


class KeyHealth:
    """One webhook's streak of refused calls."""

    def __init__(
        self,
        api: str,
        setting: str,
        clock: Callable[[], datetime],
        alert: Alert,
        *,
        count: Callable[[], None] = lambda: None,
        after: int = ALERT_AFTER,
        within: timedelta = ALERT_WITHIN,
    ) -> None:
        self.api = api
        self.setting = setting
        self._clock = clock
        self._alert = alert
        self._count = count
        self._after = after
        self._within = within
        self._streak: deque[datetime] = deque(maxlen=after)
        self._alerted = False

    @property
    def failing(self) -> bool:
        """``after`` refusals in a row, the last ``after`` of them within ``within``."""
        streak = self._streak
        return len(streak) == self._after and streak[-1] - streak[0] <= self._within

    def accepted(self) -> None:
        self._streak.clear()
        self._alerted = False

    async def rejected(self) -> None:
        self._count()
        self._streak.append(self._clock())
        if self.failing and not self._alerted:
            self._alerted = True
            await self._alert(self._after, self._within)

    def problem(self) -> str | None:
        """For ``/readyz``: what is wrong, or None."""
        if not self.failing:
            return None
        return (
            f"{self.api}: the last {self._after} webhook calls were refused; check {self.setting}"
        )
