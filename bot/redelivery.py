"""How long a platform may deliver an update again, and so how long its id is remembered.

Telegram keeps an update it could not deliver for 24 hours at most, and a webhook's retries
stop sooner (Zalo's within about 12 hours, reported). An id is remembered for a week: the
deadline clock then forgets it (``storage.updates.forget_before``), so the table holds a week
of traffic, not every message ever received. A signed Zalo OA event may be no older than this
(``ZALO_OA_EVENT_MAX_AGE_HOURS``), or a replayed one could be both fresh and forgotten.
Kept apart from ``storage`` so that the settings read it without the database layer.
"""

from __future__ import annotations

from datetime import timedelta

REMEMBERED_FOR = timedelta(days=7)
