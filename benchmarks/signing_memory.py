"""The resident window's memory with the wizard open, before and after signing (issue 20).
Goal: ≤ 150 MB after signing.

Each run is a fresh process with the real resident window (offscreen), the Amsterdam
example opened in the wizard, signed through "Ondertekenen en opslaan" as a resident does
(the outputs made in the background, as the window does), then four more examples signed.
Prints the window process's resident memory (VmRSS) and its peak (VmHWM) from /proc: before
signing (the signing worker started and ready, as the installed app has it after the first
paint), after the first signing and after five; and the worker's own VmRSS beside it.
``--in-window`` signs in the window's own process instead (the PDF stack warmed there), as
before issue 20. Needs a real keyring: run it through scripts/with_keyring.sh.

    QT_QPA_PLATFORM=offscreen bash scripts/with_keyring.sh .venv/bin/python \
        benchmarks/signing_memory.py [--runs 3] [--in-window]
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


def _status_mb(pid: str = "self") -> dict[str, float]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


def _worker_mb() -> float:
    """The signing worker's VmRSS (0 when none runs): this process's children."""
    me = str(os.getpid())
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:  # the parent's pid
            total += _status_mb(stat.parent.name).get("VmRSS", 0.0)
    return total


def child(folder: str, in_window: bool) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QListWidget, QPushButton

    from desktop_app.core.clock import SystemClock, today
    from desktop_app.core.loader import example_application
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
    if in_window:
        from desktop_app.documents.warm import warm

        warm(rehearsal=False)  # what the window did in a thread before issue 20
    else:
        window.resident.sign_apart()  # what run_app does 500 ms after the first paint
        signing = window.resident._signing
        settle(lambda: signing is not None and signing.wait_ready(0))

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
    figures = {"before": _status_mb() | {"worker": _worker_mb()}}
    sign()
    figures["after_1"] = _status_mb() | {"worker": _worker_mb()}
    for _ in range(SIGNINGS - 1):
        open_and_sign()
        sign()
    figures["after_5"] = _status_mb() | {"worker": _worker_mb()}
    stack = [m for m in ("pyhanko", "pikepdf", "typst") if m in sys.modules]
    window.close()
    settle()
    figures["stack_in_window"] = stack  # type: ignore[assignment]
    figures["workers_after_close"] = _worker_mb()  # type: ignore[assignment]
    print(json.dumps(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true")
    parser.add_argument(
        "--in-window", action="store_true", help="sign in the window's process, as before"
    )
    parser.add_argument("folder", nargs="?")
    args = parser.parse_args()
    if args.child:
        child(args.folder, args.in_window)
        return 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            done = subprocess.run(
                [sys.executable, __file__, "--child", folder]
                + (["--in-window"] if args.in_window else []),
                capture_output=True,
                text=True,
                env=env,
                timeout=600,
            )
        if done.returncode != 0:
            sys.exit(f"signing_memory: a run failed:\n{done.stderr[-2000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    where = "in the window" if args.in_window else "in the worker"
    print(f"resident window, wizard open, signing {where} ({args.runs} runs; median, min–max; MB):")
    for moment in ("before", "after_1", "after_5"):
        for key in ("VmRSS", "VmHWM", "worker"):
            values = [run[moment][key] for run in runs]
            print(
                f"  {moment:8} {key}: {statistics.median(values):6.1f}"
                f" ({min(values):.1f}–{max(values):.1f})"
            )
    after = statistics.median(run["after_1"]["VmRSS"] for run in runs)
    print(f"after signing: {after:.0f} MB  (goal ≤ {GOAL_MB} MB)")
    print("PDF stack in the window:", sorted({m for run in runs for m in run["stack_in_window"]}))
    print("worker memory left after closing:", max(run["workers_after_close"] for run in runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
