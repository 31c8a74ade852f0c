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
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.documents import Report
from desktop_app.core.i18n import N_, Words
from desktop_app.core.loader import Catalog
from desktop_app.resident.service import (
    OutboxItem,
    Outputs,
    PrivateTemp,
    mail_draft,
    mailto_url,
    printable_receipt,
    save_copy,
    submission_status,
)
from desktop_app.ui.editors import make_title
from desktop_app.ui.widgets import named_button, wrapped_text

WORDS = Words(
    {
        "title_application": N_("Uw aanvraag is klaar"),
        "title_report": N_("Uw verslag is klaar"),
        "saved": N_("De app heeft twee bestanden gemaakt en opgeslagen:"),
        "pdf": N_("PDF om te lezen en te bewaren: {path}"),
        "bundle": N_("Bundel voor de gemeente: {path}"),
        "sealed_here": N_(
            "De PDF en de bundel staan versleuteld in uw dossier. Zonder uw wachtwoord kan "
            "niemand ze lezen. Met 'PDF openen' leest u de PDF; met 'Kopie opslaan' zet u de "
            "bestanden op een plek die u kiest."
        ),
        "no_pdf": N_(
            "De PDF zit alleen in de versleutelde bundel voor de gemeente. Hij blijft niet op "
            "deze computer staan. Wilt u hem bewaren? Kies dan nu 'Kopie opslaan'."
        ),
        "signed": N_(
            "De bestanden zijn digitaal ondertekend. Zo ziet de gemeente dat er na het "
            "ondertekenen niets is veranderd."
        ),
        "unsigned": N_("Let op: de bestanden zijn niet digitaal ondertekend. {why}"),
        "next": N_("Wat nu?"),
        "open_pdf": N_("&PDF openen"),
        "open_folder": N_("&Map openen"),
        "overview": N_("Naar het &overzicht"),
        "copy": N_("&Kopie opslaan…"),
        "copy_title": N_("Waar wilt u een kopie van de PDF en de bundel bewaren?"),
        "copied": N_("Kopie opgeslagen in {folder}."),
        "copy_failed": N_("De kopie kon niet worden opgeslagen in {folder}. Kies een andere map."),
        "send": N_("&Versturen"),
        "send_intro": N_(
            "U kunt de bundel nu digitaal naar de gemeente versturen. Heeft u geen internet? "
            "Dan blijft hij in de wachtrij en gaat hij vanzelf weg zodra er internet is."
        ),
        "retry": N_("&Opnieuw proberen"),
        "receipt": N_("Ontvangst&bewijs opslaan…"),
        "receipt_title": N_("Waar wilt u het ontvangstbewijs bewaren?"),
        "receipt_saved": N_("Ontvangstbewijs opgeslagen: {path}"),
        "sending": N_("Bezig met versturen…"),
        "token": N_("&Toegangscode invullen…"),
        "mail": N_("&E-mail opstellen"),
        "mail_intro": N_(
            "U kunt de bestanden per e-mail sturen naar {address}. Kies 'E-mail opstellen': uw "
            "e-mailprogramma opent een nieuwe e-mail met het adres, het onderwerp en een korte "
            "tekst. De map met de bestanden gaat ook open. Sleep de PDF en de bundel naar de "
            "e-mail en verstuur hem."
        ),
        "mail_sealed": N_(
            "Uw bestanden staan versleuteld in uw dossier. Sla eerst met 'Kopie opslaan' een "
            "kopie op en voeg die bestanden toe aan de e-mail."
        ),
        "mail_illustrative": N_(
            "Let op: dit e-mailadres is een voorbeeld. De gemeente heeft het nog niet "
            "bevestigd. Vraag het na voordat u de e-mail verstuurt."
        ),
    }
)


# The municipality asks for an access code (none in the keyring yet, or a wrong one).
TOKEN_CODES = ("submit.token_missing", "submit.http_401")


class DonePage(QWidget):
    back = Signal()
    send_requested = Signal(object)  # Outputs
    retry_requested = Signal(str)  # bundle id
    token_requested = Signal(object)  # OutboxItem: the municipality wants an access code

    def __init__(
        self,
        outputs: Outputs,
        catalog: Catalog,
        language: str,
        private_temp: PrivateTemp | None = None,
    ) -> None:
        super().__init__()
        self.outputs, self.language = outputs, language
        # Where a sealed PDF is decrypted to be read (emptied when the dossier closes).
        self.private_temp = private_temp or PrivateTemp()
        self.item: OutboxItem | None = None
        self.words = words = WORDS[language]
        is_report = isinstance(outputs.document, Report)
        layout = QVBoxLayout(self)
        layout.addWidget(make_title(words["title_report" if is_report else "title_application"]))
        layout.addWidget(wrapped_text(words["saved"]))
        if outputs.sealed_here:
            layout.addWidget(wrapped_text(words["sealed_here"]))
        else:
            if outputs.pdf is not None:
                layout.addWidget(wrapped_text(words["pdf"].format(path=outputs.pdf)))
            layout.addWidget(wrapped_text(words["bundle"].format(path=outputs.bundle)))
        if outputs.pdf is None:
            layout.addWidget(wrapped_text(words["no_pdf"]))
        if outputs.status_known and outputs.signed:
            layout.addWidget(wrapped_text(words["signed"]))
        elif outputs.status_known:
            why = outputs.unsigned_reason.get(language) if outputs.unsigned_reason else ""
            warning = wrapped_text(words["unsigned"].format(why=why))
            warning.setProperty("role", "message")
            warning.setProperty("severity", "warning")
            layout.addWidget(warning)
        layout.addWidget(make_title(words["next"], 1.2))
        # Send digitally when the regeling names an intake address and the bundle can go as
        # it is; otherwise the regeling says how to hand it in.
        # A bundle sealed to the municipality (encryption_keys) is not sent: see docs/intake.md.
        regeling = outputs.regeling
        self.can_send = regeling.submission.endpoint is not None and not regeling.encryption_keys
        how = outputs.regeling.submission.how_to_hand_in.get(language)
        self.next_step = wrapped_text(words["send_intro"] if self.can_send else how)
        layout.addWidget(self.next_step)
        self.send_state = wrapped_text("")
        self.send_state.setProperty("role", "message")
        self.send_state.hide()
        layout.addWidget(self.send_state)
        # Handing in by e-mail, where the regeling gives an address: a ready e-mail.
        pdf_name, bundle_name = outputs.names
        kept = outputs.pdf is not None or outputs.pdf_bytes is not None
        self.mail_draft = mail_draft(
            regeling, outputs.document, [pdf_name, bundle_name] if kept else [bundle_name], language
        )
        self.mail_texts: list[QLabel] = []
        if self.mail_draft is not None:
            texts = [words["mail_intro"].format(address=self.mail_draft.address)]
            if outputs.sealed_here:
                texts.append(words["mail_sealed"])
            for text in texts:
                self.mail_texts.append(wrapped_text(text))
            if self.mail_draft.illustrative:
                note = wrapped_text(words["mail_illustrative"])
                note.setProperty("role", "message")
                note.setProperty("severity", "warning")
                self.mail_texts.append(note)
            for label in self.mail_texts:
                layout.addWidget(label)
        self.receipt_text = wrapped_text("")
        self.receipt_text.hide()
        layout.addWidget(self.receipt_text)
        self.action_row = QHBoxLayout()
        self.open_pdf = named_button(words["open_pdf"])
        self.open_pdf.clicked.connect(self.show_pdf)
        self.open_folder = named_button(words["open_folder"])
        self.open_folder.clicked.connect(lambda: self._open(outputs.bundle.parent))
        self.overview = named_button(words["overview"])
        self.overview.clicked.connect(self.back.emit)
        self.copy = named_button(words["copy"])
        self.copy.clicked.connect(self.save_copy)
        self.copy_result = wrapped_text("")
        self.copy_result.hide()
        layout.addWidget(self.copy_result)
        self.send = named_button(words["send"])
        self.send.clicked.connect(self._send_clicked)
        self.save_receipt = named_button(words["receipt"])
        self.save_receipt.clicked.connect(self.choose_receipt_file)
        self.token = named_button(words["token"])
        self.token.clicked.connect(lambda: self.token_requested.emit(self.item))
        self.mail = named_button(words["mail"])
        self.mail.clicked.connect(self.write_mail)
        self.mail.setVisible(self.mail_draft is not None)
        for button in (
            self.send,
            self.mail,
            self.token,
            self.open_pdf,
            self.open_folder,
            self.copy,
            self.save_receipt,
        ):
            self.action_row.addWidget(button)
        self.send.setVisible(self.can_send)
        self.send.setDefault(self.can_send)  # drawn as the main action: the next thing to do
        self.save_receipt.hide()
        self.token.hide()
        # A sealed folder shows nothing readable; a PDF not kept here cannot be opened later.
        self.open_folder.setVisible(not outputs.sealed_here)
        self.open_pdf.setVisible(outputs.pdf is not None or outputs.pdf_bytes is not None)
        self.action_row.addStretch()
        self.action_row.addWidget(self.overview)
        layout.addStretch()
        layout.addLayout(self.action_row)

    def write_mail(self) -> None:
        """The resident's own e-mail program with the ready e-mail, and the folder with the
        files beside it (a mailto: URL cannot carry a file)."""
        if self.mail_draft is None:
            return
        QDesktopServices.openUrl(QUrl(mailto_url(self.mail_draft), QUrl.ParsingMode.StrictMode))
        if not self.outputs.sealed_here:
            self._open(self.outputs.bundle.parent)

    def _send_clicked(self) -> None:
        if self.item is not None and self.item.state in ("attention", "queued"):
            self.retry_requested.emit(self.item.bundle_id)
        else:
            self.send_requested.emit(self.outputs)

    def set_sending(self) -> None:
        self.send.setEnabled(False)
        self.send_state.setText(self.words["sending"])
        self.send_state.setProperty("severity", "info")
        self.send_state.style().polish(self.send_state)
        self.send_state.show()

    def show_submission(self, item: OutboxItem | None) -> None:
        """What the outbox knows: in the queue, sent with its receipt, or what needs doing."""
        self.item = item
        self.send.setEnabled(True)
        if item is None:
            return
        self.send_state.setText(submission_status(item).get(self.language))
        severity = {"attention": "warning", "sent": "ok"}.get(item.state, "info")
        self.send_state.setProperty("severity", severity)
        self.send_state.style().polish(self.send_state)
        self.send_state.show()
        sent = item.state == "sent"
        self.token.setVisible(item.state == "attention" and item.last_error_code in TOKEN_CODES)
        self.send.setVisible(self.can_send and not sent)
        self.send.setText(self.words["retry" if item.state == "attention" else "send"])
        self.send.setAccessibleName(self.send.text().replace("&", ""))
        receipt = printable_receipt(item) if sent else None
        self.receipt_text.setText(receipt.get(self.language) if receipt else "")
        self.receipt_text.setVisible(receipt is not None)
        self.save_receipt.setVisible(receipt is not None)
        if sent:
            self.next_step.hide()

    def choose_receipt_file(self) -> None:
        start = Path.home() / f"ontvangstbewijs-{self.item.reference if self.item else ''}.txt"
        chosen, _ = QFileDialog.getSaveFileName(self, self.words["receipt_title"], str(start))
        if chosen:
            self.receipt_to(Path(chosen))

    def receipt_to(self, path: Path) -> None:
        """Plain text: opens and prints anywhere, and keeps."""
        try:
            save_copy(path, self.receipt_text.text().encode("utf-8"))
            message = self.words["receipt_saved"].format(path=path)
        except OSError:
            message = self.words["copy_failed"].format(folder=path.parent)
        self.copy_result.setText(message)
        self.copy_result.show()

    def save_copy(self) -> None:
        """The files live in the app's own folder; a resident wants them somewhere known."""
        folder = QFileDialog.getExistingDirectory(self, self.words["copy_title"], str(Path.home()))
        if not folder:
            return
        self.copy_to(Path(folder))

    def copy_to(self, folder: Path) -> None:
        """Plain copies (decrypted from the dossier) in the folder the resident chose."""
        pdf_name, bundle_name = self.outputs.names
        try:
            pdf = self.outputs.read_pdf()
            if pdf is not None:
                save_copy(folder / pdf_name, pdf)
            save_copy(folder / bundle_name, self.outputs.read_bundle())
            self.copy_result.setText(self.words["copied"].format(folder=folder))
        except OSError:
            self.copy_result.setText(self.words["copy_failed"].format(folder=folder))
        self.copy_result.show()

    def pdf_to_show(self) -> Path | None:
        """The file a PDF viewer opens: the PDF itself in a plain dossier; otherwise a
        decrypted copy in the private temp folder (0600 in 0700, removed when the dossier
        closes or the app quits)."""
        if not self.outputs.sealed_here and self.outputs.pdf is not None:
            return self.outputs.pdf
        try:
            pdf = self.outputs.read_pdf()
            return None if pdf is None else self.private_temp.write(self.outputs.names[0], pdf)
        except OSError:
            return None

    def show_pdf(self) -> None:
        path = self.pdf_to_show()
        if path is not None:
            self._open(path)

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
