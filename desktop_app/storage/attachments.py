"""Attached files, stored by content (SHA-256) so a document refers to exactly these bytes.

A file is stored only when it really is a PDF, JPG or PNG (core.attachment_types parses it
completely); anything else is refused with a message that says why and what to do. An iPhone
photo (HEIC/HEIF) is converted to JPEG first and stored as that JPEG.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from desktop_app.core.attachment_types import as_accepted, identify
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.values import AttachmentRef
from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.crypto import PLAIN, Codec, WrongKeyError

MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class AttachmentStore:
    def __init__(self, folder: Path, codec: Codec = PLAIN) -> None:
        self.folder = folder
        self.codec = codec

    def path_for(self, sha256: str) -> Path:
        if not _HEX64.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.folder / self.codec.file_name(sha256)

    def add_bytes(self, data: bytes, file_name: str, kind: str) -> AttachmentRef:
        """Check the file completely, then store it. AttachmentRefusedError (a UserError)
        when it is not a clean PDF, JPG or PNG; nothing is stored then."""
        shown = Path(file_name).name[:255] or "bijlage"
        data, shown = as_accepted(data, shown)  # HEIC -> JPEG; everything else unchanged
        verified = identify(data, shown)
        digest = hashlib.sha256(data).hexdigest()
        path = self.path_for(digest)
        if not path.exists():
            try:
                write_atomic(path, self.codec.encode(data, f"attachment:{digest}"))
            except OSError as exc:
                raise UserError(
                    "attachment.unwritable",
                    text(
                        N_("De bijlage '{file_name}' kon niet worden bewaard. Is de schijf vol?"),
                        file_name=file_name,
                    ),
                ) from exc
        return AttachmentRef(
            file_name=shown,
            kind=kind,
            media_type=verified.media_type,
            size=len(data),
            sha256=digest,
        )

    def add_file(self, source: Path, kind: str) -> AttachmentRef:
        try:
            size = source.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise UserError(
                    "attachment.too_large",
                    text(
                        N_("Het bestand '{name}' is te groot om toe te voegen."), name=source.name
                    ),
                )
            data = source.read_bytes()
        except OSError as exc:
            raise UserError(
                "attachment.unreadable",
                text(N_("Het bestand '{name}' kan niet worden geopend."), name=source.name),
            ) from exc
        return self.add_bytes(data, source.name, kind)

    def read(self, ref: AttachmentRef) -> bytes:
        """The bytes, checked against the hash the document names."""
        try:
            data = self.codec.decode(
                self.path_for(ref.sha256).read_bytes(), f"attachment:{ref.sha256}"
            )
        except (OSError, WrongKeyError):
            data = b""
        if hashlib.sha256(data).hexdigest() != ref.sha256:
            raise UserError(
                "attachment.changed",
                text(
                    N_(
                        "De bijlage '{file_name}' is veranderd of beschadigd. Voeg het bestand "
                        "opnieuw toe."
                    ),
                    file_name=ref.file_name,
                ),
            )
        return data

    def remove(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)
