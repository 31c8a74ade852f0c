"""What the intake service accepted: a table of submissions (SQLite in the data folder, or
PostgreSQL named by a ``postgresql://`` URL; SQLAlchemy Core, numbered migrations run at
start) plus one file per bundle in the data folder's ``bundles/``, named by its SHA-256.

An upload is streamed to a temporary file in ``incoming/`` (never held in memory whole);
once checked it is renamed into ``bundles/``. Order of writing: the bundle file first (temp
file, fsync, rename, fsync the folder), then the row, with its signed receipt, in one
transaction. A crash in between leaves at most a
file without a row (harmless: it is named by its hash, and the same upload writes it again),
never a row without a file.

Several service processes may share one PostgreSQL database (and one data folder): accepting
takes a database lock, so cursors are given out in the order rows become visible, and the
officials' "since cursor" never skips a bundle.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Connection

from desktop_app.core.clock import AMSTERDAM, Clock, SystemClock
from desktop_app.intake.keys import key_id_of
from desktop_app.storage.atomic import create_private_file
from desktop_app.storage.sql import (
    is_url,
    migrate,
    postgresql_engine,
    schema_version,
    sqlite_engine,
)
from desktop_app.storage.sqlite_db import private_companions
from desktop_app.submit.receipt import Receipt, receipt_json, sign_receipt

metadata = sa.MetaData()
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("cursor", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("bundle_id", sa.Text, nullable=False, unique=True),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("reference", sa.Text, unique=True),
    sa.Column("received_at", sa.Text, nullable=False),
    sa.Column("receipt", sa.Text, nullable=False),
    sa.Column("fetched_at", sa.Text),
    sqlite_autoincrement=True,  # a cursor is never given out twice, not even after a delete
)
version_table = sa.Table(  # its own name: the case store may live in the same database
    "intake_schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)


def _migration_1(db: Connection) -> None:
    """The submissions table (a data folder made before versioning has it already: kept)."""
    submissions.create(db, checkfirst=True)


MIGRATIONS = (_migration_1,)
"""Numbered by position (1, 2, ...): append, never change one that has shipped."""
_ACCEPT_LOCK = 461828
"""PostgreSQL advisory lock: one accept at a time across the service's processes."""


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; the service does not run on Windows)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ConflictError(Exception):
    """The bundle id is known, with other content."""


@dataclass(frozen=True)
class Stored:
    cursor: int
    bundle_id: str
    sha256: str
    size: int
    reference: str
    received_at: str
    receipt: Receipt
    fetched_at: str | None

    @property
    def status(self) -> str:
        return "fetched" if self.fetched_at else "received"


def _stored(row: Any) -> Stored:
    return Stored(
        cursor=row["cursor"],
        bundle_id=row["bundle_id"],
        sha256=row["sha256"],
        size=row["size"],
        reference=row["reference"],
        received_at=row["received_at"],
        receipt=Receipt.model_validate_json(row["receipt"]),
        fetched_at=row["fetched_at"],
    )


class IntakeStore:
    """The intake's store: files in ``folder``; the rows in ``url`` (PostgreSQL) if given,
    else in ``folder/intake.sqlite``."""

    def __init__(
        self,
        folder: Path,
        key: Ed25519PrivateKey,
        clock: Clock | None = None,
        url: str | None = None,
    ) -> None:
        self.folder = folder
        self.bundles = folder / "bundles"
        self.bundles.mkdir(parents=True, exist_ok=True)
        self.incoming = folder / "incoming"
        self.incoming.mkdir(exist_ok=True)
        for left_over in self.incoming.iterdir():  # uploads a crash or stop broke off
            with contextlib.suppress(OSError):
                left_over.unlink()
        self.key = key
        self.key_id = key_id_of(key)
        self.clock = clock or SystemClock()
        self._accept_lock = threading.Lock()
        if url is not None:
            if not is_url(url):
                raise ValueError("not a postgresql:// URL")
            self.engine = postgresql_engine(url)
        else:
            path = folder / "intake.sqlite"
            create_private_file(path)  # owner-only (0600) before SQLite opens it
            self.engine = sqlite_engine(path, secure_delete=True)
        migrate(self.engine, version_table, MIGRATIONS, lock_id=_ACCEPT_LOCK + 1)
        if url is None:
            private_companions(folder / "intake.sqlite")

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def schema_version(self) -> int:
        return schema_version(self.engine, version_table)

    def close(self) -> None:
        self.engine.dispose()

    def get(self, bundle_id: str) -> Stored | None:
        with self.engine.connect() as db:
            row = (
                db.execute(sa.select(submissions).where(submissions.c.bundle_id == bundle_id))
                .mappings()
                .first()
            )
        return _stored(row) if row else None

    def new_upload(self) -> tuple[int, Path]:
        """An empty temporary file in ``incoming/`` (same file system as ``bundles/``)."""
        handle, name = tempfile.mkstemp(prefix="upload-", suffix=".part", dir=self.incoming)
        return handle, Path(name)

    def accept(self, bundle_id: str, upload: Path, digest: str, size: int) -> tuple[Stored, bool]:
        """Store a checked upload (moved, not copied) and sign its receipt. Returns (stored,
        newly created); the same bundle again gives the original receipt; other content
        raises ConflictError. The upload file is gone afterwards in every case."""
        with self._accept_lock:
            existing = self.get(bundle_id)
            if existing is not None:
                upload.unlink(missing_ok=True)
                if existing.sha256 != digest:
                    raise ConflictError(bundle_id)
                return existing, False
            with open(upload, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(upload, self.bundles / f"{digest}.zip")
            _fsync_folder(self.bundles)
            received = self.clock.now().astimezone(AMSTERDAM).isoformat(timespec="seconds")
            with self.engine.begin() as db:
                if self.backend == "postgresql":  # (SQLite: BEGIN IMMEDIATE locks already)
                    db.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ACCEPT_LOCK})
                again = db.execute(
                    sa.select(submissions.c.sha256).where(submissions.c.bundle_id == bundle_id)
                ).first()
                if again is not None:  # another service process stored it just now
                    if again[0] != digest:
                        raise ConflictError(bundle_id)
                    return self._stored_or_fail(bundle_id, db), False
                inserted = db.execute(
                    submissions.insert().values(
                        bundle_id=bundle_id,
                        sha256=digest,
                        size=size,
                        received_at=received,
                        receipt="",
                    )
                ).inserted_primary_key
                cursor = int(inserted[0]) if inserted else 0
                reference = f"KI-{received[:4]}-{cursor:06d}"
                receipt = sign_receipt(
                    Receipt(
                        reference=reference,
                        received_at=received,
                        bundle_id=bundle_id,
                        bundle_sha256=digest,
                        key_id=self.key_id,
                    ),
                    self.key,
                )
                db.execute(
                    submissions.update()
                    .where(submissions.c.cursor == cursor)
                    .values(reference=reference, receipt=receipt_json(receipt).decode())
                )
        stored = self.get(bundle_id)
        assert stored is not None
        return stored, True

    @staticmethod
    def _stored_or_fail(bundle_id: str, db: Connection) -> Stored:
        row = (
            db.execute(sa.select(submissions).where(submissions.c.bundle_id == bundle_id))
            .mappings()
            .one()
        )
        return _stored(row)

    def since(self, cursor: int, limit: int) -> list[Stored]:
        """Accepted after ``cursor``, oldest first: what the officials have not fetched yet."""
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(submissions)
                .where(submissions.c.cursor > cursor)
                .order_by(submissions.c.cursor)
                .limit(limit)
            ).mappings()
            return [_stored(r) for r in rows]

    def bundle_bytes(self, stored: Stored) -> bytes:
        return (self.bundles / f"{stored.sha256}.zip").read_bytes()

    def mark_fetched(self, bundle_id: str, now: dt.datetime) -> None:
        moment = now.astimezone(AMSTERDAM).isoformat(timespec="seconds")
        with self.engine.begin() as db:
            db.execute(
                submissions.update()
                .where(submissions.c.bundle_id == bundle_id)
                .values(fetched_at=sa.func.coalesce(submissions.c.fetched_at, moment))
            )

    def count(self) -> int:
        with self.engine.connect() as db:
            return int(db.execute(sa.select(sa.func.count()).select_from(submissions)).scalar_one())
