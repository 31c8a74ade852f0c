"""On a shared computer other accounts must not read a resident's files: everything the app
makes in its data folder is owner-only (0600 files, 0700 folders), SQLite's files too."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.storage.atomic import make_tree_private, write_atomic
from desktop_app.storage.dossiers import DossierStore
from desktop_app.storage.outbox import Outbox
from desktop_app.storage.sqlite_db import durable_db
from tests.conftest import DAY
from tests.files import real_pdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def modes(root: Path) -> dict[str, int]:
    return {
        str(path.relative_to(root.parent)): stat.S_IMODE(path.lstat().st_mode)
        for path in [root, *root.rglob("*")]
    }


def not_private(root: Path) -> dict[str, str]:
    return {
        name: oct(mode)
        for name, mode in modes(root).items()
        if mode != (0o700 if (root.parent / name).is_dir() else 0o600)
    }


def test_files_and_folders_the_app_makes_are_owner_only(tmp_path, amsterdam_application) -> None:
    old = os.umask(0o022)  # the usual umask: without care, 0755 folders and 0644 files
    try:
        root = tmp_path / "data"
        store = DossierStore(root / "dossiers", fixed_on(DAY))
        dossier = store.create("Moestuin", None)
        dossier.drafts.save(amsterdam_application)
        dossier.attachments.add_bytes(real_pdf(), "offerte.pdf", "quote")
        outbox = Outbox(dossier.paths.outbox)
        write_atomic(root / "output" / "deep" / "aanvraag.pdf", b"%PDF-1.4")
        with durable_db(outbox.path) as db:  # while open, SQLite's -wal and -shm are there
            db.execute("DELETE FROM outbox")
            names = modes(root)
            assert any(name.endswith("outbox.sqlite-wal") for name in names)
            assert any(name.endswith("outbox.sqlite-shm") for name in names)
            assert not_private(root) == {}
    finally:
        os.umask(old)
    assert any(name.endswith("outbox.sqlite") for name in modes(root))
    assert not_private(root) == {}


def test_an_older_data_folder_is_made_private_when_the_window_opens(tmp_path) -> None:
    root = tmp_path / "data"
    (root / "dossiers" / "x").mkdir(parents=True, mode=0o755)
    (root / "dossiers" / "x" / "dossier.json").write_bytes(b"{}")
    (root / "dossiers" / "x" / "dossier.json").chmod(0o644)
    (root / "outbox.sqlite").write_bytes(b"")
    (root / "outbox.sqlite").chmod(0o644)
    assert not_private(root)
    make_tree_private(root)
    assert not_private(root) == {}
