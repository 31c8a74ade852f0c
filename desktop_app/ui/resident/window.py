"""The resident's main window: a router over the pages (start screen, regeling chooser,
dossier list, new dossier, wizard, done page). What each does lives in its own module; the
use cases live in desktop_app/resident/service.py. Dutch by default; English at a button."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QStackedWidget

from desktop_app.core.clock import Clock, SystemClock
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Language
from desktop_app.resident.service import (
    AppPaths,
    DossierStore,
    OpenDossier,
    PrivateTemp,
    ResidentService,
    os_keyring,
    prepare_data_folder,
    shared_writer,
    warm_pdf_stack,
)
from desktop_app.ui import safety_net
from desktop_app.ui.identity import set_identity
from desktop_app.ui.resident.chooser import ChooserPage
from desktop_app.ui.resident.dialogs import warn_error
from desktop_app.ui.resident.document_flow import DocumentFlow
from desktop_app.ui.resident.dossier_actions import DossierActions
from desktop_app.ui.resident.dossier_list import DossierPage
from desktop_app.ui.resident.new_dossier import NewDossierPage
from desktop_app.ui.resident.sending import Sending
from desktop_app.ui.resident.start_page import StartPage
from desktop_app.ui.resident.words import WORDS
from desktop_app.ui.style import load_style
from desktop_app.ui.translations import use_qt_language

if TYPE_CHECKING:  # loaded after the first paint (issue 20)
    from desktop_app.ui.done_page import DonePage
    from desktop_app.ui.wizard import DocumentWizard

log = logging.getLogger(__name__)


class MainWindow(DocumentFlow, DossierActions, Sending):
    def __init__(self, paths: AppPaths, catalog: Catalog, clock: Clock, language: Language) -> None:
        super().__init__()
        self.root_paths, self.catalog, self.clock, self.language = paths, catalog, clock, language
        prepare_data_folder(paths.root)  # this user's only; no decrypted PDF left behind
        self.private_temp = PrivateTemp()
        # Autosaves go to disk on one background thread; the wizard says "Opgeslagen" only
        # once the writer confirms (storage/draft_writer.py).
        self.dossiers = DossierStore(paths.dossiers, clock, shared_writer())
        try:
            self.dossier: OpenDossier | None = self.dossiers.open_default()
        except UserError:
            self.dossier = None  # a damaged dossier: the dossier page lets them choose
        self.setWindowTitle("Klein Initiatief")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.wizard: DocumentWizard | None = None
        self.done_page: DonePage | None = None
        # The resident's use cases (lists, state moves, sending, wiping) live below Qt.
        self.resident = ResidentService(catalog, clock, keyring_backend=os_keyring)
        use_qt_language(language)
        self.build()
        self.resize(1000, 760)
        # The outbox: what waits for internet goes by itself, checked every minute.
        self.send_timer = QTimer(self)
        self.send_timer.timeout.connect(self.send_due_items)
        self.send_timer.start(60_000)
        QTimer.singleShot(0, self.send_due_items)

    def build(self) -> None:
        """Every page, in the current language (again after switching)."""
        while self.stack.count():
            widget = self.stack.widget(0)
            if widget is None:
                break
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.wizard = self.done_page = None  # gone with the stack; made again when needed
        self.start = StartPage(self.language)
        self._connect_start(self.start)
        self.chooser = ChooserPage(self.catalog, self.clock, self.language)
        self.chooser.chosen.connect(self.start_new)
        self.chooser.back.connect(self.show_start)
        self.dossier_page = DossierPage(self.dossiers, self.language)
        self.new_dossier_page = NewDossierPage(self.dossiers, self.language)
        self.dossier_page.opened.connect(self.use_dossier)
        self.dossier_page.new_requested.connect(self.show_new_dossier)
        self.dossier_page.handover_requested.connect(self.import_handover)
        self.dossier_page.free_requested.connect(self.free_computer)
        self.new_dossier_page.created.connect(self.use_dossier)
        self.new_dossier_page.cancelled.connect(self.show_dossiers)
        for page in (self.start, self.chooser, self.dossier_page, self.new_dossier_page):
            self.stack.addWidget(page)
        if self.dossier is None:
            self.show_dossiers()
        else:
            self.show_start()

    def _connect_start(self, page: StartPage) -> None:
        page.language_button.clicked.connect(lambda: self.switch_language())
        page.language_menu.triggered.connect(lambda action: self.switch_language(action.data()))
        page.new_button.clicked.connect(lambda: self.stack.setCurrentWidget(self.chooser))
        page.open_button.clicked.connect(self.open_selected)
        page.documents.itemActivated.connect(lambda _: self.open_selected())
        page.delete_button.clicked.connect(self.delete_selected)
        page.decision_button.clicked.connect(self.choose_decision)
        page.tidy_button.clicked.connect(self.tidy_up)
        page.export_button.clicked.connect(self.export_selected)
        page.other_button.clicked.connect(self.show_dossiers)
        page.handover_button.clicked.connect(self.export_handover)
        page.wipe_button.clicked.connect(self.wipe_dossier)

    def show_start(self) -> None:
        if self.dossier is None:
            self.show_dossiers()
            return
        dossier = self.dossier
        self.start.fill(
            dossier.label,
            self.resident.documents(dossier),
            self.resident.unreadable(dossier),
            self.resident.tidy_offers(dossier),
            set(self.catalog.regelingen),
            dossier.drafts.path_for,
        )
        self.stack.setCurrentWidget(self.start)
        self.start.focus_first()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.private_temp.clear()  # no decrypted PDF stays behind when the app closes
        if self.dossier is not None:  # every autosave on disk before the window goes
            try:
                self.store.flush()
            except UserError as error:
                warn_error(self, error, self.language)
        super().closeEvent(event)

    def switch_language(self, language: Language | None = None) -> None:
        """To ``language`` (one with a catalogue), or between Dutch and English."""
        self.language = language or ("en" if self.language == "nl" else "nl")
        use_qt_language(self.language)
        self.build()


def run_app(
    language: Language, extra_forms: Sequence[Path] = (), paths: AppPaths | None = None
) -> int:
    # Whatever this process writes (also Qt, pyHanko and temp files) is for its user only.
    os.umask(0o077)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    load_style(app)
    set_identity(app)
    use_qt_language(language)
    try:
        window = MainWindow(
            paths or AppPaths.default(), Catalog.default(extra_forms), SystemClock(), language
        )
    except (OSError, UserError) as error:  # e.g. a data folder that cannot be written
        text = error.message.get(language) if isinstance(error, UserError) else None
        QMessageBox.critical(None, "Klein Initiatief", text or WORDS[language]["no_start"])
        return 1
    except Exception:  # a bug: details in the log file, plain words on the screen
        return safety_net.report_start_failure(language)
    safety_net.install(lambda: window, lambda: window.language)
    window.show()
    QTimer.singleShot(500, warm_pdf_stack)  # the PDF stack, once the start screen is shown
    return app.exec()
