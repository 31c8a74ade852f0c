"""A private place for a decrypted PDF while the resident reads it: a 0700 folder in the
system's temp folder with 0600 files, emptied when the dossier is closed or the app quits,
and (after a crash) when the app starts again."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "klein-initiatief-bekijken-"


class PrivateTemp:
    def __init__(self, parent: Path | None = None) -> None:
        self.parent = parent
        self.folder: Path | None = None

    def write(self, name: str, data: bytes) -> Path:
        """``data`` as ``name`` in the private folder (made on first use, 0700), file 0600."""
        if self.folder is None or not self.folder.is_dir():
            # mkdtemp makes the folder 0700 and with an unguessable name.
            self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.parent))
        path = self.folder / Path(name).name
        path.unlink(missing_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return path

    def clear(self) -> None:
        if self.folder is not None:
            _remove(self.folder)
        self.folder = None


def clear_leftovers(parent: Path | None = None) -> None:
    """Private folders a crashed run left behind (only this user's own)."""
    base = Path(parent or tempfile.gettempdir())
    for folder in base.glob(PREFIX + "*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and not folder.is_symlink() and _owned(folder):
                _remove(folder)


def _owned(path: Path) -> bool:
    return not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()


def _remove(folder: Path) -> None:
    for path in folder.glob("*"):
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError), path.open("r+b") as handle:
                handle.write(b"\0" * path.stat().st_size)
    shutil.rmtree(folder, ignore_errors=True)
