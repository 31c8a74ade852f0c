"""Small helpers the officials' window shares: a control named like its label, plain words."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def labelled(text: str, widget: QWidget) -> QLabel:
    """A visible label that is also the widget's accessible name (as a screen reader says it)."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(text.replace("&", ""))
    return label


def button(text: str) -> QPushButton:
    """A push button whose accessible name is its label (without & and the trailing …)."""
    widget = QPushButton(text)
    widget.setAccessibleName(text.replace("&", "").rstrip("…"))
    return widget
