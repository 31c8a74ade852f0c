"""The start screen's language menu lists every language that has a catalogue, each by its
own name, and choosing one shows the window in it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.core.i18n import available_languages, native_name


def test_the_menu_lists_the_catalogued_languages_and_switches(qtbot, window) -> None:
    actions = window.start.language_menu.actions()
    assert [a.text() for a in actions] == [native_name(c) for c in available_languages()]
    assert [a.isChecked() for a in actions][:1] == [True]  # Dutch, the language it opened in
    english = next(a for a in actions if a.data() == "en")
    english.trigger()
    headings = [label.text() for label in window.start.findChildren(QLabel)]
    assert "A grant for your neighbourhood initiative" in headings
    assert window.start.languages_button.text() == "&Language / Taal"
    dutch = next(a for a in window.start.language_menu.actions() if a.data() == "nl")
    assert not dutch.isChecked()
    dutch.trigger()
    headings = [label.text() for label in window.start.findChildren(QLabel)]
    assert "Subsidie voor uw buurtinitiatief" in headings
