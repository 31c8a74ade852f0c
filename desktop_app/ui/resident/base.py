"""What the window's parts (document_flow, dossier_actions, sending) share: the window's state
and the few moves each may call on the others. MainWindow (window.py) sets it all up."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QPushButton, QStackedWidget

from desktop_app.core.clock import Clock, today
from desktop_app.core.language import Language
from desktop_app.resident.service import AppPaths, PrivateTemp, ResidentService
from desktop_app.ui.resident.start_page import StartPage
from desktop_app.ui.resident.words import WORDS

if TYPE_CHECKING:  # loaded after the first paint (issue 20): the start screen needs none
    from desktop_app.core.loader import Catalog
    from desktop_app.resident.service import (
        AttachmentStore,
        DossierStore,
        DraftStore,
        OpenDossier,
        OutboxItem,
        Outputs,
    )
    from desktop_app.ui.done_page import DonePage
    from desktop_app.ui.resident.chooser import ChooserPage
    from desktop_app.ui.resident.dossier_list import DossierPage
    from desktop_app.ui.resident.new_dossier import NewDossierPage
    from desktop_app.ui.wizard import DocumentWizard


class WindowBase(QMainWindow):
    root_paths: AppPaths
    catalog: Catalog
    clock: Clock
    language: Language
    private_temp: PrivateTemp
    dossiers: DossierStore
    dossier: OpenDossier | None
    resident: ResidentService
    stack: QStackedWidget
    wizard: DocumentWizard | None
    done_page: DonePage | None
    start: StartPage
    chooser: ChooserPage
    dossier_page: DossierPage
    new_dossier_page: NewDossierPage

    def w(self, key: str) -> str:
        return WORDS[self.language][key]

    def today(self) -> dt.date:
        return today(self.clock)

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

    # What is on the start screen, by the names tests and the pages have always used.
    @property
    def documents(self) -> QListWidget:
        return self.start.documents

    @property
    def dossier_line(self) -> QLabel:
        return self.start.dossier_line

    @property
    def tidy_note(self) -> QLabel:
        return self.start.tidy_note

    @property
    def export_button(self) -> QPushButton:
        return self.start.export_button

    # Moves one part calls on another (each defined once, in its own module).
    def show_start(self) -> None:
        raise NotImplementedError

    def show_dossiers(self) -> None:
        raise NotImplementedError

    def send(self, outputs: Outputs) -> None:
        raise NotImplementedError

    def retry(self, bundle_id: str) -> None:
        raise NotImplementedError

    def ask_token(self, item: OutboxItem) -> None:
        raise NotImplementedError

    def send_due_items(self) -> None:
        raise NotImplementedError

    def _outbox_item(self, bundle_id: str) -> OutboxItem | None:
        raise NotImplementedError
