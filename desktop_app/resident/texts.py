"""The resident's service's own texts (re-exported by resident/service.py). Apart, so the
service stays light to import: a Text is a pydantic model (issue 20)."""

from __future__ import annotations

from desktop_app.core.text import Text

SEE_REPORT = Text(
    nl="Het verslag hierboven hoort bij deze aanvraag.",
    en="The report above belongs to this application.",
)
HELPER_NOT_SET = Text(
    nl="Alleen de begeleider kan deze computer vrijgeven, met een eigen wachtwoord. Er is nog "
    "geen wachtwoord voor de begeleider gekozen. Vraag de begeleider om hulp.",
    en="Only the helper can clear this computer, with their own passphrase. No helper's "
    "passphrase has been chosen yet. Ask the helper for help.",
)
HELPER_WRONG = Text(
    nl="Dit is niet het wachtwoord van de begeleider. Er is niets verwijderd.",
    en="This is not the helper's passphrase. Nothing was removed.",
)
HELPER_TOO_LATE = Text(
    nl="Er staan al beveiligde dossiers op deze computer. Daarom kan nu geen wachtwoord voor "
    "de begeleider meer worden gekozen: dat gebeurt voordat bewoners de computer gebruiken. "
    "Vraag de beheerder van de computer om hulp.",
    en="There are protected dossiers on this computer already. So a helper's passphrase can "
    "no longer be chosen: that is done before residents use the computer. Ask the computer's "
    "administrator for help.",
)
