"""Files named by their content: ``<folder>/ab/abcdef…`` (the SHA-256 of the bytes, the first
two hex digits as a sub-folder, so no folder gets huge). Written once (temp file, fsync,
rename, fsync the folder), never changed; the same bytes again are not written twice. A read
checks the hash, so a file damaged or changed on disk is never passed on as the original.

Many files at once (the officials' import commits bundles in groups): ``put(..., later=True)``
appends them to a pack file (storage/packs.py, ``<folder>/packs/``) without waiting for the
disk, and ``sync()`` then makes every such file durable in one go, before the rows that name
them are committed."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import re
import sys
from pathlib import Path

from desktop_app.storage.atomic import fsync_folder, write_atomic
from desktop_app.storage.packs import PackFolder

_DIGEST = re.compile(r"[0-9a-f]{64}")
_NEVER_SYNCED: set[Path] = set()
"""Files put ``later`` by a group that was given up before its sync (any BlobFolder)."""


class DamagedFileError(Exception):
    """The file is missing, or its content no longer matches its name."""


class BlobFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._unsynced: set[Path] = set()
        self._packs = PackFolder(folder / "packs")

    def path(self, digest: str) -> Path:
        """Where the file of its own is (one not kept ``later``; those are in packs)."""
        if not _DIGEST.fullmatch(digest):
            raise ValueError("not a SHA-256 in hex")
        return self.folder / digest[:2] / digest

    def put(self, data: bytes, digest: str | None = None, later: bool = False) -> str:
        """Keep ``data``; returns its SHA-256 (``digest``, when given, must be it). With
        ``later`` the file is not yet durable: ``sync()`` must follow before anything
        that names it is committed."""
        actual = hashlib.sha256(data).hexdigest()
        if digest is not None and digest != actual:
            raise ValueError("the bytes do not match the digest given")
        return self.put_hashed(data, actual, later)

    def put_hashed(self, data: bytes, actual: str, later: bool = False) -> str:
        """``put`` for a caller that has just hashed ``data`` itself (``actual`` is its
        SHA-256): the import hashes every bundle once, to look it up, and not again here."""
        target = self.path(actual)
        if _holds(target, data):
            if target in _NEVER_SYNCED:  # written "later" by a group that was given up
                self._unsynced.add(target)
                if not later:
                    self.sync()
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
        """Every file put ``later`` since the last sync is on the disk when this returns
        (Linux: one syncfs of the folder's file system; elsewhere each file and folder)."""
        pending, self._unsynced = self._unsynced, set()
        try:
            packed = self._packs.write_index()
            if not pending and not packed:
                return
            if not _syncfs(self.folder):
                self._packs.fsync()
                for path in sorted(pending):
                    _fsync_file(path)
                for folder in sorted({p.parent for p in pending}):
                    fsync_folder(folder)
        except BaseException:
            self._unsynced |= pending
            raise
        self._packs.synced()
        _NEVER_SYNCED.difference_update(pending)

    def forget_unsynced(self) -> None:
        """The group that put files ``later`` was given up: nothing names them. They stay,
        harmless, named by their content; a later ``put`` of the same bytes syncs them."""
        _NEVER_SYNCED.update(self._unsynced)
        self._unsynced.clear()
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


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _syncfs(folder: Path) -> bool:
    """syncfs(2) on Linux: the whole file system's data and metadata written, one call for
    any number of files. False where it is not available (then each file is synced)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        if call(fd) != 0:
            raise OSError(ctypes.get_errno(), "syncfs failed")
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)
    return True


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly ``data`` (compared, not hashed: the same answer, and
    faster)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
