"""One case: its view (the service's HTML, every answer as the PDF shows it) and what the
official can do with it besides deciding: settle its report, open an attachment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QTextBrowser, QWidget

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import gettext
from desktop_app.core.text import fill
from desktop_app.officials.service import Case, OfficialsService
from desktop_app.ui.background import run_in_background


class CaseView(QTextBrowser):
    """The chosen case as rich text; empty when nothing is chosen."""

    def __init__(self, service: OfficialsService) -> None:
        super().__init__()
        self.service = service
        self.setAccessibleName(gettext(service.language, "Details"))

    def show_case(self, case: Case | None) -> None:
        if case is None:
            self.clear()
        else:
            self.setHtml(self.service.case_html(case))


def settle_case(parent: QWidget, service: OfficialsService, case: Case | None) -> str | None:
    """Vaststelling of a report: show the outcome, record it after the official agrees."""
    title = gettext(service.language, "Vaststellen")
    if case is None:
        QMessageBox.information(
            parent,
            title,
            gettext(service.language, "Kies eerst een aanvraag."),
        )
        return None
    try:
        outcome = service.settlement_preview(case)
    except UserError as error:
        QMessageBox.information(parent, title, service.text(error.message))
        return None
    question = service.settlement_question(outcome)
    if QMessageBox.question(parent, title, question) != QMessageBox.StandardButton.Yes:
        return None
    try:
        done = service.settle(case)
    except UserError as error:
        QMessageBox.warning(parent, title, service.text(error.message))
        return None
    settled = service.money(done.settled)
    return fill(gettext(service.language, "Vastgesteld op {amount}."), {"amount": settled})


def open_attachment(
    parent: QWidget, service: OfficialsService, case: Case | None, say: Callable[[str], None]
) -> None:
    """Open a copy the app makes of the chosen attachment: checked again off the UI thread,
    named ``bijlage-N`` with the extension of its verified type, in a private folder."""
    title = gettext(service.language, "Bijlage openen")
    try:
        names = service.attachment_names(case)
    except UserError as error:
        QMessageBox.information(parent, title, service.text(error.message))
        return
    if not names or case is None:
        QMessageBox.information(
            parent,
            title,
            gettext(service.language, "Deze aanvraag heeft geen bijlagen."),
        )
        return
    # The resident's file names are only text in this list.
    chosen, ok = QInputDialog.getItem(
        parent,
        title,
        gettext(service.language, "Welke bijlage?"),
        names,
        0,
        False,
    )
    if not ok or chosen not in names:
        return
    work = service.attachment_opener(case, names.index(chosen) + 1)

    def opened(path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        say(str(path))

    def refused(error: UserError) -> None:
        QMessageBox.warning(parent, title, service.text(error.message))

    say(gettext(service.language, "De bijlage wordt gecontroleerd…"))
    run_in_background(parent, work, opened, refused)
