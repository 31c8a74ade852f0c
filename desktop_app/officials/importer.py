"""Import bundles into the case store: verify completely first, then one transaction per
bundle. A bundle that fails any check changes nothing; the same bundle twice is "already
imported"; the same id with other content is kept apart as a conflict for a person.

One bundle can never stop a batch: every exception while reading, checking or importing
one bundle becomes a "rejected" outcome with a code (``import.failed`` for a fault of the
program itself), and the refused bundle is copied to the store's quarantine folder with a
reason file (officials/quarantine.py). Only a fault of the case store itself
(``import.store_failed``: a locked or full database) is not the bundle's fault: that bundle
is reported but not quarantined, so it can simply be imported again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.exc import SQLAlchemyError

from desktop_app.core.clock import AMSTERDAM, Clock, today
from desktop_app.core.documents import Report
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Text
from desktop_app.documents.bundle_read import MAX_BUNDLE_BYTES, BundleContents, read_bundle
from desktop_app.documents.sealed import is_sealed, open_sealed
from desktop_app.officials import quarantine
from desktop_app.officials.store import CaseStore

Status = Literal["imported", "already_imported", "conflict", "rejected"]


@dataclass(frozen=True)
class ImportOutcome:
    source: str
    status: Status
    code: str
    message: Text
    bundle_id: str | None = None
    quarantined: str | None = None
    """where a refused bundle was kept (the quarantine folder), if it was"""

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "code": self.code,
            "bundle_id": self.bundle_id,
            "message": {"nl": self.message.nl, "en": self.message.en},
            "quarantined": self.quarantined,
        }


def _verdicts(catalog: Catalog, contents: BundleContents, day: dt.date) -> list[dict[str, Any]]:
    document = contents.document
    regeling = catalog.get(document.regeling.id, document.regeling.version)
    return [v.as_json() for v in evaluate(regeling, document, day).verdicts]


def _import_bundle(
    data: bytes,
    source: str,
    store: CaseStore,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None = None,
) -> ImportOutcome:
    try:
        if is_sealed(data):
            data = open_sealed(data, private_keys or {})
        contents = read_bundle(data)
        document = contents.document
        # The exact version the resident used; old versions stay available.
        regeling = catalog.get(document.regeling.id, document.regeling.version)
    except UserError as error:
        return ImportOutcome(source, "rejected", error.code, error.message)
    bundle_id = str(document.id)
    digest = hashlib.sha256(data).hexdigest()
    now = clock.now().astimezone(AMSTERDAM)
    signed_on = contents.manifest.created_at.astimezone(AMSTERDAM).date()
    at_signing = _verdicts(catalog, contents, signed_on)
    now_verdicts = _verdicts(catalog, contents, today(clock))
    roles = regeling.roles
    applicant, natural_person = roles.applicant(document.answers)
    row = {
        "bundle_id": bundle_id,
        "bundle_sha256": digest,
        "imported_at": now.isoformat(),
        "kind": document.kind,
        "regeling_id": document.regeling.id,
        "regeling_version": document.regeling.version,
        "signed": int(contents.signed),
        "certificate_sha256": contents.certificate_sha256,
        "signer_name": None,
        "title": roles.text(document.answers, "title"),
        "applicant": applicant,
        "natural_person": int(natural_person),
        "area": roles.text(document.answers, "area") or None,
        "goal": roles.text(document.answers, "goal") or None,
        "activity_date": roles.text(document.answers, "activity_date") or None,
        "requested": roles.requested(document.answers),
        "assisted_by": document.assisted_by,
        "blocking": sum(1 for v in now_verdicts if v["severity"] == "blocking"),
        "warnings": sum(1 for v in now_verdicts if v["severity"] == "warning"),
        "verdicts_at_signing": json.dumps(at_signing, ensure_ascii=False),
        "verdicts_now": json.dumps(now_verdicts, ensure_ascii=False),
        "application_id": str(document.application_id) if isinstance(document, Report) else None,
        "document_json": document.model_dump_json(),
    }
    kept = store.add_case(row, data, now.isoformat())
    if kept == "already_imported":
        return ImportOutcome(
            source,
            "already_imported",
            "import.already_imported",
            Text(nl="Deze bundel is al eerder ingelezen.", en="This bundle was imported before."),
            bundle_id,
        )
    if kept == "conflict":
        return ImportOutcome(
            source,
            "conflict",
            "import.conflict",
            Text(
                nl="Er is al een bundel met dit nummer, maar met een andere inhoud. "
                "Beide zijn bewaard; bekijk ze en beslis welke geldt.",
                en="A bundle with this number exists, but with other content. Both are "
                "kept; look at them and decide which one counts.",
            ),
            bundle_id,
        )
    return ImportOutcome(
        source,
        "imported",
        "import.imported",
        Text(nl="Toegevoegd aan de aanvragen.", en="Added to the applications."),
        bundle_id,
    )


log = logging.getLogger(__name__)
_FAILED = Text(
    nl="Deze bundel kon niet worden ingelezen door een fout in het programma. Er is niets "
    "veranderd; de bundel is apart gezet in de map 'quarantine'. De andere bundels worden "
    "gewoon ingelezen. Meld dit bij de beheerder.",
    en="This bundle could not be imported because of a fault in the program. Nothing was "
    "changed; the bundle was set aside in the 'quarantine' folder. The other bundles are "
    "imported as usual. Please report this to the administrator.",
)
_STORE_FAILED = Text(
    nl="De opslag van de aanvragen kon deze bundel nu niet bewaren (de database is bezet of "
    "vol). Er is niets veranderd. Lees de bundel later opnieuw in.",
    en="The case store could not keep this bundle now (the database is busy or full). "
    "Nothing was changed. Please import the bundle again later.",
)


# Too large: only the first bytes were read, and a copy of that would mislead.
_NOT_KEPT = frozenset({"bundle.too_large"})


def _where(exc: BaseException) -> str:
    """File and line of a fault, for the log: never the exception's text (personal data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def import_bundle(
    data: bytes,
    source: str,
    store: CaseStore,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None = None,
) -> ImportOutcome:
    """Import one bundle. Never raises: a refused bundle is an outcome and is quarantined."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        outcome = _import_bundle(data, source, store, catalog, clock, private_keys)
    except UserError as error:
        outcome = ImportOutcome(source, "rejected", error.code, error.message)
    except SQLAlchemyError as exc:
        log.error("case store failed on bundle %s: %s", digest[:12], type(exc).__name__)
        return ImportOutcome(source, "rejected", "import.store_failed", _STORE_FAILED)
    except Exception as exc:
        log.error(
            "import of bundle %s failed: %s at %s", digest[:12], type(exc).__name__, _where(exc)
        )
        outcome = ImportOutcome(source, "rejected", "import.failed", _FAILED)
    if outcome.status != "rejected" or outcome.code in _NOT_KEPT:
        return outcome
    kept = quarantine.put(store.folder, data, source, outcome.code, outcome.message, clock)
    return replace(outcome, quarantined=str(kept) if kept else None)


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every file in a given folder (not hidden ones), in a fixed order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def _read(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_BUNDLE_BYTES + 1)


def import_paths(
    paths: Sequence[Path],
    store: CaseStore,
    catalog: Catalog,
    clock: Clock,
    progress: Callable[[int, int, ImportOutcome], None] | None = None,
    private_keys: Mapping[str, X25519PrivateKey] | None = None,
) -> list[ImportOutcome]:
    files = bundle_files(paths)
    outcomes = []
    for number, path in enumerate(files, start=1):
        try:
            data = _read(path)
        except OSError:
            outcome = ImportOutcome(
                path.name,
                "rejected",
                "bundle.unreadable",
                Text(
                    nl=f"Het bestand {path.name} kan niet worden geopend.",
                    en=f"The file {path.name} cannot be opened.",
                ),
            )
        else:
            outcome = import_bundle(data, path.name, store, catalog, clock, private_keys)
        outcomes.append(outcome)
        if progress is not None:
            progress(number, len(files), outcome)
    return outcomes
