"""Started as its own process by test_quick_start.py: the real entry point (``python -m
desktop_app``) offscreen, reporting at the start screen's first paint which modules are loaded
and what the start screen shows, then again once the rest has loaded. Optionally presses
"Nieuwe aanvraag" right at the first paint (``--press-new``).

    python tests/ui/startup_probe.py DATA_DIR [--press-new]
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QListWidget, QPushButton, QWidget


def screen(window: QWidget) -> dict[str, object]:
    """What a resident sees on the current page: its list's lines and its visible buttons."""
    page = window.stack.currentWidget()  # type: ignore[attr-defined]
    lists = page.findChildren(QListWidget)
    return {
        "page": type(page).__name__,
        "lines": [lists[0].item(i).text() for i in range(lists[0].count())] if lists else [],
        "buttons": [b.text() for b in page.findChildren(QPushButton) if b.isVisibleTo(page)],
        "labels": [
            label.text()
            for label in page.findChildren(QWidget)
            if type(label).__name__ == "QLabel" and label.isVisibleTo(page) and label.text()
        ],
    }


class Probe(QObject):
    def __init__(self, press_new: bool) -> None:
        super().__init__()
        self.press_new = press_new
        self.done = False
        self.ticks = self.ticks_at_load = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.done or event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        window = watched.window()
        if not hasattr(window, "stack"):
            return False
        self.done = True
        report("painted", window)
        if self.press_new:
            window.start.new_button.click()  # type: ignore[attr-defined]
            report("pressed", window)
            QApplication.quit()
            return False

        # How often the event loop came round while the rest loaded: a window that loads
        # in one go on the UI thread (frozen meanwhile) never lets the ticker tick.
        ticker = QTimer(self)
        ticker.timeout.connect(lambda: setattr(self, "ticks", self.ticks + 1))
        ticker.start(10)

        def loaded() -> None:
            report("loaded", window, ticks_while_loading=self.ticks_at_load)
            QApplication.quit()

        def at_load() -> None:
            self.ticks_at_load = self.ticks
            ticker.stop()
            QTimer.singleShot(0, loaded)

        if window.is_loaded:  # type: ignore[attr-defined]
            at_load()
        else:
            window.loaded.connect(at_load)  # type: ignore[attr-defined]
        return False


def report(moment: str, window: QWidget, **more: object) -> None:
    import PySide6.QtCore

    line = {
        **more,
        # Built at the first use of any of Qt's own enums (about 40 ms, issue 20).
        "qt_enums_built": "Qt" in vars(PySide6.QtCore),
        "moment": moment,
        "modules": sorted(sys.modules),
        "loaded": window.is_loaded,  # type: ignore[attr-defined]
        **screen(window),
    }
    print(json.dumps(line), flush=True)


def main() -> None:
    data, press_new = sys.argv[1], "--press-new" in sys.argv
    probe = Probe(press_new)
    original = QApplication.exec

    def exec_with_probe(*_: object) -> int:
        QApplication.instance().installEventFilter(probe)  # type: ignore[union-attr]
        QTimer.singleShot(20_000, QApplication.quit)  # never hang a test
        return original()

    QApplication.exec = exec_with_probe  # type: ignore[method-assign]
    sys.argv = ["klein-initiatief", "--data-dir", data]
    with contextlib.suppress(SystemExit):
        runpy.run_module("desktop_app", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
