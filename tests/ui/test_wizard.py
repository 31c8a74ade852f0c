"""A resident fills in an Amsterdam application from an empty start screen, by keyboard,
finding each question by the name a screen reader gives it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop_app.core.clock import fixed_on
from desktop_app.storage.drafts import DraftStore
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.app import MainWindow
from tests.conftest import DAY


def named(root: QWidget, kind: type, name: str):
    found = [
        w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisibleTo(root)
    ]
    assert len(found) == 1, (
        f"{name!r} among {[w.accessibleName() for w in root.findChildren(kind)]}"
    )
    return found[0]


def type_into(qtbot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def press(qtbot, button: QPushButton) -> None:
    """What a keyboard user does: Tab to the button, press Space."""
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def next_step(qtbot, window) -> None:
    press(qtbot, named(window.wizard, QPushButton, "Volgende"))


def choose(qtbot, root, name: str) -> None:
    widget = named(root, QRadioButton | QCheckBox, name) if False else None
    candidates = [
        w
        for w in root.findChildren(QRadioButton) + root.findChildren(QCheckBox)
        if w.accessibleName() == name and w.isVisibleTo(root)
    ]
    assert candidates, name
    widget = candidates[0]
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Space)


@pytest.fixture
def window(qtbot, tmp_path, catalog):
    shown = MainWindow(AppPaths(tmp_path / "data"), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitActive(shown)  # keyboard shortcuts (Alt+N …) go to the active window
    return shown


def start_amsterdam(qtbot, window) -> None:
    assert window.focusWidget() is named(window, QPushButton, "Nieuwe aanvraag")
    press(qtbot, window.focusWidget())
    chooser = named(window, QListWidget, "Kies uw gemeente en regeling")
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Down)  # Amersfoort, Amsterdam, Rotterdam
    assert "Amsterdam" in chooser.currentItem().text()
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    assert window.wizard is not None


def test_a_complete_amsterdam_application_by_keyboard(qtbot, window) -> None:
    assert named(window, QListWidget, "Mijn aanvragen en verslagen").count() == 0
    start_amsterdam(qtbot, window)
    wizard = window.wizard
    type_into(qtbot, named(wizard, QLineEdit, "Naam van uw initiatief"), "Buurtmaaltijd")
    type_into(qtbot, named(wizard, QPlainTextEdit, "Wat gaat u doen?"), "Samen koken en eten.")
    type_into(
        qtbot,
        named(wizard, QPlainTextEdit, "Wat heeft de buurt eraan?"),
        "Buren leren elkaar kennen.",
    )
    choose(qtbot, wizard, "Een fijne leefomgeving")
    choose(qtbot, wizard, "Ouderen")
    area = named(wizard, QComboBox, "In welk stadsdeel?")
    area.setFocus()
    qtbot.keyClicks(area, "Noord")
    next_step(qtbot, window)
    assert wizard.progress.text() == "Stap 2 van 8: De activiteit"
    activity = (DAY + dt.timedelta(weeks=10)).strftime("%d-%m-%Y")
    type_into(qtbot, named(wizard, QLineEdit, "Datum van de activiteit"), activity)
    type_into(qtbot, named(wizard, QLineEdit, "Waar is de activiteit?"), "Buurthuis")
    type_into(qtbot, named(wizard, QLineEdit, "Hoeveel mensen doen ongeveer mee?"), "40")
    type_into(qtbot, named(wizard, QLineEdit, "Hoeveel vrijwilligers helpen mee?"), "5")
    type_into(
        qtbot, named(wizard, QPlainTextEdit, "Welke buurtbewoners steunen het plan?"), "Acht buren."
    )
    type_into(qtbot, named(wizard, QPlainTextEdit, "Hoe hoort de buurt ervan?"), "Flyers.")
    choose(qtbot, wizard, "Nee")
    next_step(qtbot, window)
    choose(qtbot, wizard, "Bewoner of groep bewoners")
    for name, text in (
        ("Uw naam", "Anna de Vries"),
        ("Straat en huisnummer", "Voorbeeldstraat 12"),
        ("Postcode", "1031 AB"),
        ("Woonplaats", "Amsterdam"),
        ("Telefoonnummer", "06 12345678"),
        ("E-mailadres", "anna@example.nl"),
    ):
        type_into(qtbot, named(wizard, QLineEdit, name), text)
    next_step(qtbot, window)
    press(qtbot, named(wizard, QPushButton, "Kostenregel toevoegen"))
    category = named(wizard, QComboBox, "Soort kosten, regel 1")
    category.setFocus()
    qtbot.keyClicks(category, "Gezond")
    type_into(qtbot, named(wizard, QLineEdit, "Omschrijving, regel 1"), "Boodschappen")
    type_into(qtbot, named(wizard, QLineEdit, "Bedrag, regel 1"), "450")
    type_into(qtbot, named(wizard, QLineEdit, "Gevraagd bedrag"), "450")
    next_step(qtbot, window)
    type_into(qtbot, named(wizard, QLineEdit, "IBAN (rekeningnummer)"), "NL91ABNA0417164300")
    type_into(qtbot, named(wizard, QLineEdit, "Naam van de rekeninghouder"), "A. de Vries")
    next_step(qtbot, window)  # attachments: optional
    next_step(qtbot, window)
    for sentence in (
        "Wij maken geen winst met de activiteit.",
        "De activiteit is rookvrij en er is gezond eten en drinken.",
        "Ik regel zelf de vergunningen en verzekeringen die nodig zijn.",
        "Ik heb alles naar waarheid ingevuld.",
    ):
        choose(qtbot, wizard, sentence)
    next_step(qtbot, window)
    assert wizard.pages.currentWidget() is wizard.check_page
    assert wizard.result.ok, [v.message.nl for v in wizard.result.blocking]
    # € 450 is a small request: the advice about the Huis van de Wijk is a warning only.
    assert [v.code for v in wizard.result.verdicts] == ["ams.small_request"]
    assert wizard.next.isEnabled()
    saved = DraftStore(window.paths.drafts).summaries()
    assert [s.title for s in saved] == ["Buurtmaaltijd"]


def test_an_error_appears_and_disappears_as_the_amount_is_corrected(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    wizard = window.wizard
    for _ in range(3):
        next_step(qtbot, window)
    requested = named(wizard, QLineEdit, "Gevraagd bedrag")
    type_into(qtbot, requested, "6.200")
    message = wizard.editors["budget"].message
    assert message.isVisible()
    assert "Fout: U vraagt € 6.200. Voor deze regeling is het maximum € 5.000." in message.text()
    requested.setFocus()
    requested.selectAll()
    qtbot.keyClicks(requested, "4.800")
    qtbot.keyClick(requested, Qt.Key.Key_Tab)
    assert "maximum" not in message.text()


def test_close_and_reopen_everything_is_still_there(qtbot, window, tmp_path, catalog) -> None:
    start_amsterdam(qtbot, window)
    type_into(qtbot, named(window.wizard, QLineEdit, "Naam van uw initiatief"), "Moestuin")
    type_into(qtbot, named(window.wizard, QPlainTextEdit, "Wat gaat u doen?"), "Samen tuinieren.")
    window.close()
    again = MainWindow(AppPaths(tmp_path / "data"), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(again)
    again.show()
    documents = named(again, QListWidget, "Mijn aanvragen en verslagen")
    assert (
        documents.currentItem()
        .text()
        .startswith("Moestuin — Bewonersinitiatief sociaal weefsel — Concept")
    )
    qtbot.keyClick(documents, Qt.Key.Key_Return)
    assert named(again.wizard, QLineEdit, "Naam van uw initiatief").text() == "Moestuin"
    assert (
        named(again.wizard, QPlainTextEdit, "Wat gaat u doen?").toPlainText() == "Samen tuinieren."
    )


def test_the_window_switches_to_english(qtbot, window) -> None:
    press(qtbot, named(window, QPushButton, "English"))
    assert named(window, QListWidget, "My applications and reports")
    assert named(window, QPushButton, "New application")


def test_every_interactive_widget_on_every_page_has_a_name(qtbot, window, catalog) -> None:
    for regeling_id in catalog.ids():
        if regeling_id.startswith("voorbeeldstad"):
            continue
        window.chooser  # noqa: B018
        items = window.regelingen
        row = next(
            i
            for i in range(items.count())
            if regeling_id in str(items.item(i).data(Qt.ItemDataRole.UserRole))
        )
        items.setCurrentRow(row)
        window.start_new()
        for widget in window.wizard.findChildren(QWidget):
            if isinstance(
                widget,
                QLineEdit | QPlainTextEdit | QComboBox | QCheckBox | QRadioButton | QPushButton,
            ):
                assert widget.accessibleName(), (regeling_id, widget)
        labels = [w for w in window.wizard.findChildren(QLabel) if w.buddy() is not None]
        for label in labels:
            assert label.buddy().accessibleName() == label.text().replace("&", ""), label.text()
        window.close_wizard()


def test_finishing_makes_the_pdf_and_bundle_and_says_where(
    qtbot, window, catalog, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.core.loader import example_application
    from desktop_app.documents.service import verify_bundle

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    document = example_application(regeling, fixed_on(DAY))
    window.store.save(document)
    window.show_start()
    qtbot.keyClick(named(window, QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
    window.wizard.show_page(len(window.wizard.steps))
    press(qtbot, named(window.wizard, QPushButton, "Klaar"))
    [message] = shown
    assert "Uw aanvraag is klaar en opgeslagen" in message
    assert "Stuur die naar uw stadsdeel" in message or "stuur die naar uw stadsdeel" in message
    output = window.paths.output
    pdfs, bundles = list(output.glob("*.pdf")), list(output.glob("*.zip"))
    assert len(pdfs) == 1 and len(bundles) == 1
    assert pdfs[0].read_bytes().startswith(b"%PDF")
    assert verify_bundle(bundles[0]).intact
    assert window.store.status(document.id) == "final"
    assert window.stack.currentWidget() is window.start
