"""Cold start: from starting the process to a usable start screen, next to a bare PySide6
window's start, as a ratio. Goal: under 1.0 s and within 1.5x of the bare window on 2 cores.

Each run is a fresh Python process (imports, Qt, the regelingen, the draft store), timed from
spawn until the first event-loop turn after the window is shown. Runs offscreen unless a
display is set (use xvfb-run for a real X server).

    .venv/bin/python benchmarks/startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(kind: str, data: str) -> int:
    """The measured process: show a window, report after the first event-loop turn."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    if kind == "bare":
        from PySide6.QtWidgets import QLabel

        window = QLabel("Klein Initiatief")
    else:
        from desktop_app.core.clock import SystemClock
        from desktop_app.core.loader import Catalog
        from desktop_app.storage.paths import AppPaths
        from desktop_app.ui.app import MainWindow, load_style

        load_style(app)
        window = MainWindow(AppPaths(Path(data)), Catalog.default(), SystemClock(), "nl")
    window.show()

    def ready() -> None:
        print("ready", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    return app.exec()


def time_once(kind: str, data: str) -> float:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, data],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait()
    if line.strip() != "ready":
        sys.exit(f"startup: the {kind} window did not start")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", choices=["bare", "app"])
    parser.add_argument("data", nargs="?")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.data)
    with tempfile.TemporaryDirectory() as data:
        time_once("app", data)  # warm the disk cache and make the data folder once
        bare = [time_once("bare", data) for _ in range(args.runs)]
        app = [time_once("app", data) for _ in range(args.runs)]
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    print(f"bare PySide6 window:      {bare_median * 1000:7.0f} ms (median of {args.runs})")
    print(f"Klein Initiatief start:   {app_median * 1000:7.0f} ms (median of {args.runs})")
    print(f"ratio app / bare:         {app_median / bare_median:7.2f}  (goal: under 1.5)")
    print(f"goal under 1000 ms:       {'met' if app_median < 1.0 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
