"""Small widgets the pages share: a button whose accessible name is its visible text, and a
wrapping line of text."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget

from desktop_app.ui.accessibility import mark_heading

# Qt's namespace of enums (QtCore.Qt) is named only in code that runs after the start screen
# is painted: the first use of any of its enums builds all of them, about 40 ms (issue 20).
USER_ROLE = 0x0100
"""Qt.ItemDataRole.UserRole as the plain number Qt defines, for an item's own data."""


def named_button(text: str) -> QPushButton:
    """The accessible name is the visible label without its '&' shortcut marker."""
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", ""))
    return button


def wrapped_text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def scrolled(inner: QWidget) -> QScrollArea:
    """A page that scrolls (the wizard's, the new-dossier page), without a Tab stop of its own."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # no unnamed, invisible Tab stop
    return scroll


def make_title(text: str, scale: float = 1.5) -> QLabel:
    """A heading: bigger than the system font by a factor, so a larger system font grows it.

    Marked as a heading before it gets its text: with a screen reader listening, setting the
    text makes the label's accessible interface, and the mark decides which one."""
    label = QLabel()
    mark_heading(label)
    label.setText(text)
    label.setProperty("role", "title")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label
