"""Small widgets the pages share: a button whose accessible name is its visible text, and a
wrapping line of text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton


def named_button(text: str) -> QPushButton:
    """The accessible name is the visible label without its '&' shortcut marker."""
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", ""))
    return button


def wrapped_text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
