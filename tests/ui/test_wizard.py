"""A resident fills in an Amsterdam application from an empty start screen, by keyboard,
finding each question by the name a screen reader gives it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
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
from desktop_app.ui.resident.window import MainWindow
from tests.conftest import DAY, ROOT
from tests.ui.helpers import (
    choose,
    draw_signature,
    go_to_signing,
    named,
    next_step,
    open_example,
    press,
    sign_and_wait,
    type_into,
)


def named_all(root, kind, name: str) -> list:
    return [
        w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisibleTo(root)
    ]


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
    # About € 1.200 in all: the full route, even though the municipality is asked for € 450.
    type_into(qtbot, named(wizard, QLineEdit, "Hoeveel geld heeft u ongeveer nodig?"), "1.200")
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
    assert wizard.progress.text() == "Stap 2 van 9: De activiteit"
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
    # No advice sends a small request elsewhere any more: nothing to warn about.
    assert wizard.result.verdicts == ()
    assert wizard.next.isEnabled()
    saved = DraftStore(window.paths.drafts).summaries(window.catalog.title_of)
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


def test_a_cost_the_municipality_does_not_pay_is_flagged_on_its_own_line(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    wizard = window.wizard
    for _ in range(3):
        next_step(qtbot, window)
    for number, kind, what, amount in (
        (1, "Gezond", "Soep en brood", "200"),
        (2, "Vergoeding", "Uren van de kok", "150"),
    ):
        press(qtbot, named(wizard, QPushButton, "Kostenregel toevoegen"))
        category = named(wizard, QComboBox, f"Soort kosten, regel {number}")
        category.setFocus()
        qtbot.keyClicks(category, kind)
        type_into(qtbot, named(wizard, QLineEdit, f"Omschrijving, regel {number}"), what)
        type_into(qtbot, named(wizard, QLineEdit, f"Bedrag, regel {number}"), amount)
    budget = wizard.editors["budget"]
    first, second = budget.line_messages
    assert not first.isVisible(), first.text()
    assert second.isVisible()
    assert second.text().startswith("Regel 2 — Fout: ")
    assert "vrijwillige inzet" in second.text()
    # A screen reader hears it with the amount of that line, not with the other line.
    assert (
        "vrijwillige inzet" in named(wizard, QLineEdit, "Bedrag, regel 2").accessibleDescription()
    )
    assert (
        named(wizard, QLineEdit, "Bedrag, regel 1").accessibleDescription()
        == "Kolom Bedrag, regel 1."
    )
    assert [h.text() for h in budget.headers if h.isVisible()] == [
        "Soort kosten",
        "Omschrijving",
        "Bedrag",
    ]
    category = named(wizard, QComboBox, "Soort kosten, regel 2")
    category.setFocus()
    # Type-to-search starts afresh after a pause, as when a person stops to read.
    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    qtbot.keyClicks(category, "Hulp")
    assert category.currentText() == "Hulp van buiten (workshop, begeleiding)"
    assert not budget.line_messages[1].isVisible(), budget.line_messages[1].text()


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
    """Each regeling's example, so repeated groups have items; sign page included."""
    from desktop_app.ui.signature_pad import SignaturePad

    interactive = (
        QLineEdit
        | QPlainTextEdit
        | QComboBox
        | QCheckBox
        | QRadioButton
        | QPushButton
        | SignaturePad
    )
    for regeling_id in catalog.ids():
        if regeling_id.startswith("voorbeeldstad"):
            continue
        open_example(qtbot, window, catalog, regeling_id)
        widgets = [w for w in window.wizard.findChildren(QWidget) if isinstance(w, interactive)]
        assert any(isinstance(w, SignaturePad) for w in widgets)
        for widget in widgets:
            assert widget.accessibleName(), (regeling_id, widget)
        labels = [w for w in window.wizard.findChildren(QLabel) if w.buddy() is not None]
        for label in labels:
            # The visible label is the name, or begins it ("Naam, buur 2": label in name).
            name = label.buddy().accessibleName()
            assert name.startswith(label.text().replace("&", "")), label.text()
        window.close_wizard()
        window.store.delete(window.store.summaries()[0].id)


def test_signing_makes_the_pdf_and_bundle_and_says_where(qtbot, window, catalog) -> None:
    import pikepdf

    from desktop_app.documents.service import verify_bundle

    document = open_example(qtbot, window, catalog)
    wizard = go_to_signing(qtbot, window)
    assert wizard.progress.text() == "Stap 9 van 9: Ondertekenen en opslaan"
    assert named(wizard, QLineEdit, "Uw naam").text() == "Anna de Vries"
    assert named(wizard, QLineEdit, "Plaats").text() == "Amsterdam"
    draw_signature(qtbot, named(wizard, QWidget, "Handtekening (niet verplicht)"))
    done = sign_and_wait(qtbot, window)
    shown = " ".join(label.text() for label in done.findChildren(QLabel))
    assert "Uw aanvraag is klaar" in shown
    assert "digitaal ondertekend" in shown
    # How to hand in, in the regeling's own words (Amsterdam gives no e-mail address).
    assert "naar het huis van de wijk in uw buurt" in shown.lower()
    assert not named_all(done, QPushButton, "E-mail opstellen")
    output = window.paths.output
    pdfs, bundles = list(output.glob("*.pdf")), list(output.glob("*.zip"))
    assert len(pdfs) == 1 and len(bundles) == 1
    assert str(pdfs[0]) in shown and str(bundles[0]) in shown
    result = verify_bundle(bundles[0])
    assert result.intact and result.signed
    with pikepdf.open(pdfs[0]) as pdf:
        images = [name for page in pdf.pages for name in page.get_images()]
    assert images, "the drawn signature is on the PDF"
    assert window.store.status(document.id) == "final"
    press(qtbot, named(done, QPushButton, "Naar het overzicht"))
    assert window.stack.currentWidget() is window.start
    assert "Klaar" in named(window, QListWidget, "Mijn aanvragen en verslagen").item(0).text()


def test_signing_needs_a_typed_name(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    wizard = window.wizard
    wizard.show_page(len(wizard.steps) + 1)
    name = named(wizard, QLineEdit, "Uw naam")
    name.clear()
    press(qtbot, named(wizard, QPushButton, "Ondertekenen en opslaan"))
    assert wizard.sign_message.isVisible()
    assert "vul uw naam in" in wizard.sign_message.text()
    assert not list(window.paths.output.glob("*.pdf"))
    assert wizard.focusWidget() is name


def test_a_character_the_pdf_cannot_show_is_named_as_the_name_is_typed(
    qtbot, window, catalog
) -> None:
    open_example(qtbot, window, catalog)
    wizard = window.wizard
    wizard.show_page(len(wizard.steps) + 1)
    name = named(wizard, QLineEdit, "Uw naam")
    name.clear()
    qtbot.keyClicks(name, "Anna ")
    name.insert("\U0001d49c")  # pasted: key clicks cannot send a character beyond U+FFFF
    assert wizard.sign_message.isVisible()
    assert "'Uw naam'" in wizard.sign_message.text()
    assert "'𝒜' (U+1D49C)" in wizard.sign_message.text()
    press(qtbot, named(wizard, QPushButton, "Ondertekenen en opslaan"))
    assert not list(window.paths.output.glob("*.pdf"))
    name.clear()
    name.insert("Anna 🎉 ትግርኛ")
    assert not wizard.sign_message.isVisible()


def test_the_officials_window_is_not_on_the_residents_start_screen(qtbot, window) -> None:
    """A resident's PC must not be one click away from official-looking letters: the
    officials' window is its own entry point (`klein-initiatief behandelaar`, its own
    launcher), which opens it on the case store in the data folder."""
    from desktop_app.ui.officials import OfficialsWindow, make_officials_window

    buttons = [b.accessibleName() for b in window.start.findChildren(QPushButton)]
    assert buttons and not any("Behandel" in name or "gemeente" in name for name in buttons)
    launcher = ROOT / "installers/linux/nl.kleininitiatief.KleinInitiatief.Behandelaar.desktop"
    assert "Exec=klein-initiatief behandelaar" in launcher.read_text(encoding="utf-8")
    store = window.root_paths.root / "behandelaar"
    officials = make_officials_window(store, "nl", window.catalog, window.clock)
    qtbot.addWidget(officials)
    officials.show()
    assert isinstance(officials, OfficialsWindow) and officials.isVisible()
    assert officials.windowTitle() == "Klein Initiatief — behandelaar"


def test_switching_language_after_signing_then_opening_it_again(qtbot, window, catalog) -> None:
    from desktop_app.ui.done_page import DonePage

    open_example(qtbot, window, catalog)
    go_to_signing(qtbot, window)
    press(qtbot, named(sign_and_wait(qtbot, window), QPushButton, "Naar het overzicht"))
    press(qtbot, named(window, QPushButton, "English"))
    # What the event loop does between two clicks: the old pages are really deleted.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    documents = named(window, QListWidget, "My applications and reports")
    qtbot.keyClick(documents, Qt.Key.Key_Return)
    assert isinstance(window.stack.currentWidget(), DonePage)
    assert named(window.stack.currentWidget(), QPushButton, "Open the PDF")


def test_every_page_fits_1280_by_800_at_double_font_size(qtbot, tmp_path, catalog) -> None:
    from desktop_app.ui.style import load_style

    app = QApplication.instance()
    normal, sheet = app.font(), app.styleSheet()
    doubled = app.font()
    doubled.setPointSizeF(normal.pointSizeF() * 2)
    app.setFont(doubled)
    load_style(app)  # as the app starts: padding and borders count too
    try:
        window = MainWindow(AppPaths(tmp_path / "big"), catalog, fixed_on(DAY), "nl")
        qtbot.addWidget(window)
        window.show()
        open_example(qtbot, window, catalog)  # the wizard joins the other pages
        needed = window.minimumSizeHint()
        assert needed.width() <= 1280 and needed.height() <= 800, needed
    finally:
        app.setFont(normal)
        app.setStyleSheet(sheet)
