"""The import page: choose bundles or a folder (or drop them on the window); the service checks
and imports them in a worker thread, telling each bundle's result as it goes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.i18n import N_, gettext
from desktop_app.officials.service import ImportOutcome, OfficialsService
from desktop_app.ui.officials.common import button, labelled

log = logging.getLogger(__name__)

SHOW_EVERY_MS = 100
"""Results shown in batches: a repaint of the progress bar and list per bundle froze the
window up to 1.7 s on 2,000 bundles and slowed the import itself (issue 20)."""


class _ImportWorker(QObject):
    progress = Signal(int, int, object)
    finished_import = Signal(list, object)
    failed = Signal()  # an error nobody foresaw: the window must not stay stuck

    def __init__(self, paths: Sequence[Path], service: OfficialsService) -> None:
        super().__init__()
        self.paths, self.service = list(paths), service

    def run(self) -> None:
        try:
            outcomes = self.service.import_paths(
                self.paths, lambda n, t, o: self.progress.emit(n, t, o)
            )
            loaded = self.service.load_cases()  # here too: no freeze when the window shows them
        except Exception:  # logged without its message (it could hold a bundle's contents)
            log.exception("import stopped by an unexpected error")
            self.failed.emit()
            return
        self.finished_import.emit(outcomes, loaded)


class ImportTab(QWidget):
    """``imported(message, loaded)`` when a run ends: ``loaded`` every case as read after the
    import (for OfficialsService.adopt), or None when it stopped on an error."""

    imported = Signal(str, object)

    def __init__(self, service: OfficialsService) -> None:
        super().__init__()
        self.service = service
        self.language = service.language
        self._thread: QThread | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.w(
                N_(
                    "Kies bundels of een map met bundels, of sleep ze naar dit venster. "
                    "Elke bundel wordt eerst helemaal gecontroleerd."
                )
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose_files = button(self.w(N_("Bundels kiezen…")))
        self.choose_folder = button(self.w(N_("Map kiezen…")))
        self.choose_files.clicked.connect(self._pick_files)
        self.choose_folder.clicked.connect(self._pick_folder)
        row.addWidget(self.choose_files)
        row.addWidget(self.choose_folder)
        row.addStretch()
        layout.addLayout(row)
        self.progress = QProgressBar()
        layout.addWidget(labelled(self.w(N_("Voortgang")), self.progress))
        layout.addWidget(self.progress)
        self.results = QListWidget()
        self.results.setUniformItemSizes(True)  # one line each: no measuring thousands of rows
        self._unshown: list[str] = []
        self._count = (0, 0)  # the last (number, total) heard
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_EVERY_MS)
        self._show_timer.timeout.connect(self._show_unshown)
        layout.addWidget(labelled(self.w(N_("Resultaat per bundel")), self.results))
        layout.addWidget(self.results, 1)

    def w(self, dutch: str) -> str:
        """A catalogued Dutch text in the page's language."""
        return gettext(self.language, dutch)

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.w(N_("Bundels kiezen")))
        if files:
            self.start_import([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.w(N_("Map kiezen")))
        if folder:
            self.start_import([Path(folder)])

    def running(self) -> bool:
        return self._thread is not None

    def start_import(self, paths: Sequence[Path]) -> None:
        if self._thread is not None:
            return
        self.results.clear()
        self._unshown, self._count = [], (0, 0)
        self.progress.setValue(0)
        self.choose_files.setEnabled(False)
        self.choose_folder.setEnabled(False)
        self._thread = QThread(self)
        self._worker = _ImportWorker(paths, self.service)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished_import.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    def _on_progress(self, number: int, total: int, outcome: ImportOutcome) -> None:
        self._unshown.append(self.service.outcome_line(outcome))
        self._count = (number, total)
        if not self._show_timer.isActive():
            self._show_timer.start()

    def _show_unshown(self) -> None:
        """What was heard since the last time, shown at once."""
        self._show_timer.stop()
        if self._unshown:
            self.results.addItems(self._unshown)
            self._unshown = []
        number, total = self._count
        if total:
            self.progress.setMaximum(total)
            self.progress.setValue(number)

    def _stop(self) -> None:
        self._show_unshown()  # every result heard is on the page before the run's end is told
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
        self.choose_files.setEnabled(True)
        self.choose_folder.setEnabled(True)

    def _on_done(self, outcomes: list[ImportOutcome], loaded: object) -> None:
        self._stop()
        self.imported.emit(self.service.import_summary(outcomes), loaded)

    def _on_failed(self) -> None:
        """Stopped halfway by an error nobody foresaw: say so, and let the official go on."""
        self._stop()
        message = self.w(
            N_(
                "Het inlezen is gestopt door een onverwachte fout. Wat hierboven als ingelezen "
                "staat, is bewaard. Probeer het opnieuw. Gaat het weer mis? Meld het dan aan uw "
                "beheerder; de details staan in het logbestand."
            )
        )
        self.results.addItem(message)
        self.imported.emit(message, None)

    def stop_waiting(self) -> None:
        """On closing the window: let a running import end first."""
        self._stop()
