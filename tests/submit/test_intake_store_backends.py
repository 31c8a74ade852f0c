"""The intake service's store on SQLite and on a real PostgreSQL server alike: what a
resident sends is stored once with its receipt, the officials fetch it into a case store
(on PostgreSQL: the same database), two service processes share one database without
giving out a cursor twice, ``klein-initiatief intake --store postgresql://…`` serves, and a
data folder made by the previous version opens with its submissions."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.documents.bundle_read import read_bundle
from desktop_app.intake.store import MIGRATIONS, ConflictError, IntakeStore
from desktop_app.officials.fetch import fetch_new
from desktop_app.officials.store import CaseStore
from tests import postgres
from tests.conftest import ROOT
from tests.submit.conftest import MovingClock
from tests.submit.servers import LiveIntake


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request) -> str | None:
    """None: SQLite in the data folder; else a new database on the throw-away server."""
    if request.param == "sqlite":
        return None
    return postgres.new_database(request.getfixturevalue("pg_server"))


def _post(url: str, data: bytes) -> requests.Response:
    key = str(read_bundle(data).manifest.bundle_id)
    return requests.post(
        f"{url}/submissions",
        data=data,
        headers={"Idempotency-Key": key, "Content-Type": "application/zip"},
        timeout=20,
    )


def _upload(store: IntakeStore, data: bytes) -> tuple[str, Path, str, int]:
    handle, path = store.new_upload()
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    return (
        str(read_bundle(data).manifest.bundle_id),
        path,
        hashlib.sha256(data).hexdigest(),
        len(data),
    )


def test_sent_once_then_fetched_by_the_officials(
    store_url, tmp_path, catalog, make_bundle_bytes
) -> None:
    bundles = [make_bundle_bytes() for _ in range(2)]
    options = {"store_url": store_url, "officials_token": "t0ken"}
    with LiveIntake(tmp_path / "intake", **options) as intake:
        first = _post(intake.url, bundles[0])
        again = _post(intake.url, bundles[0])
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json() == first.json()  # the same receipt, not a second submission
        assert _post(intake.url, bundles[1]).status_code == 201
        assert intake.store.backend == ("postgresql" if store_url else "sqlite")
        assert intake.store.count() == 2
        references = [s.reference for s in intake.store.since(0, 10)]
        assert references[0] < references[1] and references[0].startswith("KI-")

        # The officials' case store: on PostgreSQL in the very same database.
        cases = CaseStore(store_url or tmp_path / "cases", tmp_path / "files")
        try:
            fetched = fetch_new(intake.url, cases, catalog, MovingClock(), token="t0ken")
            assert [o.status for o in fetched] == ["imported", "imported"]
            assert len(cases.cases()) == 2
        finally:
            cases.close()
        assert all(s.status == "fetched" for s in intake.store.since(0, 10))
        assert intake.store.schema_version() == len(MIGRATIONS)


def test_two_service_processes_share_one_store(store_url, tmp_path, make_bundle_bytes) -> None:
    """Two stores on one database and one data folder (as two service processes have) accept
    at the same time: every bundle once, no cursor or reference given out twice."""
    key = Ed25519PrivateKey.generate()
    stores = [IntakeStore(tmp_path / "intake", key, url=store_url) for _ in range(2)]
    bundles = [make_bundle_bytes() for _ in range(8)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def serve(store: IntakeStore, mine: list[bytes]) -> None:
        start.wait()
        try:
            for data in mine:
                store.accept(*_upload(store, data))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=serve, args=(stores[0], bundles[0::2])),
        threading.Thread(target=serve, args=(stores[1], bundles[1::2])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    listed = stores[0].since(0, 100)
    assert len(listed) == 8 == len({s.cursor for s in listed}) == len({s.reference for s in listed})
    # The same bundle through the other process: its original receipt; other content: refused.
    same, created = stores[1].accept(*_upload(stores[1], bundles[0]))
    assert not created and same.reference == stores[0].get(same.bundle_id).reference
    _, path, _, size = _upload(stores[1], bundles[1])
    with pytest.raises(ConflictError):
        stores[1].accept(str(read_bundle(bundles[0]).manifest.bundle_id), path, "0" * 64, size)
    for store in stores:
        store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_intake_command_serves_from_postgresql(pg_server, tmp_path, make_bundle_bytes):
    url = postgres.new_database(pg_server)
    port = _free_port()
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "desktop_app", "intake", "--data", str(tmp_path / "data")]
    command += ["--store", url, "--port", str(port)]
    service = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/key", timeout=2)
                break
            except requests.ConnectionError:
                assert service.poll() is None and time.monotonic() < deadline, "did not start"
                time.sleep(0.2)
        assert _post(f"http://127.0.0.1:{port}", make_bundle_bytes()).status_code == 201
    finally:
        service.terminate()
        _, said = service.communicate(timeout=30)
    assert "store: postgresql://" in said
    reopened = IntakeStore(tmp_path / "data", Ed25519PrivateKey.generate(), url=url)
    assert reopened.count() == 1 and reopened.backend == "postgresql"
    reopened.close()
    assert not (tmp_path / "data" / "intake.sqlite").exists()  # the rows are in PostgreSQL


def test_the_intake_command_refuses_a_store_that_is_no_url(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "intake", "--data", str(tmp_path), "--store", "x"],
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "postgresql://" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_data_folder_of_the_previous_version_opens(tmp_path, make_bundle_bytes) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    old = sqlite3.connect(folder / "intake.sqlite")
    old.executescript(OLD_SCHEMA)
    old.execute(
        "INSERT INTO submissions (bundle_id, sha256, size, reference, received_at, receipt) "
        "VALUES ('old-id', 'ab', 3, 'KI-2026-000001', '2026-03-02T10:00:00+01:00', '{}')"
    )
    old.commit()
    old.close()
    store = IntakeStore(folder, Ed25519PrivateKey.generate())
    assert store.schema_version() == len(MIGRATIONS) and store.count() == 1
    stored, created = store.accept(*_upload(store, make_bundle_bytes()))
    assert created and stored.cursor == 2 and stored.reference.endswith("-000002")
    store.close()


OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
    bundle_id TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    reference TEXT UNIQUE,
    received_at TEXT NOT NULL,
    receipt TEXT NOT NULL,
    fetched_at TEXT
);
"""
