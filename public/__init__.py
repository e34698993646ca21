"""What the public reads without chatting (SPEC §2): the transparency page and its chart, open
data, and an Open311 GeoReport v2 profile. ``bot/`` mounts the routes.

Everything here is served from figures computed at most once per refresh interval
(``public.cache``), never from the database per request: a page that anyone can load must
not be a way to load the database.
"""

DEFAULT_REFRESH_MINUTES = 5  # how often the public figures are recomputed by default
# reads of the pages are counted per address over this long, and a refused one is told to come
# back after it (``Retry-After``; the 429 page says «một phút»)
READ_WINDOW_SECONDS = 60
