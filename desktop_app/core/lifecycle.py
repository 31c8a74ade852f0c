"""A document's lifecycle: its states, the moves between them, and what to do next.

draft → final (PDF and bundle made) → queued (in the outbox) → sent (receipt stored) →
decided or rejected (decision file read) — and for the report: report_draft → report_final
→ settled. The window, the command line and the officials' side read states and labels
from here; the resident's service (desktop_app/resident) makes the moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, Texts, text
from desktop_app.core.status import STATUSES as STATUSES
from desktop_app.core.status import Status as Status
from desktop_app.core.text import Text

LABELS: Final[Mapping[Status, Text]] = Texts(
    {
        "draft": N_("Concept"),
        "final": N_("Klaar"),
        "queued": N_("In de wachtrij"),
        "sent": N_("Verzonden"),
        "decided": N_("Toegekend"),
        "rejected": N_("Afgewezen"),
        "report_draft": N_("Verslag in concept"),
        "report_final": N_("Verantwoord"),
        "settled": N_("Afgerond"),
    }
)

NEXT_STEP: Final[Mapping[Status, Text]] = Texts(
    {
        "draft": N_("Wat nu: verder invullen."),
        "final": N_("Wat nu: lever de PDF of de bundel in bij de gemeente."),
        "queued": N_("Wordt verstuurd zodra er internet is."),
        "sent": N_("Wat nu: wachten op het besluit van de gemeente."),
        "decided": N_("Wat nu: na de activiteit het verslag invullen."),
        "rejected": N_("Afgewezen door de gemeente."),
        "report_draft": N_("Wat nu: het verslag verder invullen."),
        "report_final": N_("Wat nu: lever het verslag in bij de gemeente."),
        "settled": N_("Klaar: de gemeente heeft alles afgerond."),
    }
)

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
            text(N_("Dit kan nu niet: de aanvraag staat op '{status}'."), status=LABELS[current]),
        )


__all__ = ["LABELS", "MOVES", "NEXT_STEP", "STATUSES", "Status", "can_move", "check_move"]
