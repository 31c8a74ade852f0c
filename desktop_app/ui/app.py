"""The resident's main window: my applications and reports, a new application, and the
wizard. Dutch by default; English at the press of a button."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import Clock, SystemClock, today
from desktop_app.core.documents import Application, Report, new_application
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Language
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.drafts import STATUS_LABELS, DraftStore
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.editors import make_title
from desktop_app.ui.wizard import DocumentWizard

WORDS = {
    "nl": {
        "heading": "Subsidie voor uw buurtinitiatief",
        "mine": "Mijn aanvragen en verslagen",
        "none": "U heeft nog niets ingevuld. Begin met een nieuwe aanvraag.",
        "new": "&Nieuwe aanvraag",
        "open": "&Verder invullen",
        "delete": "Ver&wijderen",
        "language": "&English",
        "choose": "Kies uw gemeente en regeling",
        "start": "&Beginnen",
        "cancel": "&Terug",
        "unnamed": "(nog zonder naam)",
        "confirm": "Weet u zeker dat u '{title}' wilt verwijderen? Dit kan niet ongedaan worden.",
        "done": "Uw aanvraag is klaar en opgeslagen:\n{pdf}\n{bundle}\n{signed}",
        "signed": "De PDF is digitaal ondertekend.",
        "unsigned": "Let op: niet digitaal ondertekend. {why}",
        "next_step": "Wat nu: {hand_in}",
        "open_pdf": "PDF openen",
    },
    "en": {
        "heading": "A grant for your neighbourhood initiative",
        "mine": "My applications and reports",
        "none": "You have not filled in anything yet. Start with a new application.",
        "new": "&New application",
        "open": "&Continue",
        "delete": "&Delete",
        "language": "&Nederlands",
        "choose": "Choose your municipality and scheme",
        "start": "&Start",
        "cancel": "&Back",
        "unnamed": "(no name yet)",
        "confirm": "Are you sure you want to delete '{title}'? This cannot be undone.",
        "done": "Your application is ready and saved:\n{pdf}\n{bundle}\n{signed}",
        "signed": "The PDF is digitally signed.",
        "unsigned": "Note: not digitally signed. {why}",
        "next_step": "What next: {hand_in}",
        "open_pdf": "Open the PDF",
    },
}


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", ""))
    return button


class MainWindow(QMainWindow):
    def __init__(self, paths: AppPaths, catalog: Catalog, clock: Clock, language: Language) -> None:
        super().__init__()
        self.paths, self.catalog, self.clock, self.language = paths, catalog, clock, language
        self.store = DraftStore(paths.drafts)
        self.setWindowTitle("Klein Initiatief")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.wizard: DocumentWizard | None = None
        self.build()
        self.resize(1000, 760)

    def w(self, key: str) -> str:
        return WORDS[self.language][key]

    def build(self) -> None:
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.start = self._start_screen()
        self.chooser = self._chooser()
        self.stack.addWidget(self.start)
        self.stack.addWidget(self.chooser)
        self.show_start()

    def _start_screen(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = make_title(QLabel(self.w("heading")), 1.8)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        self.language_button = _button(self.w("language"))
        self.language_button.clicked.connect(self.switch_language)
        top.addWidget(self.language_button)
        layout.addLayout(top)
        label = QLabel(self.w("mine"))
        self.documents = QListWidget()
        self.documents.setAccessibleName(self.w("mine"))
        label.setBuddy(self.documents)
        self.empty = QLabel(self.w("none"))
        layout.addWidget(label)
        layout.addWidget(self.empty)
        layout.addWidget(self.documents, 1)
        row = QHBoxLayout()
        self.new_button = _button(self.w("new"))
        self.open_button = _button(self.w("open"))
        self.delete_button = _button(self.w("delete"))
        self.new_button.clicked.connect(lambda: self.stack.setCurrentWidget(self.chooser))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.documents.itemActivated.connect(lambda _: self.open_selected())
        for button in (self.new_button, self.open_button, self.delete_button):
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        return page

    def _chooser(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        label = make_title(QLabel(self.w("choose")))
        self.regelingen = QListWidget()
        self.regelingen.setAccessibleName(self.w("choose"))
        self.regelingen.setWordWrap(True)
        label.setBuddy(self.regelingen)
        day = today(self.clock)
        for regeling_id in self.catalog.ids():
            regeling = self.catalog.current(regeling_id, day)
            text = (
                f"{regeling.municipality.get(self.language)} — {regeling.name.get(self.language)}\n"
                f"{regeling.summary.get(self.language)}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, regeling.id)
            self.regelingen.addItem(item)
        self.regelingen.setCurrentRow(0)
        self.regelingen.itemActivated.connect(lambda _: self.start_new())
        layout.addWidget(label)
        layout.addWidget(self.regelingen, 1)
        row = QHBoxLayout()
        back = _button(self.w("cancel"))
        back.clicked.connect(self.show_start)
        start = _button(self.w("start"))
        start.clicked.connect(self.start_new)
        row.addWidget(back)
        row.addStretch()
        row.addWidget(start)
        layout.addLayout(row)
        return page

    def show_start(self) -> None:
        self.documents.clear()
        for summary in self.store.summaries():
            regeling = self.catalog.get(summary.regeling_id, summary.regeling_version)
            title = summary.title or self.w("unnamed")
            status = STATUS_LABELS[summary.status].get(self.language)
            item = QListWidgetItem(f"{title} — {regeling.name.get(self.language)} — {status}")
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.documents.addItem(item)
        has_any = self.documents.count() > 0
        self.empty.setVisible(not has_any)
        self.open_button.setEnabled(has_any)
        self.delete_button.setEnabled(has_any)
        if has_any:
            self.documents.setCurrentRow(0)
        self.stack.setCurrentWidget(self.start)
        (self.documents if has_any else self.new_button).setFocus()

    def start_new(self) -> None:
        item = self.regelingen.currentItem()
        regeling = self.catalog.current(item.data(Qt.ItemDataRole.UserRole), today(self.clock))
        document = new_application(
            regeling.id, regeling.version, self.clock, language=self.language
        )
        self.store.save(document)
        self.open_document(document)

    def open_selected(self) -> None:
        item = self.documents.currentItem()
        if item is None:
            return
        try:
            document = self.store.load(item.data(Qt.ItemDataRole.UserRole))
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        self.open_document(document)

    def open_document(self, document: Application | Report) -> None:
        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        self.wizard = DocumentWizard(regeling, document, self.store, self.clock, self.language)
        self.wizard.closed.connect(self.close_wizard)
        self.wizard.completed.connect(self.finish)
        self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)

    def close_wizard(self) -> None:
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        self.show_start()

    def delete_selected(self) -> None:
        item = self.documents.currentItem()
        if item is None:
            return
        title = item.text().split(" — ")[0]
        answer = QMessageBox.question(
            self, "Klein Initiatief", self.w("confirm").format(title=title)
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.store.delete(item.data(Qt.ItemDataRole.UserRole))
            self.show_start()

    def finish(self, document: Application | Report) -> None:
        """Ondertekenen en opslaan: the PDF and the bundle, signed when a keyring is there."""
        import keyring

        from desktop_app.documents.service import (
            SigningKeys,
            default_signature,
            make_bundle,
            make_pdf,
            signer_for,
        )

        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        verdicts = evaluate(regeling, document, today(self.clock)).verdicts
        try:
            signer = signer_for(
                SigningKeys(self.paths.keys, keyring.get_keyring(), self.clock), document
            )
            signed_text = self.w("signed")
        except UserError as error:
            signer = None
            signed_text = self.w("unsigned").format(why=error.message.get(self.language))
        out = self.paths.output
        stem = f"aanvraag-{str(document.id)[:8]}"
        try:
            block = default_signature(document, self.clock)
            pdf = make_pdf(
                document, regeling, verdicts, block, signer, out / f"{stem}.pdf", self.clock
            )
            make_bundle(
                document,
                regeling,
                verdicts,
                AttachmentStore(self.paths.attachments),
                signer,
                out / f"{stem}.zip",
                block,
                self.clock,
                pdf.pdf,
            )
            self.store.save(document, "final")
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        message = self.w("done").format(
            pdf=out / f"{stem}.pdf", bundle=out / f"{stem}.zip", signed=signed_text
        )
        hand_in = self.w("next_step").format(
            hand_in=regeling.submission.how_to_hand_in.get(self.language)
        )
        box = QMessageBox(
            QMessageBox.Icon.Information, "Klein Initiatief", f"{message}\n\n{hand_in}"
        )
        open_pdf = box.addButton(self.w("open_pdf"), QMessageBox.ButtonRole.ActionRole)
        open_pdf.setAccessibleName(self.w("open_pdf"))
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_pdf:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(out / f"{stem}.pdf")))
        self.close_wizard()

    def switch_language(self) -> None:
        self.language = "en" if self.language == "nl" else "nl"
        self.build()


def load_style(app: QApplication) -> None:
    style = Path(__file__).resolve().parent.parent.parent / "resources" / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def run_app(
    language: Language, extra_forms: Sequence[Path] = (), paths: AppPaths | None = None
) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    load_style(app)
    window = MainWindow(
        paths or AppPaths.default(), Catalog.default(extra_forms), SystemClock(), language
    )
    window.show()
    return app.exec()
