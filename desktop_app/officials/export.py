"""Export cases for the subsidy administration, in a form officials can use as it is.

One row per dossier: a dossier is an application, and its report (verantwoording) is not a
row of its own but the columns "Verslag ontvangen op" and, in the trust column, its marks
("verslag: besluit niet gecontroleerd"); the settled amount is already in the register's
BEDRAG_VASTGESTELD. So "7 dossiers" means 7 rows (``dossier_count``), in CSV and XLSX alike,
and the subsidy register keeps one line per subsidy, as Amsterdam's open register has it.
A report whose application is not in the store is no case at all: the import keeps it apart.

- CSV: the columns of Amsterdam's open subsidy register (Dutch conventions: ";", decimal
  comma, UTF-8 with BOM, private persons as "(Particulier)"), then BETROUWBAARHEID: the
  trust marks ("niet ondertekend", "besluit niet gecontroleerd"; officials/trust.py).
- XLSX: the register's columns first with readable headers (Dutch, or English when the
  language is en), then the rest. Dates are real date cells (activity date; imported,
  decided and report dates with their time, Amsterdam time), amounts real numbers with a
  euro format, areas, goals and the status by their names, not their ids. The applicant's
  own name is kept (the sheet is for the administration, not for publication).

Any cell that starts like a formula is neutralised: CSV gets a leading apostrophe,
XLSX stores it as text. A resident's "=HYPERLINK(...)" stays harmless words.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.loader import Catalog
from desktop_app.core.regeling import Regeling
from desktop_app.officials.store import Case, CaseStore
from desktop_app.officials.trust import short_text

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
TRUST_COLUMN = "BETROUWBAARHEID"
CSV_COLUMNS = (*REGISTER_COLUMNS, TRUST_COLUMN)
PRIVATE_PERSON = "(Particulier)"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EURO_FORMAT = '"€" #,##0.00'
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"

STATUS = {  # Dutch; shown in the sheet's language
    "received": N_("nog niet besloten"),
    "granted": N_("toegekend"),
    "rejected": N_("afgewezen"),
    "settled": N_("vastgesteld"),
}


def neutralise(text: str) -> str:
    """A leading apostrophe makes a spreadsheet show the text instead of running it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _amount(value: Decimal | None) -> str:
    return f"{value:.2f}".replace(".", ",") if value is not None else ""


@dataclass(frozen=True)
class Dossier:
    """One row: an application and the reports about it."""

    application: Case
    reports: tuple[Case, ...]


def dossiers(cases: Sequence[Case]) -> list[Dossier]:
    """The applications in ``cases``, each with its reports (in the order given)."""
    reports: dict[uuid.UUID, list[Case]] = {}
    for case in cases:
        if case.kind == "report" and case.application_id is not None:
            reports.setdefault(case.application_id, []).append(case)
    return [
        Dossier(case, tuple(reports.get(case.bundle_id, ())))
        for case in cases
        if case.kind == "application"
    ]


def dossier_count(cases: Sequence[Case]) -> int:
    """How many rows an export of ``cases`` has (what "N dossiers" counts)."""
    return len(dossiers(cases))


def _regeling(catalog: Catalog | None, case: Case) -> Regeling | None:
    if catalog is None:
        return None
    try:
        return catalog.get(case.regeling_id, case.regeling_version)
    except UserError:
        return None


def _names(regeling: Regeling | None, case: Case, language: str) -> tuple[str, str, str]:
    """(regeling, goal, area) by their names in ``language``; ids when unknown."""
    if regeling is None:
        return case.regeling_id, case.goal or "", case.area or ""
    area = next((a.name.get(language) for a in regeling.areas if a.id == case.area), None)
    goal = next((g.label.get(language) for g in regeling.goals if g.id == case.goal), None)
    return regeling.name.get(language), goal or case.goal or "", area or case.area or ""


def trust_text(dossier: Dossier, language: str) -> str:
    """The dossier's trust marks in words: its own, then its reports' ("verslag: ...")."""
    parts = [short_text(dossier.application.trust, language)]
    word = gettext(language, "verslag")
    parts += [f"{word}: {short_text(r.trust, language)}" for r in dossier.reports if r.trust]
    return "; ".join(p for p in parts if p)


def register_rows(cases: Sequence[Case], catalog: Catalog) -> list[list[str]]:
    """The CSV's rows (register columns and the trust column), one per dossier."""
    rows = []
    for dossier in dossiers(cases):
        case = dossier.application
        name, goal, area = _names(_regeling(catalog, case), case, "nl")
        year = (case.activity_date or case.imported_at)[:4]
        rows.append(
            [
                str(case.bundle_id),
                PRIVATE_PERSON if case.natural_person else case.applicant,
                name,
                goal,
                area,
                case.title,
                "Eenmalig",
                _amount(case.requested),
                _amount(case.granted),
                _amount(case.settled),
                year,
                trust_text(dossier, "nl"),
            ]
        )
    return rows


def to_csv(cases: Sequence[Case], catalog: Catalog) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in register_rows(cases, catalog):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX -------------------------------------------------------------------------------------

XLSX_COLUMNS: tuple[tuple[str, str], ...] = (  # (key, Dutch header)
    # the register's columns first, in its order
    ("dossier", N_("Dossiernummer")),
    ("applicant", N_("Aanvrager")),
    ("regeling", N_("Regeling")),
    ("goal", N_("Beleidsterrein (doel)")),
    ("area", N_("Organisatieonderdeel (gebied)")),
    ("title", N_("Projectnaam")),
    ("periodicity", N_("Type periodiciteit")),
    ("requested", N_("Bedrag aangevraagd")),
    ("granted", N_("Bedrag verleend")),
    ("settled", N_("Bedrag vastgesteld")),
    ("year", N_("Subsidiejaar")),
    # then what the administration needs besides
    ("trust", N_("Betrouwbaarheid")),
    ("status", N_("Status")),
    ("activity_date", N_("Datum activiteit")),
    ("imported_at", N_("Ingelezen op")),
    ("decided_at", N_("Besloten op")),
    ("report_at", N_("Verslag ontvangen op")),
    ("signed", N_("Ondertekend")),
    ("private", N_("Particulier")),
    ("blocking", N_("Fouten")),
    ("warnings", N_("Waarschuwingen")),
    ("assisted_by", N_("Ingevuld met hulp van")),
    ("version", N_("Versie regeling")),
)
_EURO_KEYS = {"requested", "granted", "settled"}


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _moment(text: str | None) -> dt.datetime | None:
    """A stored time as a spreadsheet time: Amsterdam's clock, no zone (a sheet has none)."""
    try:
        moment = dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(AMSTERDAM).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _year(activity: dt.date | None, imported: dt.datetime | None, case: Case) -> int | str:
    """The subsidy year: the activity's, else the import's."""
    when = activity or imported
    return when.year if when is not None else case.imported_at[:4]


def decided_dates(store: CaseStore, cases: Sequence[Case]) -> dict[uuid.UUID, str]:
    """When each decided application was last decided (for the XLSX's "Besloten op")."""
    found: dict[uuid.UUID, str] = {}
    for case in cases:
        if case.kind == "application" and case.status != "received":
            decided = [d["at"] for d in store.decisions(case.bundle_id) if d["action"] == "decide"]
            if decided:
                found[case.bundle_id] = decided[-1]
    return found


def _clean(value: str) -> str:
    # Control characters cannot be stored in a sheet (openpyxl raises): show them as "?".
    return ILLEGAL_CHARACTERS_RE.sub("?", value)


def _xlsx_row(
    dossier: Dossier, catalog: Catalog | None, language: str, decided: Mapping[uuid.UUID, str]
) -> dict[str, Any]:
    case = dossier.application
    name, goal, area = _names(_regeling(catalog, case), case, language)
    yes, no = gettext(language, "ja"), gettext(language, "nee")
    activity = _date(case.activity_date)
    imported = _moment(case.imported_at)
    reports = [m for m in (_moment(r.imported_at) for r in dossier.reports) if m is not None]
    status = STATUS.get(case.status)
    return {
        "dossier": str(case.bundle_id),
        "applicant": _clean(case.applicant),
        "regeling": name,
        "goal": goal,
        "area": area,
        "title": _clean(case.title),
        "periodicity": gettext(language, "Eenmalig"),
        "requested": case.requested,
        "granted": case.granted,
        "settled": case.settled,
        "year": _year(activity, imported, case),
        "trust": trust_text(dossier, language),
        "status": gettext(language, status) if status else case.status,
        "activity_date": activity,
        "imported_at": imported,
        "decided_at": _moment(decided.get(case.bundle_id)),
        "report_at": max(reports) if reports else None,
        "signed": yes if case.signed else no,
        "private": yes if case.natural_person else no,
        "blocking": case.blocking,
        "warnings": case.warnings,
        "assisted_by": _clean(case.assisted_by or ""),
        "version": case.regeling_version,
    }


def to_xlsx(
    cases: Sequence[Case],
    catalog: Catalog | None = None,
    language: str = "nl",
    decided: Mapping[uuid.UUID, str] | None = None,
) -> bytes:
    """The full sheet, one row per dossier. Without ``catalog`` areas and goals stay ids;
    ``decided`` (``decided_dates``) fills "Besloten op"."""
    book = Workbook()
    sheet = book.worksheets[0]  # a new Workbook has exactly one sheet
    sheet.title = gettext(language, "Dossiers")
    headers = [gettext(language, header) for _, header in XLSX_COLUMNS]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for dossier in dossiers(cases):
        row = _xlsx_row(dossier, catalog, language, decided or {})
        sheet.append([row[key] for key, _ in XLSX_COLUMNS])
        for (key, _), cell in zip(XLSX_COLUMNS, sheet[sheet.max_row], strict=True):
            if isinstance(cell.value, str):
                # Text is text: openpyxl would store "=..." as a live formula.
                cell.data_type = TYPE_STRING
            elif key in _EURO_KEYS and cell.value is not None:
                cell.number_format = EURO_FORMAT  # a real number, so officials can add it up
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    for number, ((key, _), header) in enumerate(zip(XLSX_COLUMNS, headers, strict=True), start=1):
        width = 40 if key in ("dossier", "title", "trust") else max(12, len(header) + 2)
        sheet.column_dimensions[get_column_letter(number)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
