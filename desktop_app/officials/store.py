"""The officials' case store, and the only place with its SQL: SQLAlchemy Core, so the same
code runs on SQLite (one file in a folder, WAL with synchronous=FULL, so a crash or a power cut
never loses or half-writes an imported bundle) and on PostgreSQL (several officials at once,
named by a URL such as ``postgresql://host/db``). One transaction per bundle and per decision.

The schema is versioned by number in a ``schema_version`` table (see ``MIGRATIONS``): a store
made by an older version is brought up to date when it is opened, on either database.
"""

from __future__ import annotations

import getpass
import json
import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine

from desktop_app.core.errors import UserError
from desktop_app.core.money import MoneyError, coerce_money
from desktop_app.core.text import Text
from desktop_app.officials.trust import TrustMark, marks_from_json
from desktop_app.storage.atomic import create_private_file
from desktop_app.storage.sqlite_db import private_companions

OFFICIAL_SETTING = "KLEIN_INITIATIEF_OFFICIAL"
"""Environment setting with the official's name; without it, the name of the OS user."""
STORE_SETTING = "KLEIN_INITIATIEF_STORE"
"""Environment setting with a PostgreSQL URL for the officials' window (else the folder)."""

metadata = sa.MetaData()
cases_table = sa.Table(
    "cases",
    metadata,
    sa.Column("bundle_id", sa.Text, primary_key=True),
    sa.Column("bundle_sha256", sa.Text, nullable=False),
    sa.Column("imported_at", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("regeling_id", sa.Text, nullable=False),
    sa.Column("regeling_version", sa.Text, nullable=False),
    sa.Column("signed", sa.Integer, nullable=False),
    sa.Column("certificate_sha256", sa.Text),
    sa.Column("signer_name", sa.Text),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("applicant", sa.Text, nullable=False),
    sa.Column("natural_person", sa.Integer, nullable=False),
    sa.Column("area", sa.Text),
    sa.Column("goal", sa.Text),
    sa.Column("activity_date", sa.Text),
    sa.Column("requested", sa.Text),
    sa.Column("assisted_by", sa.Text),
    sa.Column("blocking", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("verdicts_at_signing", sa.Text, nullable=False),
    sa.Column("verdicts_now", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False, server_default="received"),
    sa.Column("granted", sa.Text),
    sa.Column("settled", sa.Text),
    sa.Column("application_id", sa.Text),
    sa.Column("document_json", sa.Text, nullable=False),
    # migration 2: bumped by every decision, so a decision is taken from the state it saw
    sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
    # migration 3: what the import could not vouch for (officials/trust.py), a JSON list
    sa.Column("trust", sa.Text, nullable=False, server_default="[]"),
)
bundles_table = sa.Table(
    "bundles",
    metadata,
    sa.Column("sha256", sa.Text, primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)
decisions_table = sa.Table(
    "decisions",
    metadata,
    sa.Column("decision_id", sa.Text, primary_key=True),
    sa.Column("bundle_id", sa.Text, sa.ForeignKey("cases.bundle_id"), nullable=False),
    sa.Column("decided_at", sa.Text, nullable=False),
    sa.Column("file", sa.LargeBinary, nullable=False),
    sa.Column("decided_by", sa.Text),  # migration 2
)
ceilings_table = sa.Table(
    "ceilings",
    metadata,
    sa.Column("regeling_id", sa.Text, primary_key=True),
    sa.Column("area", sa.Text, primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("amount", sa.Text, nullable=False),
)
cursors_table = sa.Table(
    "intake_cursors",
    metadata,
    sa.Column("base_url", sa.Text, primary_key=True),
    sa.Column("cursor", sa.Integer, nullable=False),
)
conflicts_table = sa.Table(
    "conflicts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("bundle_id", sa.Text, nullable=False),
    sa.Column("bundle_sha256", sa.Text, nullable=False, unique=True),
    sa.Column("received_at", sa.Text, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)
audit_table = sa.Table(  # migration 2: who did what to which case, and when
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("official", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("bundle_id", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
)
kept_apart_table = sa.Table(  # migration 3: reports whose application is not in the store
    "kept_apart",
    metadata,
    sa.Column("bundle_sha256", sa.Text, primary_key=True),
    sa.Column("bundle_id", sa.Text, nullable=False),
    sa.Column("application_id", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("received_at", sa.Text, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)
version_table = sa.Table(
    "schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)


def _migration_1(db: Connection) -> None:
    """The tables (a store made before versioning already has the old ones: kept as is)."""
    metadata.create_all(db, checkfirst=True)


def _migration_2(db: Connection) -> None:
    """Several officials: cases.revision, decisions.decided_by (and the audit table)."""
    inspector = sa.inspect(db)
    if "revision" not in {c["name"] for c in inspector.get_columns("cases")}:
        db.execute(sa.text("ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0"))
    if "decided_by" not in {c["name"] for c in inspector.get_columns("decisions")}:
        db.execute(sa.text("ALTER TABLE decisions ADD COLUMN decided_by TEXT"))
    metadata.create_all(db, tables=[audit_table], checkfirst=True)


def _migration_3(db: Connection) -> None:
    """Trust shown: cases.trust (the import's marks), the kept_apart table."""
    if "trust" not in {c["name"] for c in sa.inspect(db).get_columns("cases")}:
        db.execute(sa.text("ALTER TABLE cases ADD COLUMN trust TEXT NOT NULL DEFAULT '[]'"))
    metadata.create_all(db, tables=[kept_apart_table], checkfirst=True)


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_migration_1, _migration_2, _migration_3)
"""Numbered by position (1, 2, ...): append, never change one that has shipped."""

DECIDED_ELSEWHERE = Text(
    nl="Een collega heeft deze aanvraag net besloten ({outcome}). Uw besluit is niet "
    "opgeslagen. Open de aanvraag opnieuw en kijk of u het besluit wilt herzien.",
    en="A colleague has just decided this application ({outcome}). Your decision was not "
    "saved. Open the application again and see whether you want to revise the decision.",
)
_STATUS_WORDS = {
    "granted": ("toegekend", "granted"),
    "rejected": ("afgewezen", "rejected"),
    "settled": ("vastgesteld", "settled"),
    "received": ("nog niet besloten", "not yet decided"),
}


def official_name() -> str:
    """Who is deciding: the setting, else the OS user's name."""
    name = os.environ.get(OFFICIAL_SETTING, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "onbekend"


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql:", "postgresql+"))


def shown_location(location: str | Path) -> str:
    """A store's name for a message: a URL without its password."""
    if is_url(location):
        return sa.make_url(str(location)).render_as_string(hide_password=True)
    return str(location)


def store_location(folder: Path) -> Path | str:
    """Where the officials' window keeps its cases: the setting's URL, else the folder."""
    url = os.environ.get(STORE_SETTING, "").strip()
    return url if is_url(url) else folder


def _engine_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 (SQLAlchemy would pick psycopg2 otherwise)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_engine(path: Path) -> Engine:
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # BEGIN IMMEDIATE: two importers or two officials never interleave.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


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
    revision: int = 0
    """how often the case was decided: a decision is taken from the revision seen"""
    application_id: uuid.UUID | None = None
    """a report's application (None for an application)"""
    trust: tuple[TrustMark, ...] = ()
    """what the import could not vouch for ("niet ondertekend", ...): officials/trust.py"""


class CaseStore:
    """A case store: a folder (SQLite file ``cases.sqlite`` in it) or a PostgreSQL URL.

    ``folder`` is where files beside the database live (the quarantine); for a URL it is
    given separately (default: the user's data folder for the officials)."""

    def __init__(self, location: Path | str, folder: Path | None = None) -> None:
        self.url: str | None = None
        if is_url(location):
            self.url = str(location)
            self.folder = (
                folder or Path.home() / ".local" / "share" / "klein-initiatief" / "officials"
            )
            self.path = self.folder / "cases.postgresql"  # no file: a name for messages
            self.engine = sa.create_engine(_engine_url(self.url), pool_pre_ping=True)
        else:
            self.folder = Path(location)
            self.path = self.folder / "cases.sqlite"
            create_private_file(self.path)  # owner-only folder and file (0700/0600)
            self.engine = _sqlite_engine(self.path)
        self._migrate()
        if self.url is None:
            private_companions(self.path)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def _migrate(self) -> None:
        with self.transaction() as db:
            if self.backend == "postgresql":  # two officials opening a new store at once
                db.execute(sa.text("SELECT pg_advisory_xact_lock(461827)"))
            version_table.create(db, checkfirst=True)
            current = db.execute(sa.select(sa.func.max(version_table.c.version))).scalar()
            done = int(current or 0)
            for number, migration in enumerate(MIGRATIONS, start=1):
                if number > done:
                    migration(db)
            if done < len(MIGRATIONS):
                db.execute(version_table.delete())
                db.execute(version_table.insert().values(version=len(MIGRATIONS)))

    def schema_version(self) -> int:
        with self.engine.connect() as db:
            return int(db.execute(sa.select(version_table.c.version)).scalar() or 0)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """All or nothing (on SQLite: BEGIN IMMEDIATE)."""
        with self.engine.begin() as db:
            yield db

    def _insert(self, table: sa.Table) -> Any:
        if self.backend == "postgresql":
            return pg_dialect.insert(table)
        return sqlite_dialect.insert(table)

    def _one(self, query: Any) -> Any:
        with self.engine.connect() as db:
            return db.execute(query).first()

    def existing_sha256(self, bundle_id: uuid.UUID) -> str | None:
        row = self._one(
            sa.select(cases_table.c.bundle_sha256).where(cases_table.c.bundle_id == str(bundle_id))
        )
        return row[0] if row else None

    def has_bundle(self, digest: str) -> bool:
        """Whether exactly these bundle bytes (by their SHA-256) were imported as a case."""
        query = sa.select(bundles_table.c.sha256).where(bundles_table.c.sha256 == digest)
        return self._one(query) is not None

    def add_case(
        self, row: Mapping[str, Any], data: bytes, received_at: str
    ) -> Literal["imported", "already_imported", "conflict"]:
        """Keep a checked bundle as a case, in one transaction: the same bundle again is
        "already_imported"; the same id with other content is kept apart as a conflict."""
        bundle_id, digest = row["bundle_id"], row["bundle_sha256"]
        with self.transaction() as db:
            existing = db.execute(
                sa.select(cases_table.c.bundle_sha256)
                .where(cases_table.c.bundle_id == bundle_id)
                .with_for_update()
            ).first()
            if existing is not None and existing[0] == digest:
                return "already_imported"
            if existing is not None:
                db.execute(
                    self._insert(conflicts_table)
                    .values(
                        bundle_id=bundle_id,
                        bundle_sha256=digest,
                        received_at=received_at,
                        data=data,
                    )
                    .on_conflict_do_nothing()
                )
                return "conflict"
            db.execute(
                self._insert(bundles_table)
                .values(sha256=digest, data=data)
                .on_conflict_do_nothing()
            )
            db.execute(cases_table.insert().values(**row))
        return "imported"

    def keep_apart(
        self,
        bundle_id: str,
        application_id: str,
        digest: str,
        source: str,
        received_at: str,
        data: bytes,
    ) -> bool:
        """Keep a report whose application is not here; False when it was kept before."""
        with self.transaction() as db:
            done = db.execute(
                self._insert(kept_apart_table)
                .values(
                    bundle_sha256=digest,
                    bundle_id=bundle_id,
                    application_id=application_id,
                    source=source,
                    received_at=received_at,
                    data=data,
                )
                .on_conflict_do_nothing()
            ).rowcount
        return bool(done)

    def kept_apart(self, application_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
        """The reports kept apart (oldest first), or those about one application; each with
        bundle_id, application_id, source, received_at, bundle_sha256 and data."""
        query = sa.select(kept_apart_table).order_by(
            kept_apart_table.c.received_at, kept_apart_table.c.bundle_sha256
        )
        if application_id is not None:
            query = query.where(kept_apart_table.c.application_id == str(application_id))
        with self.engine.connect() as db:
            return [dict(r) for r in db.execute(query).mappings()]

    def release_kept_apart(self, digest: str) -> None:
        """A kept-apart report was imported after all (its application arrived)."""
        with self.transaction() as db:
            db.execute(kept_apart_table.delete().where(kept_apart_table.c.bundle_sha256 == digest))

    def intake_cursor(self, base_url: str) -> int:
        """How far the officials have fetched from an intake service (0: nothing yet)."""
        row = self._one(
            sa.select(cursors_table.c.cursor).where(cursors_table.c.base_url == base_url)
        )
        return int(row[0]) if row else 0

    def set_intake_cursor(self, base_url: str, cursor: int) -> None:
        insert = self._insert(cursors_table).values(base_url=base_url, cursor=cursor)
        newer = sa.case(
            (insert.excluded.cursor > cursors_table.c.cursor, insert.excluded.cursor),
            else_=cursors_table.c.cursor,
        )
        with self.transaction() as db:
            db.execute(
                insert.on_conflict_do_update(index_elements=["base_url"], set_={"cursor": newer})
            )

    def cases(self) -> list[Case]:
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(cases_table).order_by(cases_table.c.imported_at, cases_table.c.bundle_id)
            ).mappings()
            return [_case(row) for row in rows]

    def case(self, bundle_id: uuid.UUID) -> Case | None:
        with self.engine.connect() as db:
            row = (
                db.execute(sa.select(cases_table).where(cases_table.c.bundle_id == str(bundle_id)))
                .mappings()
                .first()
            )
        return _case(row) if row else None

    def reports_for(self, application_id: uuid.UUID) -> list[uuid.UUID]:
        """The reports about an application (their bundle ids)."""
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(cases_table.c.bundle_id).where(
                    cases_table.c.application_id == str(application_id)
                )
            )
            return [uuid.UUID(r[0]) for r in rows]

    def bundle_bytes(self, bundle_id: uuid.UUID) -> bytes:
        row = self._one(
            sa.select(bundles_table.c.data)
            .join(cases_table, cases_table.c.bundle_sha256 == bundles_table.c.sha256)
            .where(cases_table.c.bundle_id == str(bundle_id))
        )
        return bytes(row[0]) if row else b""

    def document_json(self, bundle_id: uuid.UUID) -> str:
        row = self._one(
            sa.select(cases_table.c.document_json).where(cases_table.c.bundle_id == str(bundle_id))
        )
        return row[0] if row else "{}"

    def ceiling(self, regeling_id: str, area: str, year: int) -> Decimal | None:
        row = self._one(
            sa.select(ceilings_table.c.amount).where(
                ceilings_table.c.regeling_id == regeling_id,
                ceilings_table.c.area == area,
                ceilings_table.c.year == year,
            )
        )
        return Decimal(row[0]) if row else None

    def set_ceiling(self, regeling_id: str, area: str, year: int, amount: Decimal) -> None:
        insert = self._insert(ceilings_table).values(
            regeling_id=regeling_id, area=area, year=year, amount=f"{amount:.2f}"
        )
        with self.transaction() as db:
            db.execute(
                insert.on_conflict_do_update(
                    index_elements=["regeling_id", "area", "year"],
                    set_={"amount": insert.excluded.amount},
                )
            )

    def conflicts(self) -> list[tuple[str, str, str]]:
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(
                    conflicts_table.c.bundle_id,
                    conflicts_table.c.bundle_sha256,
                    conflicts_table.c.received_at,
                ).order_by(conflicts_table.c.id)
            )
            return [(r[0], r[1], r[2]) for r in rows]

    def record_decision(
        self,
        case: Case,
        status: str,
        granted: Decimal | None,
        make_file: Callable[[int], tuple[str, str, bytes]],
        official: str | None = None,
    ) -> bytes:
        """Decide ``case`` from the state the official saw (``case.revision``), in one
        transaction: the case's status and grant, the signed decision file and an audit row.

        ``make_file(sequence)`` signs the decision (sequence 1, 2, ... per application) and
        returns (decision id, decided at, file). If a colleague decided the case since it
        was read, nothing is stored and a ``UserError`` ``decide.decided_elsewhere`` says so.
        """
        who = official or official_name()
        bundle_id = str(case.bundle_id)
        with self.transaction() as db:
            changed = db.execute(
                cases_table.update()
                .where(
                    cases_table.c.bundle_id == bundle_id,
                    cases_table.c.revision == case.revision,
                )
                .values(
                    status=status,
                    granted=f"{granted:.2f}" if granted is not None else None,
                    revision=cases_table.c.revision + 1,
                )
            ).rowcount
            if changed != 1:
                now = db.execute(
                    sa.select(cases_table.c.status).where(cases_table.c.bundle_id == bundle_id)
                ).scalar()
                nl, en = _STATUS_WORDS.get(str(now), (str(now), str(now)))
                raise UserError(
                    "decide.decided_elsewhere",
                    Text(
                        nl=DECIDED_ELSEWHERE.nl.format(outcome=nl),
                        en=DECIDED_ELSEWHERE.en.format(outcome=en),
                    ),
                )
            earlier = db.execute(
                sa.select(sa.func.count()).where(decisions_table.c.bundle_id == bundle_id)
            ).scalar_one()
            decision_id, decided_at, file = make_file(int(earlier) + 1)
            db.execute(
                decisions_table.insert().values(
                    decision_id=decision_id,
                    bundle_id=bundle_id,
                    decided_at=decided_at,
                    file=file,
                    decided_by=who,
                )
            )
            db.execute(
                audit_table.insert().values(
                    at=decided_at,
                    official=who,
                    action="decide",
                    bundle_id=bundle_id,
                    detail=json.dumps(
                        {
                            "status": status,
                            "granted": f"{granted:.2f}" if granted else None,
                            "sequence": int(earlier) + 1,
                            "decision_id": decision_id,
                        }
                    ),
                )
            )
        return file

    def record_settlement(self, bundle_ids: list[uuid.UUID], settled: Decimal) -> None:
        with self.transaction() as db:
            db.execute(
                cases_table.update()
                .where(cases_table.c.bundle_id.in_([str(b) for b in bundle_ids]))
                .values(status="settled", settled=f"{settled:.2f}")
            )

    def decision_files(self, bundle_id: uuid.UUID) -> list[bytes]:
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(decisions_table.c.file).where(
                    decisions_table.c.bundle_id == str(bundle_id)
                )
            )
            return [bytes(r[0]) for r in rows]

    def decisions(self, bundle_id: uuid.UUID) -> list[dict[str, Any]]:
        """Who decided what and when (the audit trail of one case), oldest first."""
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(audit_table)
                .where(audit_table.c.bundle_id == str(bundle_id))
                .order_by(audit_table.c.id)
            ).mappings()
            return [dict(r) | {"detail": json.loads(r["detail"])} for r in rows]


def _money(text: str | None) -> Decimal | None:
    """An amount as stored, or None: a stored text that is no sane amount (a bundle's
    "requested" is kept as the applicant wrote it) must not crash a sum or a format later."""
    if text is None:
        return None
    try:
        return coerce_money(text)
    except MoneyError:
        return None


def _case(row: sa.RowMapping) -> Case:
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
        revision=int(row["revision"]),
        application_id=uuid.UUID(row["application_id"]) if row["application_id"] else None,
        trust=marks_from_json(row["trust"]),
    )
