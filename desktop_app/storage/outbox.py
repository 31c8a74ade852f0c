"""The outbox: bundles waiting to be sent, in SQLite (WAL, synchronous=FULL).

One row per bundle id; enqueueing the same bundle twice is a no-op. The bundle's bytes are
kept in the row, so deleting or moving the file the resident saved changes nothing. An item
is ``sent`` only with a verified receipt stored beside it. A row left in ``sending`` by a
crash is due again at once: sending twice is harmless, the bundle id is the Idempotency-Key.

Every call opens its own connection, so one Outbox can be shared by threads and processes.

In a protected dossier the outbox is given the dossier's codec: the bundle's bytes and the
title (the initiative's name) are then sealed with the dossier's key, so the database file
shows no personal data without the passphrase. Ids, states, times and hashes stay plain:
the worker needs them to plan, and they say nothing about the resident.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from desktop_app.core.regeling import PublicKey
from desktop_app.core.text import Text
from desktop_app.storage.atomic import make_private_dir
from desktop_app.storage.crypto import MAGIC as SEALED_MAGIC
from desktop_app.storage.crypto import PLAIN, Codec, PlainCodec, WrongKeyError
from desktop_app.storage.sqlite_db import durable_db

State = Literal["queued", "sending", "sent", "attention"]
STATES: tuple[State, ...] = ("queued", "sending", "sent", "attention")

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    bundle_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    regeling_id TEXT NOT NULL,
    regeling_version TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    receipt_keys TEXT NOT NULL,
    token_required INTEGER NOT NULL DEFAULT 0,
    bundle BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'attention')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_attempt_at TEXT,
    last_error_code TEXT,
    last_error_nl TEXT,
    last_error_en TEXT,
    receipt TEXT,
    reference TEXT,
    sent_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
"""


def _stamp(moment: dt.datetime) -> str:
    """UTC with a fixed width, so text order is time order in SQL."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class NewItem:
    """What the outbox needs to send a bundle later, without the regeling or the file."""

    bundle_id: str
    kind: str
    title: str
    regeling_id: str
    regeling_version: str
    endpoint: str
    receipt_keys: tuple[PublicKey, ...]
    token_required: bool
    bundle: bytes
    sha256: str


@dataclass(frozen=True)
class OutboxItem:
    bundle_id: str
    kind: str
    title: str
    regeling_id: str
    regeling_version: str
    endpoint: str
    receipt_keys: tuple[PublicKey, ...]
    token_required: bool
    sha256: str
    size: int
    state: State
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    last_attempt_at: dt.datetime | None
    last_error_code: str | None
    last_error: Text | None
    receipt: str | None  # the receipt JSON exactly as verified
    reference: str | None
    sent_at: dt.datetime | None


_COLUMNS = (
    "bundle_id, kind, title, regeling_id, regeling_version, endpoint, receipt_keys, "
    "token_required, sha256, length(bundle) AS size, state, attempts, created_at, "
    "next_attempt_at, last_attempt_at, last_error_code, last_error_nl, last_error_en, receipt, "
    "reference, sent_at"
)


def _item(row: sqlite3.Row, codec: Codec = PLAIN) -> OutboxItem:
    error = None
    if row["last_error_nl"] is not None:
        error = Text(nl=row["last_error_nl"], en=row["last_error_en"] or row["last_error_nl"])
    keys = tuple(PublicKey.model_validate(k) for k in json.loads(row["receipt_keys"]))
    return OutboxItem(
        bundle_id=row["bundle_id"],
        kind=row["kind"],
        title=_open_title(codec, row["title"], row["bundle_id"]),
        regeling_id=row["regeling_id"],
        regeling_version=row["regeling_version"],
        endpoint=row["endpoint"],
        receipt_keys=keys,
        token_required=bool(row["token_required"]),
        sha256=row["sha256"],
        size=row["size"],
        state=row["state"],
        attempts=row["attempts"],
        created_at=_moment(row["created_at"]),  # type: ignore[arg-type]
        next_attempt_at=_moment(row["next_attempt_at"]),  # type: ignore[arg-type]
        last_attempt_at=_moment(row["last_attempt_at"]),
        last_error_code=row["last_error_code"],
        last_error=error,
        receipt=row["receipt"],
        reference=row["reference"],
        sent_at=_moment(row["sent_at"]),
    )


def _open_title(codec: Codec, stored: str | bytes, bundle_id: str) -> str:
    if isinstance(stored, str):
        return stored  # plain (a dossier without a passphrase)
    try:
        return codec.decode(bytes(stored), f"outbox-title:{bundle_id}").decode()
    except (WrongKeyError, UnicodeDecodeError):
        return ""


class Outbox:
    def __init__(self, path: Path, codec: Codec = PLAIN) -> None:
        self.path = path
        self.codec = codec
        # One sending pass at a time in this process (a button press during a timer's pass).
        self.pass_lock = threading.Lock()
        make_private_dir(path.parent)
        with self._db(begin=False) as db:
            db.executescript(SCHEMA)  # executescript manages its own transaction

    def _db(self, begin: bool = True) -> AbstractContextManager[sqlite3.Connection]:
        return durable_db(self.path, begin)

    def enqueue(self, item: NewItem, now: dt.datetime) -> OutboxItem:
        """Add a bundle, due at once. The same bundle id again changes nothing."""
        keys = json.dumps([k.model_dump(mode="json") for k in item.receipt_keys])
        title: str | bytes = item.title
        if not isinstance(self.codec, PlainCodec):  # stored as a sealed BLOB
            title = self.codec.encode(item.title.encode(), f"outbox-title:{item.bundle_id}")
        bundle = self.codec.encode(item.bundle, f"outbox-bundle:{item.bundle_id}")
        with self._db() as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (bundle_id, kind, title, regeling_id, "
                "regeling_version, endpoint, receipt_keys, token_required, bundle, sha256, "
                "state, created_at, next_attempt_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
                (
                    item.bundle_id,
                    item.kind,
                    title,
                    item.regeling_id,
                    item.regeling_version,
                    item.endpoint,
                    keys,
                    int(item.token_required),
                    bundle,
                    item.sha256,
                    _stamp(now),
                    _stamp(now),
                ),
            )
        found = self.get(item.bundle_id)
        assert found is not None
        return found

    def get(self, bundle_id: str) -> OutboxItem | None:
        with self._db() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE bundle_id = ?", (bundle_id,)
            ).fetchone()
        return _item(row, self.codec) if row else None

    def bundle(self, bundle_id: str) -> bytes:
        with self._db() as db:
            row = db.execute(
                "SELECT bundle FROM outbox WHERE bundle_id = ?", (bundle_id,)
            ).fetchone()
        if row is None:
            raise KeyError(bundle_id)
        try:
            return self.codec.decode(bytes(row["bundle"]), f"outbox-bundle:{bundle_id}")
        except WrongKeyError as exc:
            raise KeyError(bundle_id) from exc

    def items(self, states: Sequence[State] = STATES) -> list[OutboxItem]:
        """Newest first: what the start screen lists."""
        marks = ", ".join("?" for _ in states)
        with self._db() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE state IN ({marks}) "
                "ORDER BY created_at DESC, bundle_id",
                tuple(states),
            ).fetchall()
        return [_item(r, self.codec) for r in rows]

    def due(self, now: dt.datetime) -> list[OutboxItem]:
        """Queued items whose time has come, and any left in 'sending' by a crash."""
        with self._db() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM outbox WHERE state = 'sending' "
                "OR (state = 'queued' AND next_attempt_at <= ?) ORDER BY next_attempt_at",
                (_stamp(now),),
            ).fetchall()
        return [_item(r, self.codec) for r in rows]

    def next_due_at(self) -> dt.datetime | None:
        """When the worker should look again (None: nothing waits)."""
        with self._db() as db:
            row = db.execute(
                "SELECT min(next_attempt_at) AS at FROM outbox WHERE state IN ('queued', 'sending')"
            ).fetchone()
        return _moment(row["at"])

    def mark_attempt(self, bundle_id: str, now: dt.datetime) -> None:
        """Written before the upload starts: a crash leaves the item 'sending', due again."""
        with self._db() as db:
            db.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
                "last_attempt_at = ? WHERE bundle_id = ? AND state IN ('queued', 'sending')",
                (_stamp(now), bundle_id),
            )

    def reschedule(self, bundle_id: str, next_at: dt.datetime, code: str, error: Text) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE outbox SET state = 'queued', next_attempt_at = ?, last_error_code = ?, "
                "last_error_nl = ?, last_error_en = ? WHERE bundle_id = ? AND state != 'sent'",
                (_stamp(next_at), code, error.nl, error.en, bundle_id),
            )

    def mark_attention(self, bundle_id: str, code: str, message: Text) -> None:
        """A person must act; the worker leaves the item alone until retry_now."""
        with self._db() as db:
            db.execute(
                "UPDATE outbox SET state = 'attention', last_error_code = ?, last_error_nl = ?, "
                "last_error_en = ? WHERE bundle_id = ? AND state != 'sent'",
                (code, message.nl, message.en, bundle_id),
            )

    def mark_sent(self, bundle_id: str, receipt: str, reference: str, sent_at: dt.datetime) -> None:
        """Only with a verified receipt: it is stored in the same transaction."""
        with self._db() as db:
            db.execute(
                "UPDATE outbox SET state = 'sent', receipt = ?, reference = ?, sent_at = ?, "
                "last_error_code = NULL, last_error_nl = NULL, last_error_en = NULL "
                "WHERE bundle_id = ? AND state != 'sent'",
                (receipt, reference, _stamp(sent_at), bundle_id),
            )

    def retry_now(self, bundle_id: str, now: dt.datetime) -> bool:
        """A person asks to try again (after fixing a problem): due at once. False if sent."""
        with self._db() as db:
            changed = db.execute(
                "UPDATE outbox SET state = 'queued', next_attempt_at = ? "
                "WHERE bundle_id = ? AND state IN ('queued', 'attention')",
                (_stamp(now), bundle_id),
            ).rowcount
        return bool(changed)

    def seal_plain_rows(self) -> int:
        """For a dossier protected after its outbox was written, or by an older version:
        seal the bundles and titles still stored in the clear. Returns how many rows."""
        if isinstance(self.codec, PlainCodec):
            return 0
        sealed = 0
        with self._db() as db:
            rows = db.execute("SELECT bundle_id, title, bundle FROM outbox").fetchall()
            for row in rows:
                bundle_id, title, bundle = row["bundle_id"], row["title"], bytes(row["bundle"])
                changes: dict[str, bytes] = {}
                if isinstance(title, str):
                    changes["title"] = self.codec.encode(
                        title.encode(), f"outbox-title:{bundle_id}"
                    )
                if not bundle.startswith(SEALED_MAGIC):
                    changes["bundle"] = self.codec.encode(bundle, f"outbox-bundle:{bundle_id}")
                for column, value in changes.items():  # column names from the two above
                    db.execute(
                        f"UPDATE outbox SET {column} = ? WHERE bundle_id = ?", (value, bundle_id)
                    )
                sealed += bool(changes)
        if sealed:
            with self._db(begin=False) as db:
                db.execute("VACUUM")  # the old pages with the plain bytes go too
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return sealed

    def remove(self, bundle_id: str) -> None:
        """Take an item out (the resident withdraws it, or forgets this computer)."""
        with self._db() as db:
            db.execute("DELETE FROM outbox WHERE bundle_id = ?", (bundle_id,))
