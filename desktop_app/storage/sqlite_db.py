"""One way to open the app's SQLite files: WAL and synchronous=FULL, so a committed write
survives a crash or power loss, and an immediate transaction per use."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


@contextmanager
def durable_db(path: Path, begin: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection for one piece of work; with ``begin`` it is one transaction that is
    committed at the end, or rolled back if anything goes wrong."""
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        if not begin:
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
