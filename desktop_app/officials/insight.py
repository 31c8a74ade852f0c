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
export can leak them. Cases are read only through ``CaseStore.cases()``, ``document_json()``
and, for the dates of decisions, ``decisions()`` (only its date and amount, never who decided).

Small groups in the table area × goal (the rule, see ``suppress``). The overview shows the
applications in a table of areas (rows) × goals (columns) with its totals: per area (the
by-area rows), per goal (the by-goal rows) and overall. Each line of that table — a row with
its area total, a column with its goal total, the line of area totals with the overall total
— is a sum someone can redo. So:

1. *Primary*: every count from 1 to ``threshold - 1`` is hidden ("< 5"). Zero is shown.
2. *Never one alone*: a line never holds exactly one hidden number (else its total minus the
   shown numbers gives it back); hidden numbers whose total is shown add up to at least
   ``threshold`` (else the hidden ones together are a small group). Hidden next: the smallest
   shown non-zero number of that line, else the line's total, else a zero.
3. *No bridge*: a hidden number that could still be solved from the sums over several lines
   (in the graph of lines joined by hidden numbers it is a bridge, on no cycle) gets a
   partner hidden in its row, so every hidden number lies on a cycle of hidden numbers and no
   set of sums yields it.
4. Repeat 2 and 3 until nothing changes. A hidden area or goal total hides the whole row of
   that area or goal (money, reach and all); the overall total likewise.

Money per area and per goal is a sum over the same groups, so rule 2 on the line of totals
protects it too. Target groups are not additive (an application names several), so only rule
1 applies to them. The timeline of the budget used is given only for areas (and the total)
that are shown.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol

from openpyxl import Workbook

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Text
from desktop_app.officials.store import Case, CaseStore

Basis = Literal["activity", "import"]
THRESHOLD = 5
ZERO = Decimal("0.00")
OTHER = "*"
"""the key of the row for an area or goal the regeling does not (or no longer) name"""
OTHER_NAME = N_("Overig of niet ingevuld")


class CaseSource(Protocol):
    def cases(self) -> list[Case]: ...

    def document_json(self, bundle_id: uuid.UUID) -> str: ...

    def decisions(self, bundle_id: uuid.UUID) -> list[dict[str, Any]]: ...


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
class CrossTable:
    """Applications per area (rows) and goal (columns); every number as shown ("< 5")."""

    areas: list[Text]
    goals: list[Text]
    cells: list[list[str]]
    area_totals: list[str]
    goal_totals: list[str]
    total: str


Timeline = list[tuple[dt.date, Decimal]]
"""(decision day, granted so far): the budget used, cumulative by the day of the decision"""


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
    cross: CrossTable | None = None
    timelines: dict[str, Timeline] = field(default_factory=dict)
    """per shown area key (and "" for the total): the budget used by decision day"""


ESTIMATED = [
    N_("Geplande deelnemers en vrijwilligers zijn schattingen van de aanvragers bij de aanvraag."),
    N_(
        "Werkelijke aantallen komen uit de verslagen: de eigen telling van de bewoners, "
        "niet nagegaan. De kolom 'met antwoord' zegt uit hoeveel dossiers een getal komt."
    ),
    N_("Het plafond geldt per jaar; voor een periode over meer jaren is het de som."),
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

    areas = [(a.id, a.name) for a in regeling.areas]
    goals = [(g.id, g.label) for g in regeling.goals]

    def key_of(value: str | None, known: list[tuple[str, Text]]) -> str:
        return value if value in {k for k, _ in known} else OTHER

    area_of = {c.bundle_id: key_of(c.area, areas) for c in applications}
    goal_of = {c.bundle_id: key_of(c.goal, goals) for c in applications}
    if OTHER in area_of.values():
        areas.append((OTHER, text(OTHER_NAME)))
    if OTHER in goal_of.values():
        goals.append((OTHER, text(OTHER_NAME)))
    table = [
        [
            sum(1 for c in applications if (area_of[c.bundle_id], goal_of[c.bundle_id]) == (a, g))
            for g, _ in goals
        ]
        for a, _ in areas
    ]
    table = [[*line, sum(line)] for line in table]
    table.append([sum(line[j] for line in table) for j in range(len(goals) + 1)])
    hidden = suppress(table, threshold)
    m, n = len(areas), len(goals)
    hide = f"< {threshold}"

    def cell(i: int, j: int) -> str:
        return hide if (i, j) in hidden else str(table[i][j])

    def row(key: str, name: Text, mine: dict[uuid.UUID, str], at: tuple[int, int]) -> Row:
        sums = _summed([f for b, f in figures.items() if mine[b] == key])
        suppressed = at in hidden
        return Row(
            key,
            name,
            hide if suppressed else str(sums.applications),
            None if suppressed else sums,
            ceiling(key) if mine is area_of else None,
        )

    by_area = [row(k, name, area_of, (i, n)) for i, (k, name) in enumerate(areas)]
    by_goal = [row(k, name, goal_of, (m, j)) for j, (k, name) in enumerate(goals)]
    total = _summed(list(figures.values()))
    total_row = Row(
        "",
        text(N_("Totaal")),
        cell(m, n),
        None if (m, n) in hidden else total,
        sum((c for c in (ceiling(a.id) for a in regeling.areas) if c is not None), ZERO) or None,
    )
    cross = CrossTable(
        areas=[name for _, name in areas],
        goals=[name for _, name in goals],
        cells=[[cell(i, j) for j in range(n)] for i in range(m)],
        area_totals=[cell(i, n) for i in range(m)],
        goal_totals=[cell(m, j) for j in range(n)],
        total=cell(m, n),
    )
    steps = _grant_steps(store, applications)
    timelines = {
        r.key: _cumulative([step for step in steps if not r.key or area_of[step[0]] == r.key])
        for r in [*by_area, total_row]
        if r.figures is not None and r.key != OTHER
    }

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
        by_area=by_area,
        by_goal=by_goal,
        target_groups=[
            (t.label, shown(groups_planned.get(t.id, 0)), shown(groups_reached.get(t.id, 0)))
            for t in regeling.target_groups
        ],
        sources=sorted(sources, key=lambda s: (s.day, str(s.bundle_id))),
        estimated=[text(dutch) for dutch in ESTIMATED],
        cross=cross,
        timelines=timelines,
    )


def suppress(table: list[list[int]], threshold: int) -> set[tuple[int, int]]:
    """The numbers to hide in ``table`` (its last row and column are the totals), by the
    rule in the module's docstring: every small count, and enough others that none of them
    can be worked out again from the totals."""
    rows, columns = len(table), len(table[0]) if table else 0
    hidden = {(i, j) for i in range(rows) for j in range(columns) if 0 < table[i][j] < threshold}
    lines = [[(i, j) for j in range(columns)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(columns)
    ]

    def value(at: tuple[int, int]) -> int:
        return table[at[0]][at[1]]

    def partner(line: list[tuple[int, int]], besides: tuple[int, int] | None = None) -> bool:
        """Hide one more number of ``line``; False when all of it is hidden already."""
        free = [c for c in line[:-1] if c not in hidden and c != besides]
        choice = sorted((c for c in free if value(c)), key=lambda c: (value(c), c))
        if not choice and line[-1] not in hidden and line[-1] != besides:
            choice = [line[-1]]
        choice = choice or free
        if choice:
            hidden.add(choice[0])
        return bool(choice)

    def bridge() -> tuple[int, int] | None:
        for at in sorted(hidden):
            rest = hidden - {at}
            seen, todo = {("r", at[0])}, [("r", at[0])]
            while todo:
                side, number = todo.pop()
                for i, j in rest:
                    if (side, number) in (("r", i), ("c", j)):
                        other = ("c", j) if side == "r" else ("r", i)
                        if other not in seen:
                            seen.add(other)
                            todo.append(other)
            if ("c", at[1]) not in seen:
                return at
        return None

    changed = True
    while changed:
        changed = False
        for line in lines:
            mine = [c for c in line if c in hidden]
            weak = len(mine) == 1 or (
                line[-1] not in hidden and 0 < sum(value(c) for c in mine) < threshold
            )
            if weak and partner(line):
                changed = True
        if changed:
            continue
        at = bridge()
        if at is not None:
            if not (partner(lines[at[0]], at) or partner(lines[rows + at[1]], at)):
                hidden |= {c for line in lines for c in line}
            changed = True
    return hidden


def _grant_steps(
    store: CaseSource, applications: list[Case]
) -> list[tuple[uuid.UUID, dt.date, Decimal]]:
    """(application, day, change of its grant) for every decision that changed a grant."""
    steps = []
    for case in applications:
        before = ZERO
        for entry in store.decisions(case.bundle_id):
            day = _day(str(entry.get("at") or ""))
            if entry.get("action") != "decide" or day is None:
                continue
            granted = (entry.get("detail") or {}).get("granted")
            now = Decimal(str(granted)) if granted else ZERO
            if now != before:
                steps.append((case.bundle_id, day, now - before))
            before = now
    return steps


def _cumulative(steps: list[tuple[uuid.UUID, dt.date, Decimal]]) -> Timeline:
    by_day: dict[dt.date, Decimal] = {}
    for _, day, change in steps:
        by_day[day] = by_day.get(day, ZERO) + change
    made, used = [], ZERO
    for day in sorted(by_day):
        used += by_day[day]
        made.append((day, used))
    return made


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


def regelingen_in(store: CaseSource, catalog: Catalog) -> list[str]:
    """The regelingen that cases in the store were made for (and the catalog knows)."""
    return sorted({c.regeling_id for c in store.cases()} & set(catalog.ids()))


def day_range(store: CaseSource, regeling_id: str, basis: Basis) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the regeling's applications (the whole period)."""
    days = [
        _case_day(c, basis)
        for c in store.cases()
        if c.kind == "application" and c.regeling_id == regeling_id
    ]
    return (min(days), max(days)) if days else None


def overview(
    store: CaseStore,
    catalog: Catalog,
    regeling_id: str | None,
    period: Period,
    threshold: int = THRESHOLD,
) -> Insight:
    """The overview the window and ``klein-initiatief overview`` show: ceilings as the budget
    tab has them (set by an official for a year, else the regeling's)."""
    from desktop_app.officials.decide import budget_overview

    used = sorted({c.regeling_id for c in store.cases()})
    chosen = regeling_id or (used[0] if len(used) == 1 else None)
    if chosen is None or chosen not in catalog.ids():
        raise UserError(
            "insight.regeling",
            text(
                N_("Kies de regeling met --regeling. In deze opslag: {regelingen}."),
                regelingen=", ".join(used) if used else text(N_("geen dossiers")),
            ),
        )
    if period.start and period.end and period.start > period.end:
        raise UserError(
            "insight.period",
            text(N_("De begindatum ligt na de einddatum. Kies een begindatum die eerder is.")),
        )

    def ceiling_of(area: str, year: int) -> Decimal | None:
        try:
            rows = budget_overview(store, catalog, chosen, year)
        except UserError:
            return None
        return next((r.ceiling for r in rows if r.area == area), None)

    return compute(store, catalog, chosen, period, threshold, ceiling_of)


KINDS = {".xlsx": "xlsx", ".pdf": "pdf"}


def export(insight: Insight, path: Path, made_at: dt.datetime) -> None:
    """Write the overview to ``path``: a workbook for ``.xlsx``, the committee's PDF/A for
    ``.pdf`` — the same files from the window and from the command line."""
    from desktop_app.storage.atomic import write_atomic

    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UserError(
            "insight.output_kind",
            text(
                N_("Kan {name} niet maken: kies een naam die eindigt op .xlsx (Excel) of .pdf."),
                name=path.name,
            ),
        )
    data = to_xlsx(insight) if kind == "xlsx" else to_pdf(insight, made_at)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(
            "file.unwritable",
            text(
                N_("Kan {name} niet opslaan: {reason}. Kies een andere map."),
                name=str(path),
                reason=str(exc.strerror),
            ),
        ) from exc


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
    for estimate in insight.estimated:
        about.append([estimate.nl])
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
    if insight.cross is not None:
        cross = book.create_sheet("Gebied en doel")
        cross.append(["Gebied", *(g.nl for g in insight.cross.goals), "Totaal"])
        for name, counts, total in zip(
            insight.cross.areas, insight.cross.cells, insight.cross.area_totals, strict=True
        ):
            cross.append([name.nl, *(_number(c) for c in counts), _number(total)])
        cross.append(
            [
                "Totaal",
                *(_number(c) for c in insight.cross.goal_totals),
                _number(insight.cross.total),
            ]
        )
    line = book.create_sheet("Tijdlijn")
    line.append(["Gebied", "Datum besluit", "Toegekend tot dan (€)", "Plafond (€)"])
    for row in [*insight.by_area, insight.total]:
        for day, used in insight.timelines.get(row.key, []):
            line.append([row.name.nl, day, used, row.ceiling])
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

    # Long Dutch words ("Bestaanszekerheid") break at a hyphen instead of running over.
    cells = [f"table.header({', '.join(f'text(hyphenate: true, strong({lit(h)}))' for h in head)})"]
    for row in rows:
        cells += [f"text(hyphenate: true, {lit(cell)})" for cell in row]
    return call(
        "table",
        f"columns: {columns or '(' + ', '.join(['1fr'] * len(head)) + ')'}",
        "stroke: 0.4pt + rule",
        "inset: 4pt",
        "fill: (x, y) => if y == 0 { shade }",
        *cells,
    )


def _cross_pdf(cross: CrossTable) -> list[str]:
    from desktop_app.documents.typst_pdf import call, lit

    return [
        call("heading", lit("Aanvragen per gebied en doel"), level="2"),
        _table(
            ["Gebied", *(g.nl for g in cross.goals), "Totaal"],
            [
                [name.nl, *cells, total]
                for name, cells, total in zip(
                    cross.areas, cross.cells, cross.area_totals, strict=True
                )
            ]
            + [["Totaal", *cross.goal_totals, cross.total]],
        ),
    ]


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
        *(_cross_pdf(insight.cross) if insight.cross is not None else []),
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
