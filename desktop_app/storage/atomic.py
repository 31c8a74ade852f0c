"""Crash-safe, private file writes: a reader sees the old file or the new one, never half of
one; and every file and folder the app makes is for its owner only (0600 files, 0700
folders), so other accounts on a shared computer cannot read them."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each owner-only (``mkdir -p -m 700``).
    Python's ``mkdir(parents=True)`` gives only the last folder the mode; parents would get
    0755 under the usual umask."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=FOLDER_MODE)
        _chmod(path, FOLDER_MODE)  # mkdir's mode is lowered by the umask, never raised


def create_private_file(path: Path) -> None:
    """Make an empty file 0600 if it is not there yet (e.g. before SQLite opens it)."""
    make_private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    _chmod(path, FILE_MODE)


def make_private(path: Path) -> None:
    """Owner-only for a file the app made earlier (or a companion file such as SQLite's
    -wal and -shm); a symlink is left alone."""
    if path.is_symlink() or not path.exists():
        return
    _chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)


def make_tree_private(root: Path) -> None:
    """Every file and folder under ``root`` owner-only: for a data folder made by an older
    version of the app, with 0755 folders and 0644 files."""
    if not root.is_dir() or root.is_symlink():
        return
    make_private(root)
    for path in root.rglob("*"):
        make_private(path)


def _chmod(path: Path, mode: int) -> None:
    if os.name != "posix":
        return  # Windows: the user's profile folder is private already
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temp file in the same folder, fsync it, rename over, fsync the folder.
    The file is 0600 (mkstemp) and its folder 0700. ``durable=False`` leaves out both
    fsyncs: still never half a file for a reader, but the caller makes it durable (e.g.
    storage/blobs.py syncs a whole group of files at once)."""
    folder = path.parent
    make_private_dir(folder)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            if durable:
                os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    if durable:
        fsync_folder(folder)


def temp_leftovers(folder: Path, name: str) -> list[Path]:
    """Temp files a crash left behind while ``name`` was being written."""
    if not folder.is_dir():
        return []
    return [p for p in folder.glob(f".{name}.*.tmp") if p.is_file() and not p.is_symlink()]


def fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
