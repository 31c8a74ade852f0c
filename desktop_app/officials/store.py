"""The officials' case store: SQLite in WAL mode with synchronous=FULL, so a crash or a
power cut never loses or half-writes an imported bundle. One transaction per bundle.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from desktop_app.core.money import MoneyError, coerce_money
from desktop_app.storage.atomic import create_private_file
from desktop_app.storage.sqlite_db import private_companions

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    bundle_id TEXT PRIMARY KEY,
    bundle_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    regeling_id TEXT NOT NULL,
    regeling_version TEXT NOT NULL,
    signed INTEGER NOT NULL,
    certificate_sha256 TEXT,
    signer_name TEXT,
    title TEXT NOT NULL,
    applicant TEXT NOT NULL,
    natural_person INTEGER NOT NULL,
    area TEXT,
    goal TEXT,
    activity_date TEXT,
    requested TEXT,
    assisted_by TEXT,
    blocking INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    verdicts_at_signing TEXT NOT NULL,
    verdicts_now TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'received',
    granted TEXT,
    settled TEXT,
    application_id TEXT,
    document_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bundles (
    sha256 TEXT PRIMARY KEY,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    decision_id TEXT PRIMARY KEY,
    bundle_id TEXT NOT NULL REFERENCES cases (bundle_id),
    decided_at TEXT NOT NULL,
    file BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS ceilings (
    regeling_id TEXT NOT NULL,
    area TEXT NOT NULL,
    year INTEGER NOT NULL,
    amount TEXT NOT NULL,
    PRIMARY KEY (regeling_id, area, year)
);
CREATE TABLE IF NOT EXISTS intake_cursors (
    base_url TEXT PRIMARY KEY,
    cursor INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS conflicts (
    id INTEGER PRIMARY KEY,
    bundle_id TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,
    data BLOB NOT NULL
);
"""


@dataclass(frozen=True)
class Case:
    bundle_id: uuid.UUID
    kind: str
    regeling_id: str
    regeling_version: str
    signed: bool
    title: str
    applicant: str
    natural_person: bool
    area: str | None
    goal: str | None
    activity_date: str | None
    requested: Decimal | None
    granted: Decimal | None
    settled: Decimal | None
    status: str
    blocking: int
    warnings: int
    assisted_by: str | None
    verdicts_at_signing: list[dict]
    verdicts_now: list[dict]
    imported_at: str


class CaseStore:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "cases.sqlite"
        create_private_file(self.path)  # owner-only folder and file (0700/0600)
        self.connection = sqlite3.connect(self.path, isolation_level=None)
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        private_companions(self.path)
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.executescript(SCHEMA)

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: BEGIN IMMEDIATE so two importers never interleave."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def existing_sha256(self, bundle_id: uuid.UUID) -> str | None:
        row = self.connection.execute(
            "SELECT bundle_sha256 FROM cases WHERE bundle_id = ?", (str(bundle_id),)
        ).fetchone()
        return row[0] if row else None

    def intake_cursor(self, base_url: str) -> int:
        """How far the officials have fetched from an intake service (0: nothing yet)."""
        row = self.connection.execute(
            "SELECT cursor FROM intake_cursors WHERE base_url = ?", (base_url,)
        ).fetchone()
        return int(row[0]) if row else 0

    def set_intake_cursor(self, base_url: str, cursor: int) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO intake_cursors (base_url, cursor) VALUES (?, ?) "
                "ON CONFLICT (base_url) DO UPDATE SET cursor = max(cursor, excluded.cursor)",
                (base_url, cursor),
            )

    def cases(self) -> list[Case]:
        rows = self.connection.execute("SELECT * FROM cases ORDER BY imported_at, bundle_id")
        return [_case(row) for row in rows]

    def case(self, bundle_id: uuid.UUID) -> Case | None:
        row = self.connection.execute(
            "SELECT * FROM cases WHERE bundle_id = ?", (str(bundle_id),)
        ).fetchone()
        return _case(row) if row else None

    def bundle_bytes(self, bundle_id: uuid.UUID) -> bytes:
        row = self.connection.execute(
            "SELECT b.data FROM bundles b JOIN cases c ON c.bundle_sha256 = b.sha256 "
            "WHERE c.bundle_id = ?",
            (str(bundle_id),),
        ).fetchone()
        return bytes(row[0]) if row else b""

    def document_json(self, bundle_id: uuid.UUID) -> str:
        row = self.connection.execute(
            "SELECT document_json FROM cases WHERE bundle_id = ?", (str(bundle_id),)
        ).fetchone()
        return row[0] if row else "{}"

    def ceiling(self, regeling_id: str, area: str, year: int) -> Decimal | None:
        row = self.connection.execute(
            "SELECT amount FROM ceilings WHERE regeling_id = ? AND area = ? AND year = ?",
            (regeling_id, area, year),
        ).fetchone()
        return Decimal(row[0]) if row else None

    def conflicts(self) -> list[tuple[str, str, str]]:
        rows = self.connection.execute(
            "SELECT bundle_id, bundle_sha256, received_at FROM conflicts ORDER BY id"
        )
        return [tuple(row) for row in rows]


def _money(text: str | None) -> Decimal | None:
    """An amount as stored, or None: a stored text that is no sane amount (a bundle's
    "requested" is kept as the applicant wrote it) must not crash a sum or a format later."""
    if text is None:
        return None
    try:
        return coerce_money(text)
    except MoneyError:
        return None


def _case(row: sqlite3.Row) -> Case:
    return Case(
        bundle_id=uuid.UUID(row["bundle_id"]),
        kind=row["kind"],
        regeling_id=row["regeling_id"],
        regeling_version=row["regeling_version"],
        signed=bool(row["signed"]),
        title=row["title"],
        applicant=row["applicant"],
        natural_person=bool(row["natural_person"]),
        area=row["area"],
        goal=row["goal"],
        activity_date=row["activity_date"],
        requested=_money(row["requested"]),
        granted=_money(row["granted"]),
        settled=_money(row["settled"]),
        status=row["status"],
        blocking=row["blocking"],
        warnings=row["warnings"],
        assisted_by=row["assisted_by"],
        verdicts_at_signing=json.loads(row["verdicts_at_signing"]),
        verdicts_now=json.loads(row["verdicts_now"]),
        imported_at=row["imported_at"],
    )
