"""The PDF and the bundle made for a document, kept in the dossier's ``output`` folder.

In a dossier without a passphrase they are the plain files, under names a resident can read
(``aanvraag-1a2b3c4d.pdf``). In a protected dossier they are sealed with the dossier's key,
under a keyed-hash name, like every other file there: a PDF is decrypted only when the
resident opens it (into a private temp folder, see storage/private_temp.py) or saves a copy
somewhere they choose.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from desktop_app.core.documents import Application, Report
from desktop_app.storage.atomic import temp_leftovers, write_atomic
from desktop_app.storage.crypto import PLAIN, Codec, PlainCodec

_KINDS = ("aanvraag", "verantwoording")


def file_stem(document: Application | Report) -> str:
    kind = "verantwoording" if isinstance(document, Report) else "aanvraag"
    return f"{kind}-{str(document.id)[:8]}"


def output_names(document: Application | Report, sealed_to_municipality: bool) -> tuple[str, str]:
    """The PDF's and the bundle's names as the resident sees them (and as copies are saved);
    a bundle sealed to the municipality is no zip."""
    stem = file_stem(document)
    bundle = f"{stem}-versleuteld.bundel" if sealed_to_municipality else f"{stem}.zip"
    return f"{stem}.pdf", bundle


def _all_names(document_id: uuid.UUID) -> list[str]:
    names = []
    for kind in _KINDS:
        stem = f"{kind}-{str(document_id)[:8]}"
        names += [f"{stem}.pdf", f"{stem}.zip", f"{stem}-versleuteld.bundel"]
    return names


class OutputFiles:
    """One dossier's output folder, read and written through its codec."""

    def __init__(self, folder: Path, codec: Codec = PLAIN) -> None:
        self.folder = folder
        self.codec = codec

    def path(self, name: str) -> Path:
        return self.folder / self.codec.file_name(name)

    def save(self, name: str, data: bytes) -> Path:
        """Atomically; OSError when the disk is full or read-only."""
        path = self.path(name)
        write_atomic(path, self.codec.encode(data, f"output:{name}"))
        return path

    def read(self, name: str) -> bytes:
        """OSError when missing; WrongKeyError when changed."""
        return self.codec.decode(self.path(name).read_bytes(), f"output:{name}")

    def plain_files(self) -> list[Path]:
        """Output files under their plain names: what an older version (or the time before
        the dossier had a key) wrote in the clear."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.iterdir()):
            kind = path.name.split("-", 1)[0]
            suffix_ok = path.name.endswith((".pdf", ".zip", "-versleuteld.bundel"))
            if kind in _KINDS and suffix_ok and path.is_file() and not path.is_symlink():
                found.append(path)
        return found

    def seal_plain_files(self) -> int:
        """Seal every plain output file with the codec, then remove the plain one."""
        if isinstance(self.codec, PlainCodec):
            return 0  # a plain codec: nothing to seal
        moved = 0
        for path in self.plain_files():
            self.save(path.name, path.read_bytes())
            _overwrite_and_remove(path)
            moved += 1
        return moved

    def leftovers(self, document_id: uuid.UUID) -> list[Path]:
        """Every file of this document here: PDF, bundle, and temp files of a crashed write."""
        found = []
        for name in _all_names(document_id):
            path = self.path(name)
            if path.is_file() and not path.is_symlink():
                found.append(path)
            found += temp_leftovers(self.folder, path.name)
        return found


def _overwrite_and_remove(path: Path) -> None:
    try:
        with path.open("r+b") as handle:
            handle.write(b"\0" * path.stat().st_size)
    except OSError:
        pass
    path.unlink(missing_ok=True)
