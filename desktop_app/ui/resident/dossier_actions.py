"""The window's part for dossiers: choose or make one, hand one over (the passphrase typed
twice), remove one's own data, and — for the helper only, behind the helper's passphrase —
clear the whole computer. Every removal asks first, names what goes, and defaults to Nee."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog

from desktop_app.core.errors import UserError
from desktop_app.ui.resident.base import WindowBase
from desktop_app.ui.resident.dialogs import ask_secret, confirm, inform, warn, warn_error
from desktop_app.ui.resident.passphrase import PassphraseDialog

if TYPE_CHECKING:
    from desktop_app.resident.service import OpenDossier


class DossierActions(WindowBase):
    def show_dossiers(self) -> None:
        """Close the open dossier (a protected one needs its passphrase again) and choose."""
        self.dossier = None
        self.private_temp.clear()  # decrypted PDFs being read: gone with the dossier
        self.resident.close_dossier()  # and the keys a signing worker holds unlocked
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

    def wipe_dossier(self) -> None:
        """Verwijder mijn gegevens van deze computer."""
        if self.dossier is None:
            return
        label = self.dossier.label or self.w("my_dossier")
        if not confirm(self, self.w("wipe_confirm").format(label=label)):
            return
        try:
            self.resident.wipe_dossier(self.dossiers, self.dossier.id)
        except UserError as error:
            warn_error(self, error, self.language)
            return
        inform(self, self.w("wiped"))
        self.show_dossiers()

    def free_computer(self) -> None:
        """Deze computer vrijgeven: the helper's passphrase (chosen now if there is none
        and no resident has protected a dossier yet), then Ja/Nee naming every dossier."""
        from desktop_app.resident.service import HELPER_WRONG

        root = self.root_paths
        if not self.resident.helper_is_set(root):
            passphrase = self._choose_helper_passphrase()
        else:
            passphrase = ask_secret(self, self.w("helper_prompt"))
            if passphrase is not None and not self.resident.helper_matches(root, passphrase):
                warn(self, HELPER_WRONG.get(self.language))
                return
        if passphrase is None:
            return
        locale = "nl_NL" if self.language == "nl" else "en_GB"
        found = self.dossiers.list()
        items = "\n".join(f"- {self.dossier_page.row_text(info, locale)}" for info in found)
        if not confirm(self, self.w("free_confirm_named").format(n=len(found), items=items)):
            return
        try:
            self.resident.free_computer(root, self.dossiers, passphrase)
        except UserError as error:
            warn_error(self, error, self.language)
            return
        inform(self, self.w("freed"))
        self.show_dossiers()

    def _choose_helper_passphrase(self) -> str | None:
        """Once, by the helper: typed twice, strong enough; refused once residents have
        protected dossiers here (a resident could otherwise choose it)."""
        from desktop_app.resident.service import HELPER_TOO_LATE

        if not self.resident.helper_can_be_set(self.dossiers):
            warn(self, HELPER_TOO_LATE.get(self.language))
            return None
        passphrase = self._new_passphrase(self.w("helper_set_intro"))
        if passphrase is None:
            return None
        try:
            self.resident.set_helper_passphrase(self.root_paths, self.dossiers, passphrase)
        except UserError as error:
            warn_error(self, error, self.language)
            return None
        inform(self, self.w("helper_set_done"))
        return passphrase

    def _new_passphrase(self, intro: str) -> str | None:
        """A new passphrase: the proposal, typed twice (must match), strong enough."""
        dialog = PassphraseDialog(self, self.language, intro)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        passphrase = dialog.passphrase
        dialog.deleteLater()
        return passphrase if accepted else None

    def export_handover(self) -> None:
        """One encrypted file with this dossier, for a USB stick or e-mail."""
        if self.dossier is None:
            return
        passphrase = self._new_passphrase(self.w("handover_pin"))
        if passphrase is None:
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
            self.resident.hand_over(self.dossiers, self.dossier, passphrase, Path(chosen))
        except UserError as error:
            warn_error(self, error, self.language)
            return
        inform(self, self.w("handover_done").format(path=chosen))

    def import_handover(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.w("handover_open"), str(Path.home()), self.w("handover_filter")
        )
        if not chosen:
            return
        passphrase = ask_secret(self, self.w("handover_pin_in"))  # a wrong one is just told
        if passphrase is None:
            return
        try:
            dossier = self.resident.take_over(self.dossiers, Path(chosen), passphrase)
        except UserError as error:
            warn_error(self, error, self.language)
            return
        self.use_dossier(dossier)
