"""Files named by their content: ``<folder>/ab/abcdef…`` (the SHA-256 of the bytes, the first
two hex digits as a sub-folder, so no folder gets huge). Written once (temp file, fsync,
rename, fsync the folder), never changed; the same bytes again are not written twice. A read
checks the hash, so a file damaged or changed on disk is never passed on as the original."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from desktop_app.storage.atomic import make_private_dir, write_atomic

_DIGEST = re.compile(r"[0-9a-f]{64}")


class DamagedFileError(Exception):
    """The file is missing, or its content no longer matches its name."""


class BlobFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, digest: str) -> Path:
        if not _DIGEST.fullmatch(digest):
            raise ValueError("not a SHA-256 in hex")
        return self.folder / digest[:2] / digest

    def put(self, data: bytes, digest: str | None = None) -> str:
        """Keep ``data``; returns its SHA-256 (``digest``, when given, must be it)."""
        actual = hashlib.sha256(data).hexdigest()
        if digest is not None and digest != actual:
            raise ValueError("the bytes do not match the digest given")
        target = self.path(actual)
        if target.exists() and _sha256_of(target) == actual:
            return actual
        make_private_dir(target.parent)
        write_atomic(target, data)
        return actual

    def get(self, digest: str) -> bytes:
        try:
            data = self.path(digest).read_bytes()
        except FileNotFoundError as exc:
            raise DamagedFileError(digest) from exc
        if hashlib.sha256(data).hexdigest() != digest:
            raise DamagedFileError(digest)
        return data

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
