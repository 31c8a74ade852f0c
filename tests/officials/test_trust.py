"""Trust shown, not assumed: the attack of issue 18 and its neighbours, with real bundles.

A real signed bundle of a shipped regeling (made by the command line, signed with a key in
the real keyring, as tests/test_whole_cycle.py does) has its signature stripped, ``signed``
set to false and its requested amount changed from 1000.00 to 1085.50; re-zipped with every
hash right, it passes the reader. The import must say "niet ondertekend" and name the
difference with the signed PDF inside, and the case view must show both.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.service import default_signature, make_pdf
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.case_view import case_html
from desktop_app.officials.importer import import_bundle, import_paths, import_summary
from desktop_app.officials.store import CaseStore
from desktop_app.officials.trust import PDF_MISMATCH, UNSIGNED, pdf_facts
from tests.conftest import DAY
from tests.officials import test_store_backends as backends

SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
location = backends.location  # a store on SQLite and PostgreSQL (pg_server: tests/conftest.py)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "nl", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def signed_bundle(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A resident's real bundle of the shipped Amsterdam regeling: signed, PDF signed too."""
    folder = tmp_path_factory.mktemp("resident")
    app, bundle = folder / "app.json", folder / "app.zip"
    for argv in (
        ("--data-dir", str(folder / "data"), "example", "amsterdam-bewonersinitiatief", "-o",
         str(app)),
        ("--data-dir", str(folder / "data"), "bundle", str(app), "-o", str(bundle)),
    ):  # fmt: skip
        code, out, err = run(*argv)
        assert code == 0, out + err
    data = bundle.read_bytes()
    assert read_bundle(data).signed, "the test needs a signed bundle (a real keyring)"
    return data


def strip_and_change(bundle: bytes, change) -> bytes:
    """What an attacker does: drop the signature, say "not signed", edit data.json, fix
    the hashes in the manifest and zip it again."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    del members["manifest.sig"]
    data = json.loads(members["data.json"])
    change(data)
    members["data.json"] = json.dumps(data, ensure_ascii=False, indent=2).encode()
    manifest = json.loads(members["manifest.json"])
    manifest.update(signed=False, signature=None, signer_certificate=None)
    manifest["note"] = "niet digitaal ondertekend / not digitally signed"
    for member in manifest["members"]:
        content = members[member["name"]]
        member.update(sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def more_money(data: dict) -> None:
    assert data["answers"]["budget"]["requested"] == "1000.00"
    data["answers"]["budget"]["requested"] = "1085.50"


def test_the_stripped_and_changed_bundle_is_shown_unsigned_with_its_difference(
    tmp_path: Path, signed_bundle: bytes, catalog
) -> None:
    attack = tmp_path / "aanvraag.zip"
    attack.write_bytes(strip_and_change(signed_bundle, more_money))
    store = tmp_path / "store"

    code, out, err = run("import", str(attack), "--store", str(store))
    said = out + err
    assert code == 0, said  # imported, with its marks: nothing refused
    assert "1 bestand: 1 ingelezen (waarvan 1 met een waarschuwing)" in said
    assert "ingelezen" in said
    assert "Niet ondertekend" in said
    assert "Gevraagd bedrag in het formulier € 1.085,50, in de ondertekende PDF € 1.000" in said

    cases = CaseStore(store)
    (case,) = cases.cases()
    assert [m.code for m in case.trust] == [UNSIGNED, PDF_MISMATCH]
    view = case_html(cases, catalog, case, "nl")
    assert "Niet ondertekend" in view
    assert "in het formulier € 1.085,50, in de ondertekende PDF € 1.000" in view
    english = case_html(cases, catalog, case, "en")
    assert "Amount requested in the form € 1.085,50, in the signed PDF € 1.000" in english


def test_a_changed_name_is_named_too(tmp_path: Path, signed_bundle: bytes, catalog) -> None:
    def other_name(data: dict) -> None:
        data["answers"]["initiative_name"] = "Buurtfeest Oost"
        data["answers"]["contact_name"] = "Jan Bakker"

    store = CaseStore(tmp_path / "store")
    outcome = import_bundle(
        strip_and_change(signed_bundle, other_name), "a.zip", store, catalog, fixed_on(DAY)
    )
    assert outcome.status == "imported"
    text = outcome.message.nl
    assert "in het formulier Buurtfeest Oost, in de ondertekende PDF Buurtmaaltijd" in text
    assert "in het formulier Jan Bakker, in de ondertekende PDF Anna de Vries" in text


def test_only_the_signature_stripped_is_unsigned_but_matches(
    tmp_path: Path, signed_bundle: bytes, catalog
) -> None:
    """No false alarm: the same data as the PDF is only "niet ondertekend"."""
    store = CaseStore(tmp_path / "store")
    outcome = import_bundle(
        strip_and_change(signed_bundle, lambda data: None), "a.zip", store, catalog, fixed_on(DAY)
    )
    assert [m.code for m in outcome.trust] == [UNSIGNED]


def test_a_signed_bundle_has_no_marks(tmp_path: Path, signed_bundle: bytes, catalog) -> None:
    store = CaseStore(tmp_path / "store")
    outcome = import_bundle(signed_bundle, "a.zip", store, catalog, fixed_on(DAY))
    assert (outcome.status, outcome.trust) == ("imported", ())
    assert outcome.message.nl == "Toegevoegd aan de aanvragen."
    assert store.cases()[0].trust == ()


def test_an_honest_unsigned_bundle_agrees_with_its_unsigned_pdf(amsterdam, catalog, tmp_path):
    """A resident without a keyring: PDF and bundle both unsigned, and they agree."""
    clock = fixed_on(DAY)
    application = example_application(amsterdam, clock)
    verdicts = evaluate(amsterdam, application, DAY).verdicts
    block = default_signature(amsterdam, application, clock)
    pdf = make_pdf(application, amsterdam, verdicts, block, None, None, clock).pdf
    facts = pdf_facts(pdf)
    assert facts is not None and not facts.signed
    outcome = import_bundle(
        write_bundle(application, pdf, {}, None, SIGNED_ON),
        "a.zip",
        CaseStore(tmp_path / "store"),
        catalog,
        clock,
    )
    assert [m.code for m in outcome.trust] == [UNSIGNED]
    assert "Niet ondertekend" in outcome.message.nl


def test_a_pdf_that_cannot_be_read_is_said(amsterdam, catalog, tmp_path) -> None:
    application = example_application(amsterdam, fixed_on(DAY))
    bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, None, SIGNED_ON)
    outcome = import_bundle(bundle, "a.zip", CaseStore(tmp_path / "s"), catalog, fixed_on(DAY))
    assert [m.code for m in outcome.trust] == [UNSIGNED, "trust.pdf_unread"]
    assert "kon niet worden gelezen" in outcome.message.nl


# --- reports: decision not checked, application not in the store ----------------------------


def _report(application_id: uuid.UUID, amsterdam, checked: bool) -> bytes:
    report = Report(
        regeling=example_application(amsterdam, fixed_on(DAY)).regeling,
        application_id=application_id,
        granted_amount=Decimal("450.00"),
        decision_checked=checked,
        created_at=SIGNED_ON,
        updated_at=SIGNED_ON,
        answers={"took_place": True, "activity_date": "2026-02-14"},
    )
    return write_bundle(report, b"%PDF-1.7\n%%EOF\n", {}, ephemeral_signer("x"), SIGNED_ON)


def _application(amsterdam) -> tuple[uuid.UUID, bytes]:
    application = example_application(amsterdam, fixed_on(DAY))
    application.answers = copy.deepcopy(application.answers)
    signed = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, ephemeral_signer("y"), SIGNED_ON)
    return application.id, signed


def test_a_report_without_its_application_is_kept_apart_until_it_comes(
    tmp_path: Path, amsterdam, catalog
) -> None:
    store = CaseStore(tmp_path / "store")
    app_id, application = _application(amsterdam)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "verslag.zip").write_bytes(_report(app_id, amsterdam, checked=False))

    (outcome,) = import_paths([folder], store, catalog, fixed_on(DAY))
    assert outcome.status == "kept_apart"
    assert "apart gezet" in outcome.message.nl and str(app_id) in outcome.message.nl
    assert "Besluit niet gecontroleerd" in outcome.message.nl
    assert store.cases() == []  # not among the cases as if it were a normal report
    assert [k["source"] for k in store.kept_apart()] == ["verslag.zip"]
    again = import_paths([folder], store, catalog, fixed_on(DAY))  # the same file again
    assert [o.status for o in again] == ["kept_apart"] and len(store.kept_apart()) == 1

    imported = import_bundle(application, "aanvraag.zip", store, catalog, fixed_on(DAY))
    assert imported.status == "imported" and "apart stonden" in imported.message.nl
    assert store.kept_apart() == []
    (report,) = [c for c in store.cases() if c.kind == "report"]
    assert [m.short.nl for m in report.trust] == ["besluit niet gecontroleerd"]
    # Its row in the inbox names the initiative and who applied, from its application.
    assert (report.title, report.applicant) == ("Buurtmaaltijd Van der Pekbuurt", "Anna de Vries")
    assert report.area == "noord"


def test_a_report_read_before_its_application_in_one_go_is_added_with_it(
    tmp_path: Path, amsterdam, catalog
) -> None:
    """The report comes first in the folder, its application after it, in the same group:
    the store had nothing kept apart when the group began, and still adopts the report."""
    store = CaseStore(tmp_path / "store")
    app_id, application = _application(amsterdam)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-verslag.zip").write_bytes(_report(app_id, amsterdam, checked=False))
    (folder / "2-aanvraag.zip").write_bytes(application)

    report_outcome, application_outcome = import_paths([folder], store, catalog, fixed_on(DAY))
    assert report_outcome.status == "kept_apart"
    assert application_outcome.status == "imported"
    assert "apart stonden" in application_outcome.message.nl
    assert store.kept_apart() == []
    assert sorted(c.kind for c in store.cases()) == ["application", "report"]


def test_the_summary_counts_every_file_once(tmp_path: Path, amsterdam, catalog) -> None:
    store = CaseStore(tmp_path / "store")
    folder = tmp_path / "in"
    folder.mkdir()
    app_id, application = _application(amsterdam)
    (folder / "1-aanvraag.zip").write_bytes(application)
    (folder / "2-dezelfde.zip").write_bytes(application)
    (folder / "3-los-verslag.zip").write_bytes(_report(uuid.uuid4(), amsterdam, checked=True))
    (folder / "4-kapot.zip").write_bytes(b"geen bundel")
    (folder / "5-verslag.zip").write_bytes(_report(app_id, amsterdam, checked=True))
    outcomes = import_paths([folder], store, catalog, fixed_on(DAY))
    summary = import_summary(outcomes)
    assert summary.nl == (
        "5 bestanden: 2 ingelezen, 1 al ingelezen, 0 conflict, 1 geweigerd, 1 apart gezet."
    )
    assert summary.en.startswith("5 files: 2 imported, 1 already imported")


def test_marks_and_kept_apart_reports_on_sqlite_and_postgresql(
    location, amsterdam, catalog, tmp_path
) -> None:
    """The same on both databases: the marks stay with the case, a kept-apart report waits."""
    store = CaseStore(location, folder=tmp_path / "files")
    try:
        app_id, application = _application(amsterdam)
        report = _report(app_id, amsterdam, checked=False)
        assert import_bundle(report, "r.zip", store, catalog, fixed_on(DAY)).status == "kept_apart"
        assert import_bundle(report, "r.zip", store, catalog, fixed_on(DAY)).status == "kept_apart"
        assert len(store.kept_apart(app_id)) == 1 and store.cases() == []
        assert import_bundle(application, "a.zip", store, catalog, fixed_on(DAY)).status == (
            "imported"
        )
        assert store.kept_apart() == []
        (kept,) = [c for c in store.cases() if c.kind == "report"]
        assert kept.application_id == app_id
        assert [m.code for m in kept.trust] == ["trust.decision_unchecked"]
    finally:
        store.close()
