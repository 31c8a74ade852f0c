"""A regeling whose fields all have other ids than the shipped ones (mapped by `roles:`) goes
the whole way: a resident fills its wizard by keyboard, signs, and the PDF, the bundle, the
officials' import, their case view and the register export all show the right title,
applicant, area and amounts (issue 13: no code reads a field by a fixed id)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.officials.service import OfficialsService
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY
from tests.documents.conftest import pdftotext
from tests.renamed import RENAMED_ID, renamed_catalog
from tests.ui.helpers import choose, named, next_step, press, sign_and_wait, type_into


def test_other_field_ids_through_wizard_pdf_bundle_import_case_view_and_export(
    qtbot, tmp_path
) -> None:
    from desktop_app.ui.resident.window import MainWindow

    catalog = renamed_catalog(tmp_path / "forms", municipality="Hernoemstad")
    regeling = catalog.current(RENAMED_ID, DAY)
    assert {f.id for s in regeling.application.steps for f in s.fields} <= {
        f"q_{n}" for n in range(200)
    }
    window = MainWindow(AppPaths(tmp_path / "data"), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)

    # The resident chooses the regeling and fills it in, each question found by its name.
    press(qtbot, named(window, QPushButton, "Nieuwe aanvraag"))
    chooser = named(window, QListWidget, "Kies uw gemeente en regeling")
    chooser.setFocus()
    for _ in range(chooser.count()):
        if chooser.currentItem().data(Qt.ItemDataRole.UserRole) == RENAMED_ID:
            break
        qtbot.keyClick(chooser, Qt.Key.Key_Down)
    assert "Hernoemstad" in chooser.currentItem().text()
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    wizard = window.wizard
    assert wizard is not None
    type_into(qtbot, named(wizard, QLineEdit, "Hoeveel geld heeft u ongeveer nodig?"), "1.200")
    type_into(qtbot, named(wizard, QLineEdit, "Naam van uw initiatief"), "Buurtmaaltijd")
    type_into(qtbot, named(wizard, QPlainTextEdit, "Wat gaat u doen?"), "Samen koken en eten.")
    type_into(
        qtbot, named(wizard, QPlainTextEdit, "Wat heeft de buurt eraan?"), "Buren leren elkaar."
    )
    choose(qtbot, wizard, "Een fijne leefomgeving")
    choose(qtbot, wizard, "Ouderen")
    area = named(wizard, QComboBox, "In welk stadsdeel?")
    area.setFocus()
    qtbot.keyClicks(area, "Noord")
    next_step(qtbot, window)
    activity = DAY + dt.timedelta(weeks=10)
    type_into(
        qtbot, named(wizard, QLineEdit, "Datum van de activiteit"), activity.strftime("%d-%m-%Y")
    )
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
    type_into(qtbot, named(wizard, QLineEdit, "Bedrag, regel 1"), "1234,56")
    type_into(qtbot, named(wizard, QLineEdit, "Gevraagd bedrag"), "1234,56")
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

    # Signing: the name and place come from the fields the roles name (contact, city).
    press(qtbot, named(wizard, QPushButton, "Verder naar ondertekenen"))
    assert named(wizard, QLineEdit, "Uw naam").text() == "Anna de Vries"
    assert named(wizard, QLineEdit, "Plaats").text() == "Amsterdam"
    done = sign_and_wait(qtbot, window)
    assert "Uw aanvraag is klaar" in " ".join(label.text() for label in done.findChildren(QLabel))
    press(qtbot, named(done, QPushButton, "Naar het overzicht"))
    listed = named(window, QListWidget, "Mijn aanvragen en verslagen")
    assert listed.count() == 1
    assert "Buurtmaaltijd" in listed.item(0).text()

    # The PDF and the bundle.
    [pdf] = window.paths.output.glob("*.pdf")
    [bundle] = window.paths.output.glob("*.zip")
    text = " ".join(pdftotext(pdf.read_bytes(), tmp_path).split())
    for shown in ("Buurtmaaltijd", "Anna de Vries", "Noord", "€ 1.234,56"):
        assert shown in text, shown

    # The officials import the bundle: the inbox, the case view and the register export.
    officials = OfficialsService(
        tmp_path / "store", catalog, fixed_on(DAY), "nl", lambda: (None, "test")
    )
    try:
        [outcome] = officials.import_paths([bundle])
        assert outcome.status == "imported", outcome.message.nl
        [case] = officials.cases()
        assert (case.title, case.applicant, case.area) == (
            "Buurtmaaltijd",
            "Anna de Vries",
            "noord",
        )
        assert str(case.requested) == "1234.56"
        assert case.activity_date == activity.isoformat()
        view = officials.case_html(case)
        for shown in ("Buurtmaaltijd", "Anna de Vries", "Noord", "€ 1.234,56"):
            assert shown in view, shown
        assert "q_" not in view  # no field shown by its id
        rows = list(
            csv.DictReader(io.StringIO(officials.export("csv").decode("utf-8-sig")), delimiter=";")
        )
        [row] = rows
        # A resident is "(Particulier)" in the published register, never their name.
        assert {k: row[k] for k in ("AANVRAGER", "PROJECT_NAAM", "ORGANISATIEONDERDEEL")} == {
            "AANVRAGER": "(Particulier)",
            "PROJECT_NAAM": "Buurtmaaltijd",
            "ORGANISATIEONDERDEEL": "Noord",
        }
        assert (row["BELEIDSTERREIN"], row["BEDRAG_AANGEVRAAGD"]) == (
            "Een fijne leefomgeving",
            "1234,56",
        )
    finally:
        officials.close()
