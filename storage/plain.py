"""A turn's few-row inserts and updates, run below SQLAlchemy's execution on SQLite.

A Core statement executed on a connection goes through SQLAlchemy's execution: the compiled
cache's look-up (its key hashed at every call), an execution context, parameter and result
processing. For the one-row statements every turn makes (its update id claimed, the user
marked as seen, the question logged, the chat's options kept) that was two thirds of each
statement's CPU: 46-49 µs against 18 µs for the chat's options, through the same connection
and driver (``benchmarks/telegram_throughput.py`` runs four such statements a turn). On SQLite
such a statement is compiled once, its parameters converted by its own types as SQLAlchemy
converts them, and sent through the connection's DBAPI cursor, so in the session's
transaction, its ``BEGIN`` sent with it when it comes first (``storage.sqlite_driver``); a
failure is raised as SQLAlchemy raises it (``DBAPIError.instance``, parameters hidden), so
``storage.errors`` tells a database that is away as before. Inside an inline turn whose
transaction has begun (``storage.sqlite_driver.inline_statements``) it goes below
SQLAlchemy's cursor too, straight to SQLite (``Connection.rows_here``): the cursor's open,
execute and close were a greenlet switch each, 6-7 µs of a statement's 17
(measured over 2,000 menu rows in one transaction). Elsewhere (PostgreSQL) the
statement runs through SQLAlchemy as usual.

Its own values (``literal``) are converted once; returned columns are converted as SQLAlchemy
converts them. A statement with a Python-side column default to fill in, or a parameter list
expanded at each execution, is refused the first time it is run: every other parameter must
be given by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class _Plain:
    sql: str
    # each placeholder in order: the caller's parameter and its bind processor, or (None,
    # None, value) for a value of the statement's own (``literal``), converted once
    values: tuple[tuple[str | None, Callable[[Any], Any] | None, Any], ...]
    rows: tuple[Callable[[Any], Any] | None, ...]  # each returned column's result processor
    keep: tuple[object, ...]  # the statement and dialect whose ids key this entry


_COMPILED: dict[tuple[int, int, tuple[str, ...]], _Plain] = {}


def run(session: Session, statement: Any, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
    """Run ``statement`` (built once: ``functools.cache``) with ``params`` on the session's
    connection, inside ``run_sync``; the rows it returns (``RETURNING``), none otherwise."""
    connection = _connection(session)
    dialect = connection.dialect
    if dialect.name != "sqlite":
        result = connection.execute(statement, params)
        return result.all() if result.returns_rows else []
    plain = _compiled(statement, dialect, tuple(params))
    values = [
        value if name is None else params[name] if convert is None else convert(params[name])
        for name, convert, value in plain.values
    ]
    error_class = dialect.loaded_dbapi.Error
    dbapi_connection: Any = connection.connection.dbapi_connection
    try:
        here = dbapi_connection.driver_connection.rows_here(plain.sql, values)
        if here is not None:  # an inline turn's: run at once (``storage.sqlite_driver``)
            rows: Sequence[Sequence[Any]] = here
        else:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(plain.sql, values)
                rows = cursor.fetchall() if cursor.description else []
            finally:
                cursor.close()
    except error_class as error:
        raise DBAPIError.instance(
            plain.sql, values, error, error_class, hide_parameters=True, dialect=dialect
        ) from error
    if any(plain.rows):
        rows = [
            tuple(v if read is None else read(v) for v, read in zip(row, plain.rows, strict=True))
            for row in rows
        ]
    return rows


_CONNECTION = "storage.plain"  # the session's info: (its transaction, that one's connection)


def _connection(session: Session) -> Connection:
    """The connection of the session's transaction (begun if need be), as
    ``session.connection()`` gives it, which costs a few µs a call: kept with the transaction
    it belongs to, for the transaction's next plain statements."""
    transaction = session.get_transaction()
    kept = session.info.get(_CONNECTION)
    if kept is not None and kept[0] is transaction and transaction.is_active:
        connection: Connection = kept[1]
        return connection
    connection = session.connection()
    session.info[_CONNECTION] = (session.get_transaction(), connection)
    return connection


def _compiled(statement: Any, dialect: Dialect, keys: tuple[str, ...]) -> _Plain:
    key = (id(statement), id(dialect), keys)
    plain = _COMPILED.get(key)
    if plain is not None:
        return plain
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    if compiled.insert_prefetch or compiled.update_prefetch or compiled.post_compile_params:
        raise ValueError(f"not a plain statement (defaults to fill in): {compiled}")
    values = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if name in keys:
            values.append((name, convert, None))
        elif bind.callable is None and not bind.required:  # the statement's own value
            own = bind.value if convert is None else convert(bind.value)
            values.append((None, None, own))
        else:
            raise ValueError(f"no value for {name!r}: {compiled}")
    returned = getattr(statement, "exported_columns", ())
    rows = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in returned
    )
    plain = _Plain(compiled.string, tuple(values), rows, (statement, dialect))
    _COMPILED[key] = plain
    return plain
