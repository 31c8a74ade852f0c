"""The resident's main window: my applications and reports, a new application, and the
wizard. Dutch by default; English at the press of a button."""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import Clock, SystemClock, today
from desktop_app.core.documents import Application, Report, new_application
from desktop_app.core.errors import UserError
from desktop_app.core.lifecycle import NEXT_STEP
from desktop_app.core.loader import Catalog
from desktop_app.core.messages import format_value
from desktop_app.core.money import format_money
from desktop_app.core.shipped import shipped
from desktop_app.core.text import Language
from desktop_app.documents.decision import UNCHECKABLE
from desktop_app.documents.finish import Outputs, make_outputs, output_paths, signer_defaults
from desktop_app.documents.receive import read_decision_file, receive_decision
from desktop_app.documents.signature_block import SignatureBlock
from desktop_app.documents.warm import warm_in_background
from desktop_app.resident.service import ResidentService
from desktop_app.storage.atomic import make_tree_private, write_atomic
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.crypto import PLAIN
from desktop_app.storage.dossiers import (
    DossierStore,
    OpenDossier,
    clear_outside_dossiers,
    read_handover,
    write_handover,
)
from desktop_app.storage.drafts import STATUS_LABELS, DraftStore, DraftSummary
from desktop_app.storage.outbox import Outbox, OutboxItem
from desktop_app.storage.paths import AppPaths
from desktop_app.storage.private_temp import PrivateTemp, clear_leftovers
from desktop_app.storage.retention import DEFAULT_DRAFT_DAYS, finished, stale_drafts
from desktop_app.ui import safety_net
from desktop_app.ui.background import run_in_background
from desktop_app.ui.done_page import DonePage
from desktop_app.ui.dossier_pages import DossierPage, NewDossierPage, PassphraseDialog
from desktop_app.ui.editors import make_title
from desktop_app.ui.identity import set_identity
from desktop_app.ui.repeated import EditorContext
from desktop_app.ui.translations import use_qt_language
from desktop_app.ui.widgets import named_button
from desktop_app.ui.wizard import DocumentWizard

log = logging.getLogger(__name__)
T = TypeVar("T")
# On a start-screen row this computer cannot open: (kind, file path, why), else None.
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1

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
        "decision": "&Besluit inlezen…",
        "decision_title": "Kies het besluitbestand dat u van de gemeente kreeg",
        "decision_filter": "Besluit van de gemeente (*.json)",
        "granted": "De gemeente heeft uw aanvraag '{title}' toegekend: {amount}.\n\n"
        "Na de activiteit vult u het verslag (de verantwoording) in. U kunt daar nu mee "
        "beginnen; alles wordt bewaard.",
        "rejected": "De gemeente heeft uw aanvraag '{title}' afgewezen.\n\nDe reden:\n{reason}",
        "report_of": "Verslag over: {title}",
        "see_report": "Het verslag hierboven hoort bij deze aanvraag.",
        "dossier": "Dossier: {label}",
        "my_dossier": "Mijn dossier",
        "other_dossier": "Ander d&ossier",
        "handover_out": "Overdracht &maken…",
        "wipe": "Verwijder mijn &gegevens van deze computer",
        "wipe_confirm": "Alles van dossier '{label}' wordt van deze computer verwijderd: "
        "aanvragen, verslagen, bijlagen, PDF's en de sleutel om te ondertekenen. Dit kan niet "
        "ongedaan worden. Heeft u de PDF's nog nodig? Maak dan eerst een kopie of een "
        "overdracht.\n\nWeet u het zeker?",
        "free_confirm": "Alle dossiers op deze computer worden verwijderd, van iedereen. Ook wat "
        "nog niet is verstuurd. Dit kan niet ongedaan worden.\n\nWeet u het zeker?",
        "wiped": "Uw gegevens zijn van deze computer verwijderd.",
        "freed": "Deze computer is vrijgegeven: er staan geen dossiers meer op.",
        "handover_pin": "Kies een wachtwoord voor het overdrachtsbestand. U heeft het nodig om "
        "het bestand op de andere computer te openen.",
        "handover_pin_in": "Wachtwoord van het overdrachtsbestand:",
        "handover_save": "Overdrachtsbestand opslaan",
        "handover_open": "Overdrachtsbestand kiezen",
        "handover_filter": "Overdracht van Klein Initiatief (*.kioverdracht)",
        "handover_done": "Het overdrachtsbestand is opgeslagen:\n{path}",
        "tidy_note": "U kunt {n} stuk(ken) van deze computer opruimen: concepten die u al meer "
        "dan {days} dagen niet heeft gebruikt, of aanvragen die helemaal klaar zijn.",
        "tidy": "Op&ruimen…",
        "officials": "Be&handelscherm (voor de gemeente)",
        "no_start": "De app kan niet starten: de map voor uw gegevens kan niet worden gebruikt. "
        "Is de schijf vol, of mag u daar niet schrijven? Vraag zo nodig hulp.",
        "token_prompt": "Vul de toegangscode in die u van de gemeente heeft gekregen:",
        "bundle_gone": "Het bundelbestand is niet meer te vinden. Open de aanvraag opnieuw en "
        "maak hem opnieuw af.",
        "tidy_confirm": "Deze kunnen van deze computer weg:\n\n{items}\n\nNu verwijderen? "
        "Dit kan niet ongedaan worden.",
        "tidy_stale": "niet gebruikt sinds {date}",
        "tidy_done": "klaar",
        "reuse": "U heeft al eerder een aanvraag gedaan: '{title}'. Wilt u deze gegevens "
        "daaruit overnemen?\n\n{answers}\n\nKlopt dit nog? Kies Ja om ze over te nemen. U kunt "
        "ze daarna nog aanpassen. Kies Nee om alles zelf in te vullen.",
        "unknown": "Deze aanvraag hoort bij een regeling die deze computer niet kent: {id} "
        "versie {version}. U kunt het bestand bewaren of verwijderen.",
        "damaged": "Dit bestand is beschadigd of gemaakt met een nieuwere versie van de app, en "
        "kan hier niet worden geopend: {name}. U kunt het bestand bewaren of verwijderen.",
        "problem_note": "Niet alles in de lijst kan op deze computer worden geopend. Kies het "
        "in de lijst en bewaar het als bestand, of verwijder het.",
        "export": "Bestand &bewaren…",
        "export_title": "Waar wilt u het bestand bewaren?",
        "exported": "Het bestand is opgeslagen:\n{path}",
        "export_failed": "Het bestand kon niet worden opgeslagen in {folder}. Kies een andere "
        "plek.",
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
        "decision": "Read a &decision…",
        "decision_title": "Choose the decision file you received from the municipality",
        "decision_filter": "Decision from the municipality (*.json)",
        "granted": "The municipality granted your application '{title}': {amount}.\n\n"
        "After the activity you fill in the report. You can start it now; everything is kept.",
        "rejected": "The municipality rejected your application '{title}'.\n\nThe reason:\n"
        "{reason}",
        "report_of": "Report on: {title}",
        "see_report": "The report above belongs to this application.",
        "dossier": "Dossier: {label}",
        "my_dossier": "My dossier",
        "other_dossier": "Other d&ossier",
        "handover_out": "&Make a hand-over file…",
        "wipe": "Remove my &data from this computer",
        "wipe_confirm": "Everything in dossier '{label}' will be removed from this computer: "
        "applications, reports, attachments, PDFs and the key for signing. This cannot be "
        "undone. Do you still need the PDFs? Then first make a copy or a hand-over file."
        "\n\nAre you sure?",
        "free_confirm": "All dossiers on this computer will be removed, everyone's. Also what "
        "has not been sent yet. This cannot be undone.\n\nAre you sure?",
        "wiped": "Your data has been removed from this computer.",
        "freed": "This computer has been cleared: there are no dossiers on it any more.",
        "handover_pin": "Choose a passphrase for the hand-over file. You need it to open the "
        "file on the other computer.",
        "handover_pin_in": "Passphrase of the hand-over file:",
        "handover_save": "Save the hand-over file",
        "handover_open": "Choose a hand-over file",
        "handover_filter": "Klein Initiatief hand-over (*.kioverdracht)",
        "handover_done": "The hand-over file has been saved:\n{path}",
        "tidy_note": "You can remove {n} item(s) from this computer: drafts you have not used "
        "for more than {days} days, or applications that are completely done.",
        "tidy": "Tidy &up…",
        "officials": "Officials' &window (for the municipality)",
        "no_start": "The app cannot start: the folder for your data cannot be used. Is the "
        "disk full, or may you not write there? Ask for help if needed.",
        "token_prompt": "Enter the access code you received from the municipality:",
        "bundle_gone": "The bundle file cannot be found any more. Open the application again "
        "and finish it again.",
        "tidy_confirm": "These can be removed from this computer:\n\n{items}\n\nRemove them "
        "now? This cannot be undone.",
        "tidy_stale": "not used since {date}",
        "tidy_done": "done",
        "reuse": "You applied before: '{title}'. Do you want to take these details from "
        "that application?\n\n{answers}\n\nIs this still right? Choose Yes to take them. You "
        "can still change them afterwards. Choose No to fill in everything yourself.",
        "unknown": "This application belongs to a regeling this computer does not know: {id} "
        "version {version}. You can save the file or delete it.",
        "damaged": "This file is damaged or was made by a newer version of the app, and cannot "
        "be opened here: {name}. You can save the file or delete it.",
        "problem_note": "Not everything in the list can be opened on this computer. Choose it "
        "in the list and save it as a file, or delete it.",
        "export": "&Save the file…",
        "export_title": "Where do you want to save the file?",
        "exported": "The file has been saved:\n{path}",
        "export_failed": "The file could not be saved in {folder}. Choose another place.",
    },
}


class MainWindow(QMainWindow):
    def __init__(self, paths: AppPaths, catalog: Catalog, clock: Clock, language: Language) -> None:
        super().__init__()
        self.root_paths, self.catalog, self.clock, self.language = paths, catalog, clock, language
        make_tree_private(paths.root)  # a data folder of an older version: 0755/0644 before
        clear_leftovers()  # decrypted PDFs a crashed run left in the temp folder
        self.private_temp = PrivateTemp()
        self.dossiers = DossierStore(paths.dossiers, clock)
        try:
            self.dossier: OpenDossier | None = self.dossiers.open_default()
        except UserError:
            self.dossier = None  # a damaged dossier: the dossier page lets them choose
        self.setWindowTitle("Klein Initiatief")
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.wizard: DocumentWizard | None = None
        self.done_page: DonePage | None = None
        # The resident's use cases (queue, send, state moves) live below Qt, shared with the CLI.
        self.resident = ResidentService(catalog, clock, keyring_backend=os_keyring)
        use_qt_language(language)
        self.build()
        self.resize(1000, 760)
        # The outbox: what waits for internet goes by itself, checked every minute.
        self.send_timer = QTimer(self)
        self.send_timer.timeout.connect(self.send_due_items)
        self.send_timer.start(60_000)
        QTimer.singleShot(0, self.send_due_items)

    def w(self, key: str) -> str:
        return WORDS[self.language][key]

    # The open dossier's stores and folders; only used while a dossier is open.
    @property
    def paths(self) -> AppPaths:
        assert self.dossier is not None
        return self.dossier.paths

    @property
    def store(self) -> DraftStore:
        assert self.dossier is not None
        return self.dossier.drafts

    @property
    def attachments(self) -> AttachmentStore:
        assert self.dossier is not None
        return self.dossier.attachments

    def build(self) -> None:
        while self.stack.count():
            widget = self.stack.widget(0)
            if widget is None:
                break
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.wizard = self.done_page = None  # gone with the stack; made again when needed
        self.start = self._start_screen()
        self.chooser = self._chooser()
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

    def _start_screen(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = make_title(QLabel(self.w("heading")), 1.8)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        self.language_button = named_button(self.w("language"))
        self.language_button.clicked.connect(self.switch_language)
        top.addWidget(self.language_button)
        layout.addLayout(top)
        self.dossier_line = QLabel("")
        layout.addWidget(self.dossier_line)
        label = QLabel(self.w("mine"))
        self.documents = QListWidget()
        self.documents.setAccessibleName(self.w("mine"))
        label.setBuddy(self.documents)
        self.empty = QLabel(self.w("none"))
        layout.addWidget(label)
        layout.addWidget(self.empty)
        layout.addWidget(self.documents, 1)
        row = QHBoxLayout()
        self.new_button = named_button(self.w("new"))
        self.open_button = named_button(self.w("open"))
        self.delete_button = named_button(self.w("delete"))
        self.decision_button = named_button(self.w("decision"))
        self.new_button.clicked.connect(lambda: self.stack.setCurrentWidget(self.chooser))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.decision_button.clicked.connect(self.choose_decision)
        self.documents.itemActivated.connect(lambda _: self.open_selected())
        for button in (self.new_button, self.open_button, self.delete_button, self.decision_button):
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        tidy_row = QHBoxLayout()
        self.tidy_note = QLabel("")
        self.tidy_note.setWordWrap(True)
        self.tidy_button = named_button(self.w("tidy"))
        self.tidy_button.clicked.connect(self.tidy_up)
        tidy_row.addWidget(self.tidy_note, 1)
        tidy_row.addWidget(self.tidy_button)
        layout.addLayout(tidy_row)
        # Drafts this computer cannot open (unknown regeling, damaged): save or remove them.
        problem_row = QHBoxLayout()
        self.problem_note = QLabel(self.w("problem_note"))
        self.problem_note.setWordWrap(True)
        self.export_button = named_button(self.w("export"))
        self.export_button.clicked.connect(self.export_selected)
        problem_row.addWidget(self.problem_note, 1)
        problem_row.addWidget(self.export_button)
        layout.addLayout(problem_row)
        dossier_row = QHBoxLayout()
        other = named_button(self.w("other_dossier"))
        handover = named_button(self.w("handover_out"))
        wipe = named_button(self.w("wipe"))
        other.clicked.connect(self.show_dossiers)
        handover.clicked.connect(self.export_handover)
        wipe.clicked.connect(self.wipe_dossier)
        for button in (other, handover, wipe):
            dossier_row.addWidget(button)
        dossier_row.addStretch()
        layout.addLayout(dossier_row)
        # Officials reach their own window from here too (or: klein-initiatief behandelaar).
        # A row of its own, so the page still fits 1280 pixels at 200% font size.
        officials_row = QHBoxLayout()
        officials_row.addStretch()
        officials = named_button(self.w("officials"))
        officials.clicked.connect(self.open_officials)
        officials_row.addWidget(officials)
        layout.addLayout(officials_row)
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
        back = named_button(self.w("cancel"))
        back.clicked.connect(self.show_start)
        start = named_button(self.w("start"))
        start.clicked.connect(self.start_new)
        row.addWidget(back)
        row.addStretch()
        row.addWidget(start)
        layout.addLayout(row)
        return page

    def show_start(self) -> None:
        if self.dossier is None:
            self.show_dossiers()
            return
        self.dossier_line.setText(
            self.w("dossier").format(label=self.dossier.label or self.w("my_dossier"))
        )
        self.documents.clear()
        summaries = self.store.summaries(self.catalog.title_of)
        reports = {s.application_id: s for s in summaries if s.kind == "report"}
        sent_items = {item.bundle_id: item for item in self._outbox_items()}
        if sent_items:
            from desktop_app.submit.service import status_text
        ordered = []
        for summary in summaries:  # a report stands just above its application
            if summary.kind == "application":
                ordered += [s for s in (reports.get(summary.id), summary) if s is not None]
            elif summary.application_id not in {s.id for s in summaries}:
                ordered.append(summary)
        problems = 0
        for summary in ordered:
            title = summary.title or self.w("unnamed")
            if summary.kind == "report":
                title = self.w("report_of").format(title=title)
            key = (summary.regeling_id, summary.regeling_version)
            regeling = self.catalog.regelingen.get(key)
            if regeling is None:  # from --forms, a removed version, or a newer computer
                problems += 1
                why = self.w("unknown").format(id=key[0], version=key[1])
                item = QListWidgetItem(f"{title}\n{why}")
                item.setData(Qt.ItemDataRole.UserRole, summary.id)
                item.setData(PROBLEM_ROLE, ("unknown", str(self.store.path_for(summary.id)), why))
                self.documents.addItem(item)
                continue
            status = STATUS_LABELS[summary.status].get(self.language)
            hint = NEXT_STEP[summary.status].get(self.language)
            sending = sent_items.get(str(summary.id))
            if sending is not None:  # in the queue, sent (with its reference), or action needed
                hint = status_text(sending).get(self.language)
            if summary.id in reports:
                hint = self.w("see_report")
            item = QListWidgetItem(
                f"{title} — {regeling.name.get(self.language)} — {status}\n{hint}"
            )
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.documents.addItem(item)
        for unreadable in self.store.unreadable():
            problems += 1
            known = unreadable.regeling
            if known is not None and known not in self.catalog.regelingen:
                why = self.w("unknown").format(id=known[0], version=known[1])
            else:
                why = self.w("damaged").format(name=unreadable.path.name)
            item = QListWidgetItem(f"{self.w('unnamed')}\n{why}")
            item.setData(PROBLEM_ROLE, ("damaged", str(unreadable.path), why))
            self.documents.addItem(item)
        self.problem_note.setVisible(problems > 0)
        self.export_button.setVisible(problems > 0)
        has_any = self.documents.count() > 0
        self.empty.setVisible(not has_any)
        offers = self.tidy_offers()
        self.tidy_note.setText(
            self.w("tidy_note").format(n=len(offers), days=DEFAULT_DRAFT_DAYS) if offers else ""
        )
        self.tidy_note.setVisible(bool(offers))
        self.tidy_button.setVisible(bool(offers))
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
        # Once only: what the last application already said about who applies, offered to check.
        offered = self.resident.reusable_answers(self.dossier, regeling) if self.dossier else None
        if offered is not None:
            shown = "\n".join(f"• {line}" for line in offered.lines(regeling, self.language))
            question = self.w("reuse").format(title=offered.source_title or "…", answers=shown)
            if self._confirm(question, default_yes=True):
                document.answers = dict(offered.answers)
        self.store.save(document)
        self.open_document(document)

    def open_selected(self) -> None:
        item = self.documents.currentItem()
        if item is None:
            return
        problem = item.data(PROBLEM_ROLE)
        if problem:  # cannot be opened here: say why, and what can be done
            QMessageBox.information(self, "Klein Initiatief", problem[2])
            return
        try:
            stored = self.store.load_stored(item.data(Qt.ItemDataRole.UserRole))
            document = stored.document
            if stored.status == "decided":  # the next thing to do is its report
                report = self.store.report_of(document.id)
                if report is not None:
                    document = self.store.load(report.id)
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        if stored.status in ("draft", "report_draft", "decided"):
            self.open_document(document)
            return
        # Made already: show the files again rather than change a signed document.
        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        codec = self.dossier.codec if self.dossier is not None else None
        pdf, bundle = output_paths(self.paths, regeling, document, codec or PLAIN)
        self.show_done(
            Outputs(
                document,
                regeling,
                pdf,
                bundle,
                signed=True,
                unsigned_reason=None,
                status_known=False,
                codec=codec or PLAIN,
            )
        )

    def choose_decision(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.w("decision_title"), str(Path.home()), self.w("decision_filter")
        )
        if chosen:
            self.take_decision(Path(chosen))

    def take_decision(self, path: Path) -> None:
        """Check the decision, note it on the application, and open the report when granted."""
        try:
            data = read_decision_file(path)
            received = receive_decision(data, self.catalog, self.store, self.clock)
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        title = self.catalog.title_of(received.application) or self.w("unnamed")
        decision = received.decision
        # Not an accusation: the regeling names no key yet, so the app cannot check it.
        unchecked = "" if received.checked else UNCHECKABLE.message.get(self.language) + "\n\n"
        if received.report is None:
            text = self.w("rejected").format(title=title, reason=decision.reason.get(self.language))
            QMessageBox.information(self, "Klein Initiatief", unchecked + text)
            self.show_start()
            return
        amount = format_money(decision.granted_amount or Decimal(0), self.language)
        QMessageBox.information(
            self,
            "Klein Initiatief",
            unchecked + self.w("granted").format(title=title, amount=amount),
        )
        self.open_document(received.report)

    def open_document(self, document: Application | Report) -> None:
        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        context = EditorContext(self.attachments)
        self.wizard = DocumentWizard(
            regeling,
            document,
            self.store,
            self.clock,
            self.language,
            context,
            signer_defaults(self.store, regeling, document),
        )
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
        # Read before asking: while the question is open the list may be filled again (a
        # sending pass ends), which deletes this item.
        document_id = item.data(Qt.ItemDataRole.UserRole)
        problem = item.data(PROBLEM_ROLE)
        if not self._confirm(self.w("confirm").format(title=title.split("\n")[0])):
            return
        if document_id is not None:
            self.remove_documents([document_id])
        elif problem:
            assert self.dossier is not None
            self.dossier.remove_draft_file(Path(problem[1]))
        self.show_start()

    def export_selected(self) -> None:
        """Bestand bewaren: a draft this computer cannot open, saved where the resident
        chooses (decrypted when it still can be), e.g. for a computer that knows it."""
        item = self.documents.currentItem()
        problem = item.data(PROBLEM_ROLE) if item is not None else None
        if not problem:
            return
        source = Path(problem[1])
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.w("export_title"), str(Path.home() / source.name)
        )
        if chosen:
            self.export_draft_to(source, Path(chosen))

    def export_draft_to(self, source: Path, target: Path) -> None:
        try:
            write_atomic(target, self.store.export_bytes(source))
        except OSError:
            QMessageBox.warning(
                self, "Klein Initiatief", self.w("export_failed").format(folder=target.parent)
            )
            return
        QMessageBox.information(self, "Klein Initiatief", self.w("exported").format(path=target))

    def remove_documents(self, document_ids: list[uuid.UUID]) -> None:
        """Each with everything that belongs to it: PDF, bundle, attachments, outbox row,
        temp files, and an application's signing key."""
        assert self.dossier is not None
        keys_folder = self.paths.keys

        def forget_key(key_id: uuid.UUID) -> None:
            from desktop_app.documents.signing import SigningKeys

            try:
                SigningKeys(keys_folder, os_keyring()).forget(key_id)
            except UserError:
                log.warning("a signing key could not be removed from the keyring")

        done: set[uuid.UUID] = set()
        for document_id in document_ids:
            if document_id not in done:
                done |= set(self.dossier.remove_document(document_id, forget_key))

    def finish(self, document: Application | Report, block: SignatureBlock) -> None:
        """Ondertekenen en opslaan: PDF and bundle, made off the UI thread."""
        assert self.wizard is not None
        if self.wizard.busy:
            return  # pressed twice: one PDF is enough
        self.wizard.set_busy(True)
        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        paths, clock, store, attachments = self.paths, self.clock, self.store, self.attachments
        run_in_background(
            self,
            lambda: make_outputs(paths, clock, store, regeling, document, block, attachments),
            self.show_done,
            self.finish_failed,
        )

    def finish_failed(self, error: UserError) -> None:
        if self.wizard is not None:
            self.wizard.set_busy(False)
        QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))

    def show_done(self, outputs: Outputs) -> None:
        """Where the files are, whether they are signed, and what to do next."""
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        if self.done_page is not None:  # one done page at a time
            self.stack.removeWidget(self.done_page)
            self.done_page.deleteLater()
        page = DonePage(outputs, self.catalog, self.language, self.private_temp)
        page.back.connect(self.show_start)
        page.send_requested.connect(self.send)
        page.retry_requested.connect(self.retry)
        page.token_requested.connect(self.ask_token)
        page.show_submission(self._outbox_item(str(outputs.document.id)))
        self.done_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        (page.open_pdf if page.send.isHidden() else page.send).setFocus()

    # --- sending -------------------------------------------------------------------------

    @property
    def outbox(self) -> Outbox:
        """The open dossier's outbox (its own file, so wiping the dossier empties it too)."""
        assert self.dossier is not None
        return self.resident.outbox(self.dossier)

    def send(self, outputs: Outputs) -> None:
        """Versturen: into the outbox (kept even without internet), then try at once."""
        assert self.dossier is not None
        try:
            item = self.resident.queue(self.dossier, outputs.read_bundle())
        except OSError:
            QMessageBox.warning(self, "Klein Initiatief", self.w("bundle_gone"))
            return
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        self.send_now(item.bundle_id)

    def retry(self, bundle_id: str) -> None:
        self.outbox.retry_now(bundle_id, self.clock.now())
        self.send_now(bundle_id)

    def ask_token(self, item: OutboxItem) -> None:
        """The municipality's access code: asked once, kept only in the OS keyring."""
        from desktop_app.submit.service import save_token

        code = self._ask_passphrase(self.w("token_prompt"))
        if not code:
            return
        try:
            save_token(os_keyring(), item.endpoint, code.strip())
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        self.retry(item.bundle_id)

    def send_now(self, only: str | None = None) -> None:
        """One pass over the outbox, off the UI thread; the window stays usable. The service
        makes the state moves (queued → sent), exactly as `klein-initiatief outbox --send`."""
        dossier = self.dossier
        if dossier is None:
            return
        if self.done_page is not None and only is not None:
            self.done_page.set_sending()
        run_in_background(
            self,
            lambda: self.resident.send_due(dossier, only=only),
            lambda results: self.after_sending(dossier.id),
            lambda error: self.after_sending(dossier.id),
        )

    def send_due_items(self) -> None:
        """Every minute, and when a dossier opens: anything waiting goes when it can."""
        if self.dossier is not None and self.resident.has_due(self.dossier):
            self.send_now()

    def _outbox_item(self, bundle_id: str) -> OutboxItem | None:
        return self.resident.outbox_item(self.dossier, bundle_id) if self.dossier else None

    def _outbox_items(self) -> list[OutboxItem]:
        return self.resident.outbox_items(self.dossier) if self.dossier else []

    def after_sending(self, dossier_id: uuid.UUID) -> None:
        if self.dossier is None or self.dossier.id != dossier_id:
            return  # the dossier was closed meanwhile; the outbox keeps the outcome
        current = self.stack.currentWidget()
        if current is self.done_page and self.done_page is not None:
            self.done_page.show_submission(
                self._outbox_item(str(self.done_page.outputs.document.id))
            )
        elif current is self.start:
            self.show_start()

    def open_officials(self) -> None:
        """The officials' window, on the case store in this computer's data folder."""
        from desktop_app.ui.officials_window import make_officials_window

        self.officials_window = make_officials_window(
            self.root_paths.root / "behandelaar", self.language, self.catalog, self.clock
        )
        self.officials_window.show()
        self.officials_window.activateWindow()

    # --- retention ----------------------------------------------------------------------

    def tidy_offers(self) -> list[tuple[DraftSummary, str]]:
        """Drafts untouched for long, and documents that need nothing more: with why."""
        title_of = self.catalog.title_of
        stale = stale_drafts(self.store, self.clock.now(), DEFAULT_DRAFT_DAYS, title_of)
        offers = [
            (s, self.w("tidy_stale").format(date=format_value(s.updated_at.date(), self.language)))
            for s in stale
        ]
        return offers + [(s, self.w("tidy_done")) for s in finished(self.store, title_of)]

    def tidy_up(self) -> None:
        offers = self.tidy_offers()
        if not offers:
            return
        items = "\n".join(
            f"- {summary.title or self.w('unnamed')} ({why})" for summary, why in offers
        )
        if not self._confirm(self.w("tidy_confirm").format(items=items)):
            return
        self.remove_documents([summary.id for summary, _ in offers])
        self.show_start()

    # --- dossiers ------------------------------------------------------------------------

    def show_dossiers(self) -> None:
        """Close the open dossier (a protected one needs its passphrase again) and choose."""
        self.dossier = None
        self.private_temp.clear()  # decrypted PDFs being read: gone with the dossier
        self.dossier_page.fill()
        self.stack.setCurrentWidget(self.dossier_page)

    def show_new_dossier(self) -> None:
        # On a computer that already has someone else's dossier, suggest protecting this one.
        self.new_dossier_page.fill(shared=bool(self.dossiers.list()))
        self.stack.setCurrentWidget(self.new_dossier_page)

    def use_dossier(self, dossier: OpenDossier) -> None:
        self.dossier = dossier
        self.show_start()
        self.send_due_items()

    def _forget_keys(self, dossier_id: uuid.UUID) -> None:
        """Signing keys of a dossier: keyring passphrases and key files, before anything else."""
        forget_keys_in(self.dossiers.folder / str(dossier_id) / "keys")

    def wipe_dossier(self) -> None:
        """Verwijder mijn gegevens van deze computer."""
        if self.dossier is None:
            return
        label = self.dossier.label or self.w("my_dossier")
        if not self._confirm(self.w("wipe_confirm").format(label=label)):
            return
        try:
            self.dossiers.wipe(self.dossier.id, self._forget_keys)
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        QMessageBox.information(self, "Klein Initiatief", self.w("wiped"))
        self.show_dossiers()

    def free_computer(self) -> None:
        """Deze computer vrijgeven: every dossier, and what the app keeps outside them."""
        if not self._confirm(self.w("free_confirm")):
            return
        try:
            self.dossiers.wipe_all(self._forget_keys)
            forget_keys_in(self.root_paths.keys)
            clear_outside_dossiers(self.root_paths)
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        QMessageBox.information(self, "Klein Initiatief", self.w("freed"))
        self.show_dossiers()

    def _confirm(self, text: str, default_yes: bool = False) -> bool:
        """Ja/Nee; Nee is the default (Enter), so a destructive step needs a deliberate Ja."""
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, "Klein Initiatief", text, buttons, default)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_passphrase(self, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, "Klein Initiatief", prompt, QLineEdit.EchoMode.Password
        )
        return text if ok else None

    def export_handover(self) -> None:
        """One encrypted file with this dossier, for a USB stick or e-mail."""
        if self.dossier is None:
            return
        dialog = PassphraseDialog(self, self.language, self.w("handover_pin"))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        passphrase = dialog.passphrase
        dialog.deleteLater()
        if not accepted:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.w("handover_save"),
            str(Path.home() / "dossier.kioverdracht"),
            self.w("handover_filter"),
        )
        if not chosen:
            return
        try:
            data = self.dossiers.export_handover_checked(self.dossier, passphrase)
            write_handover(Path(chosen), data)
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        QMessageBox.information(
            self, "Klein Initiatief", self.w("handover_done").format(path=chosen)
        )

    def import_handover(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.w("handover_open"), str(Path.home()), self.w("handover_filter")
        )
        if not chosen:
            return
        passphrase = self._ask_passphrase(self.w("handover_pin_in"))
        if passphrase is None:
            return
        try:
            dossier = self.dossiers.import_handover(read_handover(Path(chosen)), passphrase)
        except UserError as error:
            QMessageBox.warning(self, "Klein Initiatief", error.message.get(self.language))
            return
        self.use_dossier(dossier)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.private_temp.clear()  # no decrypted PDF stays behind when the app closes
        super().closeEvent(event)

    def switch_language(self) -> None:
        self.language = "en" if self.language == "nl" else "nl"
        use_qt_language(self.language)
        self.build()


def os_keyring() -> Any:
    """The OS keyring's backend, or None when there is none at all."""
    import keyring

    try:
        return keyring.get_keyring()
    except Exception:  # a broken keyring set-up: treated as no keyring
        return None


def forget_keys_in(folder: Path) -> None:
    """Destroy the signing keys in ``folder``, with their passphrases in the keyring (with no
    keyring at all, nothing of ours can be in it)."""
    from desktop_app.documents.signing import forget_all_keys

    forget_all_keys(folder, os_keyring())


def load_style(app: QCoreApplication) -> None:
    """The style sheet (large buttons, focus ring, message colours), wherever the app runs from."""
    style = shipped("resources", "style.qss")
    if not isinstance(app, QApplication):  # style sheets are for widgets
        return
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    else:
        log.warning("Style sheet not found at %s; the window uses Qt's plain look", style)


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
    QTimer.singleShot(500, warm_in_background)  # the PDF stack, once the start screen is shown
    return app.exec()
