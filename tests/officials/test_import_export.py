"""Officials import bundles in bulk and export them: real bundles, real SQLite, real files."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import hashlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import openpyxl
import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import example_application, parse_document
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.service import default_signature, make_pdf
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.export import CSV_COLUMNS, to_csv, to_xlsx
from desktop_app.officials.importer import import_bundle, import_paths
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY, ROOT
from tests.documents.hostile import corpus

SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def signer():
    return ephemeral_signer("Buurtmaaltijd")


@pytest.fixture(scope="module")
def pdf(amsterdam, signer) -> bytes:
    application = example_application(amsterdam, fixed_on(DAY))
    verdicts = evaluate(amsterdam, application, DAY).verdicts
    clock = fixed_on(DAY)
    block = default_signature(amsterdam, application, clock)
    return make_pdf(application, amsterdam, verdicts, block, signer, None, clock).pdf


@pytest.fixture
def make_bundle(amsterdam, signer, pdf):
    def build(**answers) -> tuple[uuid.UUID, bytes]:
        application = example_application(amsterdam, fixed_on(DAY))
        application.answers = copy.deepcopy(application.answers) | answers
        return application.id, write_bundle(application, pdf, {}, signer, SIGNED_ON)

    return build


def state_of(folder: Path) -> dict[str, str]:
    """What is on disk, byte for byte (the -shm index aside, which readers may touch; the
    quarantine folder aside, where refused bundles are set apart)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and not p.name.endswith("-shm")
    }


def test_import_then_again_then_same_id_other_content(
    tmp_path, catalog, clock, make_bundle
) -> None:
    store = CaseStore(tmp_path / "store")
    bundle_id, bundle = make_bundle()
    first = import_bundle(bundle, "a.zip", store, catalog, clock)
    assert (first.status, first.bundle_id) == ("imported", str(bundle_id))
    again = import_bundle(bundle, "a-copy.zip", store, catalog, clock)
    assert again.status == "already_imported"
    assert "al eerder ingelezen" in again.message.nl

    other_document = parse_document(read_bundle(bundle).members["data.json"])
    other_document.answers["initiative_name"] = "Iets anders"
    signer = ephemeral_signer("Iemand anders")
    changed = write_bundle(other_document, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
    conflict = import_bundle(changed, "b.zip", store, catalog, clock)
    assert conflict.status == "conflict"
    assert [c.title for c in store.cases()] == ["Buurtmaaltijd Van der Pekbuurt"]
    assert [c[0] for c in store.conflicts()] == [str(bundle_id)]


def test_every_hostile_bundle_is_rejected_and_changes_nothing(
    tmp_path, catalog, clock, make_bundle, signer
) -> None:
    store = CaseStore(tmp_path / "store")
    _, good = make_bundle()
    import_bundle(good, "good.zip", store, catalog, clock)
    before = state_of(tmp_path / "store")
    cases = corpus(good, signer)
    assert len(cases) >= 15
    for case in cases:
        outcome = import_bundle(case.data, case.name, store, catalog, clock)
        assert outcome.status == "rejected", case.name
        assert outcome.code == case.code, case.name
        assert outcome.message.nl and outcome.message.en
        kept = Path(outcome.quarantined)
        assert kept.read_bytes() == case.data, case.name
        assert case.code in kept.with_suffix(".json").read_text(encoding="utf-8"), case.name
    assert state_of(tmp_path / "store") == before
    assert len(store.cases()) == 1


def test_the_exact_regeling_version_is_used_and_differences_show(
    tmp_path, catalog, make_bundle
) -> None:
    store = CaseStore(tmp_path / "store")
    soon = (SIGNED_ON.date() + dt.timedelta(weeks=9)).isoformat()
    _, bundle = make_bundle(activity_date=soon)
    later = fixed_on(SIGNED_ON.date() + dt.timedelta(weeks=3))
    import_bundle(bundle, "a.zip", store, catalog, later)
    [case] = store.cases()
    assert case.regeling_version == "2026.1"
    assert case.verdicts_at_signing == []  # what the resident saw when signing
    assert [v["code"] for v in case.verdicts_now] == ["ams.lead_time"]  # what holds today


def test_a_folder_imports_in_one_go_with_a_result_per_file(
    tmp_path, catalog, clock, make_bundle
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number in range(3):
        (folder / f"aanvraag-{number}.zip").write_bytes(make_bundle()[1])
    (folder / "notitie.txt").write_text("geen bundel")
    seen = []
    outcomes = import_paths(
        [folder], CaseStore(tmp_path / "store"), catalog, clock, lambda n, total, o: seen.append(n)
    )
    assert [o.status for o in outcomes] == ["imported"] * 3 + ["rejected"]
    assert seen == [1, 2, 3, 4]


# Small groups (a commit every 4 bundles), so a kill can land between two commits even on a
# fast machine: what a group committed stays, the rest is imported on the next run.
IMPORT_LOOP = [
    sys.executable,
    "-c",
    "import sys; from desktop_app.officials import importer; importer.GROUP_BUNDLES = 4; "
    "from desktop_app.cli import main; sys.exit(main())",
    "import",
]


def _count(store_dir: Path) -> int:
    if not (store_dir / "cases.sqlite").exists():
        return 0
    with sqlite3.connect(store_dir / "cases.sqlite", timeout=5) as db:
        try:
            return db.execute("SELECT count(*) FROM cases").fetchone()[0]
        except sqlite3.OperationalError:  # the importer has not made the table yet
            return 0


@pytest.mark.slow
def test_killing_the_importer_mid_batch_then_rerunning_imports_each_bundle_once(
    tmp_path, make_bundle
) -> None:
    total = 60
    folder = tmp_path / "inbox"
    folder.mkdir()
    ids = set()
    for number in range(total):
        bundle_id, data = make_bundle()
        ids.add(str(bundle_id))
        (folder / f"{number:02}.zip").write_bytes(data)
    store_dir = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [*IMPORT_LOOP, str(folder), "--store", str(store_dir), "--json"]
    killed_mid_batch = 0
    for _ in range(4):
        before = _count(store_dir)
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        # Kill as soon as this run has imported a few more: provably in the middle.
        while process.poll() is None and time.monotonic() < deadline:
            if _count(store_dir) >= before + 3:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
        process.wait()
        if process.returncode == -signal.SIGKILL and _count(store_dir) < total:
            killed_mid_batch += 1
    assert killed_mid_batch >= 1, "no kill landed in the middle of a batch"
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    store = CaseStore(store_dir)
    assert {str(c.bundle_id) for c in store.cases()} == ids
    assert len(store.cases()) == total
    assert store.conflicts() == []


def test_csv_export_follows_the_subsidy_register_and_defuses_formulas(
    tmp_path, catalog, clock, make_bundle
) -> None:
    store = CaseStore(tmp_path / "store")
    import_bundle(make_bundle()[1], "a.zip", store, catalog, clock)
    evil = '=HYPERLINK("http://evil.example","klik")'
    import_bundle(
        make_bundle(
            initiative_name=evil,
            legal_form="stichting",
            organisation_name="@SUM(1+1)",
            kvk_number="12345678",
        )[1],
        "b.zip",
        store,
        catalog,
        clock,
    )
    data = to_csv(store.cases(), catalog)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_project = {row[5]: row for row in rows[1:]}
    person = by_project["Buurtmaaltijd Van der Pekbuurt"]
    organisation = by_project["'" + evil]
    assert person[1] == "(Particulier)"
    assert person[2] == "Bewonersinitiatief sociaal weefsel"
    assert person[4] == "Noord" and person[7] == "1000,00"
    assert organisation[1] == "'@SUM(1+1)" and organisation[5] == "'" + evil
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_xlsx_export_has_numbers_and_no_live_formula(tmp_path, catalog, clock, make_bundle) -> None:
    store = CaseStore(tmp_path / "store")
    import_bundle(make_bundle(initiative_name="=1+1")[1], "a.zip", store, catalog, clock)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(store.cases(), catalog)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    row = {header[i]: cell for i, cell in enumerate(sheet[2])}
    assert row["Projectnaam"].value == "=1+1" and row["Projectnaam"].data_type == "s"
    assert float(row["Bedrag aangevraagd"].value) == 1000.0
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_command_line_import_and_export(tmp_path, make_bundle) -> None:
    import json

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "goed.zip").write_bytes(make_bundle()[1])
    (folder / "kapot.zip").write_bytes(b"PK\x03\x04 half")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KLEIN_INITIATIEF_LANG": "nl"}
    store = str(tmp_path / "store")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop_app", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    imported = run("import", str(folder), "--store", store, "--json")
    assert imported.returncode == 1  # one bundle was refused
    statuses = {o["source"]: o["status"] for o in json.loads(imported.stdout)}
    assert statuses == {"goed.zip": "imported", "kapot.zip": "rejected"}
    human = run("import", str(folder / "goed.zip"), "--store", store)
    assert human.returncode == 0 and "al ingelezen" in human.stdout
    assert run("import", str(tmp_path / "leeg-niets"), "--store", store).returncode == 2
    exported = run("export", "--store", store, "--format", "csv", "-o", str(tmp_path / "r.csv"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfDOSSIERNUMMER;AANVRAGER")
    assert "Traceback" not in imported.stderr + exported.stderr
