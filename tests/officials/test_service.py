"""The officials' service, the way the window and the command line use it: real bundles into a
real SQLite store, filters and search, the case view, decisions with their letters, settling,
export, the budget, keys and attachments — all without Qt."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import subprocess
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openpyxl import load_workbook

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.regeling import PublicKey
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.decision import public_key_text, read_signed
from desktop_app.documents.signing import ephemeral_signer, keyring_usable
from desktop_app.officials.service import CaseFilter, OfficialsService
from tests.conftest import DAY
from tests.files import real_pdf

SIGNED_ON = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
KEY = Ed25519PrivateKey.generate()


def letter_text(pdf: bytes, folder: Path) -> str:
    path = folder / "brief-gelezen.pdf"
    path.write_bytes(pdf)
    shown = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(shown.split())


def bundle_of(regeling, answers: dict | None = None, files: dict | None = None) -> bytes:
    application = example_application(regeling, fixed_on(DAY))
    application.answers = copy.deepcopy(application.answers) | (answers or {})
    return write_bundle(
        application, b"%PDF-1.7\n%%EOF\n", files or {}, ephemeral_signer("Buurt"), SIGNED_ON
    )


@pytest.fixture
def inbox(tmp_path: Path, amsterdam) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number, answers in enumerate(
        [
            {"area": "noord", "initiative_name": "Buurtmaaltijd Noord"},
            {"area": "zuid", "initiative_name": "Moestuin Zuid"},
            # Breaks a rule: a rejection letter must say which.
            {"area": "noord", "initiative_name": "Straatfeest", "volunteers": 0},
        ]
    ):
        (folder / f"{number}.zip").write_bytes(bundle_of(amsterdam, answers))
    (folder / "kapot.zip").write_bytes(b"PK\x03\x04 kapot")
    return folder


def service_on(tmp_path: Path, catalog: Catalog, key=KEY) -> OfficialsService:
    output = tmp_path / "besluiten"
    output.mkdir(exist_ok=True)
    return OfficialsService(
        tmp_path / "store", catalog, fixed_on(DAY), "nl", lambda: (key, "test"), output
    )


@pytest.fixture
def service(tmp_path: Path, catalog: Catalog, inbox: Path):
    officials = service_on(tmp_path, catalog)
    seen: list[tuple[int, int, str]] = []
    outcomes = officials.import_paths([inbox], lambda n, t, o: seen.append((n, t, o.status)))
    assert seen == [(n, 4, o.status) for n, o in enumerate(outcomes, 1)]
    yield officials
    officials.close()


def by_title(officials: OfficialsService, title: str):
    [case] = [c for c in officials.cases() if c.title == title]
    return case


def test_import_reports_each_bundle_keeps_the_refused_apart_and_shows_every_case(
    service: OfficialsService,
) -> None:
    assert sorted(c.title for c in service.cases()) == [
        "Buurtmaaltijd Noord",
        "Moestuin Zuid",
        "Straatfeest",
    ]
    [refused] = service.quarantined()
    assert refused.source == "kapot.zip" and refused.path.read_bytes() == b"PK\x03\x04 kapot"
    row = next(r for r in service.rows() if r.cells[0] == "Moestuin Zuid")
    # The inbox says it in words: area and scheme by name, money as people write it.
    assert row.cells[3] == "Zuid" and row.cells[6] == "Ontvangen" and row.cells[9] == "ja"
    assert row.cells[2] == "Bewonersinitiatief sociaal weefsel"
    assert row.cells[4].startswith("€ ")


def test_the_import_summary_counts_what_happened(service, inbox) -> None:
    again = service.import_paths([inbox])
    assert service.import_summary(again) == (
        "4 bestanden: 0 ingelezen, 3 al ingelezen, 0 conflict, 1 geweigerd, 0 apart gezet."
    )
    assert service.outcome_line(again[-1]).startswith("kapot.zip: Geweigerd — ")


def test_filters_and_search_narrow_the_inbox(service: OfficialsService) -> None:
    def titles(**wanted) -> list[str]:
        return sorted(c.title for c in service.find(CaseFilter(**wanted)))

    assert titles(area="zuid") == ["Moestuin Zuid"]
    assert titles(search="  STRAAT ") == ["Straatfeest"]
    assert titles(search="anna de vries") == sorted(c.title for c in service.cases())
    assert titles(area="noord", search="maaltijd") == ["Buurtmaaltijd Noord"]
    assert titles(status="granted") == []
    assert titles(only_signed=True) == sorted(c.title for c in service.cases())
    assert [c.label for c in service.area_choices()] == ["Noord", "Zuid"]
    assert [c.value for c in service.regeling_choices()] == ["amsterdam-bewonersinitiatief"]


def test_the_case_view_shows_answers_as_the_pdf_does(service: OfficialsService) -> None:
    shown = service.case_html(by_title(service, "Moestuin Zuid"))
    assert "Moestuin Zuid" in shown and "digitaal ondertekend" in shown
    assert "living_environment" not in shown and '"lines"' not in shown


def test_a_lower_grant_letter_names_both_amounts_and_is_a_proef_with_an_unpinned_key(
    service: OfficialsService, tmp_path: Path
) -> None:
    case = by_title(service, "Buurtmaaltijd Noord")
    before = service.rows()
    assert case.requested is not None and case.requested > Decimal("300")
    reason = service.reason_text("grant_lower", case.requested, Decimal("300"))
    assert "€ 300" in reason and service.money(case.requested) in reason
    decided = service.decide(case, "grant", Decimal("300.00"), reason)
    assert not decided.official
    assert decided.decision_path == service.output / f"besluit-{case.bundle_id}.json"
    assert read_signed(decided.decision_path.read_bytes()).decision.granted_amount == Decimal(
        "300.00"
    )
    text = letter_text(decided.letter_path.read_bytes(), tmp_path)
    assert "U krijgt € 300 subsidie." in text
    assert f"U vroeg {service.money(case.requested)}." in text
    assert "PROEF" in text
    assert "PROEF" in service.decided_message(decided)
    # What the inbox shows follows at once: that case read again, the others as they were.
    after = service.rows()
    assert [r.bundle_id for r in after] == [r.bundle_id for r in before]
    assert sum(a is b for a, b in zip(after, before, strict=True)) == len(before) - 1
    assert next(r for r in service.rows() if r.bundle_id == case.bundle_id).cells[5:7] == (
        "€ 300",
        "Toegekend",
    )


def test_a_rejection_letter_lists_the_rules_the_application_breaks(
    service: OfficialsService, tmp_path: Path
) -> None:
    case = by_title(service, "Straatfeest")
    reasons = service.rejection_reasons(case)
    assert any("vrijwilligers" in reason for reason in reasons)
    decided = service.decide(case, "reject", None, service.reason_text("reject_rules", None, None))
    text = letter_text(decided.letter_path.read_bytes(), tmp_path)
    assert "Wij kennen uw aanvraag niet toe." in text
    assert "Wat niet klopt:" in text and "vrijwilligers" in text
    assert service.case(case.bundle_id).status == "rejected"


def test_the_decide_command_writes_the_same_reasons_into_a_rejection_letter(
    service: OfficialsService, tmp_path: Path
) -> None:
    import io

    from desktop_app.cli import main

    case = by_title(service, "Straatfeest")
    service.close()  # the command opens the store itself, as an official's script would
    out, err = io.StringIO(), io.StringIO()
    decision = tmp_path / "besluit.json"
    code = main(
        [
            "--lang",
            "nl",
            "decide",
            str(case.bundle_id),
            "--store",
            str(tmp_path / "store"),
            "--reject",
            "--reason",
            "Dit past niet in de regeling.",
            "-o",
            str(decision),
        ],
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    text = letter_text(decision.with_suffix(".pdf").read_bytes(), tmp_path)
    assert "Wat niet klopt:" in text and "vrijwilligers" in text


def test_the_decide_command_writes_the_windows_letter_in_the_officials_language(
    service: OfficialsService, tmp_path: Path
) -> None:
    """One letter for the window and the command line (both call OfficialsService.decide):
    in English all of it is English, the rules it lists too; and the same reply after it."""
    import io

    from desktop_app.cli import main
    from desktop_app.officials.service import rejection_reasons

    case = by_title(service, "Straatfeest")
    reasons = rejection_reasons(case, "en")
    assert reasons and reasons != rejection_reasons(case, "nl")
    service.close()
    out, err = io.StringIO(), io.StringIO()
    decision = tmp_path / "decision.json"
    store = str(tmp_path / "store")
    argv = ["--lang", "en", "decide", str(case.bundle_id), "--store", store, "--reject"]
    code = main([*argv, "--reason", "This does not fit.", "-o", str(decision)], out, err)
    assert code == 0, err.getvalue()
    assert out.getvalue().strip() == (
        f"Decision saved to {decision}, the letter to {decision.with_suffix('.pdf')}. "
        "The letter is a TEST: the key is not published."
    )
    text = letter_text(decision.with_suffix(".pdf").read_bytes(), tmp_path)
    assert "We do not grant your application." in text and "This does not fit." in text
    assert "What is wrong:" in text and "Wat niet klopt" not in text
    for reason in reasons:
        assert " ".join(reason.split()) in text
    # Deciding again without --revise: refused plainly, with the version to revise.
    code = main([*argv, "--reason", "Again.", "-o", str(tmp_path / "again.json")], out, err)
    assert code == 2 and "--revise 1" in err.getvalue()


def test_a_letter_with_the_published_key_is_real(tmp_path: Path, amsterdam, inbox) -> None:
    published = amsterdam.model_copy(
        update={"decision_keys": (PublicKey(key_id="test", ed25519=public_key_text(KEY)),)}
    )
    officials = service_on(tmp_path, Catalog(regelingen={published.key: published}))
    try:
        officials.import_paths([inbox])
        case = by_title(officials, "Moestuin Zuid")
        assert officials.is_pinned(case.regeling_id)
        decided = officials.decide(case, "grant", case.requested, "")
        assert decided.official and "PROEF" not in officials.decided_message(decided)
        assert "PROEF" not in letter_text(decided.letter, tmp_path)
    finally:
        officials.close()


def test_a_wrong_decision_records_and_writes_nothing(service: OfficialsService) -> None:
    case = by_title(service, "Moestuin Zuid")
    with pytest.raises(UserError) as refused:
        service.decide(case, "grant", None, "")
    assert refused.value.code == "decide.amount"
    with pytest.raises(UserError):
        service.decide(None, "grant", Decimal(1), "")
    with pytest.raises(UserError) as unreadable:
        service.parse_amount("zeven")
    assert "Schrijf bijvoorbeeld 750" in unreadable.value.message.nl
    assert list(service.output.iterdir()) == []
    assert service.case(case.bundle_id).status == "received"


def test_settling_the_report_of_a_granted_application(service: OfficialsService, amsterdam) -> None:
    case = by_title(service, "Buurtmaaltijd Noord")
    with pytest.raises(UserError) as no_report:
        service.settlement_preview(case)
    assert no_report.value.code == "settle.no_report"
    service.decide(case, "grant", Decimal("1000.00"), "")
    spent = {"lines": [{"category": "food_drink", "description": "Eten", "amount": "700.00"}]}
    report = Report(
        regeling=case_regeling(amsterdam),
        application_id=case.bundle_id,
        granted_amount=Decimal("1000.00"),
        created_at=SIGNED_ON,
        updated_at=SIGNED_ON,
        answers={"took_place": True, "actual_costs": spent},
    )
    bundle = write_bundle(report, b"%PDF-1.7\n%%EOF\n", {}, ephemeral_signer("Buurt"), SIGNED_ON)
    folder = service.folder.parent / "verslag"
    folder.mkdir()
    (folder / "r.zip").write_bytes(bundle)
    [outcome] = service.import_paths([folder])
    assert outcome.status == "imported"
    preview = service.settlement_preview(case)  # the application leads to its report
    assert "Vastgesteld op: € 700" in service.settlement_question(preview)
    assert service.case(case.bundle_id).settled is None
    assert service.settle(case).settled == Decimal("700.00")
    assert service.case(case.bundle_id).settled == Decimal("700.00")


def case_regeling(amsterdam):
    from desktop_app.core.documents import RegelingRef

    return RegelingRef(id=amsterdam.id, version=amsterdam.version)


def test_export_all_or_what_is_filtered(service: OfficialsService, tmp_path: Path) -> None:
    path = tmp_path / "aanvragen.csv"
    service.write_export(path, "csv", service.find(CaseFilter(area="zuid")))
    text = path.read_bytes().decode("utf-8-sig")
    assert "Moestuin Zuid" in text and "Straatfeest" not in text
    path = tmp_path / "aanvragen.xlsx"
    service.write_export(path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet.max_row == 4  # a heading and three cases
    with pytest.raises(UserError) as unwritable:
        service.write_export(tmp_path / "aanvragen.csv" / "x.csv", "csv")  # no folder
    assert unwritable.value.code == "officials.unwritable"


def test_budget_per_area_and_a_new_ceiling(service: OfficialsService) -> None:
    case = by_title(service, "Buurtmaaltijd Noord")
    service.decide(case, "grant", Decimal("750.00"), "")
    year = service.this_year()
    noord = next(a for a in service.budget(case.regeling_id, year) if a.area == "noord")
    name, ceiling, _, granted, _, _ = service.budget_cells(noord)
    assert (name, granted, ceiling) == ("Noord", "€ 750", "€ 150.000 (voorbeeld)")
    service.set_ceiling(case.regeling_id, "noord", year, "1.500")
    noord = next(a for a in service.budget(case.regeling_id, year) if a.area == "noord")
    assert service.budget_cells(noord)[1] == "€ 1.500" and service.budget_cells(noord)[5] == 50
    with pytest.raises(UserError):
        service.set_ceiling(case.regeling_id, "noord", year, "veel")


def test_an_attachment_opens_as_a_checked_private_copy_that_goes_on_close(
    tmp_path: Path, catalog, amsterdam
) -> None:
    flyer = real_pdf("flyer")
    digest = hashlib.sha256(flyer).hexdigest()
    ref = {"file_name": "../flyer?.pdf", "kind": "flyer", "size": len(flyer), "sha256": digest}
    ref |= {"media_type": "application/pdf"}
    folder = tmp_path / "in"
    folder.mkdir()
    bundle = bundle_of(amsterdam, {"attachments": [ref]}, {digest: flyer})
    (folder / "a.zip").write_bytes(bundle)
    officials = service_on(tmp_path, catalog)
    officials.import_paths([folder])
    [case] = officials.cases()
    assert officials.attachment_names(case) == ["1. ../flyer?.pdf"]
    copy_path = officials.attachment_opener(case, 1)()
    assert copy_path.name == "bijlage-1.pdf" and copy_path.read_bytes() == flyer
    assert copy_path.parent.stat().st_mode & 0o777 == 0o700
    with pytest.raises(UserError):
        officials.attachment_opener(case, 2)()
    officials.close()
    assert not copy_path.parent.exists()


def test_the_published_keys_come_from_the_keyring_and_make_letters_real(
    tmp_path: Path, catalog
) -> None:
    backend = keyring.get_keyring()
    if not keyring_usable(backend):
        pytest.skip("no usable keyring in this session")
    officials = OfficialsService(
        tmp_path / "store", catalog, fixed_on(DAY), keyring_backend=backend
    )
    try:
        published = officials.published_keys()
        [entry] = published["decision_keys"]
        assert entry["key_id"] == "gemeente-besluiten"
        assert f"ed25519: {entry['ed25519']}" in officials.keys_snippet()
        key, _ = officials.decision_key()
        assert public_key_text(key) == entry["ed25519"]
    finally:
        officials.close()


@pytest.mark.parametrize(
    "regeling_id",
    ["amersfoort-wijkactiviteiten", "amsterdam-bewonersinitiatief", "rotterdam-bewonersinitiatief"],
)
def test_each_shipped_regeling_imports_shows_and_decides(tmp_path: Path, regeling_id) -> None:
    shipped = Catalog.default([])
    regeling = shipped.current(regeling_id, DAY)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.zip").write_bytes(bundle_of(regeling))
    officials = service_on(tmp_path, shipped)
    try:
        [outcome] = officials.import_paths([folder])
        assert outcome.status == "imported", outcome.message.nl
        [row] = officials.rows()
        assert row.cells[2] == regeling.name.nl and row.cells[0]
        [case] = officials.cases()
        decided = officials.decide(case, "grant", case.requested, "")
        assert decided.letter.startswith(b"%PDF") and not decided.official
        assert officials.case(case.bundle_id).status == "granted"
    finally:
        officials.close()
