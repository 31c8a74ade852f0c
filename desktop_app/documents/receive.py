"""A decision file from the municipality arrives: check it, note it on the application, and
begin the report (verantwoording) when the grant was given. Qt-free; the window calls it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.clock import Clock
from desktop_app.core.documents import Application, Report
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Text
from desktop_app.documents.decision import MAX_DECISION_BYTES, Decision, report_for, verify_decision
from desktop_app.storage.drafts import DraftStore


@dataclass(frozen=True)
class Received:
    decision: Decision
    application: Application
    report: Report | None  # None when the application was rejected


def read_decision_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(MAX_DECISION_BYTES + 1)
    except OSError as exc:
        raise UserError(
            "decision.unreadable",
            Text(
                nl=f"Het bestand '{path.name}' kan niet worden geopend.",
                en=f"The file '{path.name}' cannot be opened.",
            ),
        ) from exc


def receive_decision(data: bytes, catalog: Catalog, store: DraftStore, clock: Clock) -> Received:
    """Verify against the municipality's pinned key; reading the same file twice is harmless."""
    decision = verify_decision(data, catalog)
    try:
        application = store.load(decision.application_id)
    except UserError:
        application = None
    if not isinstance(application, Application):
        raise UserError(
            "decision.unknown_application",
            Text(
                nl="Dit besluit hoort bij een aanvraag die niet op deze computer staat. "
                "Lees het in op de computer waarop u de aanvraag heeft gemaakt.",
                en="This decision belongs to an application that is not on this computer. "
                "Read it on the computer where you made the application.",
            ),
        )
    if decision.outcome == "reject":
        store.save(application, "rejected")
        return Received(decision, application, None)
    store.save(application, "decided")
    existing = store.report_of(application.id)
    if existing is not None:
        report = store.load(existing.id)
        assert isinstance(report, Report)
        return Received(decision, application, report)
    report = report_for(decision, application, clock)
    store.save(report, "report_draft")
    return Received(decision, application, report)
