"""Exports officials can use as they are: one row per dossier (its report in that row), real
dates and euro amounts, Dutch headers with the register's columns first, names instead of
ids, and the trust marks. Read back with openpyxl and with LibreOffice, as an administration
would open it."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.engine import evaluate
from desktop_app.core.i18n import gettext
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.service import default_signature, make_pdf
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.export import (
    CSV_COLUMNS,
    REGISTER_COLUMNS,
    XLSX_COLUMNS,
    decided_dates,
    dossier_count,
    to_csv,
    to_xlsx,
)
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY

SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
FAKE_PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(scope="module")
def unsigned_pdf(amsterdam) -> bytes:
    clock = fixed_on(DAY)
    application = example_application(amsterdam, clock)
    verdicts = evaluate(amsterdam, application, DAY).verdicts
    block = default_signature(amsterdam, application, clock)
    return make_pdf(application, amsterdam, verdicts, block, None, None, clock).pdf


@pytest.fixture
def store(tmp_path: Path, amsterdam, catalog, unsigned_pdf) -> CaseStore:
    """Two dossiers, three cases: a signed application granted € 900 with a report whose
    decision was not checked, and an unsigned application (its PDF agrees with its data)."""
    clock = fixed_on(DAY)
    cases = CaseStore(tmp_path / "store")
    signed = example_application(amsterdam, clock)
    signed.answers = copy.deepcopy(signed.answers) | {"initiative_name": "Buurtfeest Noord"}
    bundle = write_bundle(signed, FAKE_PDF, {}, ephemeral_signer("a"), SIGNED_ON)
    assert import_bundle(bundle, "a.zip", cases, catalog, clock).status == "imported"
    case = cases.case(signed.id)
    assert case is not None
    cases.record_decision(
        case,
        "granted",
        Decimal("900.00"),
        lambda n: (str(uuid.uuid4()), SIGNED_ON.isoformat(), b""),
    )
    report = Report(
        regeling=signed.regeling,
        application_id=signed.id,
        granted_amount=Decimal("900.00"),
        decision_checked=False,
        created_at=SIGNED_ON,
        updated_at=SIGNED_ON,
        answers={"took_place": True, "activity_date": "2026-02-14"},
    )
    bundle = write_bundle(report, FAKE_PDF, {}, ephemeral_signer("a"), SIGNED_ON)
    assert import_bundle(bundle, "r.zip", cases, catalog, clock).status == "imported"
    unsigned = example_application(amsterdam, clock)
    bundle = write_bundle(unsigned, unsigned_pdf, {}, None, SIGNED_ON)
    assert import_bundle(bundle, "b.zip", cases, catalog, clock).status == "imported"
    return cases


def _sheet(data: bytes) -> tuple[list[str], list[dict[str, openpyxl.cell.Cell]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, line, strict=True)) for line in sheet.iter_rows(min_row=2)]
    return header, rows


def test_xlsx_has_dates_euros_names_and_trust_one_row_per_dossier(store, catalog) -> None:
    cases = store.cases()
    assert len(cases) == 3 and dossier_count(cases) == 2
    header, rows = _sheet(to_xlsx(cases, catalog, "nl", decided_dates(store, cases)))
    assert header[:11] == [
        "Dossiernummer", "Aanvrager", "Regeling", "Beleidsterrein (doel)",
        "Organisatieonderdeel (gebied)", "Projectnaam", "Type periodiciteit",
        "Bedrag aangevraagd", "Bedrag verleend", "Bedrag vastgesteld", "Subsidiejaar",
    ]  # fmt: skip
    assert len(rows) == 2
    by_title = {row["Projectnaam"].value: row for row in rows}
    granted = by_title["Buurtfeest Noord"]
    unsigned = by_title["Buurtmaaltijd Van der Pekbuurt"]

    assert granted["Organisatieonderdeel (gebied)"].value == "Noord"
    assert granted["Beleidsterrein (doel)"].value != "living_environment"  # its label
    assert granted["Regeling"].value == "Bewonersinitiatief sociaal weefsel"
    assert granted["Status"].value == "toegekend"
    for column in ("Bedrag aangevraagd", "Bedrag verleend"):
        cell = granted[column]
        assert cell.data_type == "n" and "€" in cell.number_format
    assert granted["Bedrag aangevraagd"].value == 1000
    assert granted["Bedrag verleend"].value == 900
    for column in ("Datum activiteit", "Ingelezen op", "Besloten op", "Verslag ontvangen op"):
        assert granted[column].is_date, column
    assert isinstance(granted["Datum activiteit"].value, dt.datetime)
    assert granted["Besloten op"].value == dt.datetime(2026, 3, 2, 11, 0)  # Amsterdam time
    assert unsigned["Verslag ontvangen op"].value is None
    assert granted["Betrouwbaarheid"].value == "verslag: besluit niet gecontroleerd"
    assert unsigned["Betrouwbaarheid"].value == "niet ondertekend"
    assert unsigned["Ondertekend"].value == "nee"


def test_xlsx_in_english_has_english_headers_and_names(store, catalog) -> None:
    header, rows = _sheet(to_xlsx(store.cases(), catalog, "en"))
    assert header == [gettext("en", h) for _, h in XLSX_COLUMNS]
    assert header[0] == "Case number" and "Trust" in header
    assert {row["Trust"].value for row in rows} == {"report: decision not checked", "not signed"}
    assert {row["Status"].value for row in rows} == {"granted", "not yet decided"}


def test_csv_keeps_the_register_and_adds_the_trust_column(store, catalog) -> None:
    data = to_csv(store.cases(), catalog)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS and rows[0][: len(REGISTER_COLUMNS)] == list(
        REGISTER_COLUMNS
    )
    assert len(rows) - 1 == dossier_count(store.cases()) == 2
    trust = {row[5]: row[-1] for row in rows[1:]}
    assert trust == {
        "Buurtfeest Noord": "verslag: besluit niet gecontroleerd",
        "Buurtmaaltijd Van der Pekbuurt": "niet ondertekend",
    }
    assert {row[8] for row in rows[1:]} == {"900,00", ""}


def test_the_command_line_counts_what_it_writes(store, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "x.xlsx"
    code = main(
        ["--lang", "nl", "export", "--store", str(store.folder), "--format", "xlsx", "-o",
         str(target)],
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert code == 0
    assert out.getvalue().startswith("2 dossiers geëxporteerd")
    assert len(_sheet(target.read_bytes())[1]) == 2


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI") or os.environ.get("KI_INDEPENDENT_TOOLS") == "required":
            pytest.fail("LibreOffice is missing: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    return found


OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _office_cells(path: Path) -> list[list[tuple[str, str, str]]]:
    """Each row's cells as LibreOffice typed them: (value type, value, text shown)."""
    rows = []
    for row in ET.parse(path).getroot().iter(f"{{{TABLE}}}table-row"):
        cells: list[tuple[str, str, str]] = []
        for cell in row.iter(f"{{{TABLE}}}table-cell"):
            repeat = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
            kind = cell.get(f"{{{OFFICE}}}value-type", "")
            value = cell.get(f"{{{OFFICE}}}date-value") or cell.get(f"{{{OFFICE}}}value") or ""
            shown = "".join(p.text or "" for p in cell.iter(f"{{{TEXT}}}p"))
            cells += [(kind, value, shown)] * min(repeat, 50)
        if any(c[0] for c in cells):
            rows.append(cells)
    return rows


@pytest.mark.slow
def test_libreoffice_reads_dates_as_dates_and_amounts_as_numbers(
    store, catalog, tmp_path: Path
) -> None:
    soffice = _soffice()
    cases = store.cases()
    sheet = tmp_path / "dossiers.xlsx"
    sheet.write_bytes(to_xlsx(cases, catalog, "nl", decided_dates(store, cases)))
    profile = tmp_path / "profile"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "fods", "--outdir", str(tmp_path / "out"), str(sheet)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    converted = tmp_path / "out" / "dossiers.fods"
    assert converted.exists(), done.stdout + done.stderr
    header, *rows = _office_cells(converted)
    column = {shown: number for number, (_, _, shown) in enumerate(header)}
    assert len(rows) == 2
    for row in rows:
        for name in ("Datum activiteit", "Ingelezen op"):
            assert row[column[name]][0] == "date", (name, row[column[name]])
        kind, value, shown = row[column["Bedrag aangevraagd"]]
        assert kind in ("float", "currency") and Decimal(value) == 1000, row[
            column["Bedrag aangevraagd"]
        ]
        assert "€" in shown
    granted = next(r for r in rows if r[column["Projectnaam"]][2] == "Buurtfeest Noord")
    assert granted[column["Besloten op"]][:2] == ("date", "2026-03-02T11:00:00")
    assert granted[column["Bedrag verleend"]][1] == "900"
