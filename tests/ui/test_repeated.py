"""Repeated questions in the wizard: neighbours who support a plan (Rotterdam) and attached
files (Amsterdam), driven by keyboard and found by the names a screen reader gives them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
)

from desktop_app.storage.attachments import AttachmentStore
from tests.files import pdf_with_javascript, real_pdf
from tests.ui.helpers import named, open_example, pick_in_dialog, press, type_into

PDF = real_pdf()


def go_to_step(qtbot, wizard, title: str) -> None:
    index = next(i for i, step in enumerate(wizard.steps) if step.title.nl == title)
    wizard.show_page(index)


def test_neighbours_are_added_and_removed_and_the_rule_follows(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog, "rotterdam-bewonersinitiatief")
    wizard = window.wizard
    go_to_step(qtbot, wizard, "Steun van buren")
    assert [b.title() for b in wizard.findChildren(QGroupBox) if b.isVisibleTo(wizard)] == [
        "Buur 1",
        "Buur 2",
        "Buur 3",
        "Buur 4",
    ]
    press(qtbot, named(wizard, QPushButton, "Buur toevoegen"))
    fifth = named(wizard, QGroupBox, "Buur 5")
    name = named(fifth, QLineEdit, "Naam, buur 5")
    assert wizard.focusWidget() is name, "the new neighbour's first question has the focus"
    type_into(qtbot, name, "Piet Post")
    type_into(qtbot, named(fifth, QLineEdit, "Straat en huisnummer, buur 5"), "Kade 3")
    type_into(qtbot, named(fifth, QLineEdit, "Leeftijd, buur 5"), "44")
    named(fifth, QCheckBox, "Deze buur steunt het plan.").setChecked(True)
    saved = window.store.load(wizard.document.id).answers["co_signers"]
    assert saved[4] == {
        "name": "Piet Post",
        "street_address": "Kade 3",
        "age": 44,
        "agrees": True,
    }
    # Take away two neighbours: three are left, fewer than the four the regeling asks for.
    press(qtbot, named(wizard, QPushButton, "Buur 1 weghalen"))
    press(qtbot, named(wizard, QPushButton, "Buur 1 weghalen"))
    saved = window.store.load(wizard.document.id).answers["co_signers"]
    assert [s["name"] for s in saved][-1] == "Piet Post" and len(saved) == 3
    message = wizard.editors["co_signers"].message
    assert message.isVisible() and message.text().startswith("Fout:")
    assert "4" in message.text()


def test_a_neighbours_missing_age_is_shown_beside_that_age(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog, "rotterdam-bewonersinitiatief")
    wizard = window.wizard
    go_to_step(qtbot, wizard, "Steun van buren")
    second = named(wizard, QGroupBox, "Buur 2")
    age = named(second, QLineEdit, "Leeftijd, buur 2")
    age.setFocus()
    age.selectAll()
    type_into(qtbot, age, "twaalf")
    editor = wizard.editors["co_signers"]
    age_editor = editor.items[1][1]["age"]
    assert age_editor.message.isVisible()
    assert age_editor.message.text().startswith("Fout:")
    assert not editor.items[0][1]["age"].message.isVisible()


@pytest.fixture
def amsterdam_attachments(qtbot, window, catalog):
    open_example(qtbot, window, catalog)
    wizard = window.wizard
    go_to_step(qtbot, wizard, "Bijlagen")
    return wizard


def test_a_pdf_is_attached_kept_and_its_kind_chosen(qtbot, window, amsterdam_attachments, tmp_path):
    wizard = amsterdam_attachments
    quote = tmp_path / "offerte.pdf"
    quote.write_bytes(PDF)
    pick_in_dialog(qtbot, quote)
    press(qtbot, named(wizard, QPushButton, "Bestand toevoegen…"))
    kind = named(wizard, QComboBox, "offerte.pdf (1 kB)")
    assert kind.currentText() == "offerte"
    kind.setCurrentIndex(kind.findText("flyer of poster"))
    [saved] = window.store.load(wizard.document.id).answers["attachments"]
    assert saved["file_name"] == "offerte.pdf" and saved["kind"] == "flyer"
    assert saved["media_type"] == "application/pdf"
    quote.unlink()  # the app kept its own copy
    store = AttachmentStore(window.paths.attachments)
    from desktop_app.core.values import AttachmentRef

    assert store.read(AttachmentRef.model_validate(saved)) == PDF
    press(qtbot, named(wizard, QPushButton, "offerte.pdf weghalen"))
    assert "attachments" not in window.store.load(wizard.document.id).answers
    shown = [label.text() for label in wizard.findChildren(QLabel) if label.isVisible()]
    assert "Nog geen bestanden." in shown


@pytest.mark.parametrize(
    ("file_name", "content", "expected"),
    [
        ("virus.exe", b"MZ\x90\x00", "'virus.exe' is geen PDF, JPG of PNG"),
        ("nep.pdf", b"MZ\x90\x00", "Dit bestand is geen echte PDF: 'nep.pdf'"),
        ("groot.pdf", None, "is 11,0 MB. Het mag hoogstens 10 MB zijn"),
        # The first bytes say PDF or PNG; the full check says otherwise.
        ("offerte.hta", b"%PDF-1.7\n<html><script>x</script>", "kan niet als PDF worden geopend"),
        ("factuur.bat", b"\x89PNG\r\n\x1a\n@start calc.exe", "de foto kan niet helemaal"),
        ("offerte.pdf", pdf_with_javascript(), "een PDF met JavaScript"),
    ],
)
def test_a_wrong_or_too_large_file_is_refused_with_the_reason(
    qtbot, window, amsterdam_attachments, tmp_path, file_name, content, expected
) -> None:
    wizard = amsterdam_attachments
    path = tmp_path / file_name
    if content is None:
        with path.open("wb") as file:
            file.write(PDF)
            file.truncate(11 * 1024 * 1024)
    else:
        path.write_bytes(content)
    pick_in_dialog(qtbot, path)
    press(qtbot, named(wizard, QPushButton, "Bestand toevoegen…"))
    refusal = wizard.editors["attachments"].refusal
    assert refusal.isVisible()
    assert refusal.text().startswith("Fout: ")
    assert expected in refusal.text()
    assert not window.store.load(wizard.document.id).answers.get("attachments")
    kept = list(window.paths.attachments.glob("*")) if window.paths.attachments.exists() else []
    assert kept == [], "a refused file is not stored"
