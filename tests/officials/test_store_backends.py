"""The case store on SQLite and on a real PostgreSQL server alike: import, two officials
deciding the same case at the same moment, and a store made by the previous version."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import sqlite3
import threading
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.core.clock import fixed_on
from desktop_app.core.errors import UserError
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.decide import decide, decision_file, reason_text
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import MIGRATIONS, CaseStore
from tests import postgres
from tests.conftest import DAY

SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
KEY = Ed25519PrivateKey.generate()


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path):
    """Where a fresh store lives: a folder, or a new database on the throw-away server."""
    if request.param == "sqlite":
        return tmp_path / "store"
    return postgres.new_database(request.getfixturevalue("pg_server"))


def _bundle(amsterdam, **answers) -> tuple[uuid.UUID, bytes]:
    application = example_application(amsterdam, fixed_on(DAY))
    application.answers = copy.deepcopy(application.answers) | answers
    signer = ephemeral_signer("Buurtmaaltijd")
    return application.id, write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)


def _open(location, tmp_path) -> CaseStore:
    return CaseStore(location, tmp_path / "files")


def test_import_then_again_then_changed_content(location, tmp_path, catalog, amsterdam) -> None:
    store = _open(location, tmp_path)
    case_id, bundle = _bundle(amsterdam)
    first = import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))
    again = import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))
    assert (first.status, again.status) == ("imported", "already_imported")
    (case,) = store.cases()
    assert case.bundle_id == case_id and case.revision == 0 and case.status == "received"
    assert store.bundle_bytes(case_id) == bundle
    packs = list(store.files.folder.glob("packs/*.pack"))  # files beside the database
    assert [p.read_bytes().count(bundle) for p in packs] == [1]
    with store.transaction() as db:
        assert not sa.inspect(db).has_table("bundles")  # no bundle bytes in rows
    store.set_intake_cursor("https://intake", 7)
    store.set_intake_cursor("https://intake", 3)  # never backwards
    assert store.intake_cursor("https://intake") == 7
    store.close()


def test_a_bundle_file_changed_on_disk_is_not_passed_on(location, tmp_path, catalog, amsterdam):
    store = _open(location, tmp_path)
    case_id, bundle = _bundle(amsterdam)
    import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))
    (pack,) = store.files.folder.glob("packs/*.pack")
    pack.write_bytes(pack.read_bytes().replace(b"Buurtmaaltijd", b"Buurtmaaltije"))
    with pytest.raises(UserError) as raised:
        store.bundle_bytes(case_id)
    assert raised.value.code == "store.file_damaged"
    assert "reservekopie" in raised.value.message.nl
    import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))  # imported again: repaired
    assert store.bundle_bytes(case_id) == bundle
    store.close()


def test_two_officials_decide_the_same_case_at_once(location, tmp_path, catalog, amsterdam) -> None:
    store = _open(location, tmp_path)
    case_id, bundle = _bundle(amsterdam)
    import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))
    seen = store.case(case_id)  # both officials opened the case in its "received" state
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def official(name: str, outcome: str, amount: Decimal | None) -> None:
        own = _open(location, tmp_path)  # each official has their own connection
        start.wait()
        try:
            reason = reason_text("grant_full" if amount else "reject_rules", None, amount)
            decide(own, seen, outcome, amount, reason, KEY, "k1", fixed_on(DAY), official=name)
            results[name] = "decided"
        except UserError as error:
            results[name] = error
        finally:
            own.close()

    threads = [
        threading.Thread(target=official, args=("Anna", "grant", Decimal("1000.00"))),
        threading.Thread(target=official, args=("Bram", "reject", None)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(str(type(r).__name__) for r in results.values()) == ["UserError", "str"]
    (refused,) = [r for r in results.values() if isinstance(r, UserError)]
    assert refused.code == "decide.decided_elsewhere"
    assert refused.message.nl.startswith("Een collega heeft deze aanvraag net besloten")
    assert len(store.decision_files(case_id)) == 1
    (winner,) = [name for name, r in results.items() if r == "decided"]
    (audit,) = store.decisions(case_id)
    assert audit["official"] == winner and audit["action"] == "decide"
    assert store.case(case_id).revision == 1
    # The loser reopens the case and revises it on purpose: a second, numbered decision.
    fresh = store.case(case_id)
    decide(
        store,
        fresh,
        "reject",
        None,
        reason_text("reject_rules", None, None),
        KEY,
        "k1",
        fixed_on(DAY),
        official="Bram",
    )
    assert len(store.decision_files(case_id)) == 2
    assert [d["official"] for d in store.decisions(case_id)] == [winner, "Bram"]
    assert decision_file(store, case_id) is not None
    store.close()


def test_a_store_made_by_the_previous_version_opens_and_migrates(
    tmp_path, catalog, amsterdam
) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    old = sqlite3.connect(folder / "cases.sqlite")
    old.executescript(OLD_SCHEMA)
    case_id, bundle = _bundle(amsterdam)
    digest = hashlib.sha256(bundle).hexdigest()
    old.execute(
        "INSERT INTO cases (bundle_id, bundle_sha256, imported_at, kind, regeling_id, "
        "regeling_version, signed, title, applicant, natural_person, blocking, warnings, "
        "verdicts_at_signing, verdicts_now, document_json, requested) "
        "VALUES (?, ?, '2026-03-02T10:00:00+01:00', 'application', ?, ?, 1, 'Buurtfeest', "
        "'J. Jansen', 1, 0, 0, '[]', '[]', '{}', '450.00')",
        (str(case_id), digest, amsterdam.id, amsterdam.version),
    )
    old.execute("INSERT INTO bundles (sha256, data) VALUES (?, ?)", (digest, bundle))
    other = b"PK other content under the same id"
    old.execute(
        "INSERT INTO conflicts (bundle_id, bundle_sha256, received_at, data) VALUES (?, ?, ?, ?)",
        (str(case_id), hashlib.sha256(other).hexdigest(), "2026-03-03", other),
    )
    old.commit()
    old.close()
    store = CaseStore(folder)
    assert store.schema_version() == len(MIGRATIONS)
    # The bundles moved out of the database into files named by their content.
    assert store.bundle_bytes(case_id) == bundle
    assert (folder / "files" / digest[:2] / digest).read_bytes() == bundle
    assert store.files.get(hashlib.sha256(other).hexdigest()) == other
    with store.transaction() as db:
        assert not sa.inspect(db).has_table("bundles")
        assert db.exec_driver_sql("SELECT max(length(data)) FROM conflicts").scalar() == 0
    (case,) = store.cases()
    assert (case.bundle_id, case.title, case.requested, case.revision) == (
        case_id,
        "Buurtfeest",
        Decimal("450.00"),
        0,
    )
    decide(
        store,
        case,
        "grant",
        Decimal("450.00"),
        reason_text("grant_full", None, Decimal("450.00")),
        KEY,
        "k1",
        fixed_on(DAY),
        official="Anna",
    )
    assert store.case(case_id).status == "granted"
    assert store.decisions(case_id)[0]["official"] == "Anna"
    store.close()
    assert CaseStore(folder).schema_version() == len(MIGRATIONS)  # opening again: no-op


OLD_SCHEMA = """
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


def test_decisions_of_the_previous_version_become_numbered_versions(tmp_path, amsterdam) -> None:
    """A case decided twice before versions existed: version 1 superseded by version 2."""
    folder = tmp_path / "old"
    folder.mkdir()
    old = sqlite3.connect(folder / "cases.sqlite")
    old.executescript(OLD_SCHEMA)
    case_id = str(uuid.uuid4())
    old.execute(
        "INSERT INTO cases (bundle_id, bundle_sha256, imported_at, kind, regeling_id, "
        "regeling_version, signed, title, applicant, natural_person, blocking, warnings, "
        "verdicts_at_signing, verdicts_now, document_json, status, granted) "
        "VALUES (?, 'ab', '2026-03-02T10:00:00+01:00', 'application', ?, ?, 1, 'Buurtfeest', "
        "'J. Jansen', 1, 0, 0, '[]', '[]', '{}', 'granted', '300.00')",
        (case_id, amsterdam.id, amsterdam.version),
    )
    for decision_id, at in (("d-late", "2026-03-05T09:00:00+01:00"), ("d-early", "2026-03-03")):
        old.execute(
            "INSERT INTO decisions (decision_id, bundle_id, decided_at, file) VALUES (?, ?, ?, ?)",
            (decision_id, case_id, at, b"{}"),
        )
    old.commit()
    old.close()
    store = CaseStore(folder)
    versions = store.decision_versions(uuid.UUID(case_id))
    assert [(v["decision_id"], v["version"], v["current"]) for v in versions] == [
        ("d-early", 1, False),
        ("d-late", 2, True),
    ]
    assert versions[0]["superseded_by"] == "d-late"
    assert store.case(uuid.UUID(case_id)).revision == 2  # the next decision is version 3
    with pytest.raises(sa.exc.IntegrityError), store.transaction() as db:  # the store refuses
        db.execute(sa.text("UPDATE decisions SET current = 1 WHERE decision_id = 'd-early'"))
    assert store.cases_with_several_current_decisions() == []
    store.close()


def test_the_inbox_filters_and_searches_in_the_database(location, tmp_path, catalog, amsterdam):
    store = _open(location, tmp_path)
    for _ in range(2):
        import_bundle(_bundle(amsterdam)[1], "a.zip", store, catalog, fixed_on(DAY))
    every = store.cases()
    title, area = every[0].title, every[0].area
    assert len(store.cases(text=title.upper()[2:8])) == 2  # case-insensitive, part of a word
    assert store.cases(text="100%") == [] and store.cases(text="_") == []  # no wildcards
    assert len(store.cases(area=area, status="received")) == 2
    assert store.cases(status="granted") == [] and store.cases(regeling_id="other") == []
    store.close()
