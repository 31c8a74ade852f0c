"""The officials' import keeps bundles in pack files (storage/packs.py): what a group synced is
found by anyone who opens the folder; what a given-up group wrote, a torn index line, a
damaged pack or an index line an attacker wrote never passes for the original."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from desktop_app.storage import packs
from desktop_app.storage.blobs import BlobFolder, DamagedFileError


def _put_group(files: BlobFolder, contents: list[bytes]) -> list[str]:
    digests = [files.put(data, later=True) for data in contents]
    files.sync()
    return digests


def _contents(count: int, size: int = 5000) -> list[bytes]:
    return [os.urandom(size) for _ in range(count)]


def test_a_synced_group_is_found_by_anyone_opening_the_folder(tmp_path) -> None:
    contents = _contents(20)
    writer = BlobFolder(tmp_path)
    digests = _put_group(writer, contents)
    reader = BlobFolder(tmp_path)  # another window, or the next day
    assert [reader.get(d) for d in digests] == contents
    assert len(list(tmp_path.glob("packs/*.pack"))) == 1  # not a file each
    assert not [p for p in tmp_path.iterdir() if p.name != "packs"]
    writer.close()


def test_the_same_bytes_twice_are_kept_once(tmp_path) -> None:
    data = os.urandom(3000)
    files = BlobFolder(tmp_path)
    _put_group(files, [data, data])
    _put_group(files, [data])
    again = BlobFolder(tmp_path)
    _put_group(again, [data])
    assert sum(p.stat().st_size for p in tmp_path.glob("packs/*.pack")) == len(data)


def test_what_a_given_up_group_wrote_is_never_found(tmp_path) -> None:
    kept, given_up = _contents(2)
    files = BlobFolder(tmp_path)
    (kept_digest,) = _put_group(files, [kept])
    lost = files.put(given_up, later=True)
    files.forget_unsynced()  # the group did not commit
    reader = BlobFolder(tmp_path)
    assert reader.get(kept_digest) == kept
    with pytest.raises(DamagedFileError):
        reader.get(lost)
    with pytest.raises(DamagedFileError):
        files.get(lost)
    _put_group(files, [given_up])  # the same bytes in a later group: written and found
    assert BlobFolder(tmp_path).get(lost) == given_up


def test_a_colleague_sees_a_group_synced_after_they_opened_the_folder(tmp_path) -> None:
    first, later = _contents(2)
    writer = BlobFolder(tmp_path)
    (first_digest,) = _put_group(writer, [first])
    colleague = BlobFolder(tmp_path)
    assert colleague.get(first_digest) == first  # the indexes read now
    (later_digest,) = _put_group(writer, [later])
    assert colleague.get(later_digest) == later  # not known yet: the indexes read again
    _put_group(colleague, [os.urandom(100)])  # a pack of its own beside the writer's
    assert len(list(tmp_path.glob("packs/*.pack"))) == 2


def test_a_torn_index_line_spoils_neither_the_lines_before_nor_after(tmp_path) -> None:
    before, after = _contents(2)
    files = BlobFolder(tmp_path)
    (before_digest,) = _put_group(files, [before])
    (index,) = tmp_path.glob("packs/*.index")
    with index.open("ab") as torn:  # a write cut off by a crash or a full disk
        torn.write(hashlib.sha256(b"x").hexdigest().encode()[:40])
    (after_digest,) = _put_group(files, [after])
    reader = BlobFolder(tmp_path)
    assert (reader.get(before_digest), reader.get(after_digest)) == (before, after)


def test_a_damaged_pack_is_not_passed_on_and_a_new_put_repairs_it(tmp_path) -> None:
    data = b"Buurtmaaltijd " * 400
    files = BlobFolder(tmp_path)
    (digest,) = _put_group(files, [data])
    (pack,) = tmp_path.glob("packs/*.pack")
    pack.write_bytes(pack.read_bytes().replace(b"Buurt", b"Bujrt", 1))
    with pytest.raises(DamagedFileError):
        BlobFolder(tmp_path).get(digest)
    repairing = BlobFolder(tmp_path)
    repairing.put(data)  # imported again: the bytes are compared, not trusted
    assert BlobFolder(tmp_path).get(digest) == data


@pytest.mark.parametrize(
    "line",
    [
        b"%s 0 99999999999999\n",  # far more than the pack holds: no huge read
        b"%s 999999999 10\n",  # past its end
        b"%s -1 10\n",
        b"%s 0 10 ../../etc/passwd\n",
    ],
)
def test_an_index_line_an_attacker_wrote_finds_nothing(tmp_path, line) -> None:
    data = os.urandom(500)
    files = BlobFolder(tmp_path)
    (digest,) = _put_group(files, [data])
    other = hashlib.sha256(b"what the attacker wants read").hexdigest()
    (index,) = tmp_path.glob("packs/*.index")
    with index.open("ab") as hostile:
        hostile.write(line % other.encode())
    reader = BlobFolder(tmp_path)
    with pytest.raises(DamagedFileError):
        reader.get(other)
    assert reader.get(digest) == data


def test_a_full_pack_is_followed_by_a_new_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(packs, "PACK_BYTES", 10_000)
    contents = _contents(5, size=4000)
    files = BlobFolder(tmp_path)
    digests = _put_group(files, contents)
    assert len(list(tmp_path.glob("packs/*.pack"))) == 3  # two, two and one
    reader = BlobFolder(tmp_path)
    assert [reader.get(d) for d in digests] == contents


def test_a_sync_makes_the_pack_its_index_and_their_folder_durable(tmp_path, monkeypatch) -> None:
    """Before the rows that name them are committed: each fsync'd (only these files, not
    the whole file system with whatever else waits to be written)."""
    synced: list[tuple[int, int]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        synced.append((info.st_dev, info.st_ino))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    files = BlobFolder(tmp_path)
    (digest,) = _put_group(files, _contents(1))
    made = [tmp_path / "packs", *tmp_path.glob("packs/*")]
    assert len(made) == 3
    assert all((p.stat().st_dev, p.stat().st_ino) in synced for p in made)
    assert BlobFolder(tmp_path).get(digest)


def test_a_write_error_heard_while_syncing_early_fails_the_group_s_sync(
    tmp_path, monkeypatch
) -> None:
    """A large group's pack is synced early, in the background; the kernel tells a write
    error to one fsync only, so one heard there must fail the sync before the commit, not
    let the bytes pass for durable."""
    import errno
    import threading

    monkeypatch.setattr(packs, "EARLY_SYNC_BYTES", 20_000)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if threading.current_thread().name == "pack-early-sync":
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    files = BlobFolder(tmp_path)
    for data in _contents(10):  # 50 kB: early syncs on the way
        files.put(data, later=True)
    with pytest.raises(OSError):
        files.sync()
    files.forget_unsynced()  # as the import does with a group that did not commit
    # The next group, with no error, syncs as usual (the error was about the lost group).
    monkeypatch.setattr(os, "fsync", real_fsync)
    again = _put_group(files, _contents(2))
    assert [BlobFolder(tmp_path).get(d) for d in again]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_packs_are_owner_only(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        _put_group(BlobFolder(tmp_path / "files"), _contents(2))
    finally:
        os.umask(old)
    folder = tmp_path / "files" / "packs"
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [folder, *folder.iterdir()]}
    assert modes.pop("packs") == 0o700
    assert set(modes.values()) == {0o600} and len(modes) == 2
