"""Zalo channels: the Bot Platform (``zalo``, pilots) and the Official Account API (``zalo_oa``).

Both are spoken with small aiohttp clients written here; no third-party Zalo package is used.
"""
