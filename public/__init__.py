"""What the public reads without chatting (SPEC §2): the transparency page and its chart, open
data, and an Open311 GeoReport v2 profile. ``bot/`` mounts the routes.

Everything here is served from figures computed at most once per refresh interval
(``public.cache``), never from the database per request: a page that anyone can load must
not be a way to load the database.
"""
