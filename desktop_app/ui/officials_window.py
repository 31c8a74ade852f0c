"""The officials' window (behandelaar): import bundles in bulk, see every case with its
verdicts, compare with the budget per area, decide, and export.

Long work (importing) runs in a worker thread with its own database connection; the
window only updates widgets from signals on the UI thread.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import Clock, today
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog
from desktop_app.core.money import MoneyError, format_money, parse_money
from desktop_app.core.text import Text
from desktop_app.documents.decision import SignedDecision
from desktop_app.officials.attachments import attachment_refs, open_copy, remove_copies
from desktop_app.officials.case_view import case_html
from desktop_app.officials.decide import (
    REASON_TEMPLATES,
    budget_overview,
    decide,
    reason_text,
    set_ceiling,
    settle,
    settlement_for,
)
from desktop_app.officials.export import to_csv, to_xlsx
from desktop_app.officials.importer import ImportOutcome, import_paths
from desktop_app.officials.keys import is_pinned
from desktop_app.officials.letter import decision_letter
from desktop_app.officials.store import Case, CaseStore, store_location
from desktop_app.storage.atomic import write_atomic
from desktop_app.ui.background import run_in_background

STATUS = {
    "received": ("Ontvangen", "Received"),
    "granted": ("Toegekend", "Granted"),
    "rejected": ("Afgewezen", "Rejected"),
    "settled": ("Afgerond", "Settled"),
}
IMPORT_STATUS = {
    "imported": ("Ingelezen", "Imported"),
    "already_imported": ("Al ingelezen", "Already imported"),
    "conflict": ("Conflict", "Conflict"),
    "rejected": ("Geweigerd", "Rejected"),
}
ALL = ("Alle", "All")
COLUMNS = (
    ("Initiatief", "Initiative"),
    ("Aanvrager", "Applicant"),
    ("Regeling", "Scheme"),
    ("Gebied", "Area"),
    ("Gevraagd", "Requested"),
    ("Toegekend", "Granted"),
    ("Status", "Status"),
    ("Fouten", "Errors"),
    ("Waarschuwingen", "Warnings"),
    ("Ondertekend", "Signed"),
    ("Soort", "Kind"),
)
DecisionKey = Callable[[], tuple[Ed25519PrivateKey, str]]
log = logging.getLogger(__name__)


def labelled(text: str, widget: QWidget) -> QLabel:
    """A visible label that is also the widget's accessible name (as a screen reader says it)."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(text.replace("&", ""))
    return label


def button(text: str) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(text.replace("&", "").rstrip("…"))
    return widget


class _ImportWorker(QObject):
    progress = Signal(int, int, object)
    done = Signal(list)
    failed = Signal()  # an error nobody foresaw: the window must not stay stuck

    def __init__(self, paths: Sequence[Path], folder: Path, catalog: Catalog, clock: Clock) -> None:
        super().__init__()
        self.paths, self.folder, self.catalog, self.clock = list(paths), folder, catalog, clock

    def run(self) -> None:
        import keyring

        from desktop_app.officials.keys import sealing_keys

        try:
            store = CaseStore(
                store_location(self.folder), self.folder
            )  # SQLite connections stay in their own thread
            try:
                outcomes = import_paths(
                    self.paths,
                    store,
                    self.catalog,
                    self.clock,
                    lambda n, t, o: self.progress.emit(n, t, o),
                    private_keys=sealing_keys(self.folder / "keys", keyring.get_keyring()),
                )
            finally:
                store.close()
        except Exception:  # logged without its message (it could hold a bundle's contents)
            log.exception("import stopped by an unexpected error")
            self.failed.emit()
            return
        self.done.emit(outcomes)


class DecideDialog(QDialog):
    def __init__(self, case: Case, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.language = language
        nl = language == "nl"
        self.setWindowTitle("Besluiten" if nl else "Decide")
        layout = QFormLayout(self)
        self.grant = QRadioButton("&Toekennen" if nl else "&Grant")
        self.reject_choice = QRadioButton("&Afwijzen" if nl else "&Reject")
        self.grant.setAccessibleName(self.grant.text().replace("&", ""))
        self.reject_choice.setAccessibleName(self.reject_choice.text().replace("&", ""))
        group = QButtonGroup(self)
        group.addButton(self.grant)
        group.addButton(self.reject_choice)
        self.grant.setChecked(True)
        choice = QHBoxLayout()
        choice.addWidget(self.grant)
        choice.addWidget(self.reject_choice)
        layout.addRow(QLabel("Besluit" if nl else "Decision"), choice)
        self.amount = QLineEdit(format_money(case.requested or Decimal(0), language))
        layout.addRow(labelled("&Bedrag" if nl else "&Amount", self.amount), self.amount)
        self.template = QComboBox()
        names = {
            "grant_full": ("Toekennen: hele bedrag", "Grant: full amount"),
            "grant_lower": ("Toekennen: lager bedrag", "Grant: lower amount"),
            "reject_budget": ("Afwijzen: budget op", "Reject: budget used up"),
            "reject_rules": ("Afwijzen: voldoet niet aan de regels", "Reject: rules not met"),
        }
        for key in REASON_TEMPLATES:
            self.template.addItem(names[key][0 if nl else 1], key)
        layout.addRow(labelled("&Reden" if nl else "&Reason", self.template), self.template)
        self.explanation = QPlainTextEdit()
        layout.addRow(
            labelled(
                "&Toelichting voor de aanvrager" if nl else "&Explanation for the applicant",
                self.explanation,
            ),
            self.explanation,
        )
        self.error = QLabel("")
        self.error.setWordWrap(True)
        layout.addRow(self.error)
        buttons = QDialogButtonBox()
        self.save = buttons.addButton(
            "Besluit &opslaan" if nl else "&Save decision", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save.setAccessibleName(self.save.text().replace("&", ""))
        cancel = buttons.addButton(
            "Annuleren" if nl else "Cancel", QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setAccessibleName(cancel.text())
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject_dialog)
        layout.addRow(buttons)
        self.template.currentIndexChanged.connect(self._fill_reason)
        self.amount.textChanged.connect(self._fill_reason)
        self.reject_choice.toggled.connect(self._outcome_changed)
        self._fill_reason()

    def reject_dialog(self) -> None:
        QDialog.reject(self)

    def _outcome_changed(self) -> None:
        self.amount.setEnabled(self.grant.isChecked())
        wanted = "grant_full" if self.grant.isChecked() else "reject_rules"
        self.template.setCurrentIndex(self.template.findData(wanted))

    def amount_value(self) -> Decimal | None:
        if not self.grant.isChecked():
            return None
        return parse_money(self.amount.text(), self.language)

    def _fill_reason(self) -> None:
        try:
            amount = self.amount_value()
        except MoneyError:
            amount = None
        text = reason_text(self.template.currentData(), self.case.requested, amount)
        self.explanation.setPlainText(text.get(self.language))

    def outcome(self) -> str:
        return "grant" if self.grant.isChecked() else "reject"

    def _accept(self) -> None:
        try:
            self.amount_value()
        except MoneyError:
            self.error.setText(
                "Fout: het bedrag is niet te lezen. Schrijf bijvoorbeeld 750 of 750,50."
                if self.language == "nl"
                else "Error: the amount cannot be read. Write for example 750 or 750.50."
            )
            self.amount.setFocus()
            return
        self.accept()


class OfficialsWindow(QMainWindow):
    def __init__(
        self,
        store_folder: Path,
        catalog: Catalog,
        clock: Clock,
        decision_key: DecisionKey,
        output_folder: Path,
        language: str = "nl",
    ) -> None:
        super().__init__()
        self.folder, self.catalog, self.clock = store_folder, catalog, clock
        self.decision_key, self.output, self.language = decision_key, output_folder, language
        self.store = CaseStore(store_location(store_folder), store_folder)
        self.cases: list[Case] = []
        self._thread: QThread | None = None
        self._attachment_copies: list[Path] = []  # removed when the window closes
        nl = language == "nl"
        self.setWindowTitle(
            "Klein Initiatief — behandelaar" if nl else "Klein Initiatief — official"
        )
        self.setAcceptDrops(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._import_tab(), "&Inlezen" if nl else "&Import")
        self.tabs.addTab(self._inbox_tab(), "&Aanvragen" if nl else "&Applications")
        self.tabs.addTab(self._budget_tab(), "&Budget per gebied" if nl else "&Budget per area")
        from desktop_app.ui.insight_tab import InsightTab

        insight_tab = InsightTab(self.store, catalog, language)
        self.tabs.addTab(insight_tab, "In&zicht" if nl else "In&sight")
        self.setCentralWidget(self.tabs)
        self.resize(1200, 760)
        self.refresh()

    def w(self, nl: str, en: str) -> str:
        return nl if self.language == "nl" else en

    # Import ---------------------------------------------------------------------------

    def _import_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            self.w(
                "Kies bundels of een map met bundels, of sleep ze naar dit venster. Elke bundel "
                "wordt eerst helemaal gecontroleerd.",
                "Choose bundles or a folder of bundles, or drag them onto this window. Every "
                "bundle is checked completely first.",
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose_files = button(self.w("Bundels kiezen…", "Choose bundles…"))
        self.choose_folder = button(self.w("Map kiezen…", "Choose folder…"))
        self.choose_files.clicked.connect(self._pick_files)
        self.choose_folder.clicked.connect(self._pick_folder)
        row.addWidget(self.choose_files)
        row.addWidget(self.choose_folder)
        row.addStretch()
        layout.addLayout(row)
        self.progress = QProgressBar()
        layout.addWidget(labelled(self.w("Voortgang", "Progress"), self.progress))
        layout.addWidget(self.progress)
        self.results = QListWidget()
        layout.addWidget(
            labelled(self.w("Resultaat per bundel", "Result per bundle"), self.results)
        )
        layout.addWidget(self.results, 1)
        return page

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.w("Bundels kiezen", "Choose bundles"))
        if files:
            self.start_import([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.w("Map kiezen", "Choose folder"))
        if folder:
            self.start_import([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.start_import(paths)

    def start_import(self, paths: Sequence[Path]) -> None:
        if self._thread is not None:
            return
        self.results.clear()
        self.progress.setValue(0)
        self.choose_files.setEnabled(False)
        self.choose_folder.setEnabled(False)
        self._thread = QThread(self)
        self._worker = _ImportWorker(paths, self.folder, self.catalog, self.clock)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    def _on_progress(self, number: int, total: int, outcome: ImportOutcome) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(number)
        nl, en = IMPORT_STATUS[outcome.status]
        self.results.addItem(
            f"{outcome.source}: {self.w(nl, en)} — {outcome.message.get(self.language)}"
        )

    def _on_done(self, outcomes: list) -> None:
        assert self._thread is not None
        self._thread.quit()
        self._thread.wait()
        self._thread = None
        self.choose_files.setEnabled(True)
        self.choose_folder.setEnabled(True)
        counts = {s: sum(1 for o in outcomes if o.status == s) for s in IMPORT_STATUS}
        self.statusBar().showMessage(
            self.w(
                f"Klaar: {counts['imported']} ingelezen, {counts['already_imported']} al "
                f"ingelezen, {counts['rejected']} geweigerd, {counts['conflict']} conflicten.",
                f"Done: {counts['imported']} imported, {counts['already_imported']} already "
                f"imported, {counts['rejected']} rejected, {counts['conflict']} conflicts.",
            )
        )
        self.refresh()

    def _on_failed(self) -> None:
        """Stopped halfway by an error nobody foresaw: say so, and let the official go on."""
        self._on_done([])
        message = self.w(
            "Het inlezen is gestopt door een onverwachte fout. Wat hierboven als ingelezen "
            "staat, is bewaard. Probeer het opnieuw. Gaat het weer mis? Meld het dan aan uw "
            "beheerder; de details staan in het logbestand.",
            "The import stopped because of an unexpected error. What is listed above as "
            "imported has been kept. Please try again. Does it go wrong again? Then tell your "
            "administrator; the details are in the log file.",
        )
        self.results.addItem(message)
        self.statusBar().showMessage(message)

    def import_running(self) -> bool:
        return self._thread is not None

    # Inbox ----------------------------------------------------------------------------

    def _inbox_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.filter_regeling = QComboBox()
        self.filter_area = QComboBox()
        self.filter_status = QComboBox()
        self.search = QLineEdit()
        for text, widget in (
            (self.w("Regeling", "Scheme"), self.filter_regeling),
            (self.w("Gebied", "Area"), self.filter_area),
            (self.w("Status", "Status"), self.filter_status),
            (self.w("Zoeken", "Search"), self.search),
        ):
            filters.addWidget(labelled(text, widget))
            filters.addWidget(widget)
        self.only_warnings = QCheckBox(self.w("Alleen met waarschuwingen", "Only with warnings"))
        self.only_signed = QCheckBox(self.w("Alleen ondertekend", "Only signed"))
        for box in (self.only_warnings, self.only_signed):
            box.setAccessibleName(box.text())
            filters.addWidget(box)
            box.toggled.connect(self._fill_table)
        layout.addLayout(filters)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.w(*c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName(self.w("Aanvragen", "Applications"))
        # The detail follows the row the keyboard (or mouse) is on.
        self.table.currentCellChanged.connect(lambda *_: self._show_detail())
        layout.addWidget(self.table, 2)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.w("Details", "Details"))
        layout.addWidget(QLabel(self.w("Details", "Details")))
        layout.addWidget(self.detail, 2)
        actions = QHBoxLayout()
        self.decide_button = button(self.w("Besluiten…", "Decide…"))
        self.decide_button.clicked.connect(self.open_decision)
        self.export_csv = button(self.w("Exporteren als CSV…", "Export as CSV…"))
        self.export_xlsx = button(self.w("Exporteren als Excel…", "Export as Excel…"))
        self.export_csv.clicked.connect(lambda: self._export("csv"))
        self.export_xlsx.clicked.connect(lambda: self._export("xlsx"))
        self.settle_button = button(self.w("Vaststellen…", "Settle…"))
        self.settle_button.clicked.connect(self.settle_selected)
        self.attachment_button = button(self.w("Bijlage openen…", "Open attachment…"))
        self.attachment_button.clicked.connect(self.open_attachment)
        for action in (
            self.decide_button,
            self.settle_button,
            self.attachment_button,
            self.export_csv,
            self.export_xlsx,
        ):
            actions.addWidget(action)
        actions.addStretch()
        layout.addLayout(actions)
        for combo in (self.filter_regeling, self.filter_area, self.filter_status):
            combo.currentIndexChanged.connect(self._fill_table)
        self.search.textChanged.connect(self._fill_table)
        return page

    def refresh(self) -> None:
        self.cases = self.store.cases()
        for combo, values in (
            (self.filter_regeling, sorted({c.regeling_id for c in self.cases})),
            (self.filter_area, sorted({c.area for c in self.cases if c.area})),
            (self.filter_status, list(STATUS)),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.w(*ALL), None)
            for value in values:
                shown = self.w(*STATUS[value]) if combo is self.filter_status else value
                if combo is self.filter_regeling:
                    shown = self.catalog.versions(value)[-1].name.get(self.language)
                if combo is self.filter_area:
                    shown = self._area_names().get(value, value)
                combo.addItem(shown, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        self._fill_table()
        # Show the budget of a regeling that has cases, not an empty one.
        used = {c.regeling_id for c in self.cases}
        if used and self.budget_regeling.currentData() not in used:
            self.budget_regeling.setCurrentIndex(self.budget_regeling.findData(sorted(used)[0]))
        self._fill_budget()

    def _area_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for regeling_id in {c.regeling_id for c in self.cases}:
            for area in self.catalog.versions(regeling_id)[-1].areas:
                names.setdefault(area.id, area.name.get(self.language))
        return names

    def visible_cases(self) -> list[Case]:
        query = self.search.text().strip().lower()
        wanted = {
            "regeling_id": self.filter_regeling.currentData(),
            "area": self.filter_area.currentData(),
            "status": self.filter_status.currentData(),
        }
        return [
            c
            for c in self.cases
            if all(v is None or getattr(c, k) == v for k, v in wanted.items())
            and (not self.only_warnings.isChecked() or c.warnings > 0)
            and (not self.only_signed.isChecked() or c.signed)
            and (not query or query in f"{c.title} {c.applicant}".lower())
        ]

    def _money(self, value: Decimal | None) -> str:
        return format_money(value, self.language) if value is not None else ""

    def _fill_table(self) -> None:
        self.table.setSortingEnabled(False)
        rows = self.visible_cases()
        self.table.setRowCount(len(rows))
        for row, case in enumerate(rows):
            regeling = self.catalog.get(case.regeling_id, case.regeling_version)
            area = next(
                (a.name.get(self.language) for a in regeling.areas if a.id == case.area), ""
            )
            values = (
                case.title,
                "(Particulier)" if case.natural_person else case.applicant,
                regeling.name.get(self.language),
                area,
                self._money(case.requested),
                self._money(case.granted),
                self.w(*STATUS.get(case.status, (case.status, case.status))),
                str(case.blocking),
                str(case.warnings),
                self.w("ja", "yes") if case.signed else self.w("NEE", "NO"),
                self.w("Aanvraag", "Application")
                if case.kind == "application"
                else self.w("Verslag", "Report"),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, str(case.bundle_id))
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()

    def selected_case(self) -> Case | None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return None
        return self.store.case(uuid.UUID(item.data(Qt.ItemDataRole.UserRole)))

    def _show_detail(self) -> None:
        case = self.selected_case()
        if case is None:
            self.detail.clear()
            return
        self.detail.setHtml(case_html(self.store, self.catalog, case, self.language))

    def open_decision(self) -> None:
        case = self.selected_case()
        if case is None:
            QMessageBox.information(
                self,
                self.w("Besluiten", "Decide"),
                self.w("Kies eerst een aanvraag.", "Choose an application first."),
            )
            return
        dialog = DecideDialog(case, self.language, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.record_decision(
            case, dialog.outcome(), dialog.amount_value(), dialog.explanation.toPlainText()
        )

    def record_decision(
        self, case: Case, outcome: str, amount: Decimal | None, reason: str
    ) -> None:
        try:
            key, key_id = self.decision_key()
            text = (
                Text(nl=reason, en=reason)
                if reason.strip()
                else reason_text("reject_rules", None, None)
            )
            signed = decide(self.store, case, outcome, amount, text, key, key_id, self.clock)
            regeling = self.catalog.get(case.regeling_id, case.regeling_version)
            decision = SignedDecision.model_validate_json(signed).decision
            letter = decision_letter(
                decision,
                regeling,
                case.applicant or "aanvrager",
                case.title,
                self.language,
                requested=case.requested,
                # A real letter only with the key the regeling publishes; otherwise PROEF.
                official=is_pinned(key, self.catalog.decision_keys(case.regeling_id)),
            )
            write_atomic(self.output / f"besluit-{case.bundle_id}.json", signed)
            write_atomic(self.output / f"brief-{case.bundle_id}.pdf", letter)
        except UserError as error:
            QMessageBox.warning(
                self, self.w("Besluiten", "Decide"), error.message.get(self.language)
            )
            return
        self.statusBar().showMessage(
            self.w(
                f"Besluit opgeslagen in {self.output}. Stuur het besluitbestand en de brief "
                "naar de aanvrager.",
                f"Decision saved in {self.output}. Send the decision file and the letter to "
                "the applicant.",
            )
        )
        self.refresh()

    def _need_case(self, title: str) -> Case | None:
        case = self.selected_case()
        if case is None:
            QMessageBox.information(
                self, title, self.w("Kies eerst een aanvraag.", "Choose an application first.")
            )
        return case

    def settle_selected(self) -> None:
        """Vaststelling of a report: show the outcome, record it after the official agrees."""
        title = self.w("Vaststellen", "Settle")
        case = self._need_case(title)
        if case is None:
            return
        if case.kind != "report":
            QMessageBox.information(
                self,
                title,
                self.w(
                    "Kies een verslag (verantwoording) om vast te stellen.",
                    "Choose a report to settle.",
                ),
            )
            return
        try:
            outcome = settlement_for(self.store, case, self.catalog)
        except UserError as error:
            QMessageBox.warning(self, title, error.message.get(self.language))
            return
        question = self.w(
            f"Toegekend: {self._money(outcome.granted)}\nVastgesteld op: "
            f"{self._money(outcome.settled)}\nTerug te betalen: {self._money(outcome.pay_back)}"
            "\n\nZo vaststellen?",
            f"Granted: {self._money(outcome.granted)}\nSettled at: "
            f"{self._money(outcome.settled)}\nTo pay back: {self._money(outcome.pay_back)}"
            "\n\nSettle like this?",
        )
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        settle(self.store, case, self.catalog)
        self.statusBar().showMessage(
            self.w(
                f"Vastgesteld op {self._money(outcome.settled)}.",
                f"Settled at {self._money(outcome.settled)}.",
            )
        )
        self.refresh()

    def open_attachment(self) -> None:
        """Open a copy the app makes of the chosen attachment (officials.attachments): named
        ``bijlage-N`` with the extension of its verified type, in a private folder."""
        title = self.w("Bijlage openen", "Open attachment")
        case = self._need_case(title)
        if case is None:
            return
        document = json.loads(self.store.document_json(case.bundle_id))
        refs = attachment_refs(document.get("answers", {}))
        if not refs:
            QMessageBox.information(
                self, title, self.w("Deze aanvraag heeft geen bijlagen.", "No attachments.")
            )
            return
        # The resident's file names are only text in this list.
        names = [f"{number}. {ref['file_name']}" for number, ref in enumerate(refs, 1)]
        chosen, ok = QInputDialog.getItem(
            self, title, self.w("Welke bijlage?", "Which attachment?"), names, 0, False
        )
        if not ok or chosen not in names:
            return
        number = names.index(chosen) + 1
        bundle = self.store.bundle_bytes(case.bundle_id)

        def opened(path: Path) -> None:
            self._attachment_copies.append(path)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
            self.statusBar().showMessage(str(path))

        self.statusBar().showMessage(
            self.w("De bijlage wordt gecontroleerd…", "Checking the attachment…")
        )

        def refused(error: UserError) -> None:
            QMessageBox.warning(self, title, error.message.get(self.language))

        run_in_background(self, lambda: open_copy(bundle, number), opened, refused)

    def _export(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.w("Exporteren", "Export"), str(self.output / f"aanvragen.{kind}")
        )
        if not path:
            return
        data = to_csv(self.cases, self.catalog) if kind == "csv" else to_xlsx(self.cases)
        try:
            write_atomic(Path(path), data)
        except OSError:
            QMessageBox.warning(
                self,
                self.w("Exporteren", "Export"),
                self.w("Het bestand kon niet worden opgeslagen.", "The file could not be saved."),
            )
            return
        self.statusBar().showMessage(self.w(f"Geëxporteerd naar {path}.", f"Exported to {path}."))

    # Budget ---------------------------------------------------------------------------

    def _budget_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.budget_regeling = QComboBox()
        for regeling_id in self.catalog.ids():
            self.budget_regeling.addItem(regeling_id, regeling_id)
        self.budget_year = QSpinBox()
        self.budget_year.setRange(2020, 2100)
        self.budget_year.setValue(today(self.clock).year)
        row.addWidget(labelled(self.w("Regeling", "Scheme"), self.budget_regeling))
        row.addWidget(self.budget_regeling)
        row.addWidget(labelled(self.w("Jaar", "Year"), self.budget_year))
        row.addWidget(self.budget_year)
        row.addStretch()
        layout.addLayout(row)
        self.budget_table = QTableWidget(0, 6)
        self.budget_table.setHorizontalHeaderLabels(
            [
                self.w("Gebied", "Area"),
                self.w("Plafond", "Ceiling"),
                self.w("Gevraagd", "Requested"),
                self.w("Toegekend", "Granted"),
                self.w("Over", "Remaining"),
                self.w("Besteed van plafond", "Share of ceiling granted"),
            ]
        )
        self.budget_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.budget_table.setAccessibleName(self.w("Budget per gebied", "Budget per area"))
        layout.addWidget(self.budget_table, 1)
        ceiling_row = QHBoxLayout()
        self.ceiling_area = QComboBox()
        self.ceiling_amount = QLineEdit()
        self.save_ceiling = button(self.w("Plafond opslaan", "Save ceiling"))
        ceiling_row.addWidget(
            labelled(self.w("Gebied voor nieuw plafond", "Area for new ceiling"), self.ceiling_area)
        )
        ceiling_row.addWidget(self.ceiling_area)
        ceiling_row.addWidget(
            labelled(self.w("Nieuw plafond dit jaar", "New ceiling this year"), self.ceiling_amount)
        )
        ceiling_row.addWidget(self.ceiling_amount)
        ceiling_row.addWidget(self.save_ceiling)
        ceiling_row.addStretch()
        layout.addLayout(ceiling_row)
        self.budget_regeling.currentIndexChanged.connect(self._fill_budget)
        self.budget_year.valueChanged.connect(self._fill_budget)
        self.save_ceiling.clicked.connect(self._save_ceiling)
        return page

    def _fill_budget(self) -> None:
        regeling_id = self.budget_regeling.currentData()
        if regeling_id is None:
            return
        overview = budget_overview(self.store, self.catalog, regeling_id, self.budget_year.value())
        self.budget_table.setRowCount(len(overview))
        self.ceiling_area.clear()
        for row, area in enumerate(overview):
            self.ceiling_area.addItem(area.name.get(self.language), area.area)
            for column, value in enumerate(
                (
                    area.name.get(self.language),
                    self._money(area.ceiling)
                    + (self.w(" (voorbeeld)", " (example)") if area.ceiling_illustrative else ""),
                    self._money(area.requested),
                    self._money(area.granted),
                    self._money(area.remaining),
                )
            ):
                self.budget_table.setItem(row, column, QTableWidgetItem(value))
            bar = QProgressBar()
            share = int(area.granted * 100 / area.ceiling) if area.ceiling else 0
            bar.setValue(min(share, 100))
            bar.setFormat(f"{share}%")
            bar.setAccessibleName(
                self.w(
                    f"{area.name.nl}: {share}% van het plafond toegekend",
                    f"{area.name.en}: {share}% of the ceiling granted",
                )
            )
            self.budget_table.setCellWidget(row, 5, bar)
        self.budget_table.resizeColumnsToContents()

    def _save_ceiling(self) -> None:
        try:
            amount = parse_money(self.ceiling_amount.text(), self.language)
        except MoneyError:
            QMessageBox.warning(
                self,
                self.w("Plafond", "Ceiling"),
                self.w(
                    "Het bedrag is niet te lezen. Schrijf bijvoorbeeld 150.000.",
                    "The amount cannot be read. Write for example 150,000.",
                ),
            )
            return
        set_ceiling(
            self.store,
            self.budget_regeling.currentData(),
            self.ceiling_area.currentData(),
            self.budget_year.value(),
            amount,
        )
        self.ceiling_amount.clear()
        self._fill_budget()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self.store.close()
        remove_copies(self._attachment_copies)
        super().closeEvent(event)


def make_officials_window(
    store_folder: Path, language: str, catalog: Catalog, clock: Clock
) -> OfficialsWindow:
    """The officials' window on a case store; the decision key is made on first use (keyring)."""
    import keyring

    from desktop_app.officials.keys import decision_key as load_decision_key

    def decision_key() -> tuple[Ed25519PrivateKey, str]:
        return load_decision_key(store_folder / "keys", keyring.get_keyring())

    output = store_folder / "besluiten"
    output.mkdir(parents=True, exist_ok=True)
    return OfficialsWindow(store_folder, catalog, clock, decision_key, output, language)


def run_officials(store_folder: Path, language: str, catalog: Catalog, clock: Clock) -> int:
    """Open the officials' window (``klein-initiatief behandelaar``)."""
    import sys

    from PySide6.QtWidgets import QApplication

    from desktop_app.ui import safety_net
    from desktop_app.ui.identity import OFFICIALS_APP_ID, set_identity
    from desktop_app.ui.translations import use_qt_language

    app = QApplication.instance() or QApplication(sys.argv)
    set_identity(app, OFFICIALS_APP_ID)
    use_qt_language(language)
    try:
        window = make_officials_window(store_folder, language, catalog, clock)
    except Exception:  # e.g. a damaged case store: plain words, details in the log file
        return safety_net.report_start_failure(language)
    safety_net.install(lambda: window, lambda: language)
    window.show()
    return app.exec()
