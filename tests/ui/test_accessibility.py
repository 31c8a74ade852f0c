"""What a screen reader reads: messages in the field's description, page changes in the
window title and as an announcement, a check-page link that brings its field on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from tests.ui.helpers import (
    draw_signature,
    go_to_signing,
    named,
    next_step,
    open_example,
    press,
)
from tests.ui.test_wizard import start_amsterdam


def test_a_page_change_sets_the_title_and_is_announced(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    next_step(qtbot, window)
    progress = window.wizard.progress.text()
    assert progress.startswith("Stap 2 van ")
    assert window.windowTitle() == f"{progress} — Klein Initiatief"
    assert window.wizard.progress.property("announced") == progress
    assert all(s.focusPolicy().name == "NoFocus" for s in window.wizard.findChildren(QScrollArea))


def test_signing_without_a_name_says_why_in_the_name_field(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    wizard = go_to_signing(qtbot, window)
    name = named(wizard, QLineEdit, "Uw naam")
    name.clear()
    press(qtbot, named(wizard, QPushButton, "Ondertekenen en opslaan"))
    assert "vul uw naam in" in name.accessibleDescription()
    assert name.hasFocus()


def test_enter_activates_the_focused_button(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    close = named(window.wizard, QPushButton, "Opslaan en sluiten")
    close.setFocus()
    qtbot.keyClick(close, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.wizard is None, timeout=3000)


def test_arrow_keys_choose_in_a_radio_group(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    first = named(window.wizard, QRadioButton, "Gezondheid")
    assert not first.isChecked()
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)
    second = named(window.wizard, QRadioButton, "Bestaanszekerheid")
    assert second.isChecked() and second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Up)
    assert first.isChecked() and first.hasFocus()
    assert window.wizard.document.answers["goal"] == window.wizard.editors["goal"].value()


def test_tab_into_an_answered_radio_group_lands_on_the_choice(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    wizard = window.wizard
    chosen = next(b for b in wizard.editors["goal"].buttons if b.isChecked())
    assert chosen is not wizard.editors["goal"].buttons[0]
    before = named(wizard, QPlainTextEdit, "Wat heeft de buurt eraan?")
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(chosen.hasFocus, timeout=2000)


def access_keys(root: QWidget) -> list[str]:
    keys = []
    for button in root.findChildren(QAbstractButton):
        text = button.text().replace("&&", "")
        if button.isVisibleTo(root) and "&" in text:
            keys.append(text[text.index("&") + 1].lower())
    return keys


def test_access_keys_are_unique_on_every_page(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    wizard = window.wizard
    for index in wizard.active_pages():
        wizard.show_page(index)
        keys = access_keys(window)
        assert len(keys) == len(set(keys)), (wizard.progress.text(), keys)
    wizard.show_page(len(wizard.steps))  # the check page: its Alt+ key goes on to sign
    letter = wizard.next.text()[wizard.next.text().index("&") + 1]
    qtbot.keyClick(wizard.next, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.progress.text().startswith("Stap 9 van 9"), timeout=3000)


def test_headings_say_they_are_headings(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    titles = [w for w in window.wizard.findChildren(QLabel) if w.property("role") == "title"]
    assert titles
    for title in titles:  # what a screen reader is given: role heading, named by its text
        reached = QAccessible.queryAccessibleInterface(title)
        assert reached.role() == QAccessible.Role.Heading, title.text()
        assert reached.text(QAccessible.Text.Name) == title.text()


def test_the_signature_pad_says_whether_it_is_signed(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    wizard = go_to_signing(qtbot, window)
    pad = named(wizard, QWidget, "Handtekening (niet verplicht)")
    assert pad.accessibleDescription().startswith("Leeg.")
    draw_signature(qtbot, pad)
    assert pad.accessibleDescription().startswith("Getekend.")
    assert pad.property("announced") == "Getekend."
    press(qtbot, named(wizard, QPushButton, "Handtekening wissen"))
    assert pad.accessibleDescription().startswith("Leeg.")


def tab_names(qtbot, start: QWidget, count: int) -> list[str]:
    names = []
    for _ in range(count):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        names.append(QApplication.focusWidget().accessibleName())
    return names


def test_a_new_cost_line_is_focused_and_tabbed_where_it_is_drawn(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    wizard = window.wizard
    wizard.show_page(wizard._page_of("budget"))
    lines = len(wizard.editors["budget"].rows)
    press(qtbot, named(wizard, QPushButton, "Kostenregel toevoegen"))
    new = f"regel {lines + 1}"
    focus = QApplication.focusWidget()
    assert isinstance(focus, QComboBox) and focus.accessibleName() == f"Soort kosten, {new}"
    assert focus.accessibleDescription().startswith(f"Kolom Soort kosten, {new}.")
    assert tab_names(qtbot, focus, 4) == [
        f"Omschrijving, {new}",
        f"Bedrag, {new}",
        f"Regel {lines + 1} weghalen",
        "Kostenregel toevoegen",
    ]


def test_a_new_neighbour_is_focused_and_tabbed_where_it_is_drawn(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog, "rotterdam-bewonersinitiatief")
    wizard = window.wizard
    wizard.show_page(wizard._page_of("co_signers"))
    press(qtbot, named(wizard, QPushButton, "Buur toevoegen"))
    focus = QApplication.focusWidget()
    assert focus.accessibleName() == "Naam, buur 5"
    names = tab_names(qtbot, focus, 5)
    assert names[:2] == ["Straat en huisnummer, buur 5", "Leeftijd, buur 5"]
    assert names[-2:] == ["Buur 5 weghalen", "Buur toevoegen"], names
