"""The start screen's lines, and a quick first reading of them (issue 20).

``document_lines`` and ``tidy_offers_among`` turn the dossier's summaries into what the start
screen shows; ResidentService uses them on the full reading. ``quick_start`` reads the same
from what is cheap — the one unprotected dossier's files as plain JSON, and the regelingen's
names and title fields from a small cache the full load writes — so the window can show the
start screen before pydantic, the regelingen and the rest of the app are loaded. It answers
None whenever that reading is not plainly the same as the full one (a protected or damaged
dossier, several dossiers, something in the outbox, no cache yet or regeling files that
changed since): the window then loads everything first, as before.

Light to import — standard library, core.status and storage.summary — so no pydantic: the
quick reading's texts (the regelingen's names, the states' labels and next steps) are
PlainText read from the cache, which the full load writes from the real Text objects.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.status import STATUSES, Status
from desktop_app.storage.retention import DEFAULT_DRAFT_DAYS, finished_among, stale_among
from desktop_app.storage.summary import DraftSummary, plain_summaries

if TYPE_CHECKING:
    from desktop_app.core.loader import Catalog
    from desktop_app.core.regeling import Regeling
    from desktop_app.core.text import Text

log = logging.getLogger(__name__)

CACHE_NAME = "regelingen-cache.json"
CACHE_FORMAT = 2
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PlainText:
    """A Text as the cache keeps it (its ``model_dump``); ``get`` answers as Text.get does."""

    values: Mapping[str, str]

    def get(self, language: str) -> str:
        found = self.values.get(language)
        return found if isinstance(found, str) else self.values["nl"]


@dataclass(frozen=True)
class LineWords:
    """The texts of the start screen's lines: each state's label and next step, and what a
    decided application says under its report."""

    labels: Mapping[Status, Text | PlainText]
    next_steps: Mapping[Status, Text | PlainText]
    see_report: Text | PlainText


@dataclass(frozen=True)
class KnownRegeling:
    """What the start screen needs of a regeling: its name, and its title field."""

    id: str
    version: str
    name: Text | PlainText
    title_field: str

    @property
    def key(self) -> tuple[str, str]:
        return self.id, self.version


@dataclass(frozen=True)
class DocumentLine:
    """One line of the start screen: what it is, where it stands, what to do next."""

    summary: DraftSummary
    # None: made with a regeling this computer does not know. A KnownRegeling on the quick
    # first reading, before the regelingen are loaded (only its name is shown).
    regeling: Regeling | KnownRegeling | None
    title: str
    status: Status
    label: Text | PlainText  # PlainText on the quick first reading
    next_step: Text | PlainText

    @property
    def is_report(self) -> bool:
        return self.summary.kind == "report"


@dataclass(frozen=True)
class TidyOffer:
    """A document that may go from this computer, and why: unused since a day, or done."""

    summary: DraftSummary
    unused_since: dt.date | None  # None: it needs nothing more (settled, rejected, sent)


def document_lines(
    summaries: list[DraftSummary],
    regeling_of: Callable[[tuple[str, str]], Regeling | KnownRegeling | None],
    sending_hint: Callable[[DraftSummary], Text | None],
    words: LineWords,
) -> list[DocumentLine]:
    """Every document, newest first, a report just above its application; a queued or sent
    one says how sending goes (``sending_hint``)."""
    ids = {s.id for s in summaries}
    reports = {s.application_id: s for s in summaries if s.kind == "report"}
    ordered: list[DraftSummary] = []
    for summary in summaries:
        if summary.kind == "application":
            ordered += [s for s in (reports.get(summary.id), summary) if s is not None]
        elif summary.application_id not in ids:
            ordered.append(summary)
    lines = []
    for summary in ordered:
        hint: Text | PlainText | None = sending_hint(summary)
        if hint is None:
            hint = words.next_steps[summary.status]
        if summary.id in reports:
            hint = words.see_report
        lines.append(
            DocumentLine(
                summary,
                regeling_of((summary.regeling_id, summary.regeling_version)),
                summary.title,
                summary.status,
                words.labels[summary.status],
                hint,
            )
        )
    return lines


def tidy_offers_among(summaries: list[DraftSummary], now: dt.datetime) -> list[TidyOffer]:
    """Drafts untouched for long, and documents that need nothing more."""
    stale = stale_among(summaries, now, DEFAULT_DRAFT_DAYS)
    offers = [TidyOffer(s, s.updated_at.date()) for s in stale]
    return offers + [TidyOffer(s, None) for s in finished_among(summaries)]


# --- the regelingen's names, cached --------------------------------------------------------


def forms_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    """The folders Catalog.default reads, in its order."""
    from desktop_app.core.shipped import shipped

    return [shipped("forms"), *extra]


def _fingerprint(dirs: Sequence[Path]) -> list[list[object]]:
    """Every regeling file Catalog.from_dirs reads, with its size and time: a file added,
    changed or removed makes the cache stale; so does another version of the app, or of
    the two files the cached labels come from, or of a translation catalogue."""
    from desktop_app import __version__

    found: list[list[object]] = [[__version__]]
    catalogues = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.[mp]o"))
    for source in (ROOT / "core" / "lifecycle.py", ROOT / "resident" / "texts.py", *catalogues):
        with contextlib.suppress(OSError):  # a frozen app has no sources: its version counts
            info = source.stat()
            found.append([str(source), info.st_size, info.st_mtime_ns])
    for folder in dirs:
        for path in sorted(Path(folder).glob("**/*.yaml")):
            info = path.stat()
            found.append([str(path), info.st_size, info.st_mtime_ns])
    return found


def write_regeling_cache(
    root: Path, catalog: Catalog, dirs: Sequence[Path], words: LineWords
) -> None:
    """After the full load: what ``quick_start`` needs of the regelingen and the lines'
    texts (public data only)."""
    entries = [
        {
            "id": r.id,
            "version": r.version,
            "name": r.name.model_dump(),
            "title_field": r.roles.title,
        }
        for r in catalog.regelingen.values()
    ]
    try:
        content = {
            "format": CACHE_FORMAT,
            "files": _fingerprint(dirs),
            "problems": len(catalog.problems),
            "regelingen": entries,
            "labels": {s: _dump(words.labels[s]) for s in STATUSES},
            "next_steps": {s: _dump(words.next_steps[s]) for s in STATUSES},
            "see_report": _dump(words.see_report),
        }
        path = root / CACHE_NAME
        data = json.dumps(content, ensure_ascii=False).encode()
        if path.is_file() and path.read_bytes() == data:
            return
        from desktop_app.storage.atomic import write_atomic

        write_atomic(path, data)
    except OSError:
        log.warning("the regelingen cache could not be written")


def _dump(text: Text | PlainText) -> dict[str, str]:
    return dict(text.values) if isinstance(text, PlainText) else text.model_dump()


def _plain(values: object) -> PlainText:
    if not isinstance(values, dict) or not isinstance(values.get("nl"), str):
        raise ValueError("not a text")
    return PlainText({k: v for k, v in values.items() if isinstance(v, str)})


def read_regeling_cache(
    root: Path, dirs: Sequence[Path]
) -> tuple[list[KnownRegeling], LineWords] | None:
    """The cached regelingen in the catalog's order and the lines' texts, or None when
    missing or stale."""
    try:
        content = json.loads((root / CACHE_NAME).read_bytes())
        if content.get("format") != CACHE_FORMAT or content.get("problems"):
            return None
        if content.get("files") != _fingerprint(dirs):
            return None
        known = [
            KnownRegeling(e["id"], e["version"], _plain(e["name"]), e["title_field"])
            for e in content["regelingen"]
        ]
        words = LineWords(
            {s: _plain(content["labels"][s]) for s in STATUSES},
            {s: _plain(content["next_steps"][s]) for s in STATUSES},
            _plain(content["see_report"]),
        )
        return known, words
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


# --- the quick first reading ---------------------------------------------------------------


@dataclass(frozen=True)
class QuickStart:
    """The start screen as the full load will show it, read from what is cheap."""

    dossier_label: str
    drafts_folder: Path
    lines: list[DocumentLine]
    offers: list[TidyOffer]
    known: set[tuple[str, str]]

    def path_of(self, document_id: uuid.UUID) -> Path:
        return self.drafts_folder / f"{document_id}.json"


def quick_start(
    dossiers_folder: Path, root: Path, dirs: Sequence[Path], now: dt.datetime
) -> QuickStart | None:
    """The start screen of the one unprotected dossier, or None (see the module's text)."""
    try:
        return _quick_start(dossiers_folder, root, dirs, now)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def _quick_start(
    dossiers_folder: Path, root: Path, dirs: Sequence[Path], now: dt.datetime
) -> QuickStart | None:
    metas = sorted(dossiers_folder.glob("*/dossier.json"))
    if len(metas) != 1:
        return None
    meta = json.loads(metas[0].read_bytes())
    folder = metas[0].parent
    if meta.get("protected") is not False or meta.get("format_version", 1) != 1:
        return None
    if str(uuid.UUID(meta["id"])) != folder.name:
        return None
    if (folder / "outbox.sqlite").exists() or os.path.exists(folder / "outbox.sqlite-wal"):
        return None  # how sending goes is read from the outbox, with the rest
    cached = read_regeling_cache(root, dirs)
    if cached is None:
        return None
    known, words = cached
    by_key = {r.key: r for r in known}

    def title_of(regeling_id: str, version: str, answers: Mapping[str, object]) -> str:
        regeling = by_key.get((regeling_id, version))
        if regeling is None:  # as Catalog.title_of: another version's title field
            regeling = next((r for r in known if r.id == regeling_id), None)
        value = answers.get(regeling.title_field) if regeling else None
        return value.strip() if isinstance(value, str) else ""

    summaries = plain_summaries(folder / "drafts", title_of)
    if summaries is None:
        return None
    label = meta.get("label_plain") or ""
    if not isinstance(label, str):
        return None
    return QuickStart(
        label,
        folder / "drafts",
        document_lines(summaries, by_key.get, lambda _: None, words),
        tidy_offers_among(summaries, now),
        set(by_key),
    )
