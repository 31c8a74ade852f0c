"""Keep no more than needed: drafts untouched for a while, and items already sent, are
offered for removal. Nothing is removed without the resident's yes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from desktop_app.storage.summary import DraftSummary

if TYPE_CHECKING:  # light to import: the start screen uses the rules below (issue 20)
    from desktop_app.core.documents import Document
    from desktop_app.storage.drafts import DraftStore

TitleOf: TypeAlias = "Callable[[Document], str] | None"

DEFAULT_DRAFT_DAYS = 90
UNFINISHED = ("draft", "report_draft")
# Nothing more will come for these. A sent application is kept: its decision still has to be
# read in here, and the report is made from it.
DONE = ("settled", "rejected")


def stale_drafts(
    store: DraftStore, now: dt.datetime, days: int = DEFAULT_DRAFT_DAYS, title_of: TitleOf = None
) -> list[DraftSummary]:
    """Unfinished documents nobody touched for ``days`` days."""
    return stale_among(store.summaries(title_of), now, days)


def stale_among(
    summaries: list[DraftSummary], now: dt.datetime, days: int = DEFAULT_DRAFT_DAYS
) -> list[DraftSummary]:
    cutoff = now - dt.timedelta(days=days)
    return [s for s in summaries if s.status in UNFINISHED and s.updated_at < cutoff]


def finished(store: DraftStore, title_of: TitleOf = None) -> list[DraftSummary]:
    """Documents the municipality has and that need nothing more: settled or rejected
    applications (with their reports), and reports sent with a stored receipt."""
    return finished_among(store.summaries(title_of))


def finished_among(summaries: list[DraftSummary]) -> list[DraftSummary]:
    over = {s.id for s in summaries if s.kind == "application" and s.status in DONE}
    return [
        s
        for s in summaries
        if s.id in over or s.application_id in over or (s.kind == "report" and s.status == "sent")
    ]


def remove(store: DraftStore, chosen: list[DraftSummary]) -> None:
    for summary in chosen:
        store.delete(summary.id)
