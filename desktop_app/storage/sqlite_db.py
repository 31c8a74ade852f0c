"""One way to open the app's SQLite files: WAL and synchronous=FULL, so a committed write
survives a crash or power loss, and an immediate transaction per use. The database file is
created owner-only (0600) before SQLite opens it; SQLite gives its -wal and -shm files the
same mode, and they are checked after opening too."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from desktop_app.storage.atomic import create_private_file, make_private


@contextmanager
def durable_db(path: Path, begin: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection for one piece of work; with ``begin`` it is one transaction that is
    committed at the end, or rolled back if anything goes wrong."""
    create_private_file(path)
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        # A removed row (an application deleted, a computer cleared) is overwritten, not
        # left readable in a free page.
        db.execute("PRAGMA secure_delete=ON")
        private_companions(path)
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


def private_companions(path: Path) -> None:
    """SQLite's -wal, -shm and -journal files beside ``path``: owner-only, like the database."""
    for suffix in ("-wal", "-shm", "-journal"):
        make_private(path.with_name(path.name + suffix))
