"""After signing: where the PDF and the bundle are, whether they are digitally signed, and
what the resident does next. A page, not a pop-up, so a screen reader reads it in order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents import Report
from desktop_app.core.loader import Catalog
from desktop_app.documents.finish import Outputs
from desktop_app.storage.atomic import write_atomic
from desktop_app.ui.editors import make_title

WORDS = {
    "nl": {
        "title_application": "Uw aanvraag is klaar",
        "title_report": "Uw verslag is klaar",
        "saved": "De app heeft twee bestanden gemaakt en opgeslagen:",
        "pdf": "PDF om te lezen en te bewaren: {path}",
        "bundle": "Bundel voor de gemeente: {path}",
        "signed": "De bestanden zijn digitaal ondertekend. Zo ziet de gemeente dat er na het "
        "ondertekenen niets is veranderd.",
        "unsigned": "Let op: de bestanden zijn niet digitaal ondertekend. {why}",
        "next": "Wat nu?",
        "open_pdf": "&PDF openen",
        "open_folder": "&Map openen",
        "overview": "Naar het &overzicht",
        "copy": "&Kopie opslaan…",
        "copy_title": "Waar wilt u een kopie van de PDF en de bundel bewaren?",
        "copied": "Kopie opgeslagen in {folder}.",
        "copy_failed": "De kopie kon niet worden opgeslagen in {folder}. Kies een andere map.",
    },
    "en": {
        "title_application": "Your application is ready",
        "title_report": "Your report is ready",
        "saved": "The app has made and saved two files:",
        "pdf": "PDF to read and keep: {path}",
        "bundle": "Bundle for the municipality: {path}",
        "signed": "The files are digitally signed. The municipality can see that nothing was "
        "changed after signing.",
        "unsigned": "Note: the files are not digitally signed. {why}",
        "next": "What next?",
        "open_pdf": "Open the &PDF",
        "open_folder": "Open the &folder",
        "overview": "Back to the &overview",
        "copy": "Save a &copy…",
        "copy_title": "Where do you want to keep a copy of the PDF and the bundle?",
        "copied": "Copy saved in {folder}.",
        "copy_failed": "The copy could not be saved in {folder}. Choose another folder.",
    },
}


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", ""))
    return button


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class DonePage(QWidget):
    back = Signal()

    def __init__(self, outputs: Outputs, catalog: Catalog, language: str) -> None:
        super().__init__()
        self.outputs = outputs
        self.words = words = WORDS[language]
        is_report = isinstance(outputs.document, Report)
        layout = QVBoxLayout(self)
        layout.addWidget(
            make_title(QLabel(words["title_report" if is_report else "title_application"]))
        )
        layout.addWidget(_text(words["saved"]))
        layout.addWidget(_text(words["pdf"].format(path=outputs.pdf)))
        layout.addWidget(_text(words["bundle"].format(path=outputs.bundle)))
        if outputs.status_known and outputs.signed:
            layout.addWidget(_text(words["signed"]))
        elif outputs.status_known:
            why = outputs.unsigned_reason.get(language) if outputs.unsigned_reason else ""
            warning = _text(words["unsigned"].format(why=why))
            warning.setProperty("role", "message")
            warning.setProperty("severity", "warning")
            layout.addWidget(warning)
        layout.addWidget(make_title(QLabel(words["next"]), 1.2))
        self.next_step = _text(outputs.regeling.submission.how_to_hand_in.get(language))
        layout.addWidget(self.next_step)
        self.actions = QHBoxLayout()
        self.open_pdf = _button(words["open_pdf"])
        self.open_pdf.clicked.connect(lambda: self._open(outputs.pdf))
        self.open_folder = _button(words["open_folder"])
        self.open_folder.clicked.connect(lambda: self._open(outputs.pdf.parent))
        self.overview = _button(words["overview"])
        self.overview.clicked.connect(self.back.emit)
        self.copy = _button(words["copy"])
        self.copy.clicked.connect(self.save_copy)
        self.copy_result = _text("")
        self.copy_result.hide()
        layout.addWidget(self.copy_result)
        for button in (self.open_pdf, self.open_folder, self.copy):
            self.actions.addWidget(button)
        self.actions.addStretch()
        self.actions.addWidget(self.overview)
        layout.addStretch()
        layout.addLayout(self.actions)

    def save_copy(self) -> None:
        """The files live in the app's own folder; a resident wants them somewhere known."""
        folder = QFileDialog.getExistingDirectory(self, self.words["copy_title"], str(Path.home()))
        if not folder:
            return
        self.copy_to(Path(folder))

    def copy_to(self, folder: Path) -> None:
        try:
            for source in (self.outputs.pdf, self.outputs.bundle):
                write_atomic(folder / source.name, source.read_bytes())
            self.copy_result.setText(self.words["copied"].format(folder=folder))
        except OSError:
            self.copy_result.setText(self.words["copy_failed"].format(folder=folder))
        self.copy_result.show()

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
