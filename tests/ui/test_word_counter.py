"""A plan with a word limit: the editor counts words as the resident types, not characters."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application, load_regeling_file
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.drafts import DraftStore
from desktop_app.ui.repeated import EditorContext
from desktop_app.ui.wizard import DocumentWizard
from tests.conftest import DAY, TEST_FORMS
from tests.ui.helpers import named


def test_the_long_text_editor_counts_words_against_the_limit(qtbot, tmp_path) -> None:
    fund = load_regeling_file(TEST_FORMS / "fonds-buurtkracht/2026.1.yaml")
    document = example_application(fund, fixed_on(DAY))
    document.answers.pop("plan")
    wizard = DocumentWizard(
        fund,
        document,
        DraftStore(tmp_path / "drafts"),
        fixed_on(DAY),
        "nl",
        EditorContext(AttachmentStore(tmp_path / "attachments")),
    )
    qtbot.addWidget(wizard)
    wizard.show()
    editor = wizard.editors["plan"]
    assert editor.counter.text() == "0 / 250 woorden"
    box = named(wizard, QPlainTextEdit, "Wat is uw plan?")
    box.setFocus()
    qtbot.keyClicks(box, "Samen met de buren   geveltuinen")
    assert editor.counter.text() == "5 / 250 woorden"
    qtbot.keyClicks(box, " woord" * 255)
    assert editor.counter.text() == "260 / 250 woorden"
    wizard.on_leave("plan")
    assert "260 woorden. Het maximum is 250." in editor.message.text()
