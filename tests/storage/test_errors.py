"""A database that is away is told apart from a statement that failed for good."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from storage.errors import database_unavailable


class DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def test_refused_shutting_down_and_starting_up_are_the_database_being_away() -> None:
    assert database_unavailable(ConnectionRefusedError(111, "refused"))
    assert database_unavailable(OperationalError("SELECT 1", {}, DriverError("?")))
    for state in ("57P01", "57P03", "08006"):  # terminated, starting up, connection failure
        assert database_unavailable(DBAPIError("SELECT 1", {}, DriverError(state)))


def test_a_failed_statement_or_a_bug_is_not() -> None:
    assert not database_unavailable(IntegrityError("INSERT", {}, DriverError("23505")))
    assert not database_unavailable(DBAPIError("SELECT", {}, DriverError("42P01")))
    assert not database_unavailable(ValueError("bug"))
