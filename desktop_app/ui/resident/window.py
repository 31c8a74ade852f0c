"""The resident's main window: a router over the pages (start screen, regeling chooser,
dossier list, new dossier, wizard, done page). What each does lives in its own module; the
use cases live in desktop_app/resident/service.py. Dutch by default; English at a button.

Started by ``run_app`` it shows first and loads after (issue 20): the start screen is filled
from a quick plain reading of the dossier (resident/start_view.py) and painted; then the
regelingen, the dossier's stores and the other pages load and the start screen is filled
again from them, the same. A button pressed before that loads the rest first, then acts.
Without a quick reading (a protected dossier, no cache yet, …) everything loads first.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QStackedWidget

from desktop_app.core.clock import Clock, SystemClock
from desktop_app.core.errors import UserError
from desktop_app.core.language import Language
from desktop_app.resident.service import (
    AppPaths,
    PrivateTemp,
    QuickStart,
    ResidentService,
    forms_dirs,
    line_words,
    os_keyring,
    prepare_data_folder,
    quick_start,
    shared_writer,
    write_regeling_cache,
)
from desktop_app.ui import safety_net
from desktop_app.ui.background import run_in_background
from desktop_app.ui.identity import set_identity
from desktop_app.ui.resident.dialogs import warn_error
from desktop_app.ui.resident.document_flow import DocumentFlow
from desktop_app.ui.resident.dossier_actions import DossierActions
from desktop_app.ui.resident.sending import Sending
from desktop_app.ui.resident.start_page import StartPage
from desktop_app.ui.resident.words import WORDS
from desktop_app.ui.style import load_style
from desktop_app.ui.translations import use_qt_language

if TYPE_CHECKING:  # loaded after the first paint (issue 20)
    from desktop_app.core.loader import Catalog
    from desktop_app.resident.service import DossierStore, OpenDossier
    from desktop_app.ui.done_page import DonePage
    from desktop_app.ui.wizard import DocumentWizard

log = logging.getLogger(__name__)

__all__ = ["MainWindow", "load_style", "run_app"]


class MainWindow(DocumentFlow, DossierActions, Sending):
    # Everything is loaded: the regelingen, the dossier's stores, every page.
    loaded = Signal()

    def __init__(
        self,
        paths: AppPaths,
        catalog: Catalog | None,
        clock: Clock,
        language: Language,
        extra_forms: Sequence[Path] = (),
    ) -> None:
        """With a ``catalog`` everything is loaded here; without one (``run_app``) the start
        screen may come first and the rest after it is painted (``Catalog.default`` with
        ``extra_forms``)."""
        super().__init__()
        self.root_paths, self.clock, self.language = paths, clock, language
        self.extra_forms = list(extra_forms)
        self.is_loaded = self._failed = self._preparing = False
        self._prepared: Catalog | None = None
        """the regelingen, read in the background after the quick start's first paint"""
        self.private_temp = PrivateTemp()
        self.dossier: OpenDossier | None = None
        self.setWindowTitle("Klein Initiatief")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.wizard: DocumentWizard | None = None
        self.done_page: DonePage | None = None
        self.resize(1000, 760)
        quick = None
        if catalog is None:
            dirs = forms_dirs(self.extra_forms)
            quick = quick_start(paths.dossiers, paths.root, dirs, clock.now())
        if quick is None:
            self._load(catalog)
        else:
            self._show_quick(quick)

    def _show_quick(self, quick: QuickStart) -> None:
        """The start screen from the quick reading; the rest loads once it is painted."""
        use_qt_language(self.language)
        self.start = StartPage(self.language)
        self._connect_start(self.start)
        self.start.fill(
            quick.dossier_label, quick.lines, [], quick.offers, quick.known, quick.path_of
        )
        self.stack.addWidget(self.start)
        self.stack.setCurrentWidget(self.start)
        self.start.focus_first()
        self._after_paint = _AfterFirstPaint(self.start, self._prepare)
        # Also when it is never painted (started minimised, a test that does not show it).
        QTimer.singleShot(1000, self._prepare)

    def _prepare(self) -> None:
        """After the first paint: the models and the regelingen are read off the UI thread,
        so the start screen answers while they load; then the pages are made on it."""
        if self._preparing or self.is_loaded or self._failed:
            return
        self._preparing = True
        run_in_background(
            self,
            partial(_read_regelingen, self.root_paths.root, self.extra_forms),
            self._load_prepared,
            self._prepare_failed,
        )

    def _prepare_failed(self, _error: UserError) -> None:
        self.ensure_loaded()  # read again on the UI thread, where a problem is told

    def _load_prepared(self, catalog: Catalog) -> None:
        if not (self.is_loaded or self._failed):
            self._prepared = catalog
            self.ensure_loaded()

    def ensure_loaded(self) -> bool:
        """Load what the quick start left for later, now if it is not loaded yet. False when
        that failed: the resident was told in plain words and the app closes."""
        if self.is_loaded:
            return True
        if self._failed:
            return False
        try:
            self._load(self._prepared)
        except (OSError, UserError) as error:  # e.g. a data folder that cannot be written
            text = error.message.get(self.language) if isinstance(error, UserError) else None
            self._give_up(lambda: self._tell(text or WORDS[self.language]["no_start"]))
        except Exception:  # a bug: details in the log file, plain words on the screen
            self._give_up(lambda: safety_net.report_start_failure(self.language))
        return self.is_loaded

    def _tell(self, text: str) -> int:
        QMessageBox.critical(None, "Klein Initiatief", text)
        return 1

    def _give_up(self, report: Callable[[], int]) -> None:
        """As when the window could not be made at all: say so, close, exit code 1."""
        self._failed = True
        self.hide()
        report()
        self.close()
        QApplication.exit(1)

    def _load(self, catalog: Catalog | None) -> None:
        from desktop_app.resident.service import DossierStore

        quick_page = getattr(self, "start", None)
        if catalog is None:
            catalog = _read_regelingen(self.root_paths.root, self.extra_forms)
        self.catalog = catalog
        prepare_data_folder(self.root_paths.root)  # this user's only; no decrypted PDF left
        # Autosaves go to disk on one background thread; the wizard says "Opgeslagen" only
        # once the writer confirms (storage/draft_writer.py).
        self.dossiers: DossierStore = DossierStore(
            self.root_paths.dossiers, self.clock, shared_writer()
        )
        try:
            self.dossier = self.dossiers.open_default()
        except UserError:
            self.dossier = None  # a damaged dossier: the dossier page lets them choose
        # The resident's use cases (lists, state moves, sending, wiping) live below Qt.
        self.resident = ResidentService(catalog, self.clock, keyring_backend=os_keyring)
        self.is_loaded = True
        use_qt_language(self.language)
        self.build(keep=quick_page)
        # The outbox: what waits for internet goes by itself, checked every minute.
        self.send_timer = QTimer(self)
        self.send_timer.timeout.connect(self.send_due_items)
        self.send_timer.start(60_000)
        QTimer.singleShot(0, self.send_due_items)
        self.loaded.emit()

    def build(self, keep: StartPage | None = None) -> None:
        """Every page, in the current language (again after switching); ``keep``: the start
        screen the quick start showed, filled again from the full reading."""
        # The other pages' modules, after the first paint (issue 20).
        from desktop_app.ui.resident.chooser import ChooserPage
        from desktop_app.ui.resident.dossier_list import DossierPage
        from desktop_app.ui.resident.new_dossier import NewDossierPage

        while self.stack.count():
            widget = self.stack.widget(0)
            if widget is None or widget is keep:
                break
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.wizard = self.done_page = None  # gone with the stack; made again when needed
        if keep is None:
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
            if page is not keep:  # the quick start screen is in the stack already
                self.stack.addWidget(page)
        if self.dossier is None:
            self.show_dossiers()
        elif keep is not None:
            self._fill_again(keep)
        else:
            self.show_start()

    def _connect_start(self, page: StartPage) -> None:
        """Each button loads the rest first when the quick start has not yet (then acts)."""
        loaded = self._loaded_then
        page.language_button.clicked.connect(loaded(lambda: self.switch_language()))
        page.language_menu.triggered.connect(
            loaded(lambda action: self.switch_language(action.data()))
        )
        page.new_button.clicked.connect(loaded(lambda: self.stack.setCurrentWidget(self.chooser)))
        page.open_button.clicked.connect(loaded(self.open_selected))
        page.documents.itemActivated.connect(loaded(lambda _: self.open_selected()))
        page.delete_button.clicked.connect(loaded(self.delete_selected))
        page.decision_button.clicked.connect(loaded(self.choose_decision))
        page.tidy_button.clicked.connect(loaded(self.tidy_up))
        page.export_button.clicked.connect(loaded(self.export_selected))
        page.other_button.clicked.connect(loaded(self.show_dossiers))
        page.handover_button.clicked.connect(loaded(self.export_handover))
        page.wipe_button.clicked.connect(loaded(self.wipe_dossier))

    def _loaded_then(self, action: Callable[..., Any]) -> Callable[..., None]:
        def run(*args: Any) -> None:
            if self.ensure_loaded():
                action(*args)

        return run

    def _fill_again(self, page: StartPage) -> None:
        """The quick start screen, filled from the full reading: the same row stays chosen,
        the focus where the resident put it."""
        assert self.dossier is not None
        chosen = page.documents.currentRow()
        focused = QApplication.focusWidget()
        had_focus = focused is not None and page.isAncestorOf(focused)
        self.show_start(focus=not had_focus)
        if 0 <= chosen < page.documents.count():
            page.documents.setCurrentRow(chosen)

    def show_start(self, focus: bool = True) -> None:
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
        if focus:
            self.start.focus_first()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.private_temp.clear()  # no decrypted PDF stays behind when the app closes
        if self.is_loaded:
            self.resident.stop_signing()  # no signing worker stays behind either
        if self.is_loaded and self.dossier is not None:  # every autosave on disk first
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
        window = MainWindow(paths or AppPaths.default(), None, SystemClock(), language, extra_forms)
    except (OSError, UserError) as error:  # e.g. a data folder that cannot be written
        text = error.message.get(language) if isinstance(error, UserError) else None
        QMessageBox.critical(None, "Klein Initiatief", text or WORDS[language]["no_start"])
        return 1
    except Exception:  # a bug: details in the log file, plain words on the screen
        return safety_net.report_start_failure(language)
    safety_net.install(lambda: window, lambda: window.language)
    window.show()
    sign_apart_when_idle(window)
    return app.exec()


def sign_apart_when_idle(window: MainWindow) -> None:
    """The installed app signs in a worker process (documents/signing_process.py), so the
    window never holds the PDF stack; the first worker starts, and warms that stack, once the
    start screen is shown and the rest loaded."""

    def start() -> None:
        QTimer.singleShot(500, window.resident.sign_apart)

    if window.is_loaded:
        start()
    else:
        window.loaded.connect(start)


def _read_regelingen(root: Path, extra_forms: Sequence[Path]) -> Catalog:
    """The regelingen (and with them the models' modules), and the cache the next quick start
    reads: off the UI thread after a quick start's first paint, on it when loading at once."""
    from desktop_app.core.loader import Catalog
    from desktop_app.resident.service import (
        DossierStore,  # noqa: F401 (its modules, now)
        open_log_file,
    )

    open_log_file()  # its file (and logging.handlers) waited for the first paint too

    catalog = Catalog.default(extra_forms)
    write_regeling_cache(root, catalog, forms_dirs(extra_forms), line_words())
    return catalog


class _AfterFirstPaint(QObject):
    """Calls ``then`` once, on the first event-loop turn after ``widget`` was painted (so
    the painted screen is on the display before the rest loads)."""

    def __init__(self, widget: QObject, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # Qt's enums (widgets.USER_ROLE) in a turn of their own, not in a loading step's.
            QTimer.singleShot(0, lambda: QtCore.Qt)
            QTimer.singleShot(0, self.then)
        return False
