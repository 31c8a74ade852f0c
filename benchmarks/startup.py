"""Cold start: from starting the process to a usable start screen, next to a bare PySide6
window's start, as a ratio. Goal (issue 20): within 1.5x of the bare window and under 0.4 s
on the 2-core machine.

Three kinds of fresh Python process, run interleaved (bare, entry, window, bare, …) so that
a busy moment on the shared machine hits all three alike:

- bare:   a QApplication and a QMainWindow with one label;
- entry:  the real entry point, `python -m desktop_app` (the CLI, then the resident's window),
          exactly as the console script and the desktop file start it;
- window: the resident's MainWindow built directly (what the old benchmark timed; it skips
          the CLI).

Each is timed from spawn until the first event-loop turn after the window is shown (a
zero-timer queued just before QApplication.exec runs). Medians and the spread (min–max) are
printed; so is whether the bytecode (.pyc) was already compiled — a first run after an
install or an edit compiles it and is slower. Runs offscreen unless a display is set.

    .venv/bin/python benchmarks/startup.py [--runs 9] [--root /path/to/checkout]
"""

from __future__ import annotations

import argparse
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("bare", "entry", "window")


def _report_after_first_turn() -> None:
    """Make QApplication.exec say 'ready' and quit after its first event-loop turn."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original = QApplication.exec

    def exec_and_quit(*_: object) -> int:
        def ready() -> None:
            print("ready", flush=True)
            QApplication.quit()

        QTimer.singleShot(0, ready)
        return original()

    QApplication.exec = exec_and_quit  # type: ignore[method-assign]


def child(kind: str, data: str) -> int:
    """The measured process."""
    _report_after_first_turn()
    if kind == "entry":
        sys.argv = ["klein-initiatief", "--data-dir", data]
        try:
            runpy.run_module("desktop_app", run_name="__main__", alter_sys=True)
        except SystemExit as done:
            return int(done.code or 0)
        return 0
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    if kind == "bare":
        window = QMainWindow()
        window.setCentralWidget(QLabel("Klein Initiatief"))
    else:
        from desktop_app.core.clock import SystemClock
        from desktop_app.core.loader import Catalog
        from desktop_app.storage.paths import AppPaths
        from desktop_app.ui.resident.window import MainWindow, load_style

        load_style(app)
        window = MainWindow(AppPaths(Path(data)), Catalog.default(), SystemClock(), "nl")
    window.show()
    return app.exec()


PYCACHE = Path(tempfile.gettempdir()) / "klein-initiatief-startup-pycache"


def time_once(kind: str, data: str, root: Path, compiled: bool = True) -> float:
    env = dict(os.environ)
    if compiled:  # bytecode kept between runs, outside the checkouts
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(root)
    env.setdefault("KLEIN_INITIATIEF_LANG", "nl")
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, data],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=root,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait()
    if line.strip() != "ready":
        sys.exit(f"startup: the {kind} window did not start")
    return elapsed


def bytecode_state(root: Path, compiled: bool) -> str:
    """How many of the app's modules have a compiled .pyc for this Python."""
    import importlib.util

    if not compiled:
        return (
            "not kept: every run compiles the app's modules from source (as with "
            "PYTHONDONTWRITEBYTECODE=1)"
        )
    sys.pycache_prefix = str(PYCACHE)

    sources = [p for p in (root / "desktop_app").rglob("*.py")]
    compiled = sum(1 for p in sources if Path(importlib.util.cache_from_source(str(p))).exists())
    return f"{compiled} of {len(sources)} modules have compiled bytecode (.pyc)"


def spread(values: list[float]) -> str:
    return f"{min(values) * 1000:5.0f}–{max(values) * 1000:5.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to time")
    parser.add_argument(
        "--before", type=Path, help="another checkout whose real entry is timed in the same runs"
    )
    parser.add_argument(
        "--source-only",
        action="store_true",
        help="keep no bytecode (PYTHONDONTWRITEBYTECODE=1): each run compiles from source",
    )
    parser.add_argument("--child", choices=KINDS)
    parser.add_argument("data", nargs="?")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.data)
    root = args.root.resolve()
    runs = [(kind, kind, root) for kind in KINDS]
    if args.before:
        runs.append(("before", "entry", args.before.resolve()))
    with tempfile.TemporaryDirectory() as data:
        for _, kind, where in runs:  # warm the disk cache, compile bytecode, make the data folder
            time_once(kind, data, where, not args.source_only)
        for _, _, where in runs[:: len(runs) - 1 if args.before else len(runs)]:
            print(f"checkout {where}: bytecode {bytecode_state(where, not args.source_only)}")
        times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        for _ in range(args.runs):
            for name, kind, where in runs:
                times[name].append(time_once(kind, data, where, not args.source_only))
    bare = statistics.median(times["bare"])
    labels = {
        "bare": "bare QMainWindow",
        "entry": "python -m desktop_app",
        "window": "MainWindow directly",
        "before": "entry, --before",
    }
    for kind in times:
        median = statistics.median(times[kind])
        print(
            f"{labels[kind]:<22} {median * 1000:6.0f} ms median of {args.runs} "
            f"(spread {spread(times[kind])}), {median / bare:4.2f}x bare"
        )
    entry = statistics.median(times["entry"])
    print(
        f"goal: entry within 1.5x bare ({'met' if entry / bare <= 1.5 else 'NOT met'}: "
        f"{entry / bare:.2f}x), under 400 ms ({'met' if entry < 0.4 else 'NOT met'}: "
        f"{entry * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
