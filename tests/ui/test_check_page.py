"""The check page and the steps say what to fix in words that fit the window: every
message wraps at any width and font size, and 'Volgende' names the open questions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
)

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.resident.window import MainWindow, load_style
from desktop_app.ui.wizard import VerdictLink
from tests.conftest import DAY
from tests.ui.helpers import named, next_step, open_example


def open_amersfoort_too_much(qtbot, window, catalog):
    """Amersfoort, € 3.000 asked with a paid trainer: the redirect to the other regeling,
    and a budget that does not add up ("Vul bij 'Gevraagd bedrag' … in")."""
    regeling = catalog.current("amersfoort-wijkactiviteiten", DAY)
    document = example_application(regeling, fixed_on(DAY))
    document.answers["budget"]["requested"] = "3000.00"
    document.answers["paid_staff"] = True
    window.store.save(document)
    window.show_start()
    window.open_selected()
    wizard = window.wizard
    wizard.show_page(len(wizard.steps))
    QApplication.processEvents()
    return wizard


def assert_messages_fit(wizard) -> list[str]:
    page = wizard.check_page
    assert isinstance(page, QScrollArea)
    assert not page.horizontalScrollBar().isVisible(), "a horizontal scroll bar hides text"
    links = wizard.check_page.findChildren(VerdictLink)
    assert links
    right_edge = page.viewport().width()
    shown = []
    for link in links:
        label = link.text_label
        assert label.wordWrap()
        # All of the text is inside the label and the label inside the visible page.
        assert label.heightForWidth(label.width()) <= label.height(), label.text()
        assert link.mapTo(page.widget(), link.rect().topRight()).x() <= right_edge
        shown.append(label.text())
    return shown


def test_the_redirect_and_the_fix_wrap_in_a_narrow_window(qtbot, window, catalog) -> None:
    wizard = open_amersfoort_too_much(qtbot, window, catalog)
    window.resize(640, 700)
    qtbot.waitUntil(lambda: wizard.check_page.viewport().width() < 640)
    QApplication.processEvents()
    shown = " ".join(assert_messages_fit(wizard))
    assert "https://www.amersfoort.nl/node/2963" in shown
    assert "Wijkactiviteiten door vrijwilligers vanaf € 2.500" in shown
    assert "Vul bij 'Gevraagd bedrag' € 600 in" in shown


def test_the_check_page_fits_at_double_font_size(qtbot, tmp_path, catalog) -> None:
    app = QApplication.instance()
    normal, sheet = app.font(), app.styleSheet()
    doubled = app.font()
    doubled.setPointSizeF(normal.pointSizeF() * 2)
    app.setFont(doubled)
    load_style(app)
    try:
        window = MainWindow(AppPaths(tmp_path / "big"), catalog, fixed_on(DAY), "nl")
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        wizard = open_amersfoort_too_much(qtbot, window, catalog)
        QApplication.processEvents()
        shown = " ".join(assert_messages_fit(wizard))
        assert "https://www.amersfoort.nl/node/2963" in shown
    finally:
        app.setFont(normal)
        app.setStyleSheet(sheet)


def test_a_message_link_takes_the_resident_to_the_question(qtbot, window, catalog) -> None:
    wizard = open_amersfoort_too_much(qtbot, window, catalog)
    link = next(
        link for link in wizard.check_page.findChildren(VerdictLink) if "Gevraagd" in link.message()
    )
    assert link.accessibleName() == link.message()
    link.click()
    budget = wizard.editors["budget"]
    assert wizard.pages.currentIndex() == wizard._page_of("budget")
    assert budget.isAncestorOf(QApplication.focusWidget())
    assert named(wizard, QLineEdit, "Gevraagd bedrag").isVisible()


def test_tab_goes_from_the_summary_to_the_messages_the_first_time_the_page_shows(
    qtbot, window, catalog
) -> None:
    """Reached once, with nothing refilling it: Tab still reads the summary, then each message
    from the top down (it once went to the buttons first and to the messages last)."""
    wizard = open_amersfoort_too_much(qtbot, window, catalog)
    summary = wizard.check_summary
    assert QApplication.focusWidget() is summary
    links = wizard.check_page.findChildren(VerdictLink)
    assert len(links) >= 2
    links.sort(key=lambda link: link.mapTo(wizard, link.rect().topLeft()).y())
    chain, stop = [], summary
    for _ in links:
        stop = stop.nextInFocusChain()
        chain.append(stop)
    assert chain == links


def test_next_on_an_empty_page_names_the_open_questions(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    wizard = window.wizard
    name = named(wizard, QLineEdit, "Naam van uw initiatief")
    name.setFocus()
    name.selectAll()
    name.del_()
    wizard.on_change()
    plan = named(wizard, QPlainTextEdit, "Wat gaat u doen?")
    plan.setPlainText("")
    first = wizard.progress.text()
    next_step(qtbot, window)
    assert wizard.progress.text() != first  # the resident may go on
    note = wizard.missing_note
    assert note.isVisible() and note.wordWrap()
    assert "'Naam van uw initiatief'" in note.text()
    assert "'Wat gaat u doen?'" in note.text()
    assert note.property("announced") == note.text()
    # A page with everything filled in moves on without a note.
    next_step(qtbot, window)
    assert not note.isVisible()


def test_next_on_a_complete_page_says_nothing(qtbot, window, catalog) -> None:
    open_example(qtbot, window, catalog)
    next_step(qtbot, window)
    assert not window.wizard.missing_note.isVisible()
    assert not [w for w in window.wizard.findChildren(QLabel) if "Nog niet ingevuld" in w.text()]


def test_continue_filling_in_opens_where_the_resident_left_off(
    qtbot, window, tmp_path, catalog
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    document = open_example(qtbot, window, catalog)
    wizard = window.wizard
    next_step(qtbot, window)
    next_step(qtbot, window)
    left_at = wizard.progress.text()
    assert left_at.startswith("Stap 3 van")
    press_close = named(wizard, QPushButton, "Opslaan en sluiten")
    press_close.click()
    again = MainWindow(AppPaths(tmp_path / "data"), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClick(named(again, QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
    assert again.wizard.progress.text() == left_at
    assert again.wizard.document.id == document.id
    # The sign page reopens as the check page: what it says comes first.
    again.wizard.show_page(len(again.wizard.steps) + 1)
    again.close_wizard()
    qtbot.keyClick(named(again, QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
    assert again.wizard.pages.currentWidget() is again.wizard.check_page


def test_a_new_application_starts_at_step_one(qtbot, window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    press_new = named(window, QPushButton, "Nieuwe aanvraag")
    press_new.click()
    chooser = named(window, QListWidget, "Kies uw gemeente en regeling")
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    assert window.wizard.progress.text().startswith("Stap 1 van")
