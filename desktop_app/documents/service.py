"""The small public surface of documents/: what the wizard and the command line call.

    keys = SigningKeys(paths.keys, keyring.get_keyring())
    signer = signer_for(keys, regeling, document)  # UserError "signing.no_keyring" without one
    pdf = make_pdf(document, regeling, verdicts, signature, signer, out_path)
    bundle = make_bundle(document, regeling, verdicts, store, signer, out_path, signature)
    result = verify_bundle(path_or_bytes)          # never raises for a bad bundle

All of it is slow work (a key is made on first use; signing takes a moment): run it off
the UI thread.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.x509.oid import NameOID

from desktop_app.core.clock import AMSTERDAM, Clock, SystemClock, today
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import Verdict
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Text
from desktop_app.core.values import AttachmentRef
from desktop_app.documents.bundle_read import MAX_BUNDLE_BYTES, BundleError, read_bundle
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.finish import (
    BUNDLE_UNSAVED,
    PDF_UNSAVED,
    initiative_name_of,
    key_id_for,
)
from desktop_app.documents.manifest import NOT_SIGNED_NOTE
from desktop_app.documents.pdf_render import Seal, SignatureBlock, render_pdf
from desktop_app.documents.signing import NO_KEYRING, Signer, SigningKeys
from desktop_app.documents.summary import attachment_refs
from desktop_app.storage.atomic import write_atomic

__all__ = [
    "NOT_SIGNED_NOTE",
    "BundleResult",
    "PdfResult",
    "SignatureBlock",
    "Signer",
    "SigningKeys",
    "VerifyResult",
    "default_signature",
    "initiative_name_of",
    "key_id_for",
    "make_bundle",
    "make_pdf",
    "report_photos",
    "signer_for",
    "verify_bundle",
]


class AttachmentSource(Protocol):
    """Where the attachment bytes come from (storage.attachments.AttachmentStore fits)."""

    def read(self, ref: AttachmentRef) -> bytes: ...


@dataclass(frozen=True)
class PdfResult:
    path: Path | None
    pdf: bytes
    signed: bool
    sha256: str


@dataclass(frozen=True)
class BundleResult:
    path: Path | None
    bundle: bytes
    signed: bool
    pdf: bytes


@dataclass(frozen=True)
class MemberCheck:
    name: str
    sha256: str
    size: int

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify`` says. ``ok`` only when intact and signed."""

    code: str
    intact: bool
    signed: bool
    readable: bool
    message: Text
    member: str | None = None
    members: tuple[MemberCheck, ...] = ()
    bundle_id: uuid.UUID | None = None
    kind: str | None = None
    regeling: tuple[str, str] | None = None
    certificate_sha256: str | None = None
    signer_name: str | None = None

    @property
    def ok(self) -> bool:
        return self.intact and self.signed

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "ok": self.ok,
            "intact": self.intact,
            "signed": self.signed,
            "member": self.member,
            "message": {"nl": self.message.nl, "en": self.message.en},
            "bundle_id": str(self.bundle_id) if self.bundle_id else None,
            "kind": self.kind,
            "regeling": {"id": self.regeling[0], "version": self.regeling[1]}
            if self.regeling
            else None,
            "certificate_sha256": self.certificate_sha256,
            "signer_name": self.signer_name,
            "members": [m.as_json() for m in self.members],
        }


def signer_for(keys: SigningKeys, regeling: Regeling, document: Application | Report) -> Signer:
    """The initiative's signer (a key is made on first use). UserError without a keyring."""
    if not keys.usable:
        raise UserError("signing.no_keyring", text(NO_KEYRING))
    return keys.signer(key_id_for(document), regeling.roles.text(document.answers, "title"))


def default_signature(
    regeling: Regeling, document: Application | Report, clock: Clock
) -> SignatureBlock:
    """The signature block from the answers (contact name, town) and today: for the CLI."""
    roles = regeling.roles
    return SignatureBlock(
        name=roles.text(document.answers, "contact"),
        place=roles.text(document.answers, "city"),
        date=today(clock),
    )


def save_output(path: Path | None, data: bytes, failed: str) -> None:
    """Write a PDF or bundle atomically; a full or read-only disk is a clear message
    (``failed``: the catalogued sentence for it, with {folder} and {reason})."""
    if path is None:
        return
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(
            "file.unwritable",
            text(failed, folder=str(path), reason=str(exc.strerror)),
        ) from exc


def make_pdf(
    document: Application | Report,
    regeling: Regeling,
    verdicts: Sequence[Verdict],
    signature: SignatureBlock,
    signer: Signer | None,
    out_path: Path | None = None,
    clock: Clock | None = None,
    attachments: AttachmentSource | None = None,
    initiative_name: str | None = None,
) -> PdfResult:
    """Render (PDF/A-2a + PDF/UA-1), sign (unless ``signer`` is None), and save atomically.
    A report shows its proof photos (read from ``attachments``) and ``initiative_name`` (its
    application's name, see ``initiative_name_of``)."""
    clock = clock or SystemClock()
    seal = Seal(
        signed=signer is not None, certificate_sha256=signer.certificate_sha256 if signer else None
    )
    photos = report_photos(regeling, document, attachments)
    pdf = render_pdf(  # PDF/A-2a, PDF/UA-1
        regeling, document, verdicts, signature, seal, clock.now(), photos, initiative_name
    )
    if signer is not None:
        pdf = signer.sign_pdf(pdf, name=signature.name, place=signature.place)
    save_output(out_path, pdf, PDF_UNSAVED)
    return PdfResult(out_path, pdf, signer is not None, hashlib.sha256(pdf).hexdigest())


def report_photos(
    regeling: Regeling, document: Application | Report, attachments: AttachmentSource | None
) -> dict[str, bytes]:
    """A report's photos by SHA-256, to show in its PDF (an application lists its files)."""
    if attachments is None or not isinstance(document, Report):
        return {}
    refs = attachment_refs(regeling, document)
    return {r.sha256: attachments.read(r) for r in refs if r.media_type.startswith("image/")}


def make_bundle(
    document: Application | Report,
    regeling: Regeling,
    verdicts: Sequence[Verdict],
    attachments: AttachmentSource,
    signer: Signer | None,
    out_path: Path | None = None,
    signature: SignatureBlock | None = None,
    clock: Clock | None = None,
    pdf: bytes | None = None,
) -> BundleResult:
    """The bundle (with a freshly made PDF unless ``pdf`` is given), saved atomically."""
    clock = clock or SystemClock()
    if pdf is None:
        block = signature or default_signature(regeling, document, clock)
        pdf = make_pdf(document, regeling, verdicts, block, signer, None, clock, attachments).pdf
    files = {ref.sha256: attachments.read(ref) for ref in attachment_refs(regeling, document)}
    created = clock.now().astimezone(AMSTERDAM).replace(microsecond=0)
    bundle = write_bundle(document, pdf, files, signer, created)
    save_output(out_path, bundle, BUNDLE_UNSAVED)
    return BundleResult(out_path, bundle, signer is not None, pdf)


_UNREADABLE_FILE = "bundle.unreadable"


def verify_bundle(source: Path | bytes) -> VerifyResult:
    """Check a bundle completely. Never raises for a bad bundle: the result says what is wrong."""
    try:
        data = _read_limited(source) if isinstance(source, Path) else bytes(source)
        contents = read_bundle(data)
    except BundleError as error:
        return VerifyResult(
            code=error.code,
            intact=False,
            signed=False,
            readable=not error.unreadable,
            message=error.message,
            member=error.member,
        )
    manifest = contents.manifest
    if contents.signed:
        code = "bundle.ok"
        message = text(N_("De bundel is compleet, onveranderd en digitaal ondertekend."))
    else:
        code = "bundle.unsigned"
        message = text(
            N_(
                "De bundel is compleet, maar niet digitaal ondertekend. Er is dus niet te "
                "controleren of hij na het maken is veranderd."
            )
        )
    signer_name = None
    if contents.certificate is not None:
        names = contents.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        signer_name = str(names[0].value) if names else None
    return VerifyResult(
        code=code,
        intact=True,
        signed=contents.signed,
        readable=True,
        message=message,
        members=tuple(MemberCheck(m.name, m.sha256, m.size) for m in manifest.members),
        bundle_id=manifest.bundle_id,
        kind=manifest.kind,
        regeling=(manifest.regeling.id, manifest.regeling.version),
        certificate_sha256=contents.certificate_sha256,
        signer_name=signer_name,
    )


def _read_limited(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BUNDLE_BYTES + 1)
    except OSError as exc:
        raise BundleError(
            _UNREADABLE_FILE, path.name, f"{path} ({exc.strerror or type(exc).__name__})"
        ) from exc
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle.too_large")
    return data
