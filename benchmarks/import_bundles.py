"""Bundles imported per second into the officials' case store, with full verification, next to
the floor (issue 20): reading + hashing each file, checking its signature, and one durable
commit; and re-importing the same bundles (each "already imported").

Goals (issue 20): full verification ≥ 1,000/s and ≤ 2x the floor; re-import of a known bundle
≥ 5,000/s. The machine may be shared: every figure is the median of ``--repeats`` runs (each
into a fresh store), with the fastest and slowest run beside it.

    .venv/bin/python benchmarks/import_bundles.py [--bundles 1000] [--repeats 3] [--postgres]

``--postgres`` imports into a throw-away PostgreSQL server (tests/postgres.py) instead of a
SQLite folder store. From 400 bundles the import has a helper process check bundles ahead
(officials/check_process.py); ``--no-helper`` checks all of them in the import's process.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from desktop_app.core.clock import SystemClock, today
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_read import read_members
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.cms import verify_detached
from desktop_app.documents.manifest import MANIFEST, SIGNATURE
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_paths
from desktop_app.officials.store import CaseStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests/postgres.py


def _floor_per_bundle(files: list[Path]) -> float:
    """Seconds per bundle: read the file, hash it, find and check its signature."""
    start = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        members = read_members(data)
        verify_detached(members[SIGNATURE], members[MANIFEST])
    return (time.perf_counter() - start) / len(files)


def _read_hash_per_bundle(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        hashlib.sha256(path.read_bytes()).hexdigest()
    return (time.perf_counter() - start) / len(files)


def _durable_commit(folder: Path, times: int = 50) -> float:
    """The median of one small durable commit (SQLite, WAL, synchronous=FULL) here."""
    db = sqlite3.connect(folder / "commit.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (x BLOB)")
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t VALUES (?)", (os.urandom(256),))
        db.execute("COMMIT")
        spent.append(time.perf_counter() - start)
    db.close()
    return statistics.median(spent)


@contextmanager
def _postgres() -> Iterator[Callable[[], str]]:
    from tests import postgres

    with postgres.throwaway_server() as url:
        yield lambda: postgres.new_database(url)


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):6.0f}/s  (runs {min(values):.0f}–{max(values):.0f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=int(os.environ.get("BUNDLES", "1000")))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--no-helper",
        action="store_true",
        help="check every bundle in the import's own process (no --import-check helper)",
    )
    args = parser.parse_args()
    if args.no_helper:
        from desktop_app.officials import importer

        importer.HELPER_FROM = sys.maxsize
    count = args.bundles
    clock = SystemClock()
    catalog = Catalog.default()
    regeling = catalog.current("amsterdam-bewonersinitiatief", today(clock))
    signer = ephemeral_signer("Benchmark")
    pdf = b"%PDF-1.7\n" + b"0" * 40_000 + b"\n%%EOF\n"
    with (
        tempfile.TemporaryDirectory() as scratch,
        _postgres() if args.postgres else nullcontext(None) as databases,
    ):
        inbox = Path(scratch) / "inbox"
        inbox.mkdir()
        for number in range(count):
            application = example_application(regeling, clock)
            bundle = write_bundle(application, pdf, {}, signer, clock.now())
            (inbox / f"{number:05}.zip").write_bytes(bundle)
        files = sorted(inbox.iterdir())

        read_hash, floors, full, again = [], [], [], []
        commit = _durable_commit(Path(scratch))
        for run in range(args.repeats):
            read_hash.append(_read_hash_per_bundle(files))
            floors.append(_floor_per_bundle(files) + commit)
            folder = Path(scratch) / f"store{run}"
            store = CaseStore(databases() if databases else folder, folder)
            start = time.perf_counter()
            outcomes = import_paths([inbox], store, catalog, clock)
            full.append(count / (time.perf_counter() - start))
            assert all(o.status == "imported" for o in outcomes), {o.code for o in outcomes}
            start = time.perf_counter()
            repeated = import_paths([inbox], store, catalog, clock)
            again.append(count / (time.perf_counter() - start))
            assert all(o.status == "already_imported" for o in repeated)
            store.close()

    floor = statistics.median(floors)
    full_each = 1 / statistics.median(full)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"bundles: {count}, runs: {args.repeats}, store: {backend}")
    print(f"read + hash only:            median {1 / statistics.median(read_hash):6.0f}/s")
    print(
        f"floor (read + hash + signature + one durable commit): {floor * 1000:.3f} ms "
        f"(commit {commit * 1000:.3f} ms) = {1 / floor:.0f}/s"
    )
    print(f"import, full verification:   {_spread(full)}   (goal ≥ 1,000/s)")
    print(
        f"  per bundle {full_each * 1000:.3f} ms = {full_each / floor:.1f}x the floor   (goal ≤ 2x)"
    )
    print(f"re-import, already known:    {_spread(again)}   (goal ≥ 5,000/s)")


if __name__ == "__main__":
    main()
