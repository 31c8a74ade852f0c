"""'Verder invullen' reopens a draft at the page where the resident left off — also after
the app was closed and started again, and in a protected dossier on a shared computer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.resident.window import MainWindow
from tests.conftest import DAY
from tests.ui.helpers import named, next_step, open_example, press


def restart(qtbot, window, catalog) -> MainWindow:
    """Close the window, as the resident closes the app, and start it again on the same
    data folder."""
    root = window.root_paths
    window.close()
    again = MainWindow(AppPaths(root.root), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(again)
    again.show()
    return again


def test_continue_reopens_the_page_left_off_after_a_restart(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    assert window.wizard.progress.text().startswith("Stap 1 van")
    next_step(qtbot, window)
    next_step(qtbot, window)
    left_at = window.wizard.progress.text()
    assert left_at.startswith("Stap 3 van"), left_at
    press(qtbot, named(window.wizard, QPushButton, "Opslaan en sluiten"))

    again = restart(qtbot, window, catalog)
    documents = named(again, QListWidget, "Mijn aanvragen en verslagen")
    documents.setFocus()
    press(qtbot, named(again, QPushButton, "Verder invullen"))
    assert again.wizard is not None
    assert again.wizard.progress.text() == left_at
    # Going back works from there as always.
    press(qtbot, named(again.wizard, QPushButton, "Vorige"))
    assert again.wizard.progress.text().startswith("Stap 2 van")
    press(qtbot, named(again.wizard, QPushButton, "Opslaan en sluiten"))
    qtbot.keyClick(named(again, QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
    assert again.wizard.progress.text().startswith("Stap 2 van")
