"""Keep no more than needed: drafts untouched for a while, and items already sent, are
offered for removal. Nothing is removed without the resident's yes."""

from __future__ import annotations

import datetime as dt

from desktop_app.storage.drafts import DraftStore, DraftSummary

DEFAULT_DRAFT_DAYS = 90
UNFINISHED = ("draft", "report_draft")
DONE = ("sent", "report_final", "settled")


def stale_drafts(
    store: DraftStore, now: dt.datetime, days: int = DEFAULT_DRAFT_DAYS
) -> list[DraftSummary]:
    """Unfinished documents nobody touched for ``days`` days."""
    cutoff = now - dt.timedelta(days=days)
    return [s for s in store.summaries() if s.status in UNFINISHED and s.updated_at < cutoff]


def finished(store: DraftStore) -> list[DraftSummary]:
    """Documents whose receipt (or settlement) is stored: the municipality has them."""
    return [s for s in store.summaries() if s.status in DONE]


def remove(store: DraftStore, chosen: list[DraftSummary]) -> None:
    for summary in chosen:
        store.delete(summary.id)
