"""Every check of one bundle, and nothing else (no case store, no SQLAlchemy): the import
runs it for each new bundle, in its own process or in its helper (officials/check_process.py),
which starts faster for importing only this."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import traceback
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop_app.core.clock import AMSTERDAM, Clock, today
from desktop_app.core.documents import Report
from desktop_app.core.engine import evaluate_on
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Text
from desktop_app.documents.bundle_read import BundleContents, read_bundle
from desktop_app.documents.sealed import is_sealed, open_sealed
from desktop_app.officials import trust
from desktop_app.officials.trust import TrustMark

log = logging.getLogger("desktop_app.officials.importer")  # where the import's faults always were

Status = Literal["imported", "already_imported", "conflict", "rejected", "kept_apart"]


@dataclass(frozen=True)
class ImportOutcome:
    source: str
    status: Status
    code: str
    message: Text
    bundle_id: str | None = None
    quarantined: str | None = None
    """where a refused bundle was kept (the quarantine folder), if it was"""
    trust: tuple[TrustMark, ...] = ()
    """what the import could not vouch for (officials/trust.py): "niet ondertekend", ..."""

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "code": self.code,
            "bundle_id": self.bundle_id,
            "message": {"nl": self.message.nl, "en": self.message.en},
            "quarantined": self.quarantined,
            "trust": [m.as_json() for m in self.trust],
        }


_FAILED = N_(
    "Deze bundel kon niet worden ingelezen door een fout in het programma. Er is niets "
    "veranderd; de bundel is apart gezet in de map 'quarantine'. De andere bundels worden "
    "gewoon ingelezen. Meld dit bij de beheerder."
)


def _verdicts(
    catalog: Catalog, contents: BundleContents, *days: dt.date
) -> list[list[dict[str, Any]]]:
    document = contents.document
    regeling = catalog.get(document.regeling.id, document.regeling.version)
    return [[v.as_json() for v in r.verdicts] for r in evaluate_on(regeling, document, days)]


@dataclass(frozen=True)
class Checked:
    """A bundle that passed every check, with its row for the store: what is left is the
    store's part (a report's application, the same id, the insert)."""

    source: str
    data: bytes
    """the bundle as stored: for a sealed one, what was inside the seal"""
    application_id: uuid.UUID | None
    """a report's application (the store looks it up); None for an application"""
    row: dict[str, Any]
    marks: tuple[TrustMark, ...]
    received_at: str


def verify(
    data: bytes,
    source: str,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None = None,
    digest: str | None = None,
) -> Checked | ImportOutcome:
    """Every check of a bundle (no database): its row, or the outcome that refuses it.
    ``digest``: the SHA-256 of ``data`` (hex), when the caller has it already (the import
    looked the bundle up by it): hashing it again took 30 µs of a check's ~1.3 ms."""
    try:
        if is_sealed(data):
            data, digest = open_sealed(data, private_keys or {}), None  # inside the seal
        contents = read_bundle(data)
        document = contents.document
        # The exact version the resident used; old versions stay available.
        regeling = catalog.get(document.regeling.id, document.regeling.version)
    except UserError as error:
        return ImportOutcome(source, "rejected", error.code, error.message)
    bundle_id = str(document.id)
    if digest is None:
        digest = hashlib.sha256(data).hexdigest()
    now = clock.now().astimezone(AMSTERDAM)
    signed_on = contents.manifest.created_at.astimezone(AMSTERDAM).date()
    at_signing, now_verdicts = _verdicts(catalog, contents, signed_on, today(clock))
    roles = regeling.roles
    application_id = document.application_id if isinstance(document, Report) else None
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
        "application_id": str(application_id) if application_id is not None else None,
        "document_json": document.model_dump_json(),
    }
    marks = trust.check(contents, regeling)
    row["trust"] = trust.marks_to_json(marks)
    return Checked(source, data, application_id, row, marks, now.isoformat())


def where(exc: BaseException) -> str:
    """File and line of a fault, for the log: never the exception's text (personal data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def check_bundle(
    data: bytes,
    source: str,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None,
    digest: str | None = None,
) -> Checked | ImportOutcome:
    """Every check of one bundle (no database): what the store needs, or its refusal. Here
    or in the import's helper process (officials/check_process.py), with the same result.
    ``digest`` as for ``verify``."""
    try:
        return verify(data, source, catalog, clock, private_keys, digest)
    except UserError as error:
        return ImportOutcome(source, "rejected", error.code, error.message)
    except Exception as exc:
        digest = digest or hashlib.sha256(data).hexdigest()
        log.error(
            "import of bundle %s failed: %s at %s", digest[:12], type(exc).__name__, where(exc)
        )
        return ImportOutcome(source, "rejected", "import.failed", text(_FAILED))
