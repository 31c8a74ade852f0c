"""The officials' import as an official does it: a folder of signed bundles imported through the
window's import page (its worker thread, the helper process, each result listed), bundles per
second until the run's end is told and the inbox shows the new cases; and the longest the
window froze meanwhile (the largest gap of a 10 ms ticker on the UI thread).

Goals (issue 20): ≥ 1,000/s as the import itself (import_bundles.py); the window never frozen
over 100 ms. Each run imports into a fresh store; medians with the spread beside them.

    .venv/bin/python benchmarks/window_import.py [--bundles 2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core.clock import SystemClock, today
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.ui.officials import OfficialsWindow


def _spread(values: list[float], unit: str, digits: int = 0) -> str:
    return (
        f"median {statistics.median(values):.{digits}f}{unit} "
        f"(runs {min(values):.{digits}f}–{max(values):.{digits}f})"
    )


def _one_run(inbox: Path, folder: Path, catalog: Catalog, count: int) -> tuple[float, float]:
    """Bundles per second and the longest gap of the UI thread's ticker (seconds)."""
    key = Ed25519PrivateKey.generate()
    output = folder / "besluiten"
    output.mkdir(parents=True)
    window = OfficialsWindow(folder / "store", catalog, SystemClock(), lambda: (key, "k"), output)
    window.show()
    QApplication.processEvents()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    ticker = QTimer()
    ticker.timeout.connect(tick)
    ticker.start(10)
    done = QEventLoop()
    window.import_page.imported.connect(lambda *_: done.quit())
    start = last[0] = time.perf_counter()
    window.start_import([inbox])
    done.exec()
    took = time.perf_counter() - start
    QApplication.processEvents()
    ticker.stop()
    assert window.results.count() == count, window.results.count()
    assert window.table.model().rowCount() == count  # the inbox shows them all
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return count / took, max(gaps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 (kept alive)
    clock = SystemClock()
    catalog = Catalog.default([])
    regeling = catalog.current("amsterdam-bewonersinitiatief", today(clock))
    signer = ephemeral_signer("Benchmark")
    pdf = b"%PDF-1.7\n" + b"0" * 40_000 + b"\n%%EOF\n"
    with tempfile.TemporaryDirectory() as scratch:
        inbox = Path(scratch) / "inbox"
        inbox.mkdir()
        for number in range(args.bundles):
            application = example_application(regeling, clock)
            bundle = write_bundle(application, pdf, {}, signer, clock.now())
            (inbox / f"{number:05}.zip").write_bytes(bundle)
        rates, freezes = [], []
        for run in range(args.repeats):
            rate, freeze = _one_run(inbox, Path(scratch) / f"run{run}", catalog, args.bundles)
            rates.append(rate)
            freezes.append(freeze * 1000)
    print(f"bundles: {args.bundles}, runs: {args.repeats}, store: SQLite, through the window")
    print(f"import through the window:   {_spread(rates, '/s')}   (goal ≥ 1,000/s)")
    print(f"longest the window froze:    {_spread(freezes, ' ms')}   (goal ≤ 100 ms)")


if __name__ == "__main__":
    main()
