"""A document's states (core/lifecycle.py re-exports them with their labels and moves):
light to import, for the start screen's quick first reading (issue 20)."""

from __future__ import annotations

from typing import Final, Literal, get_args

Status = Literal[
    "draft",
    "final",
    "queued",
    "sent",
    "decided",
    "rejected",
    "report_draft",
    "report_final",
    "settled",
]
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
