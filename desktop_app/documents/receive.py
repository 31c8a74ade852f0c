"""A decision file from the municipality arrives: check it against the application's own
regeling, keep it when it is the newest, note it on the application, and begin the report
(verantwoording) when the grant was given. Qt-free; the window calls it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date

from desktop_app.core.clock import AMSTERDAM, Clock
from desktop_app.core.documents import Application, Report
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Text
from desktop_app.documents.decision import (
    MAX_DECISION_BYTES,
    Decision,
    check_decision,
    read_signed,
    report_for,
)
from desktop_app.storage.drafts import DraftStore


@dataclass(frozen=True)
class Received:
    decision: Decision
    application: Application
    report: Report | None  # None when the application was rejected
    checked: bool = True  # False: its regeling names no key, so the signature was not checked


def read_decision_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(MAX_DECISION_BYTES + 1)
    except OSError as exc:
        raise UserError(
            "decision.unreadable",
            text(N_("Het bestand '{name}' kan niet worden geopend."), name=path.name),
        ) from exc


def _kept(store: DraftStore, application: Application) -> Decision | None:
    """The decision already read in for this application (verified when it was kept)."""
    data = store.decision_of(application.id)
    if data is None:
        return None
    try:
        return read_signed(data).decision
    except UserError:
        return None


def _older(kept: Decision) -> UserError:
    day = kept.decided_at.astimezone(AMSTERDAM).date()
    return UserError(
        "decision.older",
        text(
            N_(
                "Dit besluit is ouder dan het besluit dat u al had. We houden het nieuwste "
                "besluit van {day}."
            ),
            day=Text(
                nl=format_date(day, "long", locale="nl_NL"),
                en=format_date(day, "long", locale="en_GB"),
            ),
        ),
    )


def receive_decision(data: bytes, catalog: Catalog, store: DraftStore, clock: Clock) -> Received:
    """Verify against the pinned keys of the application's own regeling; keep the newest
    decision. Reading the same file twice is harmless; an older one changes nothing."""
    claimed = read_signed(data).decision  # not trusted yet: only to find the application
    try:
        application = store.load(claimed.application_id)
    except UserError:
        application = None
    if not isinstance(application, Application):
        raise UserError(
            "decision.unknown_application",
            text(
                N_(
                    "Dit besluit hoort bij een aanvraag die niet op deze computer staat. "
                    "Lees het in op de computer waarop u de aanvraag heeft gemaakt."
                )
            ),
        )
    decision, checked = check_decision(data, catalog, application)
    kept = _kept(store, application)
    same = kept is not None and kept.decision_id == decision.decision_id
    if kept is not None and not same and decision.order <= kept.order:
        raise _older(kept)
    store.save_decision(application.id, data)
    if decision.outcome == "reject":
        store.save(application, "rejected")
        return Received(decision, application, None, checked)
    store.save(application, "decided")
    existing = store.report_of(application.id)
    if existing is not None:
        report = store.load(existing.id)
        assert isinstance(report, Report)
        if report.granted_amount != decision.granted_amount and existing.status == "report_draft":
            # A corrected grant: the report not yet signed follows the new amount (and tier).
            report = report.model_copy(
                update={"granted_amount": decision.granted_amount, "decision_checked": checked}
            )
            store.save(report, "report_draft")
        return Received(decision, application, report, checked)
    report = report_for(decision, application, clock, checked)
    store.save(report, "report_draft")
    return Received(decision, application, report, checked)
