"""Pack files: many files appended to one (issue 20). On this kind of disk making a new file
costs about half a millisecond and appending to an open one a few hundredths, so the
officials' import keeps its bundles in packs rather than a file each.

``<folder>/<name>.pack`` holds the bytes one after another; ``<name>.index`` has a line
``<sha256> <offset> <length>`` for each, written when the group of files is synced, so an
index line only names bytes that went to the disk with it. Nothing in a pack is changed or
removed. A torn last line (a crash while writing) is skipped, and every read checks the
hash: bytes damaged, or never synced, are never passed on as the original. Each
``PackFolder`` writes packs of its own with a random name, so several processes (officials
on several computers sharing the folder) never write to the same file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop_app.storage.atomic import FILE_MODE, fsync_folder, make_private_dir

PACK_BYTES = 256 * 1024 * 1024
"""A pack this large is closed and the next bytes go into a new one."""
EARLY_SYNC_BYTES = 2 * 1024 * 1024
"""After this many bytes appended, the disk is set to work on them in the background: the
sync before a commit then waits for the rest only (a group of 200 bundles is ~9 MB, whose
fsync at the commit took ~12 ms of the import's own time; issue 20)."""

_LINE = re.compile(rb"([0-9a-f]{64}) ([0-9]{1,15}) ([0-9]{1,15})")
_NAME = re.compile(r"[0-9a-f]{32}")
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class _Place:
    pack: str  # the name without its suffix
    offset: int
    length: int


class _Writing:
    """The pack this folder appends to now, and its index."""

    def __init__(self, folder: Path) -> None:
        self.name = secrets.token_hex(16)
        self.pack = folder / f"{self.name}.pack"
        self.index = folder / f"{self.name}.index"
        self.fd = os.open(self.pack, _OPEN_FLAGS, FILE_MODE)
        self.size = 0

    def append(self, data: bytes) -> int:
        offset = self.size
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        self.size += len(data)
        return offset

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class PackFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._places: dict[str, list[_Place]] | None = None  # read from the indexes when needed
        self._index_sizes: dict[str, int] = {}  # pack name -> bytes of its index read so far
        self._writing: _Writing | None = None
        self._pending: list[tuple[str, _Place]] = []  # appended, not yet in an index
        self._unsynced: list[tuple[str, _Place]] = []  # in an index, not yet durable
        self._made_files = False  # since the last sync: the folder's entries to sync too
        self._since_early_sync = 0  # bytes appended since the last early sync began
        self._early_sync: threading.Thread | None = None
        self._early_errors: list[OSError] = []  # raised by the next ``fsync``

    def holds(self, digest: str, data: bytes) -> bool:
        """Whether a pack holds exactly ``data`` (its SHA-256 is ``digest``): durable, or
        appended since the last sync (then ``unsynced``)."""
        return any(self._read(place) == data for place in self._known().get(digest, ()))

    def unsynced(self, digest: str) -> bool:
        return any(name == digest for name, _ in self._pending + self._unsynced)

    def get(self, digest: str) -> bytes | None:
        """The bytes with this SHA-256, or None when no pack holds them undamaged. Packs
        written by others since the indexes were read are looked at too."""
        for reread in (False, True):
            for place in self._known(reread).get(digest, ()):
                data = self._read(place)
                if data is not None and hashlib.sha256(data).hexdigest() == digest:
                    return data
        return None

    def append(self, digest: str, data: bytes) -> None:
        """Add ``data`` (its SHA-256 is ``digest``) to this folder's own pack; durable, and
        found by others, only after ``write_index`` and a sync."""
        places = self._known()
        if self._writing and self._writing.size and self._writing.size + len(data) > PACK_BYTES:
            self._drop_writing()
        if self._writing is None:
            make_private_dir(self.folder)
            self._writing = _Writing(self.folder)
            self._made_files = True
        writing = self._writing
        try:
            offset = writing.append(data)
        except BaseException:
            self._drop_writing()  # where the bytes end is unknown now: a new pack next time
            raise
        place = _Place(writing.name, offset, len(data))
        self._pending.append((digest, place))
        places.setdefault(digest, []).append(place)
        self._since_early_sync += len(data)
        if self._since_early_sync >= EARLY_SYNC_BYTES and not self._early_sync_running():
            self._since_early_sync = 0
            pack = writing.pack
            self._early_sync = threading.Thread(
                target=_sync_early,
                args=(pack, self._early_errors),
                name="pack-early-sync",
                daemon=True,
            )
            self._early_sync.start()

    def _early_sync_running(self) -> bool:
        return self._early_sync is not None and self._early_sync.is_alive()

    def _wait_for_early_sync(self) -> None:
        if self._early_sync is not None:
            self._early_sync.join()
            self._early_sync = None

    def write_index(self) -> bool:
        """Write the index lines of everything appended since the last time; True when
        there is anything to make durable (``fsync``)."""
        by_pack: dict[str, list[tuple[str, _Place]]] = {}
        for digest, place in self._pending:
            by_pack.setdefault(place.pack, []).append((digest, place))
        for pack, entries in by_pack.items():
            self._write_lines(pack, entries)
            self._unsynced += entries
            self._pending = [e for e in self._pending if e[1].pack != pack]
        return bool(self._unsynced)

    def _write_lines(self, pack: str, entries: list[tuple[str, _Place]]) -> None:
        lines = b"".join(b"%s %d %d\n" % (d.encode(), p.offset, p.length) for d, p in entries)
        fd = os.open(
            self.folder / f"{pack}.index", os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE
        )
        try:
            if os.fstat(fd).st_size != self._index_sizes.get(pack, 0):
                lines = b"\n" + lines  # after a torn line (a failed write): a line of its own
            view = memoryview(lines)
            while view:
                view = view[os.write(fd, view) :]
            self._index_sizes[pack] = os.fstat(fd).st_size  # known already: not read again
        finally:
            os.close(fd)

    def fsync(self) -> None:
        """Every pack and index with bytes not yet durable synced, and the folder when a
        file was made in it."""
        self._wait_for_early_sync()  # what it began is then on the disk; the rest follows
        if self._early_errors:
            # The kernel tells a write error to one fsync only: if the early one heard it,
            # this one would not, and bytes lost would pass for durable.
            error = self._early_errors[0]
            self._early_errors.clear()
            raise error
        for pack in sorted({place.pack for _, place in self._unsynced}):
            for suffix in (".pack", ".index"):
                with open(self.folder / f"{pack}{suffix}", "rb+") as file:
                    os.fsync(file.fileno())
        if self._made_files:
            fsync_folder(self.folder)

    def synced(self) -> None:
        """All of it is durable now (after ``fsync``)."""
        self._unsynced.clear()
        self._made_files = False

    def forget_unsynced(self) -> None:
        """What was appended since the last sync is not kept: nothing may find it (the bytes
        stay in the pack, unnamed or named by a line a read will not trust)."""
        forgotten = self._pending + self._unsynced
        self._wait_for_early_sync()
        self._early_errors.clear()  # about bytes no one keeps now
        if self._places is not None:
            for digest, place in forgotten:
                kept = [p for p in self._places.get(digest, []) if p != place]
                if kept:
                    self._places[digest] = kept
                else:
                    self._places.pop(digest, None)
        self._pending.clear()
        self._unsynced.clear()

    def close(self) -> None:
        self._drop_writing()

    def _drop_writing(self) -> None:
        if self._writing is not None:
            self._writing.close()
            self._writing = None

    def _known(self, reread: bool = False) -> dict[str, list[_Place]]:
        """Where each digest is, from every index: read once, and again on ``reread`` (only
        what was added to each index since)."""
        if self._places is not None and not reread:
            return self._places
        places = self._places if self._places is not None else {}
        if self.folder.is_dir():
            for index in sorted(self.folder.glob("*.index")):
                self._read_index(index, places)
        self._places = places
        return places

    def _read_index(self, index: Path, places: dict[str, list[_Place]]) -> None:
        pack = index.stem
        if not _NAME.fullmatch(pack):
            return  # not an index this program wrote
        start = self._index_sizes.get(pack, 0)
        try:
            with index.open("rb") as file:
                file.seek(start)
                text = file.read()
        except OSError:
            return
        complete = text[: text.rfind(b"\n") + 1]  # a line still being written: next time
        self._index_sizes[pack] = start + len(complete)
        for line in complete.splitlines():
            if match := _LINE.fullmatch(line):
                place = _Place(pack, int(match[2]), int(match[3]))
                places.setdefault(match[1].decode(), []).append(place)

    def _read(self, place: _Place) -> bytes | None:
        try:
            fd = os.open(self.folder / f"{place.pack}.pack", os.O_RDONLY)
        except OSError:
            return None
        try:
            if place.offset + place.length > os.fstat(fd).st_size:
                return None  # an index line naming bytes that are not there
            data = os.pread(fd, place.length, place.offset)
            return data if len(data) == place.length else None
        except OSError:
            return None
        finally:
            os.close(fd)


def _sync_early(path: Path, errors: list[OSError]) -> None:
    """The disk set to work on a pack before its ``fsync``; an error is kept for that."""
    try:
        with open(path, "rb+") as file:
            os.fsync(file.fileno())
    except OSError as error:
        errors.append(error)
