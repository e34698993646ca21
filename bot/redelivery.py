"""How long a platform may deliver an update again, and so how long its id is remembered.

Telegram keeps an update it could not deliver for 24 hours at most, and a webhook's retries
stop sooner (Zalo's within about 12 hours, reported). A signed Zalo OA event may be at most
``MAX_EVENT_AGE`` old (``ZALO_OA_EVENT_MAX_AGE_HOURS`` is capped there), and an id is remembered
a day longer, ``REMEMBERED_FOR`` (for a sender's clock ahead of ours, and the clock's tick): no
replayed event is both fresh enough to pass and forgotten. The deadline clock then forgets it
(``storage.updates.forget_before``, which also keeps every id a kept webhook body may still
need), so the table holds a week of traffic, not every message ever received.
Kept apart from ``storage`` so that the settings read it without the database layer.
"""

from __future__ import annotations

from datetime import timedelta

MAX_EVENT_AGE = timedelta(days=7)
REMEMBERED_FOR = MAX_EVENT_AGE + timedelta(days=1)
