"""The import stores bundles in groups (one commit for many, a savepoint per bundle), on SQLite
and on a real PostgreSQL server: each bundle stays all or nothing, a bundle counts as imported
only once its group committed, and a known bundle is recognised by its hash alone."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate, evaluate_on
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials import bundle_check, importer
from desktop_app.officials import store as store_module
from desktop_app.officials.importer import import_paths
from desktop_app.officials.store import MIGRATIONS, CaseStore
from desktop_app.storage.blobs import BlobFolder
from tests import postgres
from tests.conftest import DAY

SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path):
    if request.param == "sqlite":
        return tmp_path / "store"
    return postgres.new_database(request.getfixturevalue("pg_server"))


@pytest.fixture(scope="module")
def signer():
    return ephemeral_signer("Buurtmaaltijd")


def _inbox(tmp_path: Path, amsterdam, signer, count: int) -> tuple[Path, list[uuid.UUID]]:
    folder = tmp_path / "inbox"
    folder.mkdir()
    ids = []
    for number in range(count):
        application = example_application(amsterdam, fixed_on(DAY))
        application.answers = copy.deepcopy(application.answers) | {
            "initiative_name": f"Buurtfeest {number}"
        }
        bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
        (folder / f"{number}.zip").write_bytes(bundle)
        ids.append(application.id)
    return folder, ids


def _open(location, tmp_path) -> CaseStore:
    return CaseStore(location, tmp_path / "files")


def test_a_bundle_failing_mid_group_is_undone_alone(
    location, tmp_path, catalog, amsterdam, signer, monkeypatch
) -> None:
    folder, ids = _inbox(tmp_path, amsterdam, signer, 3)
    store = _open(location, tmp_path)
    real_add = store_module._add_case

    def add_then_fail(db, insert, row, received_at, **how):
        kept = real_add(db, insert, row, received_at, **how)  # the row is written ...
        if row["bundle_id"] == str(ids[1]):
            raise RuntimeError("a fault after the insert")  # ... and must be undone
        return kept

    monkeypatch.setattr(store_module, "_add_case", add_then_fail)
    monkeypatch.setattr(importer, "GROUP_SECONDS", 3600.0)  # however slow this machine is
    commits = []
    real_group = CaseStore.import_group
    monkeypatch.setattr(
        CaseStore, "import_group", lambda self: commits.append(1) or real_group(self)
    )
    outcomes = import_paths([folder], store, catalog, fixed_on(DAY))
    assert len(commits) == 1  # the three were one group
    assert [o.status for o in outcomes] == ["imported", "rejected", "imported"]
    assert outcomes[1].code == "import.failed" and outcomes[1].quarantined
    assert {c.bundle_id for c in store.cases()} == {ids[0], ids[2]}
    assert store.case(ids[1]) is None
    monkeypatch.setattr(store_module, "_add_case", real_add)
    again = import_paths([folder], store, catalog, fixed_on(DAY))  # the fault is gone
    assert [o.status for o in again] == ["already_imported", "imported", "already_imported"]
    store.close()


def test_an_import_stopped_midway_keeps_nothing_of_its_open_group(
    location, tmp_path, catalog, amsterdam, signer, monkeypatch
) -> None:
    """The bundles checked before are already in the group's open transaction: stopping
    (Ctrl+C on the command line) rolls them back, the files with them, and leaves the store
    free for the next import."""
    folder, ids = _inbox(tmp_path, amsterdam, signer, 3)
    store = _open(location, tmp_path)
    real_check = bundle_check.check_bundle
    checked = []

    def stopped_at_the_third(data, *args):
        checked.append(data)
        if len(checked) == 3:
            raise KeyboardInterrupt
        return real_check(data, *args)

    monkeypatch.setattr(importer, "check_bundle", stopped_at_the_third)
    monkeypatch.setattr(importer, "GROUP_SECONDS", 3600.0)  # the three are one group
    with pytest.raises(KeyboardInterrupt):
        import_paths([folder], store, catalog, fixed_on(DAY))
    assert store.cases() == []
    assert [p.stat().st_size for p in store.files.folder.glob("packs/*.index")] in ([], [0])
    monkeypatch.undo()
    other = _open(location, tmp_path)  # no lock left behind, nothing half-kept
    again = import_paths([folder], other, catalog, fixed_on(DAY))
    assert [o.status for o in again] == ["imported"] * 3
    assert {c.bundle_id for c in store.cases()} == set(ids)
    other.close()
    store.close()


def test_a_group_that_cannot_commit_keeps_nothing_and_says_so(
    location, tmp_path, catalog, amsterdam, signer, monkeypatch
) -> None:
    folder, _ = _inbox(tmp_path, amsterdam, signer, 3)
    store = _open(location, tmp_path)

    def disk_full(self) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(BlobFolder, "sync", disk_full)  # the files cannot be made durable
    outcomes = import_paths([folder], store, catalog, fixed_on(DAY))
    assert {(o.status, o.code) for o in outcomes} == {("rejected", "import.store_failed")}
    assert all(o.quarantined is None for o in outcomes)  # not the bundles' fault
    assert store.cases() == []
    monkeypatch.undo()
    assert [o.status for o in import_paths([folder], store, catalog, fixed_on(DAY))] == [
        "imported"
    ] * 3
    store.close()


def test_progress_says_imported_only_when_anyone_can_see_the_case(
    location, tmp_path, catalog, amsterdam, signer, monkeypatch
) -> None:
    folder, _ = _inbox(tmp_path, amsterdam, signer, 4)
    monkeypatch.setattr(importer, "GROUP_BUNDLES", 2)  # two groups at least, and commits
    store = _open(location, tmp_path)
    other = _open(location, tmp_path)  # a colleague's window on the same store
    seen = []

    def progress(number, total, outcome) -> None:
        seen.append((number, total, outcome.status, other.case(uuid.UUID(outcome.bundle_id))))

    import_paths([folder], store, catalog, fixed_on(DAY), progress)
    assert [(n, t, s) for n, t, s, _ in seen] == [(n, 4, "imported") for n in range(1, 5)]
    assert all(case is not None for *_, case in seen)  # committed before it was told
    other.close()
    store.close()


def test_a_known_bundle_is_recognised_by_its_hash_without_the_full_check(
    location, tmp_path, catalog, amsterdam, signer, monkeypatch
) -> None:
    folder, _ = _inbox(tmp_path, amsterdam, signer, 2)
    store = _open(location, tmp_path)
    assert [o.status for o in import_paths([folder], store, catalog, fixed_on(DAY))] == [
        "imported"
    ] * 2
    checked = []

    def signature_now_refused(data: bytes):
        checked.append(data)
        raise AssertionError("the full check ran for a known bundle")

    monkeypatch.setattr(bundle_check, "read_bundle", signature_now_refused)
    again = import_paths([folder], store, catalog, fixed_on(DAY))
    assert [(o.status, o.code) for o in again] == [
        ("already_imported", "import.already_imported")
    ] * 2
    assert checked == []
    assert again[0].message.en == "This bundle was imported before."
    store.close()


def test_rules_that_do_not_read_the_day_run_once_with_the_same_verdicts(
    catalog, amsterdam, monkeypatch
) -> None:
    application = example_application(amsterdam, fixed_on(DAY))
    days = (DAY, DAY + dt.timedelta(days=200), DAY - dt.timedelta(days=40))
    expected = tuple(evaluate(amsterdam, application, day) for day in days)
    runs: dict[str, int] = {}
    for rule in amsterdam.application.rules:
        kind = type(rule)
        if kind.__name__ in runs:
            continue
        runs[kind.__name__] = 0
        real = kind.check

        def counted(self, ctx, _real=real, _name=kind.__name__):
            runs[_name] += 1
            return _real(self, ctx)

        monkeypatch.setattr(kind, "check", counted)
    assert evaluate_on(amsterdam, application, days) == expected
    # the rules about a date (weeks before the activity, a deadline, a window): once a day
    reads_day = {"LeadTime", "ReportDeadline", "DatePassed", "MaxLeadTime", "ApplicationWindow"}
    assert runs.get("LeadTime") == len(days)
    per_kind = {
        type(r).__name__: sum(1 for x in amsterdam.application.rules if type(x) is type(r))
        for r in amsterdam.application.rules
    }
    for name, count in runs.items():
        if count and name not in reads_day:
            assert count == per_kind[name], name  # once, not once per day


def test_a_store_of_the_previous_version_gets_the_new_indexes(location, tmp_path) -> None:
    store = _open(location, tmp_path)
    with store.transaction() as db:
        for name in ("cases_inbox_order", "cases_application", "kept_apart_application"):
            db.exec_driver_sql(f"DROP INDEX {name}")
        db.exec_driver_sql("UPDATE schema_version SET version = 6")
    store.close()
    store = _open(location, tmp_path)
    assert store.schema_version() == len(MIGRATIONS) == 7
    with store.engine.connect() as db:
        inspector = sa.inspect(db)
        names = {i["name"] for t in ("cases", "kept_apart") for i in inspector.get_indexes(t)}
    assert {"cases_inbox_order", "cases_application", "kept_apart_application"} <= names
    store.close()


def test_a_file_larger_than_any_bundle_is_refused_without_reading_it_whole(
    tmp_path, catalog
) -> None:
    """A file over the bundle limit (sparse, so it costs no disk) is refused as too large,
    and so is an empty one as not a bundle; the import goes on and keeps neither."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    with (folder / "huge.zip").open("wb") as huge:
        huge.truncate(importer.MAX_BUNDLE_BYTES + 10)
    (folder / "leeg.zip").write_bytes(b"")
    store = CaseStore(tmp_path / "store", tmp_path / "files")
    huge_outcome, empty_outcome = import_paths([folder], store, catalog, fixed_on(DAY))
    assert (huge_outcome.source, huge_outcome.code) == ("huge.zip", "bundle.too_large")
    assert empty_outcome.status == "rejected" and empty_outcome.code != "bundle.too_large"
    assert store.cases() == []
