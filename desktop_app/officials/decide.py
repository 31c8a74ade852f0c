"""Decide on an application, settle a report, and see the budget per area."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.core.clock import AMSTERDAM, Clock
from desktop_app.core.documents import RegelingRef, Report
from desktop_app.core.engine import report_pay_back, report_tier
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.core.money import format_money
from desktop_app.core.text import LANGUAGES, Text
from desktop_app.documents.decision import Decision, read_signed, sign_decision
from desktop_app.officials.store import Case, CaseStore

# Reasons in plain words the official can edit before deciding (Dutch; the catalogue
# translates them).
REASON_TEMPLATES: dict[str, str] = {
    "grant_full": N_("U krijgt het bedrag dat u vroeg: {amount}. Veel succes met uw activiteit."),
    "grant_lower": N_(
        "U krijgt {amount}. Dat is minder dan u vroeg ({requested}), omdat er niet genoeg "
        "geld is voor alle aanvragen in uw gebied."
    ),
    "reject_budget": N_("Wij kunnen uw aanvraag niet toekennen: het geld voor uw gebied is op."),
    "reject_rules": N_(
        "Wij kunnen uw aanvraag niet toekennen, omdat zij niet voldoet aan de regels van "
        "de regeling. U ziet hieronder welke regels dat zijn."
    ),
}


def _money(value: Decimal | None) -> Text | str:
    """An amount as each language writes it ("€ 1.234,56", "€1,234.56"); none: nothing."""
    if value is None:
        return ""
    return Text(**{language: format_money(value, language) for language in LANGUAGES})


def reason_text(template: str, requested: Decimal | None, amount: Decimal | None) -> Text:
    return text(REASON_TEMPLATES[template], amount=_money(amount), requested=_money(requested))


def decide(
    store: CaseStore,
    case: Case,
    outcome: str,
    amount: Decimal | None,
    reason: Text,
    key: Ed25519PrivateKey,
    key_id: str,
    clock: Clock,
    official: str | None = None,
) -> bytes:
    """Record the decision and return the signed decision file for the resident."""
    if case.kind != "application":
        raise UserError(
            "decide.not_application",
            text(N_("Alleen over een aanvraag wordt besloten.")),
        )
    if outcome == "grant" and (amount is None or amount <= 0):
        raise UserError(
            "decide.amount",
            text(N_("Vul het bedrag in dat u toekent.")),
        )
    decided_at = clock.now().astimezone(AMSTERDAM)

    def make_file(sequence: int) -> tuple[str, str, bytes]:
        # A corrected decision gets the next number: the resident's app keeps the newest.
        decision = Decision(
            application_id=case.bundle_id,
            regeling=RegelingRef(id=case.regeling_id, version=case.regeling_version),
            outcome=outcome,  # type: ignore[arg-type]
            granted_amount=amount if outcome == "grant" else None,
            reason=reason,
            decided_at=decided_at,
            sequence=sequence,
        )
        return (
            str(decision.decision_id),
            decision.decided_at.isoformat(),
            sign_decision(decision, key, key_id),
        )

    # One transaction, only from the state the official saw: a colleague's decision in
    # between refuses this one (UserError decide.decided_elsewhere), so one file exists.
    signed = store.record_decision(
        case,
        "granted" if outcome == "grant" else "rejected",
        amount if outcome == "grant" else None,
        make_file,
        official,
    )
    return signed


@dataclass(frozen=True)
class Settlement:
    granted: Decimal
    settled: Decimal
    pay_back: Decimal
    tier: str


def settle(store: CaseStore, report_case: Case, catalog: Catalog) -> Settlement:
    """Record the settlement of a report (see ``settlement_for``) on it and its application."""
    settlement, application = _settlement(store, report_case, catalog)
    store.record_settlement([application.bundle_id, report_case.bundle_id], settlement.settled)
    return settlement


def settlement_for(store: CaseStore, report_case: Case, catalog: Catalog) -> Settlement:
    """Vaststelling, not yet recorded: what the official is asked to confirm."""
    return _settlement(store, report_case, catalog)[0]


def _settlement(store: CaseStore, report_case: Case, catalog: Catalog) -> tuple[Settlement, Case]:
    """Small grants are settled as granted (no accounting, Awb 4:47); in a tier with costs,
    the grant is lowered to what was really spent on the activity."""
    document = Report.model_validate_json(store.document_json(report_case.bundle_id))
    application = store.case(document.application_id)
    if application is None or application.granted is None:
        raise UserError(
            "settle.no_grant",
            text(N_("Bij dit verslag hoort geen toegekende aanvraag in deze opslag.")),
        )
    regeling = catalog.get(document.regeling.id, document.regeling.version)
    granted = application.granted
    tier = report_tier(regeling, document.model_copy(update={"granted_amount": granted}))
    # The report's own pay_back rule (costs it does not pay for excluded; nothing spent when
    # it did not take place): what the resident was told is what is settled.
    pay_back = report_pay_back(regeling, document, granted, document.created_at.date())
    settled = granted - pay_back
    return Settlement(granted, settled, pay_back, tier), application


@dataclass(frozen=True)
class AreaBudget:
    area: str
    name: Text
    ceiling: Decimal | None
    requested: Decimal
    granted: Decimal
    ceiling_illustrative: bool = False

    @property
    def remaining(self) -> Decimal | None:
        return None if self.ceiling is None else self.ceiling - self.granted


def budget_overview(
    store: CaseStore, catalog: Catalog, regeling_id: str, year: int
) -> list[AreaBudget]:
    """Requested, granted and remaining per area against the ceiling (set this year by an
    official, else the regeling's)."""
    regeling = catalog.current(regeling_id, dt.date(year, 7, 1))
    cases = [
        c
        for c in store.cases()
        if c.regeling_id == regeling_id
        and c.kind == "application"
        and (c.activity_date or c.imported_at)[:4] == str(year)
    ]
    overview = []
    for area in regeling.areas:
        ceiling = store.ceiling(regeling_id, area.id, year)
        illustrative = False
        if ceiling is None and area.budget_ceiling:
            ceiling = regeling.parameter_value(area.budget_ceiling)  # type: ignore[assignment]
            illustrative = regeling.parameters[area.budget_ceiling].illustrative
        mine = [c for c in cases if c.area == area.id]
        overview.append(
            AreaBudget(
                area=area.id,
                name=area.name,
                ceiling=ceiling,
                requested=sum((c.requested or Decimal(0) for c in mine), Decimal("0.00")),
                granted=sum((c.granted or Decimal(0) for c in mine), Decimal("0.00")),
                ceiling_illustrative=illustrative,
            )
        )
    return overview


def scheme_budgets(
    store: CaseStore, catalog: Catalog, regeling_id: str, year: int
) -> list[AreaBudget]:
    """Requested and granted against the ceiling of the whole scheme that year and against
    each application round's ceiling (cases counted by the day they came in)."""
    from desktop_app.core.rules import ApplicationWindow

    regeling = catalog.current(regeling_id, dt.date(year, 7, 1))
    cases = [c for c in store.cases() if c.regeling_id == regeling_id and c.kind == "application"]

    def row(key: str, name: Text, ceiling_name: str, chosen: list[Case]) -> AreaBudget:
        return AreaBudget(
            area=key,
            name=name,
            ceiling=regeling.money_value(ceiling_name),
            requested=sum((c.requested or Decimal(0) for c in chosen), Decimal("0.00")),
            granted=sum((c.granted or Decimal(0) for c in chosen), Decimal("0.00")),
            ceiling_illustrative=regeling.parameters[ceiling_name].illustrative,
        )

    rows = []
    if regeling.budget_ceiling:
        in_year = [c for c in cases if c.imported_at[:4] == str(year)]
        whole = text(N_("Hele regeling {year}"), year=str(year))
        rows.append(row("", whole, regeling.budget_ceiling, in_year))
    for rule in regeling.application.rules:
        if not isinstance(rule, ApplicationWindow):
            continue
        for period in rule.rounds:
            start = regeling.parameter_value(period.start)
            end = regeling.parameter_value(period.end)
            if period.ceiling is None or not isinstance(start, dt.date):
                continue
            if not isinstance(end, dt.date) or year not in (start.year, end.year):
                continue
            chosen = [
                c for c in cases if start.isoformat() <= c.imported_at[:10] <= end.isoformat()
            ]
            name = text(N_("Ronde {start} – {end}"), start=start.isoformat(), end=end.isoformat())
            rows.append(row(f"{period.start}", name, period.ceiling, chosen))
    return rows


def set_ceiling(store: CaseStore, regeling_id: str, area: str, year: int, amount: Decimal) -> None:
    store.set_ceiling(regeling_id, area, year, amount)


def decision_file(store: CaseStore, bundle_id: uuid.UUID) -> bytes | None:
    """The newest decision file about an application (highest sequence number)."""
    files = store.decision_files(bundle_id)
    return max(files, key=lambda file: read_signed(file).decision.order, default=None)


__all__ = [
    "REASON_TEMPLATES",
    "AreaBudget",
    "Settlement",
    "budget_overview",
    "decide",
    "decision_file",
    "reason_text",
    "scheme_budgets",
    "set_ceiling",
    "settle",
]
