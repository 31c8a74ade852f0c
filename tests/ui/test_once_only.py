"""Once only: a second application in the same dossier may start with the applicant, contact
and payment answers of the last one — shown to the resident first, never silently reused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QMessageBox, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.resident.service import ResidentService
from tests.conftest import DAY
from tests.ui.helpers import answer_message_box, named, press


def _with_a_first_application(window, catalog):
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    first = example_application(regeling, fixed_on(DAY))
    window.store.save(first, "sent")
    window.show_start()
    return regeling, first


def _start_amsterdam(qtbot, window) -> None:
    press(qtbot, named(window, QPushButton, "Nieuwe aanvraag"))
    chooser = named(window, QListWidget, "Kies uw gemeente en regeling")
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Down)  # Amersfoort, Amsterdam, Rotterdam
    qtbot.keyClick(chooser, Qt.Key.Key_Return)


@pytest.mark.parametrize("take", [True, False])
def test_the_last_applications_details_are_offered_to_check(qtbot, window, catalog, take) -> None:
    regeling, first = _with_a_first_application(window, catalog)
    seen: list[str] = []
    button = QMessageBox.StandardButton.Yes if take else QMessageBox.StandardButton.No
    answer_message_box(button, seen)
    _start_amsterdam(qtbot, window)
    qtbot.waitUntil(lambda: window.wizard is not None, timeout=10_000)
    [question] = seen
    assert "Buurtmaaltijd Van der Pekbuurt" in question and "Klopt dit nog?" in question
    assert f": {first.answers['contact_name']}\n" in question  # "label: answer", to check
    assert first.answers["iban"] in question
    new = window.wizard.document
    assert new.id != first.id
    if take:
        for field_id in regeling.reuse_answers:
            if field_id in first.answers:
                assert new.answers[field_id] == first.answers[field_id]
        assert "initiative_name" not in new.answers  # what the plan is about starts empty
    else:
        assert new.answers == {}


def test_nothing_is_offered_for_a_first_application(tmp_path, catalog) -> None:
    from desktop_app.storage.dossiers import DossierStore

    dossier = DossierStore(tmp_path / "dossiers", fixed_on(DAY)).open_default()
    assert dossier is not None
    service = ResidentService(catalog, fixed_on(DAY))
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    assert service.reusable_answers(dossier, regeling) is None
    other = catalog.current("rotterdam-bewonersinitiatief", DAY)
    dossier.drafts.save(example_application(other, fixed_on(DAY)))
    assert service.reusable_answers(dossier, regeling) is None  # another regeling's answers
