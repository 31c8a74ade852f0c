"""The resident's service's own texts (re-exported by resident/service.py), Dutch msgids of
the catalogue translated when shown. Apart, so the service stays light to import (issue 20)."""

from __future__ import annotations

from desktop_app.core.i18n import N_, Message

SEE_REPORT = Message(N_("Het verslag hierboven hoort bij deze aanvraag."))
HELPER_NOT_SET = Message(
    N_(
        "Alleen de begeleider kan deze computer vrijgeven, met een eigen wachtwoord. Er is nog "
        "geen wachtwoord voor de begeleider gekozen. Vraag de begeleider om hulp."
    )
)
HELPER_WRONG = Message(N_("Dit is niet het wachtwoord van de begeleider. Er is niets verwijderd."))
HELPER_TOO_LATE = Message(
    N_(
        "Er staan al beveiligde dossiers op deze computer. Daarom kan nu geen wachtwoord voor "
        "de begeleider meer worden gekozen: dat gebeurt voordat bewoners de computer "
        "gebruiken. Vraag de beheerder van de computer om hulp."
    )
)
