"""A document's lifecycle: its states, the moves between them, and what to do next.

draft → final (PDF and bundle made) → queued (in the outbox) → sent (receipt stored) →
decided or rejected (decision file read) — and for the report: report_draft → report_final
→ settled. The window, the command line and the officials' side read states and labels
from here; the resident's service (desktop_app/resident) makes the moves.
"""

from __future__ import annotations

from typing import Final

from desktop_app.core.errors import UserError
from desktop_app.core.status import STATUSES as STATUSES
from desktop_app.core.status import Status as Status
from desktop_app.core.text import Text

LABELS: Final[dict[Status, Text]] = {
    "draft": Text(nl="Concept", en="Draft"),
    "final": Text(nl="Klaar", en="Ready"),
    "queued": Text(nl="In de wachtrij", en="Queued"),
    "sent": Text(nl="Verzonden", en="Sent"),
    "decided": Text(nl="Toegekend", en="Granted"),
    "rejected": Text(nl="Afgewezen", en="Rejected"),
    "report_draft": Text(nl="Verslag in concept", en="Report in draft"),
    "report_final": Text(nl="Verantwoord", en="Reported"),
    "settled": Text(nl="Afgerond", en="Settled"),
}

NEXT_STEP: Final[dict[Status, Text]] = {
    "draft": Text(nl="Wat nu: verder invullen.", en="Next: continue filling in."),
    "final": Text(
        nl="Wat nu: lever de PDF of de bundel in bij de gemeente.",
        en="Next: hand in the PDF or the bundle to the municipality.",
    ),
    "queued": Text(
        nl="Wordt verstuurd zodra er internet is.",
        en="Will be sent as soon as there is internet.",
    ),
    "sent": Text(
        nl="Wat nu: wachten op het besluit van de gemeente.",
        en="Next: wait for the municipality's decision.",
    ),
    "decided": Text(
        nl="Wat nu: na de activiteit het verslag invullen.",
        en="Next: fill in the report after the activity.",
    ),
    "rejected": Text(nl="Afgewezen door de gemeente.", en="Rejected by the municipality."),
    "report_draft": Text(
        nl="Wat nu: het verslag verder invullen.", en="Next: continue the report."
    ),
    "report_final": Text(
        nl="Wat nu: lever het verslag in bij de gemeente.",
        en="Next: hand in the report to the municipality.",
    ),
    "settled": Text(nl="Klaar: de gemeente heeft alles afgerond.", en="Done: all settled."),
}

# The moves a document may make. A decision can come after handing in on paper (final) or
# digitally (queued, sent), and a newer decision may correct an older one.
_DECISION: Final[frozenset[Status]] = frozenset({"decided", "rejected"})
_SENT: Final[frozenset[Status]] = frozenset({"sent"})
MOVES: Final[dict[Status, frozenset[Status]]] = {
    "draft": frozenset({"final"}),
    "final": _DECISION | _SENT | frozenset({"queued"}),
    "queued": _DECISION | _SENT,
    "sent": _DECISION,
    "decided": _DECISION | frozenset({"settled"}),
    "rejected": _DECISION,
    "report_draft": frozenset({"report_final"}),
    "report_final": frozenset({"settled"}),
    "settled": frozenset(),
}


def can_move(current: Status, new: Status) -> bool:
    return new in MOVES[current]


def check_move(current: Status, new: Status) -> None:
    """Refuse a move the lifecycle does not allow (a bug or a stale screen, never silent)."""
    if not can_move(current, new):
        raise UserError(
            "lifecycle.not_allowed",
            Text(
                nl=f"Dit kan nu niet: de aanvraag staat op '{LABELS[current].nl}'.",
                en=f"This cannot be done now: the application is '{LABELS[current].en}'.",
            ),
        )


__all__ = ["LABELS", "MOVES", "NEXT_STEP", "STATUSES", "Status", "can_move", "check_move"]
