"""Telling a database that is away (restarting, unreachable) from a statement that failed."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# SQLSTATE classes: 08 connection exception; 57 operator intervention (shutting down,
# starting up, terminated by an administrator).
_AWAY = ("08", "57")


def database_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` says the database could not be reached or went away mid-transaction:
    nothing was written, and the same work will succeed once it is back."""
    if isinstance(exc, OSError):  # refused before the driver could wrap it
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
        return True
    state = getattr(exc.orig, "sqlstate", None)
    return isinstance(state, str) and state[:2] in _AWAY
