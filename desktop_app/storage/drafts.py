"""The resident's documents on this computer: one JSON file per application or report.

Every change is saved at once, atomically (storage/atomic.py), so a crash or a power cut
loses nothing typed. A file holds the document and where it is in its lifecycle.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from desktop_app.core.documents import Application, Document, Report
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.lifecycle import LABELS, Status
from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.crypto import PLAIN, Codec, WrongKeyError
from desktop_app.storage.summary import DraftSummary, UnreadableDraft, ordered

if TYPE_CHECKING:
    from desktop_app.storage.draft_writer import DraftWriter

log = logging.getLogger(__name__)

# The lifecycle (states, labels, moves) lives in core; re-exported for the stores' callers.
STATUS_LABELS = LABELS
_DOCUMENT = TypeAdapter(Document)


class StoredDocument(BaseModel):
    """What is on disk: the document and its state."""

    model_config = ConfigDict(extra="forbid")

    store_version: Literal[1] = 1
    status: Status = "draft"
    document: Document = Field(discriminator="kind")


class DraftStore:
    """All documents of one dossier in one folder; encrypted when the dossier has a key."""

    def __init__(
        self, folder: Path, codec: Codec = PLAIN, writer: DraftWriter | None = None
    ) -> None:
        """With a `writer` (storage/draft_writer.py), `save` hands the snapshot to its
        background thread; without one it writes and fsyncs before returning."""
        self.folder = folder
        self.codec = codec
        self.writer = writer

    def _settle(self) -> None:
        """Before reading or removing files: every snapshot handed over is on disk."""
        if self.writer is not None:
            try:
                self.writer.flush()
            except OSError as exc:
                raise _unwritable(exc) from exc

    def path_for(self, document_id: uuid.UUID) -> Path:
        return self.folder / f"{document_id}.json"

    def _encode(self, stored: StoredDocument) -> bytes:
        data = stored.model_dump_json(indent=1).encode()
        return self.codec.encode(data, f"draft:{stored.document.id}")

    def _decode(self, path: Path) -> StoredDocument:
        self._settle()
        data = self.codec.decode(path.read_bytes(), f"draft:{path.stem}")
        return StoredDocument.model_validate_json(data)

    def flush(self) -> None:
        """Every snapshot handed to the writer is on disk (UserError if one could not be)."""
        self._settle()

    def save(
        self,
        document: Application | Report,
        status: Status = "draft",
        on_durable: Callable[[UserError | None], None] | None = None,
    ) -> None:
        """Save `document`. `on_durable` hears when it is on disk (None) or could not be
        written (the plain-words UserError): with a writer on the writer's thread, later;
        without one here, before returning. A failure said there is not raised again."""
        stored = StoredDocument(status=status, document=document)
        done = None
        if on_durable is not None:
            callback = on_durable

            def done(exc: OSError | None) -> None:
                callback(None if exc is None else _unwritable(exc))

        try:
            if self.writer is not None and status == "draft":
                self.writer.submit(self.path_for(document.id), self._encode(stored), done)
                return
            # A lifecycle move (final, sent…) is durable before the caller goes on.
            self._settle()
            write_atomic(self.path_for(document.id), self._encode(stored))
        except OSError as exc:
            log.warning("saving a draft failed: errno %s", exc.errno)
            raise _unwritable(exc) from exc
        if on_durable is not None:
            on_durable(None)

    def load_stored(self, document_id: uuid.UUID) -> StoredDocument:
        path = self.path_for(document_id)
        try:
            return self._decode(path)
        except (OSError, ValidationError, ValueError, WrongKeyError) as exc:
            raise UserError(
                "drafts.unreadable",
                text(N_("Het concept {name} kan niet worden gelezen."), name=path.name),
            ) from exc

    def load(self, document_id: uuid.UUID) -> Application | Report:
        return self.load_stored(document_id).document

    def status(self, document_id: uuid.UUID) -> Status:
        return self.load_stored(document_id).status

    def set_status(self, document_id: uuid.UUID, status: Status) -> None:
        self.save(self.load(document_id), status)

    def delete(self, document_id: uuid.UUID) -> None:
        self._settle()
        self.path_for(document_id).unlink(missing_ok=True)
        self._decision_path(document_id).unlink(missing_ok=True)

    # The municipality's decision about an application: the signed file as it came, so the
    # newest one is kept and an older one read later is recognised (documents.receive).

    def _decision_path(self, application_id: uuid.UUID) -> Path:
        return self.folder / "decisions" / f"{application_id}.json"

    def save_decision(self, application_id: uuid.UUID, data: bytes) -> None:
        context = f"decision:{application_id}"
        try:
            write_atomic(self._decision_path(application_id), self.codec.encode(data, context))
        except OSError as exc:
            log.warning("saving a decision failed: errno %s", exc.errno)
            raise UserError(
                "drafts.unwritable",
                text(
                    N_(
                        "Het besluit kon niet worden bewaard. Is de schijf vol? Maak ruimte vrij "
                        "en lees het besluit opnieuw in."
                    )
                ),
            ) from exc

    def decision_of(self, application_id: uuid.UUID) -> bytes | None:
        """The decision file kept for an application, or None (none yet, or unreadable)."""
        path = self._decision_path(application_id)
        try:
            return self.codec.decode(path.read_bytes(), f"decision:{application_id}")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, WrongKeyError):
            log.warning("skipping unreadable decision file %s", path.name)
            return None

    def summaries(self, title_of: Callable[[Document], str] | None = None) -> list[DraftSummary]:
        """Every readable document, newest first; an unreadable file is skipped, not fatal.

        `title_of` finds a document's title (Catalog.title_of: the field its regeling names
        as the title); without it titles are empty.
        """
        self._settle()  # a draft still on its way is listed too
        found = []
        for path in self.folder.glob("*.json"):
            try:
                stored = self._decode(path)
            except (OSError, ValidationError, ValueError, WrongKeyError):
                log.warning("skipping unreadable draft file %s", path.name)
                continue
            document = stored.document
            title = title_of(document) if title_of else ""
            found.append(
                DraftSummary(
                    id=document.id,
                    kind=document.kind,
                    regeling_id=document.regeling.id,
                    regeling_version=document.regeling.version,
                    status=stored.status,
                    title=title if isinstance(title, str) else "",
                    updated_at=document.updated_at,
                    application_id=getattr(document, "application_id", None),
                )
            )
        return ordered(found)

    def unreadable(self) -> list[UnreadableDraft]:
        """The files ``summaries`` skips, so the window can show them and offer to save or
        remove them (an unreadable file must never keep the rest away)."""
        self._settle()
        found = []
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                self._decode(path)
                continue
            except (OSError, ValidationError, ValueError, WrongKeyError):
                pass
            found.append(UnreadableDraft(path, _peek_regeling(self._plain(path))))
        return found

    def _plain(self, path: Path) -> bytes:
        """The file's bytes, decrypted when that still works (else as they are)."""
        self._settle()
        try:
            data = path.read_bytes()
        except OSError:
            return b""
        try:
            return self.codec.decode(data, f"draft:{path.stem}")
        except WrongKeyError:
            return data

    def export_bytes(self, path: Path) -> bytes:
        """What "Bestand bewaren" saves: the document as JSON (decrypted), or the file as it
        is when it cannot be decrypted."""
        return self._plain(path)

    def report_of(self, application_id: uuid.UUID) -> DraftSummary | None:
        """The report already begun for an application, if any."""
        return next((s for s in self.summaries() if s.application_id == application_id), None)


def _unwritable(exc: OSError) -> UserError:
    return UserError(
        "drafts.unwritable",
        text(
            N_(
                "Uw antwoorden konden niet worden opgeslagen. Is de schijf vol? "
                "Maak ruimte vrij; wat u heeft ingevuld blijft op het scherm staan."
            )
        ),
    )


def _peek_regeling(data: bytes) -> tuple[str, str] | None:
    """The regeling a draft names, read leniently (the file as a whole does not validate)."""
    import json

    try:
        found = json.loads(data[: 10 * 1024 * 1024])
        regeling = found["document"]["regeling"]
        regeling_id, version = regeling["id"], regeling["version"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if isinstance(regeling_id, str) and isinstance(version, str):
        return regeling_id[:100], version[:40]
    return None


__all__ = [
    "STATUS_LABELS",
    "DraftStore",
    "DraftSummary",
    "Status",
    "StoredDocument",
    "UnreadableDraft",
]
