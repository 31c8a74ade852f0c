"""Bundles the importer refused, kept apart so a person can look at them later.

Choice: a folder ``quarantine/`` next to the case store's database, not a table in it.
A refused bundle then changes nothing in the database (one transaction per *imported*
bundle, and a bad bundle writes none), a person can open the folder, send a file back to
the applicant or hand it to a developer, and a copy of hostile bytes never sits in the
database that every screen reads.

For every refused bundle two files, named by the SHA-256 of the bytes as received:

- ``<sha256>.bundle``: the bytes exactly as received; the app never opens them again;
- ``<sha256>.json``: why: ``source`` (file name or intake reference), ``code`` (the stable
  refusal code, e.g. ``bundle.out_of_range``), ``message`` (nl and en), ``quarantined_at``.

Every refused bundle is kept this way, whatever the reason (a file in an import folder that
is no bundle at all too, so a person sees what was there), except one that is too large:
only its first bytes were read. Both files are written atomically; the same bundle refused
twice gives the same two files (the reason file says the latest refusal). Nothing here ever
raises: a full disk must not stop a batch either (the outcome then has no quarantine path).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.clock import AMSTERDAM, Clock
from desktop_app.core.text import Text
from desktop_app.storage.atomic import write_atomic

log = logging.getLogger(__name__)
FOLDER = "quarantine"
_NAME = re.compile(r"^[0-9a-f]{64}\.json$")


@dataclass(frozen=True)
class Quarantined:
    """One refused bundle as it lies in the quarantine folder."""

    sha256: str
    source: str
    code: str
    message: Text
    quarantined_at: str
    path: Path


def folder_of(store_folder: Path) -> Path:
    return store_folder / FOLDER


def put(
    store_folder: Path, data: bytes, source: str, code: str, message: Text, clock: Clock
) -> Path | None:
    """Keep ``data`` with its reason; the path of the kept bundle, or None if it could not."""
    folder = folder_of(store_folder)
    digest = hashlib.sha256(data).hexdigest()
    reason = {
        "bundle_sha256": digest,
        "source": source[:200],
        "code": code,
        "message": {"nl": message.nl, "en": message.en},
        "quarantined_at": clock.now().astimezone(AMSTERDAM).isoformat(),
    }
    try:
        write_atomic(folder / f"{digest}.bundle", data)
        write_atomic(
            folder / f"{digest}.json",
            json.dumps(reason, ensure_ascii=False, indent=2).encode("utf-8") + b"\n",
        )
    except OSError as exc:
        log.error("could not quarantine bundle %s: %s", digest[:12], type(exc).__name__)
        return None
    return folder / f"{digest}.bundle"


def listing(store_folder: Path) -> list[Quarantined]:
    """Every quarantined bundle with its reason, oldest first."""
    found = []
    folder = folder_of(store_folder)
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        if not _NAME.match(path.name):
            continue
        try:
            reason = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                Quarantined(
                    sha256=str(reason["bundle_sha256"]),
                    source=str(reason["source"]),
                    code=str(reason["code"]),
                    message=Text.model_validate(reason["message"]),
                    quarantined_at=str(reason["quarantined_at"]),
                    path=path.with_suffix(".bundle"),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda q: (q.quarantined_at, q.sha256))
