"""What the intake service accepted: SQLite (WAL, synchronous=FULL) plus one file per bundle.

An upload is streamed to a temporary file in ``incoming/`` (never held in memory whole);
once checked it is renamed into ``bundles/``. Order of writing: the bundle file first (temp
file, fsync, rename, fsync the folder), then the row, with its signed receipt, in one
transaction. A crash in between leaves at most a
file without a row (harmless: it is named by its hash, and the same upload writes it again),
never a row without a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.core.clock import AMSTERDAM, Clock, SystemClock
from desktop_app.intake.keys import key_id_of
from desktop_app.storage.sqlite_db import durable_db
from desktop_app.submit.receipt import Receipt, receipt_json, sign_receipt

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
    bundle_id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    reference TEXT UNIQUE,
    received_at TEXT NOT NULL,
    receipt TEXT NOT NULL,
    fetched_at TEXT
);
"""


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


def _stored(row: sqlite3.Row) -> Stored:
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
    def __init__(self, folder: Path, key: Ed25519PrivateKey, clock: Clock | None = None) -> None:
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
        with self._db(begin=False) as db:
            db.executescript(SCHEMA)  # executescript manages its own transaction

    def _db(self, begin: bool = True) -> AbstractContextManager[sqlite3.Connection]:
        return durable_db(self.folder / "intake.sqlite", begin)

    def get(self, bundle_id: str) -> Stored | None:
        with self._db() as db:
            row = db.execute(
                "SELECT * FROM submissions WHERE bundle_id = ?", (bundle_id,)
            ).fetchone()
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
            with self._db() as db:
                cursor = db.execute(
                    "INSERT INTO submissions (bundle_id, sha256, size, received_at, receipt) "
                    "VALUES (?, ?, ?, ?, '')",
                    (bundle_id, digest, size, received),
                ).lastrowid
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
                    "UPDATE submissions SET reference = ?, receipt = ? WHERE cursor = ?",
                    (reference, receipt_json(receipt).decode(), cursor),
                )
        stored = self.get(bundle_id)
        assert stored is not None
        return stored, True

    def since(self, cursor: int, limit: int) -> list[Stored]:
        """Accepted after ``cursor``, oldest first: what the officials have not fetched yet."""
        with self._db() as db:
            rows = db.execute(
                "SELECT * FROM submissions WHERE cursor > ? ORDER BY cursor LIMIT ?",
                (cursor, limit),
            ).fetchall()
        return [_stored(r) for r in rows]

    def bundle_bytes(self, stored: Stored) -> bytes:
        return (self.bundles / f"{stored.sha256}.zip").read_bytes()

    def mark_fetched(self, bundle_id: str, now: dt.datetime) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE submissions SET fetched_at = coalesce(fetched_at, ?) WHERE bundle_id = ?",
                (now.astimezone(AMSTERDAM).isoformat(timespec="seconds"), bundle_id),
            )

    def count(self) -> int:
        with self._db() as db:
            return int(db.execute("SELECT count(*) FROM submissions").fetchone()[0])
