"""Dossiers on a shared computer: choose one and unlock it with its passphrase, or make a new
one (the app proposes a passphrase of four ordinary words). At home (one dossier without a
passphrase) nobody sees these pages."""

from __future__ import annotations

import uuid

from babel.dates import format_date, format_time
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import UserError
from desktop_app.storage.dossiers import DossierStore, OpenDossier
from desktop_app.storage.passphrase import TOO_WEAK, is_strong, propose
from desktop_app.ui.editors import make_title
from desktop_app.ui.widgets import named_button, wrapped_text
from desktop_app.ui.wizard import scrolled

WORDS = {
    "nl": {
        "title": "Dossiers op deze computer",
        "intro": "Elk initiatief heeft een eigen dossier. Kies uw dossier en vul uw wachtwoord "
        "in. Anderen kunnen uw dossier niet openen.",
        "list": "Kies uw dossier",
        "protected": "Beveiligd dossier, gemaakt op {date} om {time}",
        "plain": "{label} (zonder wachtwoord), gemaakt op {date} om {time}",
        "unnamed": "Mijn dossier",
        "passphrase": "Wachtwoord",
        "open": "&Openen",
        "new": "&Nieuw dossier",
        "handover_in": "Overdracht &inlezen…",
        "free": "Deze computer &vrijgeven",
        "new_title": "Nieuw dossier",
        "new_intro": "Een dossier houdt de gegevens van één initiatief bij elkaar.",
        "name": "Naam van uw initiatief",
        "shared": "Dit is een gedeelde computer (bijvoorbeeld in een buurthuis)",
        "shared_help": "Kies dan een wachtwoord. Alleen wie dat weet, kan het dossier openen. "
        "Een pincode is te makkelijk te raden. Neem ons voorstel van vier woorden, of kies zelf "
        "een zin van minstens vier gewone woorden. Schrijf het op: zonder wachtwoord kan "
        "niemand uw gegevens terughalen.",
        "proposal": "Ons voorstel voor uw wachtwoord. Schrijf het op:",
        "another": "Ander &voorstel",
        "use": "Voorstel &gebruiken",
        "pin": "Kies een wachtwoord",
        "pin_again": "Herhaal het wachtwoord",
        "create": "Dossier &maken",
        "back": "&Terug",
        "no_match": "De twee wachtwoorden zijn niet gelijk. Vul ze opnieuw in.",
        "need_name": "Vul de naam van uw initiatief in.",
        "choose_first": "Kies eerst een dossier in de lijst.",
        "ok": "&Verder",
    },
    "en": {
        "title": "Dossiers on this computer",
        "intro": "Each initiative has its own dossier. Choose yours and enter your passphrase. "
        "Others cannot open your dossier.",
        "list": "Choose your dossier",
        "protected": "Protected dossier, made on {date} at {time}",
        "plain": "{label} (no passphrase), made on {date} at {time}",
        "unnamed": "My dossier",
        "passphrase": "Passphrase",
        "open": "&Open",
        "new": "&New dossier",
        "handover_in": "&Read a hand-over file…",
        "free": "&Clear this computer",
        "new_title": "New dossier",
        "new_intro": "A dossier keeps the data of one initiative together.",
        "name": "Name of your initiative",
        "shared": "This is a shared computer (for example in a community centre)",
        "shared_help": "Then choose a passphrase. Only who knows it can open the dossier. A PIN "
        "is too easy to guess. Take our proposal of four words, or choose a phrase of at least "
        "four ordinary words yourself. Write it down: without it nobody can get your data back.",
        "proposal": "Our proposal for your passphrase. Write it down:",
        "another": "Another &proposal",
        "use": "&Use the proposal",
        "pin": "Choose a passphrase",
        "pin_again": "Repeat the passphrase",
        "create": "&Make dossier",
        "back": "&Back",
        "no_match": "The two passphrases are not the same. Please enter them again.",
        "need_name": "Please fill in the name of your initiative.",
        "choose_first": "First choose a dossier in the list.",
        "ok": "&Continue",
    },
}


def page_layout(page: QWidget, title: str, intro: str) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.addWidget(make_title(QLabel(title), 1.6))
    layout.addWidget(wrapped_text(intro))
    return layout


def labelled_edit(layout: QVBoxLayout, text: str, secret: bool = False) -> QLineEdit:
    """A visible label with its field; the field's accessible name is the label's text."""
    label = QLabel(text)
    label.setWordWrap(True)
    edit = QLineEdit()
    edit.setAccessibleName(text)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    label.setBuddy(edit)
    layout.addWidget(label)
    layout.addWidget(edit)
    return edit


def message_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setProperty("role", "message")
    label.setProperty("severity", "blocking")
    label.hide()
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
    if text:
        label.setFocus()  # read out at once by a screen reader


class PassphraseProposal(QWidget):
    """Four ordinary words, shown large to write down, with a button for another proposal
    and one that puts it in the passphrase field (typed again in the second field: so the
    resident has it on paper, not only on the screen)."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(words["proposal"])
        intro.setWordWrap(True)
        self.shown = make_title(QLabel(""), 2.0)
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        intro.setBuddy(self.shown)
        self.shown.setAccessibleName(words["proposal"])
        row = QHBoxLayout()
        self.another_button = named_button(words["another"])
        self.use_button = named_button(words["use"])
        row.addWidget(self.another_button)
        row.addWidget(self.use_button)
        row.addStretch()
        for widget in (intro, self.shown):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.another_button.clicked.connect(self.renew)
        self.renew()

    @property
    def text(self) -> str:
        return self.shown.text()

    def renew(self) -> None:
        self.shown.setText(propose())
        self.shown.setAccessibleDescription(self.shown.text())

    def use_in(self, first: QLineEdit, second: QLineEdit) -> None:
        first.setText(self.text)
        second.clear()
        second.setFocus()


class DossierPage(QWidget):
    """Which dossier? Unlocks the chosen one; offers a new one, a hand-over file, a wipe."""

    opened = Signal(object)  # OpenDossier
    new_requested = Signal()
    handover_requested = Signal()
    free_requested = Signal()

    def __init__(self, store: DossierStore, language: str) -> None:
        super().__init__()
        self.store, self.language = store, language
        words = WORDS[language]
        self.words = words
        layout = page_layout(self, words["title"], words["intro"])
        list_label = QLabel(words["list"])
        self.dossiers = QListWidget()
        self.dossiers.setAccessibleName(words["list"])
        list_label.setBuddy(self.dossiers)
        layout.addWidget(list_label)
        layout.addWidget(self.dossiers, 1)
        self.passphrase = labelled_edit(layout, words["passphrase"], secret=True)
        self.message = message_label()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.open_button = named_button(words["open"])
        self.new_button = named_button(words["new"])
        self.handover_button = named_button(words["handover_in"])
        self.free_button = named_button(words["free"])
        for button in (self.open_button, self.new_button, self.handover_button):
            row.addWidget(button)
        row.addStretch()
        row.addWidget(self.free_button)
        layout.addLayout(row)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_chosen)
        self.passphrase.returnPressed.connect(self.open_chosen)
        self.dossiers.itemActivated.connect(lambda _: self._after_choice())
        self.dossiers.currentItemChanged.connect(lambda *_: self._after_choice(focus=False))
        self.new_button.clicked.connect(self.new_requested)
        self.handover_button.clicked.connect(self.handover_requested)
        self.free_button.clicked.connect(self.free_requested)

    def fill(self) -> None:
        self.dossiers.clear()
        self.passphrase.clear()
        show_message(self.message, "")
        locale = "nl_NL" if self.language == "nl" else "en_GB"
        for info in self.store.list():
            # Date and time: on a shared computer that is how residents tell theirs apart.
            date = format_date(info.created_at.date(), "long", locale=locale)
            time = format_time(info.created_at, "HH:mm", locale=locale)
            if info.protected:
                text = self.words["protected"].format(date=date, time=time)
            else:
                label = info.label or self.words["unnamed"]
                text = self.words["plain"].format(label=label, date=date, time=time)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (str(info.id), info.protected))
            self.dossiers.addItem(item)
        if self.dossiers.count():
            self.dossiers.setCurrentRow(self.dossiers.count() - 1)  # the newest first to hand
            self.dossiers.setFocus()
        else:
            self.new_button.setFocus()
        self._after_choice(focus=False)

    def _chosen(self) -> tuple[uuid.UUID, bool] | None:
        item = self.dossiers.currentItem()
        if item is None:
            return None
        dossier_id, protected = item.data(Qt.ItemDataRole.UserRole)
        return uuid.UUID(dossier_id), protected

    def _after_choice(self, focus: bool = True) -> None:
        chosen = self._chosen()
        protected = chosen is not None and chosen[1]
        self.passphrase.setEnabled(protected)
        if focus:
            if protected:
                self.passphrase.setFocus()
            else:
                self.open_chosen()

    def open_chosen(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            show_message(self.message, self.words["choose_first"])
            return
        dossier_id, protected = chosen
        try:
            dossier = self.store.open(dossier_id, self.passphrase.text() if protected else None)
        except UserError as error:
            self.passphrase.clear()
            show_message(self.message, error.message.get(self.language))
            return
        self.passphrase.clear()
        self.opened.emit(dossier)


class NewDossierPage(QWidget):
    """Name of the initiative; on a shared computer a passphrase or PIN, typed twice."""

    created = Signal(object)  # OpenDossier
    cancelled = Signal()

    def __init__(self, store: DossierStore, language: str) -> None:
        super().__init__()
        self.store, self.language = store, language
        words = WORDS[language]
        self.words = words
        # Scrolls: with the proposal shown, the page is taller than 800 pixels at 200% font.
        inner = QWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(inner))
        layout = page_layout(inner, words["new_title"], words["new_intro"])
        self.name = labelled_edit(layout, words["name"])
        self.shared = QCheckBox(words["shared"])
        self.shared.setAccessibleName(words["shared"])
        help_text = words["shared_help"]
        self.shared.setAccessibleDescription(help_text)
        layout.addWidget(self.shared)
        self.shared_help = QLabel(help_text)
        self.shared_help.setWordWrap(True)
        self.shared_help.setProperty("role", "help")
        layout.addWidget(self.shared_help)
        self.proposal = PassphraseProposal(words)
        layout.addWidget(self.proposal)
        self.pin = labelled_edit(layout, words["pin"], secret=True)
        self.pin_again = labelled_edit(layout, words["pin_again"], secret=True)
        self.proposal.use_button.clicked.connect(
            lambda: self.proposal.use_in(self.pin, self.pin_again)
        )
        self.message = message_label()
        layout.addWidget(self.message)
        layout.addStretch()
        row = QHBoxLayout()
        back = named_button(words["back"])
        self.create_button = named_button(words["create"])
        row.addWidget(back)
        row.addStretch()
        row.addWidget(self.create_button)
        layout.addLayout(row)
        back.clicked.connect(self.cancelled)
        self.create_button.clicked.connect(self.create_dossier)
        self.shared.toggled.connect(self._show_pin)
        self.pin_again.returnPressed.connect(self.create_dossier)

    def fill(self, shared: bool) -> None:
        for edit in (self.name, self.pin, self.pin_again):
            edit.clear()
        show_message(self.message, "")
        self.proposal.renew()
        self.shared.setChecked(shared)
        self._show_pin(shared)
        self.name.setFocus()

    def _show_pin(self, shared: bool) -> None:
        for widget in (self.shared_help, self.proposal, self.pin, self.pin_again):
            widget.setVisible(shared)
        for label in self.findChildren(QLabel):
            if label.buddy() in (self.pin, self.pin_again):
                label.setVisible(shared)

    def create_dossier(self) -> None:
        name = self.name.text().strip()
        if not name:
            show_message(self.message, self.words["need_name"])
            return
        passphrase = None
        if self.shared.isChecked():
            if self.pin.text() != self.pin_again.text():
                self.pin.clear()
                self.pin_again.clear()
                show_message(self.message, self.words["no_match"])
                return
            passphrase = self.pin.text()
        try:
            dossier: OpenDossier = self.store.create(name, passphrase)
        except UserError as error:
            show_message(self.message, error.message.get(self.language))
            return
        self.pin.clear()
        self.pin_again.clear()
        self.created.emit(dossier)


class PassphraseDialog(QDialog):
    """A new passphrase (for a hand-over file): the proposal, typed twice, strong enough."""

    def __init__(self, parent: QWidget | None, language: str, intro: str) -> None:
        super().__init__(parent)
        self.language = language
        words = WORDS[language]
        self.words = words
        self.setWindowTitle("Klein Initiatief")
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped_text(intro))
        self.proposal = PassphraseProposal(words)
        layout.addWidget(self.proposal)
        self.pin = labelled_edit(layout, words["pin"], secret=True)
        self.pin_again = labelled_edit(layout, words["pin_again"], secret=True)
        self.message = message_label()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        back = named_button(words["back"])
        self.ok_button = named_button(words["ok"])
        row.addWidget(back)
        row.addStretch()
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.ok_button.setDefault(True)
        back.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.check_and_accept)
        self.proposal.use_button.clicked.connect(
            lambda: self.proposal.use_in(self.pin, self.pin_again)
        )

    @property
    def passphrase(self) -> str:
        return self.pin.text()

    def check_and_accept(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self.pin_again.clear()
            show_message(self.message, self.words["no_match"])
            return
        if not is_strong(self.pin.text()):
            show_message(self.message, TOO_WEAK.get(self.language))
            return
        self.accept()
