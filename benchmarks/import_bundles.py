"""Bundles imported per second into the officials' case store, with full verification,
next to merely reading and hashing the same zips, and re-importing the same bundles (each
"already imported"). Goals (issue 20): full verification ≥ 1,000/s and ≤ 2x the floor of read +
hash + signature check + one durable commit; re-import of a known bundle ≥ 5,000/s."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

from desktop_app.core.clock import SystemClock, today
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_paths
from desktop_app.officials.store import CaseStore

COUNT = int(os.environ.get("BUNDLES", "300"))


def main() -> None:
    clock = SystemClock()
    catalog = Catalog.default()
    regeling = catalog.current("amsterdam-bewonersinitiatief", today(clock))
    signer = ephemeral_signer("Benchmark")
    pdf = b"%PDF-1.7\n" + b"0" * 40_000 + b"\n%%EOF\n"
    with tempfile.TemporaryDirectory() as scratch:
        inbox = Path(scratch) / "inbox"
        inbox.mkdir()
        for number in range(COUNT):
            application = example_application(regeling, clock)
            bundle = write_bundle(application, pdf, {}, signer, clock.now())
            (inbox / f"{number:04}.zip").write_bytes(bundle)
        files = sorted(inbox.iterdir())

        start = time.perf_counter()
        for path in files:
            data = path.read_bytes()
            with zipfile.ZipFile(BytesIO(data)) as archive:
                for name in archive.namelist():
                    hashlib.sha256(archive.read(name)).hexdigest()
        baseline = time.perf_counter() - start

        store = CaseStore(Path(scratch) / "store")
        start = time.perf_counter()
        outcomes = import_paths([inbox], store, catalog, clock)
        full = time.perf_counter() - start
        assert all(o.status == "imported" for o in outcomes)
        start = time.perf_counter()
        again = import_paths([inbox], store, catalog, clock)
        repeat = time.perf_counter() - start
        assert all(o.status == "already_imported" for o in again)

    print(f"bundles: {COUNT}")
    print(f"read + hash only:          {COUNT / baseline:8.0f} per second")
    print(f"import, full verification: {COUNT / full:8.0f} per second  (goal ≥ 1,000)")
    print(f"ratio full / read+hash:    {full / baseline:8.1f}x")
    print(f"re-import, already known:  {COUNT / repeat:8.0f} per second  (goal ≥ 5,000)")


if __name__ == "__main__":
    main()
