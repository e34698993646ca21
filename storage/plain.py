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
``storage.errors`` tells a database that is away as before. Elsewhere (PostgreSQL) the
statement runs through SQLAlchemy as usual.

Only a statement that SQLAlchemy would send as it is qualifies: every parameter given by the
caller (no Python-side column default to fill in, no literal value of its own) and no returned
column that SQLAlchemy would convert. Any other is refused the first time it is run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class _Plain:
    sql: str
    names: tuple[str, ...]  # the parameters, in the order of the SQL's placeholders
    convert: tuple[Callable[[Any], Any] | None, ...]  # each parameter's bind processor
    keep: tuple[object, ...]  # the statement and dialect whose ids key this entry


_COMPILED: dict[tuple[int, int, tuple[str, ...]], _Plain] = {}


def run(session: Session, statement: Any, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
    """Run ``statement`` (built once: ``functools.cache``) with ``params`` on the session's
    connection, inside ``run_sync``; the rows it returns (``RETURNING``), none otherwise."""
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        result = connection.execute(statement, params)
        return result.all() if result.returns_rows else []
    plain = _compiled(statement, dialect, tuple(params))
    values = [
        params[name] if convert is None else convert(params[name])
        for name, convert in zip(plain.names, plain.convert, strict=True)
    ]
    error_class = dialect.loaded_dbapi.Error
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(plain.sql, values)
        rows: Sequence[Sequence[Any]] = cursor.fetchall() if cursor.description else []
    except error_class as error:
        raise DBAPIError.instance(
            plain.sql, values, error, error_class, hide_parameters=True, dialect=dialect
        ) from error
    finally:
        cursor.close()
    return rows


def _compiled(statement: Any, dialect: Dialect, keys: tuple[str, ...]) -> _Plain:
    key = (id(statement), id(dialect), keys)
    plain = _COMPILED.get(key)
    if plain is not None:
        return plain
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    names = tuple(compiled.positiontup or ())
    returned = getattr(statement, "exported_columns", ())
    if (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or not set(names) <= set(keys)
        or any(
            column.type.dialect_impl(dialect).result_processor(dialect, None) is not None
            for column in returned
        )
    ):
        raise ValueError(f"not a plain statement (defaults, literals, converted rows): {compiled}")
    convert = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    plain = _Plain(compiled.string, names, convert, (statement, dialect))
    _COMPILED[key] = plain
    return plain
