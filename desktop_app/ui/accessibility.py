"""What a screen reader hears besides names: a field's description with its message, and
announcements (a page change, a message after an action, a status) that do not move focus.

Qt has no "invalid" state for a line edit; the message becomes part of the field's accessible
description (help text + message) and a DescriptionChanged event is sent, so Orca reads it when
the field has focus, and an announcement is sent when the message belongs to the focused field
or follows an action.
"""

from __future__ import annotations

from functools import partial

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QFocusEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QApplication,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from desktop_app.core.i18n import N_

REQUIRED = N_("Verplicht.")  # a sentence of its own: capital and full stop


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


HEADING_PROPERTY = "heading"


class _HeadingAccessible(QAccessibleWidget):
    """A title as a screen reader should meet it: role heading, named by its text."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)

    def text(self, kind: QAccessible.Text) -> str:
        label = self.widget()
        if kind == QAccessible.Text.Name and isinstance(label, QLabel):
            return label.accessibleName() or label.text()
        return super().text(kind)


# Qt keeps the interface a factory returns, but PySide does not hand its ownership over:
# without a reference here Python would delete it at once, and Qt would read freed memory.
# Dropped when its label goes (Qt deletes the interface then; PySide notices).
_interfaces: dict[int, _HeadingAccessible] = {}


def _heading_factory(key: str, widget: QObject) -> QAccessibleWidget | None:
    # Asked for every object that gets an accessible interface: answer only titles, fast.
    if key == "QLabel" and isinstance(widget, QLabel) and widget.property(HEADING_PROPERTY):
        made = _interfaces[id(widget)] = _HeadingAccessible(widget)
        widget.destroyed.connect(partial(_interfaces.pop, id(widget), None))
        return made
    return None


_factory_installed = False


def mark_heading(label: QLabel) -> None:
    """A title is a heading on the accessibility bus (Orca: "…, kop"), through an accessible
    interface factory: a QLabel's own interface is static text."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_heading_factory)
        _factory_installed = True
    label.setProperty(HEADING_PROPERTY, True)
    # With a screen reader listening, Qt made the label's interface when the label was made,
    # before this mark: forget it, so the next one asked for comes from the factory.
    if QAccessible.isActive():
        made = QAccessible.queryAccessibleInterface(label)
        if made is not None and made.role() != QAccessible.Role.Heading:
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(made))


def place_in_tab_order(widgets: list[QWidget], before: QWidget) -> None:
    """New widgets (an added row) in the Tab order where they are drawn: just before
    ``before`` (the add button below them), not after the wizard's own buttons."""
    previous = before.previousInFocusChain()
    if previous is None:
        return
    for widget in widgets:
        if widget is previous:
            continue
        QWidget.setTabOrder(previous, widget)
        previous = widget
    QWidget.setTabOrder(previous, before)


def _access_key(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand)."""
    index = text.replace("&&", "\0\0").find("&")
    return text[index + 1].lower() if 0 <= index < len(text) - 1 else None


def unique_access_keys(root: QWidget) -> list[str]:
    """Every access key (Alt+letter) on what ``root`` shows once: a second button with a
    letter already taken gets the first free letter of its own text. Returns the texts it
    changed. Buttons earlier in the Tab order keep theirs."""
    taken: set[str] = set()
    changed = []
    buttons = [b for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]
    for button in sorted(buttons, key=lambda b: _focus_rank(root, b)):
        text = button.text()
        letter = _access_key(text)
        if letter is None:
            continue
        if letter not in taken:
            taken.add(letter)
            continue
        plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&&")
        for index, char in enumerate(plain):
            if char.isalnum() and char.lower() not in taken and plain[max(index - 1, 0)] != "&":
                button.setText(plain[:index] + "&" + plain[index:])
                taken.add(char.lower())
                changed.append(button.text())
                break
        else:
            button.setText(plain)  # no free letter: no access key rather than a double one
            changed.append(plain)
    return changed


def _focus_rank(root: QWidget, widget: QWidget) -> int:
    rank, current = 0, root.nextInFocusChain()
    while current is not root and rank < 10_000:
        if current is widget:
            return rank
        following = current.nextInFocusChain() if current is not None else None
        if following is None:
            break
        current, rank = following, rank + 1
    return rank


class KeyboardHelper(QObject):
    """What the keyboard does everywhere in the app, as other desktop programs do it:

    - Enter (Return) activates the focused push button, like Space;
    - the arrow keys in a group of radio buttons choose the next or previous option;
    - Tab into a group of radio buttons lands on the chosen option;
    - a widget that gets focus inside a scrolling page is scrolled into view."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.last_focus: QWidget | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(watched, QAbstractButton):
            assert isinstance(event, QKeyEvent)
            return self._key(watched, event)
        if kind == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            assert isinstance(event, QFocusEvent)
            self._focus_in(watched, event)
        return False

    def _key(self, button: QAbstractButton, event: QKeyEvent) -> bool:
        qt = QtCore.Qt  # named here, not at import: see widgets.USER_ROLE
        if event.modifiers() not in (
            qt.KeyboardModifier.NoModifier,
            qt.KeyboardModifier.KeypadModifier,
        ):
            return False
        key = event.key()
        if key in (qt.Key.Key_Return, qt.Key.Key_Enter) and isinstance(button, QPushButton):
            if button.isEnabled() and button.hasFocus() and not event.isAutoRepeat():
                button.animateClick()
                return True
            return False
        arrows_next, arrows_previous = (
            (qt.Key.Key_Down, qt.Key.Key_Right),
            (qt.Key.Key_Up, qt.Key.Key_Left),
        )
        if isinstance(button, QRadioButton) and key in arrows_next + arrows_previous:
            options = _radio_group(button)
            if len(options) < 2 or button not in options:
                return False
            step = 1 if key in arrows_next else -1
            chosen = options[(options.index(button) + step) % len(options)]
            chosen.setFocus(qt.FocusReason.OtherFocusReason)
            if not chosen.isChecked():
                chosen.click()  # chosen, as the arrow keys do in a radio group elsewhere
            return True
        return False

    def _focus_in(self, widget: QWidget, event: QFocusEvent) -> None:
        came_from, self.last_focus = self.last_focus, widget
        # The reason only for a radio button: it is one of Qt's enums (see widgets.USER_ROLE),
        # and the start screen gets its focus before it is painted.
        if isinstance(widget, QRadioButton) and not widget.isChecked():
            reason = event.reason()  # read now: the event is gone when the timer fires
            tab = QtCore.Qt.FocusReason.TabFocusReason, QtCore.Qt.FocusReason.BacktabFocusReason
            options = _radio_group(widget) if reason in tab else []
            chosen = next((b for b in options if b.isChecked()), None)
            if chosen is not None and came_from not in options:  # not when leaving the group
                QTimer.singleShot(0, lambda: chosen.setFocus(reason))
                return
        parent = widget.parentWidget()
        while parent is not None:
            inner = parent.widget() if isinstance(parent, QScrollArea) else None
            if isinstance(parent, QScrollArea) and inner is not None and inner.isAncestorOf(widget):
                # After the layout has caught up (a message that appeared moves the field).
                QTimer.singleShot(0, partial(_scroll_to, parent, widget))
            parent = parent.parentWidget()


def _scroll_to(area: QScrollArea, widget: QWidget) -> None:
    try:
        if widget.hasFocus():
            area.ensureWidgetVisible(widget, 8, 8)
    except RuntimeError:  # deleted meanwhile (a row removed)
        pass


def _radio_group(button: QRadioButton) -> list[QRadioButton]:
    group = button.group()
    if group is not None and group.exclusive():
        members = [b for b in group.buttons() if isinstance(b, QRadioButton)]
    elif button.autoExclusive() and (parent := button.parentWidget()) is not None:
        members = [
            b
            for b in parent.findChildren(QRadioButton)
            if b.autoExclusive() and b.parentWidget() is parent
        ]
    else:
        return []
    return [b for b in members if b.isVisible() and b.isEnabled()]


def install_keyboard_helper() -> None:
    """Once per application (a second call does nothing)."""
    app = QApplication.instance()
    if app is None or app.findChild(KeyboardHelper, "keyboard-helper") is not None:
        return
    helper = KeyboardHelper(app)
    helper.setObjectName("keyboard-helper")
    app.installEventFilter(helper)


__all__ = [
    "HEADING_PROPERTY",
    "REQUIRED",
    "KeyboardHelper",
    "announce",
    "describe",
    "install_keyboard_helper",
    "mark_heading",
    "place_in_tab_order",
    "unique_access_keys",
]
