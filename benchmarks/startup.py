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

Each is timed from spawn until its window's first paint (the start screen is on the
screen), and for the resident's window also until everything is loaded: it shows the start
screen first and loads the regelingen, the stores and the other pages after that paint
(issue 20); a window that loads everything first is loaded at its first paint. Medians and
the spread (min–max) are printed; so is whether the bytecode (.pyc) was already compiled —
a first run after an install or an edit compiles it and is slower — and whether the
translation catalogues are compiled (.mo, as installed; without them a source checkout
compiles the .po files at start). Runs offscreen unless a display is set.

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


def _report_first_paint() -> None:
    """Print 'painted' at the first paint of the window, then 'loaded' once the resident's
    window has loaded the rest (at once for a window that has nothing left), and quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if self.done or event.type() != QEvent.Type.Paint:
                return False
            if not isinstance(watched, QWidget) or not watched.window().isVisible():
                return False
            self.done = True
            print("painted", flush=True)
            window = watched.window()
            # The longest the event loop was held up between the paint and everything
            # loaded: a timer that should tick every 10 ms, its largest gap.
            ticker = QTimer(window)
            ticker.setInterval(10)
            last, gaps = [time.perf_counter()], [0.0]

            def tick() -> None:
                now = time.perf_counter()
                gaps[0] = max(gaps[0], now - last[0])
                last[0] = now

            ticker.timeout.connect(tick)
            ticker.start()

            def loaded() -> None:
                tick()
                ticker.stop()
                print("loaded", flush=True)
                print(f"stall {gaps[0]:.4f}", flush=True)
                QApplication.quit()

            if getattr(window, "is_loaded", True):
                QTimer.singleShot(0, loaded)
            else:
                window.loaded.connect(lambda: QTimer.singleShot(0, loaded))  # type: ignore[attr-defined]
            return False

    original = QApplication.exec
    probe = FirstPaint()

    def exec_with_probe(*_: object) -> int:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(probe)
        return original()

    QApplication.exec = exec_with_probe  # type: ignore[method-assign]


def child(kind: str, data: str) -> int:
    """The measured process."""
    _report_first_paint()
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


def time_once(
    kind: str, data: str, root: Path, compiled: bool = True
) -> tuple[float, float, float]:
    """Seconds from spawn to the first paint, to everything loaded, and the longest the
    event loop stalled in between."""
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
    painted_line = process.stdout.readline()
    painted = time.perf_counter() - start
    loaded_line = process.stdout.readline()
    loaded = time.perf_counter() - start
    stall_line = process.stdout.readline()
    process.wait()
    if (painted_line.strip(), loaded_line.strip()) != ("painted", "loaded"):
        sys.exit(f"startup: the {kind} window did not start")
    stall = float(stall_line.split()[1]) if stall_line.startswith("stall ") else 0.0
    return painted, loaded, stall


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


def catalogue_state(root: Path) -> str:
    mo = sorted((root / "desktop_app" / "locale").glob("*/LC_MESSAGES/*.mo"))
    po = sorted((root / "desktop_app" / "locale").glob("*/LC_MESSAGES/*.po"))
    return f"{len(mo)} of {len(po)} translation catalogues compiled (.mo)"


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
    with tempfile.TemporaryDirectory() as scratch:
        # A data folder per checkout: each keeps its own regelingen cache, which the other
        # checkout's different files would otherwise make stale on every run.
        folders = {where: Path(scratch) / str(number) for number, (_, _, where) in enumerate(runs)}
        for folder in folders.values():
            folder.mkdir(exist_ok=True)
        for _, kind, where in runs:  # warm the disk cache, compile bytecode, make the data folder
            time_once(kind, str(folders[where]), where, not args.source_only)
        for _, _, where in runs[:: len(runs) - 1 if args.before else len(runs)]:
            print(
                f"checkout {where}: bytecode {bytecode_state(where, not args.source_only)}; "
                f"{catalogue_state(where)}"
            )
        times: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        loaded: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        stalls: dict[str, list[float]] = {name: [] for name, _, _ in runs}
        for _ in range(args.runs):
            for name, kind, where in runs:
                painted, done, stall = time_once(
                    kind, str(folders[where]), where, not args.source_only
                )
                times[name].append(painted)
                loaded[name].append(done)
                stalls[name].append(stall)
    bare = statistics.median(times["bare"])
    labels = {
        "bare": "bare QMainWindow",
        "entry": "python -m desktop_app",
        "window": "MainWindow directly",
        "before": "entry, --before",
    }
    print("to the first paint:")
    for kind in times:
        median = statistics.median(times[kind])
        print(
            f"  {labels[kind]:<22} {median * 1000:6.0f} ms median of {args.runs} "
            f"(spread {spread(times[kind])}), {median / bare:4.2f}x bare"
        )
    print("to everything loaded (the resident's window loads the rest after that paint):")
    for kind in ("entry", "before"):
        if kind in loaded:
            median = statistics.median(loaded[kind])
            print(
                f"  {labels[kind]:<22} {median * 1000:6.0f} ms median "
                f"(spread {spread(loaded[kind])}), {median / bare:4.2f}x bare"
            )
    print("longest the window froze between the first paint and everything loaded:")
    for kind in ("entry", "before"):
        if kind in stalls:
            print(
                f"  {labels[kind]:<22} {statistics.median(stalls[kind]) * 1000:6.0f} ms median "
                f"(spread {spread(stalls[kind])}); goal: none over 100 ms"
            )
    entry = statistics.median(times["entry"])
    print(
        f"goal: entry's first paint within 1.5x bare "
        f"({'met' if entry / bare <= 1.5 else 'NOT met'}: "
        f"{entry / bare:.2f}x), under 400 ms ({'met' if entry < 0.4 else 'NOT met'}: "
        f"{entry * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
