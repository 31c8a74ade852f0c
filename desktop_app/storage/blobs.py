"""Files named by their content (the SHA-256 of the bytes), written once, never changed; the
same bytes again are not written twice. A read checks the hash, so a file damaged or changed
on disk is never passed on as the original.

One file at a time (``put``): a file of its own, ``<folder>/ab/abcdef…`` (the first two hex
digits as a sub-folder, so no folder gets huge), durable when ``put`` returns. Many at once
(the officials' import commits bundles in groups): ``put(..., later=True)`` appends them to a
pack file (storage/packs.py, ``<folder>/packs/``) without waiting for the disk, and
``sync()`` then makes them durable in one go, before the rows that name them are committed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.packs import PackFolder

_DIGEST = re.compile(r"[0-9a-f]{64}")


class DamagedFileError(Exception):
    """The file is missing, or its content no longer matches its name."""


class BlobFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._packs = PackFolder(folder / "packs")

    def path(self, digest: str) -> Path:
        """Where the file of its own is (one not kept ``later``; those are in packs)."""
        if not _DIGEST.fullmatch(digest):
            raise ValueError("not a SHA-256 in hex")
        return self.folder / digest[:2] / digest

    def put(self, data: bytes, digest: str | None = None, later: bool = False) -> str:
        """Keep ``data``; returns its SHA-256 (``digest``, when given, must be it). With
        ``later`` it is not yet durable: ``sync()`` must follow before anything that names
        it is committed."""
        actual = hashlib.sha256(data).hexdigest()
        if digest is not None and digest != actual:
            raise ValueError("the bytes do not match the digest given")
        return self.put_hashed(data, actual, later)

    def put_hashed(self, data: bytes, actual: str, later: bool = False) -> str:
        """``put`` for a caller that has just hashed ``data`` itself (``actual`` is its
        SHA-256): the import hashes every bundle once, to look it up, and not again here."""
        target = self.path(actual)
        if _holds(target, data):
            return actual
        if self._packs.holds(actual, data):
            if not later and self._packs.unsynced(actual):
                self.sync()
            return actual
        if later:
            self._packs.append(actual, data)
        else:
            write_atomic(target, data)
        return actual

    def sync(self) -> None:
        """Everything put ``later`` since the last sync is on the disk when this returns:
        the pack and its index each fsync'd (only what this folder wrote, not the whole
        file system)."""
        if self._packs.write_index():
            self._packs.fsync()
        self._packs.synced()

    def forget_unsynced(self) -> None:
        """The group that put files ``later`` was given up: nothing names them, and nothing
        finds them now (a later ``put`` of the same bytes writes them again)."""
        self._packs.forget_unsynced()

    def get(self, digest: str) -> bytes:
        """The bytes, from their own file or a pack; ``DamagedFileError`` when neither holds
        them undamaged."""
        try:
            data: bytes | None = self.path(digest).read_bytes()
        except FileNotFoundError:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            data = self._packs.get(digest)
        if data is None:
            raise DamagedFileError(digest)
        return data

    def close(self) -> None:
        self._packs.close()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly ``data`` (compared, not hashed: the same answer, and
    faster)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
