"""What a screen reader reads: messages in the field's description, page changes in the
window title and as an announcement, a check-page link that brings its field on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPushButton, QScrollArea

from tests.ui.helpers import go_to_signing, named, next_step, press
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
    from tests.ui.helpers import open_example

    open_example(qtbot, window, catalog)
    wizard = go_to_signing(qtbot, window)
    name = named(wizard, QLineEdit, "Uw naam")
    name.clear()
    press(qtbot, named(wizard, QPushButton, "Ondertekenen en opslaan"))
    assert "vul uw naam in" in name.accessibleDescription()
    assert name.hasFocus()
