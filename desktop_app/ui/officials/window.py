"""The officials' window (behandelaar): a router over its pages — import, applications (inbox
and case view), budget per area, insight — all on one OfficialsService, which does the work."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QTabWidget

from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.loader import Catalog
from desktop_app.officials.service import Case, CaseRow, DecisionKey, OfficialsService
from desktop_app.ui.background import run_in_background
from desktop_app.ui.officials.budget import BudgetTab
from desktop_app.ui.officials.import_tab import ImportTab
from desktop_app.ui.officials.inbox import InboxTab


class OfficialsWindow(QMainWindow):
    def __init__(
        self,
        store_folder: Path,
        catalog: Catalog,
        clock: Clock,
        decision_key: DecisionKey | None,
        output_folder: Path,
        language: str = "nl",
        service: OfficialsService | None = None,
        load_later: bool = False,
    ) -> None:
        """``load_later``: show the window first and read the cases in the background (the
        app does so; a large store takes a while to read)."""
        super().__init__()
        self.service = service or OfficialsService(
            store_folder, catalog, clock, language, decision_key, output_folder
        )
        self.folder, self.catalog, self.clock = store_folder, catalog, clock
        self.output, self.language = self.service.output, self.service.language
        self.store = self.service.store  # for the insight page (and tests that set up cases)
        self.decision_key = self.service.decision_key
        self.cases: list[Case] = []
        self._generation = 0  # a later refresh wins over a background load still running
        self.setWindowTitle(gettext(self.language, "Klein Initiatief — behandelaar"))
        self.setAcceptDrops(True)
        self.import_page = ImportTab(self.service)
        self.inbox = InboxTab(self.service)
        self.budget_page = BudgetTab(self.service)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.import_page, gettext(self.language, "&Inlezen"))
        self.tabs.addTab(self.inbox, gettext(self.language, "&Aanvragen"))
        self.tabs.addTab(self.budget_page, gettext(self.language, "&Budget per gebied"))
        from desktop_app.ui.insight_tab import InsightTab

        insight_tab = InsightTab(self.store, catalog, self.language, clock=self.service.clock)
        self.tabs.addTab(insight_tab, gettext(self.language, "In&zicht"))
        self.setCentralWidget(self.tabs)
        # The widgets tests and helpers reach by name, where they now live.
        self.results, self.progress = self.import_page.results, self.import_page.progress
        self.table, self.detail = self.inbox.table, self.inbox.detail
        self.budget_table = self.budget_page.budget_table
        self.import_page.imported.connect(self._after_import)
        self.inbox.said.connect(self.statusBar().showMessage)
        # The service has already updated what changed (a decided case is read again alone).
        self.inbox.changed.connect(lambda: self.refresh(reload=False))
        self.resize(1200, 760)
        if load_later:
            self._load_in_background()
        else:
            self.refresh(reload=False)

    def w(self, dutch: str) -> str:
        """A catalogued Dutch text in the page's language."""
        return gettext(self.language, dutch)

    def _load_in_background(self) -> None:
        generation = self._generation
        self.statusBar().showMessage(self.w(N_("De aanvragen worden geladen…")))

        def loaded(result: tuple[list[Case], list[CaseRow]]) -> None:
            if generation == self._generation:
                self.service.adopt(result)
                self.refresh(reload=False)
                self.statusBar().clearMessage()

        def failed(error: UserError) -> None:
            self.statusBar().showMessage(self.service.text(error.message))

        run_in_background(self, self.service.load_cases, loaded, failed)

    def refresh(self, reload: bool = True) -> None:
        """Read the cases again (once) and show them on every page."""
        self._generation += 1
        if reload:
            self.service.reload()
        self.cases = self.service.cases()
        self.inbox.refresh()
        self.budget_page.cases_changed()

    # Import (the page does the work; drops on the window go there) ---------------------

    def start_import(self, paths: Sequence[Path]) -> None:
        self.import_page.start_import(paths)

    def import_running(self) -> bool:
        return self.import_page.running()

    def _after_import(self, message: str, loaded: tuple[list[Case], list[CaseRow]] | None) -> None:
        self.statusBar().showMessage(message)
        if loaded is None:
            self.refresh()
        else:  # read by the import's own thread: nothing to read here
            self.service.adopt(loaded)
            self.refresh(reload=False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.start_import(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.import_page.stop_waiting()
        self.service.close()  # the store, and the attachment copies opened meanwhile
        super().closeEvent(event)


def make_officials_window(
    store_folder: Path, language: str, catalog: Catalog, clock: Clock
) -> OfficialsWindow:
    """The officials' window on a case store; the decision key is made on first use (keyring)."""
    output = store_folder / "besluiten"
    output.mkdir(parents=True, exist_ok=True)
    return OfficialsWindow(store_folder, catalog, clock, None, output, language, load_later=True)


def run_officials(store_folder: Path, language: str, catalog: Catalog, clock: Clock) -> int:
    """Open the officials' window (``klein-initiatief behandelaar``)."""
    import sys

    from PySide6.QtWidgets import QApplication

    from desktop_app.ui import safety_net
    from desktop_app.ui.accessibility import install_keyboard_helper
    from desktop_app.ui.identity import OFFICIALS_APP_ID, set_identity
    from desktop_app.ui.style import load_style
    from desktop_app.ui.translations import use_qt_language

    app = QApplication.instance() or QApplication(sys.argv)
    set_identity(app, OFFICIALS_APP_ID)
    use_qt_language(language)
    load_style(app)  # the same large buttons, focus ring and colours as the residents' window
    install_keyboard_helper()  # Enter on a button, arrows in a radio group
    try:
        window = make_officials_window(store_folder, language, catalog, clock)
    except Exception:  # e.g. a damaged case store: plain words, details in the log file
        return safety_net.report_start_failure(language)
    safety_net.install(lambda: window, lambda: language)
    window.show()
    return app.exec()
