"""The resident window's memory with the wizard open, before and after signing (issue 20).
Goal: ≤ 150 MB after signing.

Each run is a fresh process with the real resident window (offscreen), the Amsterdam
example opened in the wizard, signed through "Ondertekenen en opslaan" as a resident does
(the outputs made in the background, as the window does), then four more examples signed.
Prints the process's resident memory (VmRSS) and its peak (VmHWM) from /proc/self/status:
before signing (PDF stack warmed, as the window does after the first paint), after the first
signing and after five. Needs a real keyring: run it through scripts/with_keyring.sh.

    QT_QPA_PLATFORM=offscreen bash scripts/with_keyring.sh .venv/bin/python \
        benchmarks/signing_memory.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIGNINGS = 5
GOAL_MB = 150


def _status_mb() -> dict[str, float]:
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


def child(folder: str, warm: bool) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QListWidget, QPushButton

    from desktop_app.core.clock import SystemClock, today
    from desktop_app.core.loader import example_application
    from desktop_app.resident.service import warm_pdf_stack
    from desktop_app.storage.paths import AppPaths
    from desktop_app.ui.done_page import DonePage
    from desktop_app.ui.resident.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    clock = SystemClock()
    window = MainWindow(AppPaths(Path(folder) / "data"), None, clock, "nl")
    window.show()

    def settle(until=lambda: True, timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while not until():
            if time.monotonic() > end:
                sys.exit("signing_memory: timed out")
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()

    settle(lambda: window.is_loaded)
    if warm:
        warm_pdf_stack()  # what the window does 500 ms after the first paint

    def named(kind, name):
        return next(
            w
            for w in window.findChildren(kind)
            if w.accessibleName() == name and w.isVisibleTo(window)
        )

    def open_and_sign() -> None:
        regeling = window.catalog.current("amsterdam-bewonersinitiatief", today(clock))
        window.store.save(example_application(regeling, clock))
        window.show_start()
        settle()
        QTest.keyClick(named(QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
        settle()
        wizard = window.wizard
        wizard.show_page(len(wizard.steps))
        named(QPushButton, "Verder naar ondertekenen").click()
        settle()

    def sign() -> None:
        named(QPushButton, "Ondertekenen en opslaan").click()
        settle(lambda: isinstance(window.stack.currentWidget(), DonePage))

    open_and_sign()
    figures = {"before": _status_mb()}
    sign()
    figures["after_1"] = _status_mb()
    for _ in range(SIGNINGS - 1):
        open_and_sign()
        sign()
    figures["after_5"] = _status_mb()
    print(json.dumps(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true")
    parser.add_argument(
        "--no-warm", action="store_true", help="skip the warm step (what the window alone costs)"
    )
    parser.add_argument("folder", nargs="?")
    args = parser.parse_args()
    if args.child:
        child(args.folder, not args.no_warm)
        return 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run(
                [sys.executable, __file__, "--child", folder]
                + (["--no-warm"] if args.no_warm else []),
                capture_output=True,
                text=True,
                env=env,
                timeout=600,
            )
        if done.returncode != 0:
            sys.exit(f"signing_memory: a run failed:\n{done.stderr[-2000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"resident window, wizard open ({args.runs} runs; median, min–max; MB):")
    for moment in ("before", "after_1", "after_5"):
        for key in ("VmRSS", "VmHWM"):
            values = [run[moment][key] for run in runs]
            print(
                f"  {moment:8} {key}: {statistics.median(values):6.1f}"
                f" ({min(values):.1f}–{max(values):.1f})"
            )
    after = statistics.median(run["after_1"]["VmRSS"] for run in runs)
    print(f"after signing: {after:.0f} MB  (goal ≤ {GOAL_MB} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
