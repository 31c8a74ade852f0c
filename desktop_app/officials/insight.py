"""Insight into the area's task (opgave), from what residents already handed in.

Per area and per goal, for a period: how many applications, granted, rejected, reported and
settled; money requested, granted, settled and paid back against the area's ceiling; residents
and volunteers planned (the application's estimate) and actual (the report); the share of
activities that took place; target groups. Computed only from answers already asked, found
through the regeling's ``roles:`` and ``report_roles:``; no field is read by a fixed id.

The period selects *applications* by their activity date (``basis="activity"``; the import
date when an application has none) or by the day they were imported (``basis="import"``). A
report counts with its application, whenever it came in.

Privacy: no names, addresses, titles or IBANs. A group with fewer than ``threshold``
applications is suppressed (shown as "< 5"); its numbers are never put into the result, so no
export can leak them. Cases are read only through ``CaseStore.cases()``/``document_json()``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Protocol

from openpyxl import Workbook

from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Text
from desktop_app.officials.store import Case

Basis = Literal["activity", "import"]
THRESHOLD = 5
ZERO = Decimal("0.00")


class CaseSource(Protocol):
    def cases(self) -> list[Case]: ...

    def document_json(self, bundle_id: uuid.UUID) -> str: ...


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None
    basis: Basis = "activity"

    def holds(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Figures:
    applications: int = 0
    granted: int = 0
    rejected: int = 0
    reported: int = 0
    settled: int = 0
    requested: Decimal = ZERO
    granted_amount: Decimal = ZERO
    settled_amount: Decimal = ZERO
    paid_back: Decimal = ZERO
    planned_participants: int = 0
    planned_participants_n: int = 0
    planned_volunteers: int = 0
    planned_volunteers_n: int = 0
    actual_participants: int = 0
    actual_participants_n: int = 0
    actual_volunteers: int = 0
    actual_volunteers_n: int = 0
    took_place: int = 0
    took_place_answered: int = 0

    @property
    def took_place_share(self) -> Decimal | None:
        if not self.took_place_answered:
            return None
        return (Decimal(self.took_place) / Decimal(self.took_place_answered)).quantize(
            Decimal("0.01")
        )


@dataclass(frozen=True)
class Row:
    key: str
    name: Text
    applications_shown: str
    """the number of applications, or "< 5" when the group is too small to show"""
    figures: Figures | None
    """None when suppressed: the numbers are not kept, so nothing can leak them"""
    ceiling: Decimal | None = None


@dataclass(frozen=True)
class Source:
    bundle_id: uuid.UUID
    kind: str
    day: dt.date
    imported_on: dt.date
    status: str
    application_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Insight:
    regeling_id: str
    regeling_name: Text
    period: Period
    threshold: int
    total: Row
    by_area: list[Row]
    by_goal: list[Row]
    target_groups: list[tuple[Text, str, str]]
    """(target group, applications for it, activities for it that took place) — "< 5" if small"""
    sources: list[Source]
    estimated: list[Text] = field(default_factory=list)


ESTIMATED = [
    Text(
        nl="Geplande deelnemers en vrijwilligers zijn schattingen van de aanvragers bij de "
        "aanvraag.",
        en="Planned participants and volunteers are the applicants' estimates when applying.",
    ),
    Text(
        nl="Werkelijke aantallen komen uit de verslagen: de eigen telling van de bewoners, "
        "niet nagegaan. De kolom 'met antwoord' zegt uit hoeveel dossiers een getal komt.",
        en="Actual numbers come from the reports: the residents' own count, not checked. The "
        "'answered' column says how many cases a number comes from.",
    ),
    Text(
        nl="Het plafond geldt per jaar; voor een periode over meer jaren is het de som.",
        en="The ceiling is per year; for a period over several years it is the sum.",
    ),
]


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _case_day(case: Case, basis: Basis) -> dt.date:
    imported = _day(case.imported_at) or dt.date.min
    if basis == "import":
        return imported
    return _day(case.activity_date) or imported


def compute(
    store: CaseSource,
    catalog: Catalog,
    regeling_id: str,
    period: Period,
    threshold: int = THRESHOLD,
    ceiling_of: Callable[[str, int], Decimal | None] | None = None,
) -> Insight:
    """The overview of one regeling for a period. ``ceiling_of(area, year)`` gives an area's
    ceiling (decide.budget_overview); without it the regeling's own ceilings count."""
    all_cases = store.cases()
    applications = [
        c
        for c in all_cases
        if c.kind == "application"
        and c.regeling_id == regeling_id
        and period.holds(_case_day(c, period.basis))
    ]
    chosen = {c.bundle_id for c in applications}
    reports: dict[uuid.UUID, tuple[Case, dict[str, Any]]] = {}
    for case in all_cases:
        if case.kind != "report" or case.regeling_id != regeling_id:
            continue
        document = json.loads(store.document_json(case.bundle_id))
        try:
            application_id = uuid.UUID(str(document.get("application_id")))
        except ValueError:
            continue
        if application_id in chosen:
            earlier = reports.get(application_id)
            if earlier is None or earlier[0].imported_at <= case.imported_at:
                reports[application_id] = (case, document.get("answers") or {})
    day = period.end or dt.date.today()
    regeling = catalog.current(regeling_id, day)
    figures: dict[uuid.UUID, Figures] = {}
    groups_planned: dict[str, int] = {}
    groups_reached: dict[str, int] = {}
    for case in applications:
        version = _version(catalog, case, regeling)
        answers = json.loads(store.document_json(case.bundle_id)).get("answers") or {}
        one = Figures(applications=1, requested=case.requested or ZERO)
        if case.granted is not None:
            one.granted, one.granted_amount = 1, case.granted
        one.rejected = int(case.status == "rejected")
        if case.status == "settled" and case.settled is not None:
            one.settled, one.settled_amount = 1, case.settled
            one.paid_back = (case.granted or case.settled) - case.settled
        for role in ("participants", "volunteers"):
            number = version.roles.count(answers, role)
            if number is not None:
                setattr(one, f"planned_{role}", number)
                setattr(one, f"planned_{role}_n", 1)
        happened = None
        if case.bundle_id in reports:
            one.reported = 1
            report_answers = reports[case.bundle_id][1]
            happened = version.report_roles.happened(report_answers)
            if happened is not None:
                one.took_place_answered, one.took_place = 1, int(happened)
            for role, actual in (
                ("participants", "actual_participants"),
                ("volunteers", "actual_volunteers"),
            ):
                number = version.report_roles.count(report_answers, actual)
                if happened is False and getattr(version.report_roles, actual) is not None:
                    number = 0  # it did not take place: nobody was reached
                if number is not None:
                    setattr(one, f"actual_{role}", number)
                    setattr(one, f"actual_{role}_n", 1)
        for group in version.roles.choices(answers, "target_groups"):
            groups_planned[group] = groups_planned.get(group, 0) + 1
            if happened:
                groups_reached[group] = groups_reached.get(group, 0) + 1
        figures[case.bundle_id] = one
    years = sorted({_case_day(c, period.basis).year for c in applications})
    if period.start and period.end:
        years = list(range(period.start.year, period.end.year + 1))

    def ceiling(area_id: str) -> Decimal | None:
        amounts = []
        for year in years:
            amount = ceiling_of(area_id, year) if ceiling_of else None
            if amount is None:
                area = next((a for a in regeling.areas if a.id == area_id), None)
                if area is not None and area.budget_ceiling:
                    amount = regeling.money_value(area.budget_ceiling)
            if amount is not None:
                amounts.append(amount)
        return sum(amounts, ZERO) if amounts else None

    def rows(attribute: str, options: Iterable[tuple[str, Text]], area: bool) -> list[Row]:
        made = []
        for key, name in options:
            mine = [figures[c.bundle_id] for c in applications if getattr(c, attribute) == key]
            made.append((key, name, _summed(mine)))
        small = [m for m in made if 0 < m[2].applications < threshold]
        if len(small) == 1:
            # One hidden group could be worked out from the total: hide the next smallest too.
            rest = sorted((m for m in made if m[2].applications >= threshold), key=_size)
            small += rest[:1]
        return [
            Row(
                key,
                name,
                "< " + str(threshold) if (key, name, sums) in small else str(sums.applications),
                None if (key, name, sums) in small else sums,
                ceiling(key) if area else None,
            )
            for key, name, sums in made
        ]

    total = _summed(list(figures.values()))
    hidden = 0 < total.applications < threshold
    total_row = Row(
        "",
        Text(nl="Totaal", en="Total"),
        "< " + str(threshold) if hidden else str(total.applications),
        None if hidden else total,
        sum((c for c in (ceiling(a.id) for a in regeling.areas) if c is not None), ZERO) or None,
    )

    def shown(number: int) -> str:
        return f"< {threshold}" if 0 < number < threshold else str(number)

    sources = [
        Source(c.bundle_id, c.kind, _case_day(c, period.basis), _imported(c), c.status)
        for c in applications
    ] + [
        Source(r.bundle_id, r.kind, _case_day(r, period.basis), _imported(r), r.status, app_id)
        for app_id, (r, _) in reports.items()
    ]
    return Insight(
        regeling_id=regeling_id,
        regeling_name=regeling.name,
        period=period,
        threshold=threshold,
        total=total_row,
        by_area=rows("area", ((a.id, a.name) for a in regeling.areas), True),
        by_goal=rows("goal", ((g.id, g.label) for g in regeling.goals), False),
        target_groups=[
            (t.label, shown(groups_planned.get(t.id, 0)), shown(groups_reached.get(t.id, 0)))
            for t in regeling.target_groups
        ],
        sources=sorted(sources, key=lambda s: (s.day, str(s.bundle_id))),
        estimated=ESTIMATED,
    )


def _size(made: tuple[str, Text, Figures]) -> int:
    return made[2].applications


def _imported(case: Case) -> dt.date:
    return _day(case.imported_at) or dt.date.min


def _version(catalog: Catalog, case: Case, fallback: Regeling) -> Regeling:
    try:
        return catalog.get(case.regeling_id, case.regeling_version)
    except UserError:  # an unknown version: read its answers by the current one
        return fallback


def _summed(parts: list[Figures]) -> Figures:
    total = Figures()
    for part in parts:
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


# --- export ------------------------------------------------------------------------------

COLUMNS: list[tuple[str, Callable[[Figures], Any]]] = [
    ("Ingediend", lambda f: f.applications),
    ("Toegekend", lambda f: f.granted),
    ("Afgewezen", lambda f: f.rejected),
    ("Verslag ontvangen", lambda f: f.reported),
    ("Vastgesteld", lambda f: f.settled),
    ("Gevraagd (€)", lambda f: f.requested),
    ("Toegekend (€)", lambda f: f.granted_amount),
    ("Vastgesteld (€)", lambda f: f.settled_amount),
    ("Terugbetaald (€)", lambda f: f.paid_back),
    ("Deelnemers gepland (schatting)", lambda f: f.planned_participants),
    ("  met antwoord", lambda f: f.planned_participants_n),
    ("Vrijwilligers gepland (schatting)", lambda f: f.planned_volunteers),
    ("  met antwoord ", lambda f: f.planned_volunteers_n),
    ("Deelnemers werkelijk (verslag)", lambda f: f.actual_participants),
    ("  met antwoord  ", lambda f: f.actual_participants_n),
    ("Vrijwilligers werkelijk (verslag)", lambda f: f.actual_volunteers),
    ("  met antwoord   ", lambda f: f.actual_volunteers_n),
    ("Doorgegaan", lambda f: f.took_place),
    ("Doorgegaan (aandeel)", lambda f: f.took_place_share),
]


def _row_cells(row: Row, with_ceiling: bool) -> list[Any]:
    cells: list[Any] = [row.name.nl]
    if row.figures is None:
        cells += [row.applications_shown] + ["" for _ in COLUMNS[1:]]
    else:
        cells += [get(row.figures) for _, get in COLUMNS]
    if with_ceiling:
        cells.append(row.ceiling)
        used = row.figures.granted_amount if row.figures else None
        share = (used / row.ceiling).quantize(Decimal("0.01")) if used and row.ceiling else None
        cells.append(share)
    return cells


def to_xlsx(insight: Insight) -> bytes:
    """The overview as a workbook: real numbers and dates, Dutch headers, no personal data."""
    book = Workbook()
    about = book.worksheets[0]
    about.title = "Overzicht"
    basis = "activiteitsdatum" if insight.period.basis == "activity" else "datum van inlezen"
    start = insight.period.start
    end = insight.period.end
    for pair in (
        ("Regeling", insight.regeling_name.nl),
        ("Periode vanaf", start or "begin"),
        ("Periode tot en met", end or "nu"),
        ("Periode volgens", basis),
        ("Groepen kleiner dan", insight.threshold),
        ("Bronnen (dossiers)", len(insight.sources)),
    ):
        about.append(list(pair))
    about.append([])
    about.append(["Wat is geschat"])
    for text in insight.estimated:
        about.append([text.nl])
    for title, rows, ceiling in (
        ("Per gebied", [*insight.by_area, insight.total], True),
        ("Per doel", insight.by_goal, False),
    ):
        sheet = book.create_sheet(title)
        head = ["Gebied" if ceiling else "Doel", *(name.strip() for name, _ in COLUMNS)]
        if ceiling:
            head += ["Plafond (€)", "Toegekend van plafond (aandeel)"]
        sheet.append(head)
        for row in rows:
            sheet.append(_row_cells(row, ceiling))
    groups = book.create_sheet("Doelgroepen")
    groups.append(["Doelgroep", "Aanvragen voor deze groep", "Doorgegaan voor deze groep"])
    for name, planned, reached in insight.target_groups:
        groups.append([name.nl, _number(planned), _number(reached)])
    sources = book.create_sheet("Bronnen")
    sources.append(["Dossiernummer", "Soort", "Datum", "Ingelezen op", "Status", "Bij aanvraag"])
    for source in insight.sources:
        sources.append(
            [
                str(source.bundle_id),
                "aanvraag" if source.kind == "application" else "verslag",
                source.day,
                source.imported_on,
                source.status,
                str(source.application_id) if source.application_id else "",
            ]
        )
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "dd-mm-yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def as_json(insight: Insight) -> dict[str, Any]:
    def row(r: Row) -> dict[str, Any]:
        values: dict[str, Any] = {"key": r.key, "name": r.name.nl}
        if r.figures is not None:
            values |= {
                k: str(v) if isinstance(v, Decimal) else v for k, v in vars(r.figures).items()
            }
            share = r.figures.took_place_share
            values["took_place_share"] = str(share) if share is not None else None
        values["applications"] = r.applications_shown  # "< 5" when too small to show
        values["ceiling"] = str(r.ceiling) if r.ceiling is not None else None
        return values

    return {
        "regeling": insight.regeling_id,
        "period": {
            "from": insight.period.start.isoformat() if insight.period.start else None,
            "to": insight.period.end.isoformat() if insight.period.end else None,
            "basis": insight.period.basis,
        },
        "threshold": insight.threshold,
        "total": row(insight.total),
        "by_area": [row(r) for r in insight.by_area],
        "by_goal": [row(r) for r in insight.by_goal],
        "target_groups": [
            {"name": n.nl, "applications": p, "took_place": r} for n, p, r in insight.target_groups
        ],
        "sources": [
            {"bundle_id": str(s.bundle_id), "kind": s.kind, "date": s.day.isoformat()}
            for s in insight.sources
        ],
        "estimated": [t.nl for t in insight.estimated],
    }


# --- the report for a stadsdeelcommissie (tagged PDF/A-2a + PDF/UA-1) -------------------


def _money_nl(value: Decimal | None) -> str:
    from desktop_app.core.money import format_money

    return format_money(value, "nl") if value is not None else "—"


def _table(head: list[str], rows: list[list[str]], columns: str = "") -> str:
    from desktop_app.documents.typst_pdf import call, lit

    cells = [f"table.header({', '.join(f'strong({lit(h)})' for h in head)})"]
    for row in rows:
        cells += [lit(cell) for cell in row]
    return call(
        "table",
        f"columns: {columns or '(' + ', '.join(['1fr'] * len(head)) + ')'}",
        "stroke: 0.4pt + rule",
        "inset: 4pt",
        "fill: (x, y) => if y == 0 { shade }",
        *cells,
    )


def to_pdf(insight: Insight, made_at: dt.datetime) -> bytes:
    """A short report a committee can read: period, numbers per area and goal, the reach,
    what is estimated, and the sources (dossier numbers). No names, no addresses."""
    from desktop_app.documents.typst_pdf import call, compile_pdf, document, lit

    start = insight.period.start.strftime("%d-%m-%Y") if insight.period.start else "het begin"
    end = insight.period.end.strftime("%d-%m-%Y") if insight.period.end else "nu"
    basis = (
        "de datum van de activiteit (of van inlezen als die ontbreekt)"
        if insight.period.basis == "activity"
        else "de datum waarop de aanvraag is ingelezen"
    )

    def counts(rows: list[Row]) -> list[list[str]]:
        made = []
        for r in rows:
            f = r.figures
            if f is None:
                made.append([r.name.nl, r.applications_shown, "", "", "", ""])
            else:
                made.append(
                    [
                        r.name.nl,
                        str(f.applications),
                        str(f.granted),
                        str(f.rejected),
                        str(f.reported),
                        str(f.settled),
                    ]
                )
        return made

    def money(rows: list[Row]) -> list[list[str]]:
        made = []
        for r in rows:
            f = r.figures
            if f is None:
                made.append([r.name.nl, r.applications_shown, "", "", "", _money_nl(r.ceiling)])
            else:
                made.append(
                    [
                        r.name.nl,
                        _money_nl(f.requested),
                        _money_nl(f.granted_amount),
                        _money_nl(f.settled_amount),
                        _money_nl(f.paid_back),
                        _money_nl(r.ceiling),
                    ]
                )
        return made

    def reach(rows: list[Row]) -> list[list[str]]:
        made = []
        for r in rows:
            f = r.figures
            if f is None:
                made.append([r.name.nl, r.applications_shown, "", "", "", ""])
                continue
            share = f.took_place_share
            made.append(
                [
                    r.name.nl,
                    f"{f.planned_participants} ({f.planned_participants_n})",
                    f"{f.actual_participants} ({f.actual_participants_n})",
                    f"{f.planned_volunteers} ({f.planned_volunteers_n})",
                    f"{f.actual_volunteers} ({f.actual_volunteers_n})",
                    f"{int(share * 100)}%" if share is not None else "—",
                ]
            )
        return made

    areas = [r for r in insight.by_area if r.applications_shown != "0"] + [insight.total]
    goals = [r for r in insight.by_goal if r.applications_shown != "0"]
    count_head = ["", "Ingediend", "Toegekend", "Afgewezen", "Verslag", "Vastgesteld"]
    money_head = ["", "Gevraagd", "Toegekend", "Vastgesteld", "Terugbetaald", "Plafond"]
    reach_head = [
        "",
        "Deelnemers gepland",
        "Deelnemers werkelijk",
        "Vrijwilligers gepland",
        "Vrijwilligers werkelijk",
        "Doorgegaan",
    ]
    body = [
        call("kicker", lit("Inzicht voor de stadsdeelcommissie")),
        call("heading", lit(f"Inzicht in de opgave: {insight.regeling_name.nl}"), level="1"),
        call("answer", lit(f"Periode: {start} tot en met {end}, volgens {basis}.")),
        call(
            "answer",
            lit(
                f"Groepen met minder dan {insight.threshold} aanvragen staan er als "
                f"'< {insight.threshold}', zodat niemand te herkennen is. Er staan geen namen, "
                "adressen of rekeningnummers in dit verslag."
            ),
        ),
        call("heading", lit("Aantallen per gebied"), level="2"),
        _table(["Gebied", *count_head[1:]], counts(areas)),
        call("heading", lit("Geld per gebied"), level="2"),
        _table(["Gebied", *money_head[1:]], money(areas)),
        call("heading", lit("Bereik per gebied"), level="2"),
        call("small", lit("Tussen haakjes: uit hoeveel dossiers het getal komt.")),
        _table(["Gebied", *reach_head[1:]], reach(areas)),
        call("heading", lit("Aantallen per doel"), level="2"),
        _table(["Doel", *count_head[1:]], counts(goals)),
        call("heading", lit("Doelgroepen"), level="2"),
        _table(
            ["Doelgroep", "Aanvragen", "Doorgegaan"],
            [[n.nl, p, r] for n, p, r in insight.target_groups],
        ),
        call("heading", lit("Wat is geschat"), level="2"),
        call("list", "tight: true", *(lit(t.nl) for t in insight.estimated)),
        call("heading", lit("Bronnen"), level="2"),
        call(
            "answer",
            lit(
                f"{sum(1 for s in insight.sources if s.kind == 'application')} aanvragen en "
                f"{sum(1 for s in insight.sources if s.kind == 'report')} verslagen, "
                "ingelezen door de gemeente. De dossiernummers:"
            ),
        ),
        _table(
            ["Dossiernummer", "Soort", "Datum"],
            [
                [
                    str(s.bundle_id),
                    "aanvraag" if s.kind == "application" else "verslag",
                    s.day.strftime("%d-%m-%Y"),
                ]
                for s in insight.sources
            ],
            columns="(auto, auto, auto)",  # a dossier number on one line
        ),
    ]
    return compile_pdf(
        document(
            title=f"Inzicht in de opgave: {insight.regeling_name.nl}",
            author="Klein Initiatief",
            description=f"Periode {start} tot en met {end}",
            language="nl",
            footer="none",
            body=body,
        ),
        made_at,
    )
