"""The start screen's view of the drafts folder: one line per document, light to import.

``DraftStore.summaries`` (storage/drafts.py) reads each file through its pydantic model;
``plain_summaries`` reads an unprotected dossier's files as plain JSON, so the window can show
its start screen before those models are built (issue 20). Both end in ``ordered`` and so
list the same documents in the same order; the full reading replaces the plain one once
the rest of the app has loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.status import Status

# (regeling id, version, answers) -> the document's title ("" when unknown)
PlainTitleOf = Callable[[str, str, Mapping[str, object]], str]


@dataclass(frozen=True)
class DraftSummary:
    id: uuid.UUID
    kind: str
    regeling_id: str
    regeling_version: str
    status: Status
    title: str
    updated_at: dt.datetime
    application_id: uuid.UUID | None = None  # a report's application


@dataclass(frozen=True)
class UnreadableDraft:
    """A file in the drafts folder that cannot be opened as a document here: damaged, or
    made by a newer version of the app. ``regeling`` is (id, version) when it still says."""

    path: Path
    regeling: tuple[str, str] | None = None


def ordered(found: list[DraftSummary]) -> list[DraftSummary]:
    """Newest first; a report is known by its initiative's name, which its application holds."""
    titles = {s.id: s.title for s in found if s.kind == "application"}
    found = [
        dataclasses.replace(s, title=titles.get(s.application_id, "")) if s.application_id else s
        for s in found
    ]
    return sorted(found, key=lambda s: s.updated_at, reverse=True)


def plain_summaries(folder: Path, title_of: PlainTitleOf) -> list[DraftSummary] | None:
    """The documents of an unprotected drafts folder read as plain JSON; None as soon as one
    file is not plainly a document of this version (the full reading then decides)."""
    from desktop_app.core.status import STATUSES

    found = []
    for path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            stored = json.loads(path.read_bytes())
            summary = _summary(stored, title_of, STATUSES)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None
        if summary is None or path.stem != str(summary.id):
            return None
        found.append(summary)
    return ordered(found)


def _summary(
    stored: dict[str, object], title_of: PlainTitleOf, statuses: tuple[str, ...]
) -> DraftSummary | None:
    document = stored["document"]
    if stored.get("store_version", 1) != 1 or not isinstance(document, dict):
        return None
    status, kind = stored.get("status", "draft"), document.get("kind")
    regeling, answers = document["regeling"], document.get("answers", {})
    if status not in statuses or kind not in ("application", "report"):
        return None
    regeling_id, version = regeling["id"], regeling["version"]
    if not (isinstance(regeling_id, str) and isinstance(version, str)):
        return None
    if not isinstance(answers, dict):
        return None
    updated_at = dt.datetime.fromisoformat(document["updated_at"])
    if updated_at.tzinfo is None:
        return None
    application_id = document.get("application_id")
    if (kind == "report") != (application_id is not None):
        return None
    title = title_of(regeling_id, version, answers)
    return DraftSummary(
        id=uuid.UUID(document["id"]),
        kind=kind,
        regeling_id=regeling_id,
        regeling_version=version,
        status=status,  # type: ignore[arg-type]  # one of STATUSES, checked above
        title=title if isinstance(title, str) else "",
        updated_at=updated_at,
        application_id=uuid.UUID(application_id) if application_id else None,
    )


__all__ = ["DraftSummary", "UnreadableDraft", "ordered", "plain_summaries"]
