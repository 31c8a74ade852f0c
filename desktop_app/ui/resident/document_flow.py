"""The window's part for documents: start one, open one (a draft at the page it was left at,
a made one as its files), delete, tidy, save an unreadable one, read a decision and start its
report, and sign (PDF and bundle off the UI thread). The use cases are the resident service's;
this only asks, shows and routes."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from desktop_app.core.errors import UserError
from desktop_app.resident.service import CHECK_PAGE, SIGN_PAGE
from desktop_app.ui.background import run_in_background
from desktop_app.ui.resident.base import WindowBase
from desktop_app.ui.resident.dialogs import confirm, inform, warn, warn_error
from desktop_app.ui.resident.start_page import PROBLEM_ROLE
from desktop_app.ui.widgets import USER_ROLE

if TYPE_CHECKING:  # loaded when first used, after the start screen is shown (issue 20)
    from desktop_app.core.documents import Application, Report
    from desktop_app.resident.service import Outputs, SignatureBlock
    from desktop_app.ui.wizard import DocumentWizard


def page_key(wizard: DocumentWizard, index: int) -> str:
    """A page by what it is (the step's id), so a place survives a change of route."""
    if index < len(wizard.steps):
        return wizard.steps[index].id
    return CHECK_PAGE if index == len(wizard.steps) else SIGN_PAGE


def page_index(wizard: DocumentWizard, key: str | None) -> int:
    """Where to reopen: that step, or the first page of this route after it; the check page
    for the check and sign pages (signing starts from what the check says)."""
    ids = [step.id for step in wizard.steps]
    if key is None or (key not in ids and key not in (CHECK_PAGE, SIGN_PAGE)):
        return 0
    wanted = ids.index(key) if key in ids else len(ids)
    return next(i for i in wizard.active_pages() if i >= wanted)


class DocumentFlow(WindowBase):
    def start_new(self, regeling_id: str) -> None:
        from desktop_app.core.documents import new_application

        assert self.dossier is not None
        regeling = self.catalog.current(regeling_id, self.today())
        document = new_application(
            regeling.id, regeling.version, self.clock, language=self.language
        )
        # Once only: what the last application already said about who applies, offered to check.
        offered = self.resident.reusable_answers(self.dossier, regeling)
        if offered is not None:
            shown = "\n".join(f"• {line}" for line in offered.lines(regeling, self.language))
            question = self.w("reuse").format(title=offered.source_title or "…", answers=shown)
            if confirm(self, question, default_yes=True):  # adds, removes nothing
                document.answers = dict(offered.answers)
        self.store.save(document)
        self.open_document(document)

    def open_selected(self) -> None:
        assert self.dossier is not None
        item = self.documents.currentItem()
        if item is None:
            return
        problem = item.data(PROBLEM_ROLE)
        if problem:  # cannot be opened here: say why, and what can be done
            inform(self, problem[2])
            return
        try:
            opening = self.resident.opening(self.dossier, item.data(USER_ROLE))
        except UserError as error:
            warn_error(self, error, self.language)
            return
        if opening.editable:
            self.open_document(opening.document, opening.page)
            return
        # Made already: show the files again rather than change a signed document.
        self.show_done(self.resident.made_outputs(self.dossier, opening.document))

    def open_document(self, document: Application | Report, page: str | None = None) -> None:
        """The wizard on a draft, at ``page`` (where it was left); every move is remembered."""
        assert self.dossier is not None
        from desktop_app.ui.repeated import EditorContext
        from desktop_app.ui.wizard import DocumentWizard

        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        wizard = DocumentWizard(
            regeling,
            document,
            self.store,
            self.clock,
            self.language,
            EditorContext(self.attachments),
            self.resident.signer_defaults(self.dossier, regeling, document),
        )
        self.wizard = wizard
        wizard.closed.connect(self.close_wizard)
        wizard.completed.connect(self.finish)
        self.stack.addWidget(wizard)
        self.stack.setCurrentWidget(wizard)
        dossier = self.dossier
        wizard.pages.currentChanged.connect(
            lambda index: self.resident.remember_page(dossier, document.id, page_key(wizard, index))
        )
        wizard.pages.currentChanged.connect(lambda index: self.fill_signer(wizard, index))
        # Shown in the window: the title and focus follow the page (where it was left, or 1).
        wizard.show_page(
            page_index(wizard, page) if page is not None else wizard.pages.currentIndex()
        )

    def fill_signer(self, wizard: DocumentWizard, index: int) -> None:
        """The sign page starts with the name and place the resident gave in the form (a new
        application had none when the wizard opened); what they typed there stays. From the
        check page on, a signing worker gets ready (when the app signs apart)."""
        if self.dossier is None:
            return
        key = page_key(wizard, index)
        if key in (CHECK_PAGE, SIGN_PAGE):
            self.resident.prepare_signing(self.dossier, wizard.document, key == SIGN_PAGE)
        if key != SIGN_PAGE:
            return
        defaults = self.resident.signer_defaults(self.dossier, wizard.regeling, wizard.document)
        for line, value in zip((wizard.sign_name, wizard.sign_place), defaults, strict=True):
            if not line.text().strip():
                line.setText(value)

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
        title = item.text().split(" — ")[0].split("\n")[0]
        # Read before asking: while the question is open the list may be filled again (a
        # sending pass ends), which deletes this item.
        document_id = item.data(USER_ROLE)
        problem = item.data(PROBLEM_ROLE)
        if not confirm(self, self.w("confirm").format(title=title)):
            return
        assert self.dossier is not None
        if document_id is not None:
            self.resident.remove_documents(self.dossier, [document_id])
        elif problem:
            self.dossier.remove_draft_file(Path(problem[1]))
        self.show_start()

    def remove_documents(self, document_ids: list[uuid.UUID]) -> None:
        assert self.dossier is not None
        self.resident.remove_documents(self.dossier, document_ids)

    def tidy_up(self) -> None:
        assert self.dossier is not None
        offers = self.resident.tidy_offers(self.dossier)
        if not offers:
            return
        if not confirm(self, self.w("tidy_confirm").format(items=self.start.tidy_lines(offers))):
            return
        self.resident.remove_documents(self.dossier, [offer.summary.id for offer in offers])
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
            assert self.dossier is not None
            self.resident.export_unreadable(self.dossier, source, target)
        except OSError:
            warn(self, self.w("export_failed").format(folder=target.parent))
            return
        inform(self, self.w("exported").format(path=target))

    # --- a decision, and the report it starts ------------------------------------------

    def choose_decision(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.w("decision_title"), str(Path.home()), self.w("decision_filter")
        )
        if chosen:
            self.take_decision(Path(chosen))

    def take_decision(self, path: Path) -> None:
        """Check the decision, note it on the application, and open the report when granted."""
        from desktop_app.core.money import format_money
        from desktop_app.resident.service import UNCHECKABLE

        assert self.dossier is not None
        try:
            received = self.resident.receive(self.dossier, path)
        except UserError as error:
            warn_error(self, error, self.language)
            return
        title = self.catalog.title_of(received.application) or self.w("unnamed")
        decision = received.decision
        # Not an accusation: the regeling names no key yet, so the app cannot check it.
        unchecked = "" if received.checked else UNCHECKABLE.message.get(self.language) + "\n\n"
        if received.report is None:
            text = self.w("rejected").format(title=title, reason=decision.reason.get(self.language))
            inform(self, unchecked + text)
            self.show_start()
            return
        amount = format_money(decision.granted_amount or Decimal(0), self.language)
        inform(self, unchecked + self.w("granted").format(title=title, amount=amount))
        self.open_document(received.report)

    # --- signing, and the done page -----------------------------------------------------

    def finish(self, document: Application | Report, block: SignatureBlock) -> None:
        """Ondertekenen en opslaan: PDF and bundle, made off the UI thread."""
        assert self.wizard is not None
        if self.wizard.busy:
            return  # pressed twice: one PDF is enough
        self.wizard.set_busy(True)

        regeling = self.catalog.get(document.regeling.id, document.regeling.version)
        assert self.dossier is not None
        resident, dossier = self.resident, self.dossier
        run_in_background(
            self,
            lambda: resident.finish(dossier, regeling, document, block),
            self.show_done,
            self.finish_failed,
        )

    def finish_failed(self, error: UserError) -> None:
        if self.wizard is not None:
            self.wizard.set_busy(False)
        warn_error(self, error, self.language)

    def show_done(self, outputs: Outputs) -> None:
        """Where the files are, whether they are signed, and what to do next."""
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        if self.done_page is not None:  # one done page at a time
            self.stack.removeWidget(self.done_page)
            self.done_page.deleteLater()
        from desktop_app.ui.done_page import DonePage

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
