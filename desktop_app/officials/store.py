"""The officials' case store, and the only place with its SQL: SQLAlchemy Core, so the same
code runs on SQLite (one file in a folder, WAL with synchronous=FULL, so a crash or a power cut
never loses or half-writes an imported bundle) and on PostgreSQL (several officials at once,
named by a URL such as ``postgresql://host/db``). One transaction per bundle and per decision.

The schema is versioned by number in a ``schema_version`` table (see ``MIGRATIONS``): a store
made by an older version is brought up to date when it is opened, on either database.
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, Texts, text
from desktop_app.core.money import MoneyError, coerce_money, format_money
from desktop_app.core.text import Text
from desktop_app.officials.trust import TrustMark, marks_from_json
from desktop_app.storage.atomic import create_private_file
from desktop_app.storage.blobs import BlobFolder, DamagedFileError
from desktop_app.storage.sql import (
    READ_ONLY,
    is_url,
    migrate,
    postgresql_engine,
    schema_version,
    sqlite_engine,
)
from desktop_app.storage.sql import shown_location as shown_location  # for the CLI's messages
from desktop_app.storage.sqlite_db import private_companions

OFFICIAL_SETTING = "KLEIN_INITIATIEF_OFFICIAL"
"""Environment setting with the official's name; without it, the name of the OS user."""
STORE_SETTING = "KLEIN_INITIATIEF_STORE"
"""Environment setting with a PostgreSQL URL for the officials' window (else the folder)."""
FILES_SETTING = "KLEIN_INITIATIEF_STORE_FILES"
"""Environment setting: the folder with the bundles of a PostgreSQL store (content-addressed
files; every official's computer must see the same folder, e.g. a network share). A folder
store keeps them in its own ``files/``."""

metadata = sa.MetaData()
cases_table = sa.Table(
    "cases",
    metadata,
    sa.Column("bundle_id", sa.Text, primary_key=True),
    sa.Column("bundle_sha256", sa.Text, nullable=False, index=True),  # migration 6
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
    # migration 5: what the import could not vouch for (officials/trust.py), a JSON list
    sa.Column("trust", sa.Text, nullable=False, server_default="[]"),
    # migration 7: the inbox's order, and a case's reports (the case view asks for them)
    sa.Index("cases_inbox_order", "imported_at", "bundle_id"),
    sa.Index("cases_application", "application_id"),
)
# Bundles are files (storage/blobs.py), not rows: migration 4 moved the old ``bundles`` table
# (sha256, data) out and dropped it; a conflict's ``data`` is empty since then.
decisions_table = sa.Table(
    "decisions",
    metadata,
    sa.Column("decision_id", sa.Text, primary_key=True),
    sa.Column("bundle_id", sa.Text, sa.ForeignKey("cases.bundle_id"), nullable=False),
    sa.Column("decided_at", sa.Text, nullable=False),
    sa.Column("file", sa.LargeBinary, nullable=False),
    sa.Column("decided_by", sa.Text),  # migration 2
    # migration 3: decision version 1, 2, ... per case; only the newest is current, the
    # one before it is superseded by it (both enforced by unique indexes, on either database)
    sa.Column("version", sa.Integer),
    sa.Column("current", sa.Integer, nullable=False, server_default="1"),
    sa.Column("superseded_by", sa.Text),
    sa.Index("decisions_version", "bundle_id", "version", unique=True),
    sa.Index(
        "decisions_one_current",
        "bundle_id",
        unique=True,
        sqlite_where=sa.text("current = 1"),
        postgresql_where=sa.text("current = 1"),
    ),
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
kept_apart_table = sa.Table(  # migration 5: reports whose application is not in the store
    "kept_apart",
    metadata,
    sa.Column("bundle_sha256", sa.Text, primary_key=True),
    sa.Column("bundle_id", sa.Text, nullable=False),
    sa.Column("application_id", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("received_at", sa.Text, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    # migration 7: the import asks for each application it adds
    sa.Index("kept_apart_application", "application_id"),
)
version_table = sa.Table(
    "schema_version", metadata, sa.Column("version", sa.Integer, nullable=False)
)


def _migration_1(db: Connection, files: BlobFolder) -> None:
    """The tables (a store made before versioning already has the old ones: kept as is)."""
    metadata.create_all(db, checkfirst=True)


def _migration_2(db: Connection, files: BlobFolder) -> None:
    """Several officials: cases.revision, decisions.decided_by (and the audit table)."""
    inspector = sa.inspect(db)
    if "revision" not in {c["name"] for c in inspector.get_columns("cases")}:
        db.execute(sa.text("ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0"))
    if "decided_by" not in {c["name"] for c in inspector.get_columns("decisions")}:
        db.execute(sa.text("ALTER TABLE decisions ADD COLUMN decided_by TEXT"))
    metadata.create_all(db, tables=[audit_table], checkfirst=True)


def _migration_3(db: Connection, files: BlobFolder) -> None:
    """Numbered decision versions: each case's decisions get 1, 2, ... in the order they were
    taken, the newest is the current one, the others superseded by the next; the case's
    revision is its number of decisions (a decision is taken from the version it saw)."""
    columns = {c["name"] for c in sa.inspect(db).get_columns("decisions")}
    if "version" not in columns:
        db.execute(sa.text("ALTER TABLE decisions ADD COLUMN version INTEGER"))
    if "current" not in columns:
        db.execute(sa.text("ALTER TABLE decisions ADD COLUMN current INTEGER NOT NULL DEFAULT 1"))
    if "superseded_by" not in columns:
        db.execute(sa.text("ALTER TABLE decisions ADD COLUMN superseded_by TEXT"))
    d = decisions_table.c
    rows = db.execute(
        sa.select(d.decision_id, d.bundle_id).order_by(d.bundle_id, d.decided_at, d.decision_id)
    ).all()
    per_case: dict[str, list[str]] = {}
    for decision_id, bundle_id in rows:
        per_case.setdefault(bundle_id, []).append(decision_id)
    for bundle_id, ids in per_case.items():
        for number, decision_id in enumerate(ids, start=1):
            newer = ids[number] if number < len(ids) else None
            db.execute(
                decisions_table.update()
                .where(d.decision_id == decision_id)
                .values(version=number, current=int(newer is None), superseded_by=newer)
            )
        db.execute(
            cases_table.update()
            .where(cases_table.c.bundle_id == bundle_id)
            .values(revision=len(ids))
        )
    for index in decisions_table.indexes:
        index.create(db, checkfirst=True)


def _migration_4(db: Connection, files: BlobFolder) -> None:
    """Bundles as files beside the database: every stored bundle (and every conflict's) is
    written to the files folder, then the rows lose their bytes. The files are written before
    the transaction commits: a failed migration leaves only files that are named by their
    content, and runs again next time."""
    if sa.inspect(db).has_table("bundles"):
        for (data,) in db.execute(sa.text("SELECT data FROM bundles")):
            files.put(bytes(data))
        db.execute(sa.text("DROP TABLE bundles"))
    c = conflicts_table.c
    for conflict_id, data in db.execute(sa.select(c.id, c.data).where(sa.func.length(c.data) > 0)):
        files.put(bytes(data))
        db.execute(conflicts_table.update().where(c.id == conflict_id).values(data=b""))


def _migration_5(db: Connection, files: BlobFolder) -> None:
    """Trust shown: cases.trust (the import's marks), the kept_apart table."""
    if "trust" not in {c["name"] for c in sa.inspect(db).get_columns("cases")}:
        db.execute(sa.text("ALTER TABLE cases ADD COLUMN trust TEXT NOT NULL DEFAULT '[]'"))
    metadata.create_all(db, tables=[kept_apart_table], checkfirst=True)


def _migration_6(db: Connection, files: BlobFolder) -> None:
    """An index on cases.bundle_sha256: a known bundle is found by its hash before the full
    check (re-importing a batch stays fast)."""
    for index in cases_table.indexes:
        if [c.name for c in index.columns] == ["bundle_sha256"]:  # 7 makes the others
            index.create(db, checkfirst=True)


def _migration_7(db: Connection, files: BlobFolder) -> None:
    """Indexes for the inbox's order (imported_at, bundle_id), a case's reports
    (cases.application_id) and the reports kept apart for an application the import adds
    (kept_apart.application_id)."""
    for table in (cases_table, kept_apart_table):
        for index in table.indexes:
            index.create(db, checkfirst=True)


MIGRATIONS: tuple[Callable[[Connection, BlobFolder], None], ...] = (
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
    _migration_7,
)
"""Numbered by position (1, 2, ...): append, never change one that has shipped."""
_NAMED_MIGRATIONS: tuple[Callable[..., None], ...] = MIGRATIONS

FILE_DAMAGED = N_(
    "Het bestand van deze aanvraag ontbreekt of is veranderd in de map met bestanden "
    "({folder}). Zet de map terug uit de reservekopie, of lees de bundel opnieuw in."
)

DECIDED_ELSEWHERE = N_(
    "Een collega heeft deze aanvraag net besloten ({outcome}; besluit versie {version}). "
    "Uw besluit is niet opgeslagen. Open de aanvraag opnieuw en kijk of u het besluit wilt "
    "herzien."
)
_STATUS_WORDS = Texts(
    {
        "granted": N_("toegekend"),
        "rejected": N_("afgewezen"),
        "settled": N_("vastgesteld"),
        "received": N_("nog niet besloten"),
    }
)


def official_name() -> str:
    """Who is deciding: the setting, else the OS user's name."""
    name = os.environ.get(OFFICIAL_SETTING, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "onbekend"


def store_location(folder: Path) -> Path | str:
    """Where the officials' window keeps its cases: the setting's URL, else the folder."""
    url = os.environ.get(STORE_SETTING, "").strip()
    return url if is_url(url) else folder


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
    imported_at: str
    revision: int = 0
    """how often the case was decided: a decision is taken from the revision seen"""
    application_id: uuid.UUID | None = None
    """a report's application (None for an application)"""
    trust: tuple[TrustMark, ...] = ()
    """what the import could not vouch for ("niet ondertekend", ...): officials/trust.py"""
    verdicts_json: tuple[str, str] = field(default=("[]", "[]"), repr=False)
    """the verdicts at signing and now as stored: read into lists only when asked for (an
    inbox of 10,000 cases shows none of them)"""

    @functools.cached_property
    def verdicts_at_signing(self) -> list[dict]:
        return _json_list(self.verdicts_json[0])

    @functools.cached_property
    def verdicts_now(self) -> list[dict]:
        return _json_list(self.verdicts_json[1])


class CaseStore:
    """A case store: a folder (SQLite file ``cases.sqlite`` in it) or a PostgreSQL URL.

    ``folder`` is where files beside the database live (the quarantine, the keys); for a URL
    it is given separately (default: the user's data folder for the officials). The bundles
    are files in ``files``: for a folder store its ``files/``; for a URL the folder
    ``KLEIN_INITIATIEF_STORE_FILES`` names, else ``folder/files``."""

    def __init__(
        self, location: Path | str, folder: Path | None = None, files: Path | None = None
    ) -> None:
        self.url: str | None = None
        if is_url(location):
            self.url = str(location)
            self.folder = (
                folder or Path.home() / ".local" / "share" / "klein-initiatief" / "officials"
            )
            self.path = self.folder / "cases.postgresql"  # no file: a name for messages
            setting = os.environ.get(FILES_SETTING, "").strip()
            files = files or (Path(setting) if setting else self.folder / "files")
            self.engine = postgresql_engine(self.url)
        else:
            self.folder = Path(location)
            self.path = self.folder / "cases.sqlite"
            create_private_file(self.path)  # owner-only folder and file (0700/0600)
            files = files or self.folder / "files"
            self.engine = sqlite_engine(self.path)
        self.files = BlobFolder(files)
        self._migrate()
        if self.url is None:
            private_companions(self.path)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()
        self.files.close()

    def _migrate(self) -> None:
        steps = [functools.partial(step, files=self.files) for step in _NAMED_MIGRATIONS]
        migrate(self.engine, version_table, steps, lock_id=461827)

    def schema_version(self) -> int:
        return schema_version(self.engine, version_table)

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
        with self.engine.connect() as db:
            return _has_bundle(db, digest)

    def known_bundles(self, digests: Collection[str]) -> set[str]:
        """Which of these bundle hashes were imported as cases (one query for a group)."""
        if not digests:
            return set()
        c = cases_table.c
        # Only what is committed, also while an import's group still holds the write lock:
        # the import looks up its next group before the last one commits (importer.py).
        with self.engine.connect().execution_options(**{READ_ONLY: True}) as db:
            rows = db.execute(
                sa.select(c.bundle_sha256).where(
                    c.bundle_sha256.in_(sa.bindparam("digests", expanding=True))
                ),
                {"digests": sorted(digests)},
            )
            return {r[0] for r in rows}

    def add_case(
        self, row: Mapping[str, Any], data: bytes, received_at: str
    ) -> Literal["imported", "already_imported", "conflict"]:
        """Keep a checked bundle as a case, in one transaction: the same bundle again is
        "already_imported"; the same id with other content is kept apart as a conflict."""
        self.files.put(data, row["bundle_sha256"])  # the file first: a row never points at nothing
        with self.transaction() as db:
            return _add_case(db, self._insert, row, received_at)

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
            return _keep_apart(
                db, self._insert, bundle_id, application_id, digest, source, received_at, data
            )

    def kept_apart(self, application_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
        """The reports kept apart (oldest first), or those about one application; each with
        bundle_id, application_id, source, received_at, bundle_sha256 and data."""
        with self.engine.connect() as db:
            return _kept_apart(db, application_id)

    def release_kept_apart(self, digest: str) -> None:
        """A kept-apart report was imported after all (its application arrived)."""
        with self.transaction() as db:
            _release_kept_apart(db, digest)

    @contextmanager
    def import_group(self) -> Iterator[ImportGroup]:
        """Several bundles imported in one transaction (officials/importer.py): each bundle in
        a savepoint of its own (``ImportGroup.bundle``), so each is still all or nothing; the
        files written meanwhile are made durable at once, then one commit keeps them all. A
        bundle counts as imported only when this block has ended without an error."""
        with self.engine.connect() as db:
            try:
                with db.begin():
                    yield ImportGroup(self, db)
                    self.files.sync()  # the files before the rows that name them
            finally:
                self.files.forget_unsynced()

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

    def cases(
        self,
        *,
        regeling_id: str | None = None,
        area: str | None = None,
        status: str | None = None,
        text: str | None = None,
    ) -> list[Case]:
        """The cases, oldest first; optionally only those of a regeling, area or status, or
        with ``text`` in the title or the applicant's name (case-insensitive), filtered by
        the database. The document itself is not read (``document_json``)."""
        c = cases_table.c
        query = sa.select(*_CASE_COLUMNS).order_by(c.imported_at, c.bundle_id)
        for column, wanted in ((c.regeling_id, regeling_id), (c.area, area), (c.status, status)):
            if wanted is not None:
                query = query.where(column == wanted)
        if text:
            pattern = (
                "%"
                + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%"
            )
            query = query.where(
                sa.or_(
                    sa.func.lower(c.title).like(pattern, escape="\\"),
                    sa.func.lower(c.applicant).like(pattern, escape="\\"),
                )
            )
        with self.engine.connect() as db:
            rows = db.execute(query).mappings().all()  # one fetch, not one per row
        return [_case(row) for row in rows]

    def case(self, bundle_id: uuid.UUID) -> Case | None:
        with self.engine.connect() as db:
            return _one_case(db, bundle_id)

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
        """The bundle as it was imported (empty for an unknown case); a file that is missing
        or changed on disk is a ``UserError`` ``store.file_damaged``, never passed on."""
        digest = self.existing_sha256(bundle_id)
        if digest is None:
            return b""
        try:
            return self.files.get(digest)
        except DamagedFileError as exc:
            raise UserError(
                "store.file_damaged",
                text(FILE_DAMAGED, folder=str(self.files.folder)),
            ) from exc

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
                raise _decided_elsewhere(db, bundle_id)
            d = decisions_table.c
            previous = db.execute(
                sa.select(d.decision_id, d.version).where(d.bundle_id == bundle_id, d.current == 1)
            ).first()
            earlier = db.execute(
                sa.select(sa.func.count()).where(d.bundle_id == bundle_id)
            ).scalar_one()
            version = int(earlier) + 1
            decision_id, decided_at, file = make_file(version)
            if previous is not None:  # a revision: the old decision stays, superseded
                db.execute(
                    decisions_table.update()
                    .where(d.decision_id == previous[0])
                    .values(current=0, superseded_by=decision_id)
                )
            db.execute(
                decisions_table.insert().values(
                    decision_id=decision_id,
                    bundle_id=bundle_id,
                    decided_at=decided_at,
                    file=file,
                    decided_by=who,
                    version=version,
                    current=1,
                )
            )
            db.execute(
                audit_table.insert().values(
                    at=decided_at,
                    official=who,
                    action="decide" if previous is None else "revise",
                    bundle_id=bundle_id,
                    detail=json.dumps(
                        {
                            "status": status,
                            "granted": f"{granted:.2f}" if granted else None,
                            "sequence": version,
                            "version": version,
                            "decision_id": decision_id,
                            "supersedes": previous[0] if previous is not None else None,
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

    def decision_versions(self, bundle_id: uuid.UUID) -> list[dict[str, Any]]:
        """Every decision about a case, version 1 first: who, when, current or superseded."""
        d = decisions_table.c
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(
                    d.decision_id, d.version, d.decided_at, d.decided_by, d.current, d.superseded_by
                )
                .where(d.bundle_id == str(bundle_id))
                .order_by(d.version)
            ).mappings()
            return [dict(r) | {"current": bool(r["current"])} for r in rows]

    def cases_with_several_current_decisions(self) -> list[str]:
        """Should always be empty (the store refuses it): for checks and tests."""
        d = decisions_table.c
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(d.bundle_id)
                .where(d.current == 1)
                .group_by(d.bundle_id)
                .having(sa.func.count() > 1)
            )
            return [r[0] for r in rows]

    def decisions(self, bundle_id: uuid.UUID) -> list[dict[str, Any]]:
        """Who decided what and when (the audit trail of one case), oldest first."""
        with self.engine.connect() as db:
            rows = db.execute(
                sa.select(audit_table)
                .where(audit_table.c.bundle_id == str(bundle_id))
                .order_by(audit_table.c.id)
            ).mappings()
            return [dict(r) | {"detail": json.loads(r["detail"])} for r in rows]


_CASE_COLUMNS = [c for c in cases_table.c if c.name != "document_json"]


class ImportGroup:
    """The store as the import sees it inside ``CaseStore.import_group``: the same questions
    and writes as CaseStore's, on the group's one connection (so a bundle sees the bundles
    before it in the group), files written now and made durable before the group commits."""

    def __init__(self, store: CaseStore, db: Connection) -> None:
        self.db, self.folder, self.files = db, store.folder, _LaterFiles(store.files)
        self._insert = store._insert
        self._none_kept_apart = db.execute(_ANY_KEPT_APART).first() is None
        """no report waits for its application: nothing to look for after each import"""
        self._cursor: Any = None
        self._compiled: dict[
            tuple[int, tuple[str, ...]], tuple[str, tuple[str, ...] | None] | None
        ] = {}

    @contextmanager
    def bundle(self) -> Iterator[None]:
        """One bundle's writes, all or nothing: an error rolls back to the savepoint (only
        this bundle's writes) and is raised on; the group goes on with the next bundle. In
        plain SQL on the driver's own cursor: through SQLAlchemy (``begin_nested``, even
        ``exec_driver_sql``) each savepoint cost more than the bundle's insert (issue 20)."""
        self._plain("SAVEPOINT import_bundle")
        try:
            yield
        except BaseException:
            self._plain("ROLLBACK TO SAVEPOINT import_bundle")
            self._plain("RELEASE SAVEPOINT import_bundle")
            raise
        self._plain("RELEASE SAVEPOINT import_bundle")

    def _plain(self, statement: str, values: Any = None) -> Any:
        """``statement`` on the group's connection, inside its transaction; the driver's
        errors raised as SQLAlchemy's, as every other statement of the store raises them.
        The cursor, to fetch from before the next statement."""
        if self._cursor is None:
            self._cursor = self.db.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        error = self.db.dialect.loaded_dbapi.Error
        try:
            if values is None:
                self._cursor.execute(statement)
            else:
                self._cursor.execute(statement, values)
        except error as exc:
            raise sa.exc.DBAPIError.instance(statement, values, exc, error) from exc
        return self._cursor

    def _run(self, statement: sa.Executable, params: Mapping[str, Any]) -> Any:
        """One of the statements every bundle runs, compiled once per group (and set of
        parameter names) and run on the driver's cursor: through SQLAlchemy each cost three
        times what SQLite itself took (~0.1 ms a bundle each, issue 20)."""
        key = (id(statement), tuple(params))
        if key not in self._compiled:
            compiled: Any = statement.compile(  # type: ignore[attr-defined]
                dialect=self.db.dialect, column_keys=list(params)
            )
            plain = not compiled._bind_processors and set(compiled.binds) == set(params)
            # Else a column type that converts its values, or parameters under other names
            # (neither with these statements): SQLAlchemy's way.
            order = tuple(compiled.positiontup) if compiled.positional else None
            self._compiled[key] = (compiled.string, order) if plain else None
        found = self._compiled[key]
        if found is None:
            return self.db.execute(statement, params)
        sql, order = found
        return self._plain(sql, params if order is None else tuple(params[n] for n in order))

    def has_bundle(self, digest: str) -> bool:
        return _has_bundle(self.db, digest)

    def case(self, bundle_id: uuid.UUID) -> Case | None:
        return _one_case(self.db, bundle_id)

    def add_case(
        self, row: Mapping[str, Any], data: bytes, received_at: str
    ) -> Literal["imported", "already_imported", "conflict"]:
        self.files.put(data, row["bundle_sha256"])
        return _add_case(self.db, self._insert, row, received_at, run=self._run)

    def keep_apart(
        self,
        bundle_id: str,
        application_id: str,
        digest: str,
        source: str,
        received_at: str,
        data: bytes,
    ) -> bool:
        self._none_kept_apart = False
        return _keep_apart(
            self.db, self._insert, bundle_id, application_id, digest, source, received_at, data
        )

    def kept_apart(self, application_id: uuid.UUID | None = None) -> list[dict[str, Any]]:
        if self._none_kept_apart:
            return []
        return _kept_apart(self.db, application_id)

    def release_kept_apart(self, digest: str) -> None:
        _release_kept_apart(self.db, digest)


class _LaterFiles:
    """The store's files, written without waiting for the disk (synced before the commit)."""

    def __init__(self, files: BlobFolder) -> None:
        self._files = files

    def put(self, data: bytes, digest: str) -> str:
        """``digest`` is the SHA-256 the bundle's check computed from these very bytes."""
        return self._files.put_hashed(data, digest, later=True)


# The import's statements, built once: a statement made anew per bundle costs more to build
# than to run (SQLAlchemy's cache key), and a group runs them thousands of times.
_HAS_BUNDLE = sa.select(cases_table.c.bundle_id).where(
    cases_table.c.bundle_sha256 == sa.bindparam("digest")
)
_ONE_CASE = sa.select(*_CASE_COLUMNS).where(cases_table.c.bundle_id == sa.bindparam("bundle_id"))
_SAME_ID = (
    sa.select(cases_table.c.bundle_sha256)
    .where(cases_table.c.bundle_id == sa.bindparam("bundle_id"))
    .with_for_update()
)
_INSERT_CASE = cases_table.insert()
_KEPT_APART = sa.select(kept_apart_table).order_by(
    kept_apart_table.c.received_at, kept_apart_table.c.bundle_sha256
)
_ANY_KEPT_APART = sa.select(kept_apart_table.c.bundle_sha256).limit(1)
_KEPT_APART_FOR = _KEPT_APART.where(
    kept_apart_table.c.application_id == sa.bindparam("application_id")
)
_RELEASE = kept_apart_table.delete().where(
    kept_apart_table.c.bundle_sha256 == sa.bindparam("digest")
)


def _has_bundle(db: Connection, digest: str) -> bool:
    return db.execute(_HAS_BUNDLE, {"digest": digest}).first() is not None


def _one_case(db: Connection, bundle_id: uuid.UUID) -> Case | None:
    row = db.execute(_ONE_CASE, {"bundle_id": str(bundle_id)}).mappings().first()
    return _case(row) if row else None


def _add_case(
    db: Connection,
    insert: Callable[[sa.Table], Any],
    row: Mapping[str, Any],
    received_at: str,
    run: Callable[[sa.Executable, Mapping[str, Any]], Any] | None = None,
) -> Literal["imported", "already_imported", "conflict"]:
    """``run`` runs the two statements every case needs (and returns a cursor)."""
    run = run or db.execute
    bundle_id, digest = row["bundle_id"], row["bundle_sha256"]
    existing = run(_SAME_ID, {"bundle_id": bundle_id}).fetchone()
    if existing is not None and existing[0] == digest:
        return "already_imported"
    if existing is not None:
        db.execute(
            insert(conflicts_table)
            .values(
                bundle_id=bundle_id,
                bundle_sha256=digest,
                received_at=received_at,
                data=b"",  # the bundle is in the files folder, by its digest
            )
            .on_conflict_do_nothing()
        )
        return "conflict"
    run(_INSERT_CASE, dict(row))
    return "imported"


def _keep_apart(
    db: Connection,
    insert: Callable[[sa.Table], Any],
    bundle_id: str,
    application_id: str,
    digest: str,
    source: str,
    received_at: str,
    data: bytes,
) -> bool:
    done = db.execute(
        insert(kept_apart_table)
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


def _kept_apart(db: Connection, application_id: uuid.UUID | None) -> list[dict[str, Any]]:
    if application_id is None:
        rows = db.execute(_KEPT_APART)
    else:
        rows = db.execute(_KEPT_APART_FOR, {"application_id": str(application_id)})
    return [dict(r) for r in rows.mappings()]


def _release_kept_apart(db: Connection, digest: str) -> None:
    db.execute(_RELEASE, {"digest": digest})


def _decided_elsewhere(db: Connection, bundle_id: str) -> UserError:
    """The plain message for the official whose decision lost: who won, with what."""
    status, granted, revision = db.execute(
        sa.select(cases_table.c.status, cases_table.c.granted, cases_table.c.revision).where(
            cases_table.c.bundle_id == bundle_id
        )
    ).one()
    word = _STATUS_WORDS.get(str(status)) or Text(nl=str(status), en=str(status))
    amount = _money(granted)
    outcome = word
    if amount is not None:
        outcome = Text(
            **{
                language: f"{word.get(language)}: {format_money(amount, language)}"
                for language in word.languages()
            }
        )
    return UserError(
        "decide.decided_elsewhere",
        text(DECIDED_ELSEWHERE, outcome=outcome, version=str(revision)),
    )


@functools.lru_cache(maxsize=4096)
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
        verdicts_json=(row["verdicts_at_signing"], row["verdicts_now"]),
        imported_at=row["imported_at"],
        revision=int(row["revision"]),
        application_id=uuid.UUID(row["application_id"]) if row["application_id"] else None,
        trust=_marks(row["trust"]),
    )


@functools.lru_cache(maxsize=1024)
def _marks(text: str | None) -> tuple[TrustMark, ...]:
    """The same few texts ("[]", "niet ondertekend", ...) on thousands of cases: read once."""
    return marks_from_json(text)


def _json_list(text: str) -> list[dict]:
    value = json.loads(text)
    return value if isinstance(value, list) else []
