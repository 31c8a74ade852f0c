"""A resident asking € 450 gets the light route: few pages, few questions. Raising the
amount to € 1.200 switches to the full route, and nothing typed is lost; lowering it
again brings the light route back, still complete. All by keyboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton

from tests.conftest import DAY
from tests.ui.helpers import choose, named, next_step, press, type_into
from tests.ui.test_wizard import start_amsterdam

DECLARATION = (
    "Ik heb alles naar waarheid ingevuld. Wij maken geen winst, de activiteit is rookvrij met "
    "gezond eten en drinken, en ik regel zelf een vergunning als die nodig is."
)


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_a_light_application_switches_to_the_full_route_keeping_every_answer(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    wizard = window.wizard
    amount = named(wizard, QLineEdit, "Hoeveel geld heeft u ongeveer nodig?")
    type_into(qtbot, amount, "450")
    assert wizard.progress.text() == "Stap 1 van 7: Uw plan"
    assert wizard.route_label.text().startswith("Lichte aanvraag (€ 500 of minder).")
    assert not wizard.editors["goal"].isVisibleTo(wizard)
    type_into(qtbot, named(wizard, QLineEdit, "Naam van uw initiatief"), "Straatmaaltijd")
    type_into(
        qtbot,
        named(wizard, QPlainTextEdit, "Wat gaat u doen?"),
        "Samen koken in de straat, zodat buren elkaar leren kennen.",
    )
    area = named(wizard, QComboBox, "In welk stadsdeel?")
    area.setFocus()
    qtbot.keyClicks(area, "West")
    next_step(qtbot, window)
    assert wizard.progress.text() == "Stap 2 van 7: De activiteit"
    activity = (DAY + dt.timedelta(weeks=10)).strftime("%d-%m-%Y")
    type_into(qtbot, named(wizard, QLineEdit, "Datum van de activiteit"), activity)
    type_into(qtbot, named(wizard, QLineEdit, "Hoeveel mensen doen ongeveer mee?"), "40")
    assert not wizard.editors["location"].isVisibleTo(wizard)
    next_step(qtbot, window)
    type_into(qtbot, named(wizard, QLineEdit, "Uw naam"), "Samira Bakker")
    type_into(qtbot, named(wizard, QLineEdit, "Telefoonnummer"), "06 12345678")
    assert not wizard.editors["street_address"].isVisibleTo(wizard)
    next_step(qtbot, window)
    press(qtbot, named(wizard, QPushButton, "Kostenregel toevoegen"))
    category = named(wizard, QComboBox, "Soort kosten, regel 1")
    category.setFocus()
    qtbot.keyClicks(category, "Gezond")
    type_into(qtbot, named(wizard, QLineEdit, "Omschrijving, regel 1"), "Boodschappen")
    type_into(qtbot, named(wizard, QLineEdit, "Bedrag, regel 1"), "450")
    type_into(qtbot, named(wizard, QLineEdit, "Gevraagd bedrag"), "450")
    next_step(qtbot, window)
    assert wizard.progress.text() == "Stap 5 van 7: Uitbetaling"
    type_into(qtbot, named(wizard, QLineEdit, "IBAN (rekeningnummer)"), "NL91ABNA0417164300")
    type_into(qtbot, named(wizard, QLineEdit, "Naam van de rekeninghouder"), "S. Bakker")
    choose(qtbot, wizard, DECLARATION)
    next_step(qtbot, window)  # no attachments page, no page of four declarations
    assert wizard.pages.currentWidget() is wizard.check_page
    assert wizard.progress.text() == "Stap 6 van 7: Controleren"
    assert wizard.result.ok, [v.message.nl for v in wizard.result.blocking]
    assert wizard.result.verdicts == ()
    typed = dict(wizard.document.answers)

    for _ in range(5):
        press(qtbot, named(wizard, QPushButton, "Vorige"))
    assert wizard.progress.text() == "Stap 1 van 7: Uw plan"
    amount = named(wizard, QLineEdit, "Hoeveel geld heeft u ongeveer nodig?")
    retype(qtbot, amount, "1.200")
    assert wizard.progress.text() == "Stap 1 van 9: Uw plan"
    assert wizard.route_label.text().startswith("Gewone aanvraag.")
    assert wizard.editors["goal"].isVisibleTo(wizard)
    # Every answer is still there, on screen and in the saved draft.
    assert named(wizard, QLineEdit, "Naam van uw initiatief").text() == "Straatmaaltijd"
    assert named(wizard, QPlainTextEdit, "Wat gaat u doen?").toPlainText().startswith("Samen")
    saved = window.store.load(wizard.document.id)
    assert {k: v for k, v in saved.answers.items() if k != "amount_estimate"} == {
        k: v for k, v in typed.items() if k != "amount_estimate"
    }
    # The full route asks for more: the check page says what, and blocks for now.
    assert not wizard.result.ok
    missing = {v.field for v in wizard.result.blocking}
    assert {"goal", "location", "decl_truthful"} <= missing
    assert "decl_light" not in missing and "phone" not in missing

    retype(qtbot, amount, "450")
    assert wizard.progress.text() == "Stap 1 van 7: Uw plan"
    assert wizard.result.ok, [v.message.nl for v in wizard.result.blocking]
