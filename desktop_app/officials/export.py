"""Export cases for the subsidy administration: CSV in the columns of Amsterdam's open
subsidy register (Dutch conventions: ";", decimal comma, UTF-8 with BOM) and a full XLSX.

Any cell that starts like a formula is neutralised: CSV gets a leading apostrophe,
XLSX stores it as text. A resident's "=HYPERLINK(...)" stays harmless words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

from desktop_app.core.loader import Catalog
from desktop_app.officials.store import Case

REGISTER_COLUMNS = (
    "DOSSIERNUMMER",
    "AANVRAGER",
    "REGELINGNAAM",
    "BELEIDSTERREIN",
    "ORGANISATIEONDERDEEL",
    "PROJECT_NAAM",
    "TYPE_PERIODICITEIT",
    "BEDRAG_AANGEVRAAGD",
    "BEDRAG_VERLEEND",
    "BEDRAG_VASTGESTELD",
    "SUBSIDIEJAAR",
)
PRIVATE_PERSON = "(Particulier)"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A leading apostrophe makes a spreadsheet show the text instead of running it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _amount(value: Decimal | None) -> str:
    return f"{value:.2f}".replace(".", ",") if value is not None else ""


def register_rows(cases: Sequence[Case], catalog: Catalog) -> list[list[str]]:
    rows = []
    for case in cases:
        if case.kind != "application":
            continue
        regeling = catalog.get(case.regeling_id, case.regeling_version)
        area = next((a.name.nl for a in regeling.areas if a.id == case.area), case.area or "")
        goal = next((g.label.nl for g in regeling.goals if g.id == case.goal), case.goal or "")
        year = (case.activity_date or case.imported_at)[:4]
        rows.append(
            [
                str(case.bundle_id),
                PRIVATE_PERSON if case.natural_person else case.applicant,
                regeling.name.nl,
                goal,
                area,
                case.title,
                "Eenmalig",
                _amount(case.requested),
                _amount(case.granted),
                _amount(case.settled),
                year,
            ]
        )
    return rows


def to_csv(cases: Sequence[Case], catalog: Catalog) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTER_COLUMNS)
    for row in register_rows(cases, catalog):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


FULL_COLUMNS = (
    "bundle_id",
    "kind",
    "regeling_id",
    "regeling_version",
    "status",
    "signed",
    "title",
    "applicant",
    "natural_person",
    "area",
    "goal",
    "activity_date",
    "requested",
    "granted",
    "settled",
    "blocking",
    "warnings",
    "assisted_by",
    "imported_at",
)


def _cell_value(case: Case, column: str) -> Any:
    value = getattr(case, column)
    if isinstance(value, Decimal):
        return value  # a real number in the sheet, so officials can add it up
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        # Control characters cannot be stored in a sheet (openpyxl raises): show them as "?".
        return ILLEGAL_CHARACTERS_RE.sub("?", value)
    return "" if value is None else str(value) if not isinstance(value, int) else value


def to_xlsx(cases: Sequence[Case]) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]  # a new Workbook has exactly one sheet
    sheet.title = "Aanvragen"
    sheet.append(list(FULL_COLUMNS))
    for case in cases:
        sheet.append([_cell_value(case, column) for column in FULL_COLUMNS])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                # Text is text: openpyxl would store "=..." as a live formula.
                cell.data_type = TYPE_STRING
            elif isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
