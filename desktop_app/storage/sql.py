"""What the SQLAlchemy stores share (the officials' case store, the intake service): a store
is a folder (one SQLite file, WAL with synchronous=FULL, BEGIN IMMEDIATE per transaction) or a
``postgresql://`` URL; its schema is numbered and brought up to date when it is opened."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

Migration = Callable[[Connection], None]


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql:", "postgresql+"))


def shown_location(location: str | Path) -> str:
    """A store's name for a message: a URL without its password."""
    if is_url(location):
        return sa.make_url(str(location)).render_as_string(hide_password=True)
    return str(location)


def engine_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 (SQLAlchemy would pick psycopg2 otherwise)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def postgresql_engine(url: str) -> Engine:
    return sa.create_engine(engine_url(url), pool_pre_ping=True)


READ_ONLY = "klein_initiatief_read_only"
"""Execution option for a connection that only reads: on SQLite its transaction takes no
write lock (a plain BEGIN), so it reads what was committed even while a writer is busy."""


def sqlite_engine(path: Path, secure_delete: bool = False) -> Engine:
    """SQLite that survives a crash or a power cut: WAL, synchronous=FULL, foreign keys, and
    BEGIN IMMEDIATE, so two writers never interleave (the second waits up to 30 s)."""
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        if secure_delete:  # a removed row is overwritten, not left readable in a free page
            cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            # Only reads: no lock to take, so it never waits for a writer (WAL).
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate(
    engine: Engine, version_table: sa.Table, migrations: Sequence[Migration], lock_id: int
) -> None:
    """Run the migrations the store has not had yet, numbered by position (1, 2, ...), in one
    transaction; on PostgreSQL under an advisory lock, so two processes starting at once do
    not both migrate."""
    with engine.begin() as db:
        if engine.dialect.name == "postgresql":
            db.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})
        version_table.create(db, checkfirst=True)
        done = int(db.execute(sa.select(sa.func.max(version_table.c.version))).scalar() or 0)
        for number, migration in enumerate(migrations, start=1):
            if number > done:
                migration(db)
        if done < len(migrations):
            db.execute(version_table.delete())
            db.execute(version_table.insert().values(version=len(migrations)))


def schema_version(engine: Engine, version_table: sa.Table) -> int:
    with engine.connect() as db:
        return int(db.execute(sa.select(version_table.c.version)).scalar() or 0)
