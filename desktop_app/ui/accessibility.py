"""What a screen reader hears besides names: a field's description with its message, and
announcements (a page change, a message after an action, a status) that do not move focus.

Qt has no "invalid" state for a line edit; the message becomes part of the field's accessible
description (help text + message) and a DescriptionChanged event is sent, so Orca reads it when
the field has focus, and an announcement is sent when the message belongs to the focused field
or follows an action.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QWidget

REQUIRED = {"nl": "verplicht", "en": "required"}


def describe(widget: QWidget, *parts: str) -> None:
    """The accessible description: the non-empty parts, one sentence after another."""
    text = " ".join(p.strip() for p in parts if p and p.strip())
    if widget.accessibleDescription() == text:
        return
    widget.setAccessibleDescription(text)
    if QAccessible.isActive():
        QAccessible.updateAccessibility(
            QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged)
        )


def announce(widget: QWidget, text: str, assertive: bool = False) -> None:
    """Say ``text`` without moving focus (polite unless ``assertive``)."""
    widget.setProperty("announced", text)  # what was last said, for the tests and debugging
    if not text or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


__all__ = ["REQUIRED", "announce", "describe"]
