"""Moved to desktop_app/ui/resident/ (dossier_list, new_dossier, passphrase); this name stays
so older imports keep working."""

from desktop_app.ui.resident.dossier_list import DossierPage
from desktop_app.ui.resident.new_dossier import NewDossierPage
from desktop_app.ui.resident.passphrase import PassphraseDialog, PassphraseProposal

__all__ = ["DossierPage", "NewDossierPage", "PassphraseDialog", "PassphraseProposal"]
