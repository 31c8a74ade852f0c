"""The shipped style sheet (large buttons, focus ring, message colours), for both windows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desktop_app.core.shipped import shipped

log = logging.getLogger(__name__)


def load_style(app: QCoreApplication) -> None:
    """The style sheet, wherever the app runs from (source tree, wheel or frozen build)."""
    style = shipped("resources", "style.qss")
    if not isinstance(app, QApplication):  # style sheets are for widgets
        return
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    else:
        log.warning("Style sheet not found at %s; the window uses Qt's plain look", style)
