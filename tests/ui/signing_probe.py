"""Started as its own process by test_signing_apart.py: the real entry point (``python -m
desktop_app``) offscreen, which signs in a worker process once loaded (run_app). Once that
worker is ready, the Amsterdam example is opened from the start screen and signed through the
wizard's buttons, ``--times`` times; with ``--kill-worker`` the worker is killed just before
the first "Ondertekenen en opslaan". Reports (JSON lines) what the done page says and which
modules the window holds; after the window is closed, whether any worker is left.

    python tests/ui/signing_probe.py DATA_DIR [--times N] [--kill-worker]
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import signal
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton, QWidget

STACK = ("pyhanko", "pikepdf", "typst", "fontTools")


def children() -> list[int]:
    """This process's living children (the signing worker, the font reader)."""
    me, found = str(os.getpid()), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] == me and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def report(moment: str, **more: object) -> None:
    print(json.dumps({"moment": moment, **more}), flush=True)


def settle(until: object = None, timeout: float = 120.0) -> bool:
    app = QApplication.instance()
    end = time.monotonic() + timeout
    while until is not None and not until():  # type: ignore[operator]
        if time.monotonic() > end:
            return False
        app.processEvents()  # type: ignore[union-attr]
        time.sleep(0.01)
    app.processEvents()  # type: ignore[union-attr]
    return True


class Driver(QObject):
    def __init__(self, times: int, kill_worker: bool) -> None:
        super().__init__()
        self.times, self.kill_worker, self.started = times, kill_worker, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.started or event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        window = watched.window()
        if hasattr(window, "stack"):
            self.started = True
            QTimer.singleShot(0, lambda: self.drive(window))
        return False

    def drive(self, window: QWidget) -> None:
        from desktop_app.core.clock import SystemClock, today
        from desktop_app.core.loader import example_application
        from desktop_app.ui.done_page import DonePage

        w: Any = window  # the resident's MainWindow
        settle(lambda: w.is_loaded)
        settle(lambda: w.resident._signing is not None)  # run_app starts it 500 ms later
        ready = w.resident._signing.wait_ready(120)
        report("ready", ready=ready, children=len(children()))

        def named(kind: type, name: str) -> QWidget:
            return next(
                x for x in w.findChildren(kind) if x.accessibleName() == name and x.isVisibleTo(w)
            )

        clock = SystemClock()
        for n in range(self.times):
            regeling = w.catalog.current("amsterdam-bewonersinitiatief", today(clock))
            w.store.save(example_application(regeling, clock))
            w.show_start()
            settle()
            QTest.keyClick(named(QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
            settle()
            w.wizard.show_page(len(w.wizard.steps))  # the check page
            settle()
            named(QPushButton, "Verder naar ondertekenen").click()
            settle()
            if self.kill_worker and n == 0:
                worker = w.resident._signing._worker
                settle(lambda worker=worker: worker.ready.is_set())
                os.kill(worker.child.pid, signal.SIGKILL)
            named(QPushButton, "Ondertekenen en opslaan").click()
            done = settle(lambda: isinstance(w.stack.currentWidget(), DonePage))
            page = w.stack.currentWidget()
            texts = [x.text() for x in page.findChildren(QLabel) if x.isVisibleTo(page)]
            outputs = page.outputs if done else None
            report(
                "signed",
                done=done,
                texts=texts,
                bundle=str(outputs.bundle) if outputs else None,
                pdf=str(outputs.pdf) if outputs and outputs.pdf else None,
                stack=[m for m in STACK if m in sys.modules],
            )
        w.close()


def main() -> None:
    data = sys.argv[1]
    times = int(sys.argv[sys.argv.index("--times") + 1]) if "--times" in sys.argv else 1
    driver = Driver(times, "--kill-worker" in sys.argv)
    original = QApplication.exec

    def exec_with_driver(*_: object) -> int:
        QApplication.instance().installEventFilter(driver)  # type: ignore[union-attr]
        QTimer.singleShot(240_000, QApplication.quit)  # never hang a test
        return original()

    QApplication.exec = exec_with_driver  # type: ignore[method-assign]
    sys.argv = ["klein-initiatief", "--data-dir", data]
    with contextlib.suppress(SystemExit):
        runpy.run_module("desktop_app", run_name="__main__", alter_sys=True)
    time.sleep(0.2)  # a killed child is reaped by then
    report("closed", children=children())


if __name__ == "__main__":
    main()
