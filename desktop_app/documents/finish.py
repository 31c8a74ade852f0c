"""The wizard's last step without the window: sign, make the PDF and the bundle, mark the
document final. Slow work (a key is made on first use), so the UI runs it off its thread."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from desktop_app.core.clock import Clock, today
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Text
from desktop_app.documents.signature_block import SignatureBlock
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.crypto import PLAIN, Codec, PlainCodec, WrongKeyError
from desktop_app.storage.drafts import DraftStore
from desktop_app.storage.outputs import OutputFiles, file_stem, output_names
from desktop_app.storage.paths import AppPaths

# A full or read-only disk, in words (Dutch; {folder} and {reason} filled in).
BUNDLE_UNSAVED = N_("De bundel kon niet worden opgeslagen in {folder}: {reason}.")
PDF_UNSAVED = N_("De PDF kon niet worden opgeslagen in {folder}: {reason}.")

__all__ = [
    "FilesJob",
    "MadeFiles",
    "Outputs",
    "file_stem",
    "key_id_for",
    "make_files",
    "make_outputs",
    "output_paths",
    "signer_defaults",
]


@dataclass(frozen=True)
class Outputs:
    """The PDF and the bundle of a finished document. In a protected dossier both are sealed
    with the dossier's key (``codec``): read them with ``read_pdf``/``read_bundle``. With the
    regeling's ``encryption_keys`` no PDF is kept on disk (``pdf`` is None): only the bundle
    sealed to the municipality is; ``pdf_bytes`` holds the PDF in memory while it is shown."""

    document: Application | Report
    regeling: Regeling
    pdf: Path | None
    bundle: Path
    signed: bool
    unsigned_reason: Text | None
    status_known: bool = True  # False when shown again later: signing is not re-checked
    codec: Codec = PLAIN
    pdf_bytes: bytes | None = None

    @property
    def sealed_here(self) -> bool:
        """True in a protected dossier: the files on disk cannot be read as they are."""
        return not isinstance(self.codec, PlainCodec)

    @property
    def names(self) -> tuple[str, str]:
        """The PDF's and the bundle's file names for a copy the resident saves."""
        return output_names(self.document, bool(self.regeling.encryption_keys))

    def _files(self) -> OutputFiles:
        return OutputFiles(self.bundle.parent, self.codec)

    def read_pdf(self) -> bytes | None:
        """The PDF (decrypted), or None when it is not kept here. OSError when it is gone."""
        if self.pdf_bytes is not None:
            return self.pdf_bytes
        if self.pdf is None:
            return None
        return self._read(self.names[0])

    def read_bundle(self) -> bytes:
        """The bundle (decrypted from the dossier's key). OSError when it is gone."""
        return self._read(self.names[1])

    def _read(self, name: str) -> bytes:
        try:
            return self._files().read(name)
        except WrongKeyError as exc:
            raise OSError(f"{name} is damaged") from exc


def output_paths(
    paths: AppPaths,
    regeling: Regeling,
    document: Application | Report,
    codec: Codec = PLAIN,
) -> tuple[Path | None, Path]:
    """Where the PDF and the bundle are kept. No PDF is kept beside a bundle sealed to the
    municipality (None): it is inside that bundle."""
    files = OutputFiles(paths.output, codec)
    pdf_name, bundle_name = output_names(document, bool(regeling.encryption_keys))
    return (None if regeling.encryption_keys else files.path(pdf_name)), files.path(bundle_name)


def signer_defaults(
    store: DraftStore, regeling: Regeling, document: Application | Report
) -> tuple[str, str]:
    """Name and town for the signature block: from the application's contact details."""
    answers = document.answers
    if isinstance(document, Report):
        try:
            answers = store.load(document.application_id).answers
        except UserError:
            answers = {}

    return regeling.roles.text(answers, "contact"), regeling.roles.text(answers, "city")


def key_id_for(document: Application | Report) -> uuid.UUID:
    """One key per initiative's dossier: a report signs with its application's key."""
    return document.application_id if isinstance(document, Report) else document.id


class DocumentSource(Protocol):
    """Where saved documents come from (storage.drafts.DraftStore fits)."""

    def load(self, document_id: uuid.UUID) -> Application | Report: ...


def initiative_name_of(
    regeling: Regeling, document: Application | Report, documents: DocumentSource
) -> str | None:
    """A report's initiative name: its application's (the report asks no name itself)."""
    if not isinstance(document, Report):
        return None
    try:
        application = documents.load(document.application_id)
    except (UserError, OSError, ValueError):
        return None  # the application is not on this computer: the PDF names the regeling
    return regeling.roles.text(application.answers, "title") or None


@dataclass(frozen=True)
class FilesJob:
    """What making the signed PDF and bundle of one document needs: plain data, so that a
    worker process (documents/signing_process.py) can do it as well as this one."""

    paths: AppPaths
    clock: Clock
    regeling: Regeling
    document: Application | Report
    block: SignatureBlock
    codec: Codec
    attachments: Path  # the folder; read through ``codec``
    initiative_name: str | None  # a report's: its application's


@dataclass(frozen=True)
class MadeFiles:
    """What making the files found out (the files themselves are on disk)."""

    signed: bool
    unsigned_reason: Text | None
    pdf_bytes: bytes | None  # only when no PDF is kept on disk (a bundle sealed to the city)


def make_files(job: FilesJob, keyring_backend: Any = None) -> MadeFiles:
    """Sign when a keyring is there (else say why not), write the PDF and the bundle."""
    # Loaded here, not at the top: pyHanko, pikepdf and typst take most of a second to
    # import, and the start screen should not wait for them.
    import keyring

    from desktop_app.documents.service import SigningKeys, make_bundle, make_pdf, signer_for

    regeling, document, clock, codec = job.regeling, job.document, job.clock, job.codec
    verdicts = evaluate(regeling, document, today(clock)).verdicts
    backend = keyring_backend if keyring_backend is not None else keyring.get_keyring()
    try:
        keys = SigningKeys(job.paths.keys, backend, clock, codec)
        signer = signer_for(keys, regeling, document)
        reason = None
    except UserError as error:
        signer, reason = None, error.message
    files = OutputFiles(job.paths.output, codec)
    pdf_name, bundle_name = output_names(document, bool(regeling.encryption_keys))
    attachments = AttachmentStore(job.attachments, codec)
    name = job.initiative_name
    # Made in memory; written below only through the dossier's codec (sealed when protected).
    pdf = make_pdf(document, regeling, verdicts, job.block, signer, None, clock, attachments, name)
    # With the municipality's public key in the regeling, only a sealed bundle is written:
    # the outbox, a USB stick or a shared folder never hold the plain one, nor the PDF.
    sealed_to = regeling.encryption_keys[0] if regeling.encryption_keys else None
    made = make_bundle(
        document, regeling, verdicts, attachments, signer, None, job.block, clock, pdf.pdf
    )
    bundle = made.bundle
    if sealed_to is not None:
        from desktop_app.documents.sealed import seal_bundle

        bundle = seal_bundle(made.bundle, sealed_to)
    else:
        _save(files, pdf_name, pdf.pdf, PDF_UNSAVED)
    _save(files, bundle_name, bundle, BUNDLE_UNSAVED)
    return MadeFiles(signer is not None, reason, pdf.pdf if sealed_to is not None else None)


def make_outputs(
    paths: AppPaths,
    clock: Clock,
    store: DraftStore,
    regeling: Regeling,
    document: Application | Report,
    block: SignatureBlock,
    attachments: AttachmentStore | None = None,
    keyring_backend: Any = None,
    codec: Codec | None = None,
    maker: Callable[[FilesJob], MadeFiles] | None = None,
) -> Outputs:
    """Sign when a keyring is there (else say why not), write PDF and bundle, mark final.
    ``codec`` (by default the draft store's: the dossier's) seals what is written. ``maker``
    makes the files (by default here; documents/signing_process.py in a worker process);
    marking the document final stays here, with the draft store that autosaves it."""
    codec = codec if codec is not None else store.codec
    job = FilesJob(
        paths,
        clock,
        regeling,
        document,
        block,
        codec,
        attachments.folder if attachments is not None else paths.attachments,
        initiative_name_of(regeling, document, store),
    )
    made = maker(job) if maker is not None else make_files(job, keyring_backend)
    store.save(document, "report_final" if isinstance(document, Report) else "final")
    pdf_path, bundle_path = output_paths(paths, regeling, document, codec)
    return Outputs(
        document,
        regeling,
        pdf_path,
        bundle_path,
        signed=made.signed,
        unsigned_reason=made.unsigned_reason,
        codec=codec,
        pdf_bytes=made.pdf_bytes,
    )


def _save(files: OutputFiles, name: str, data: bytes, failed: str) -> None:
    """A full or read-only disk is a clear message."""
    try:
        files.save(name, data)
    except OSError as exc:
        raise UserError(
            "file.unwritable",
            text(failed, folder=str(files.folder), reason=str(exc.strerror)),
        ) from exc
