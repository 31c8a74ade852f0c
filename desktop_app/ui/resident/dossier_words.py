"""The texts of the dossier pages and passphrase dialogs (nl at B1 with "u"; other
languages from the catalogues).

The Dutch texts are the catalogue's message ids; the translations live in
desktop_app/locale/<language>/LC_MESSAGES/klein_initiatief.po (docs/translating.md)."""

from __future__ import annotations

from desktop_app.core.i18n import N_, Words

WORDS = Words(
    {
        "title": N_("Dossiers op deze computer"),
        "intro": N_(
            "Elk initiatief heeft een eigen dossier. Kies uw dossier en vul uw wachtwoord "
            "in. Anderen kunnen uw dossier niet openen."
        ),
        "list": N_("Kies uw dossier"),
        "protected": N_("Beveiligd dossier, gemaakt op {date} om {time}"),
        "plain": N_("{label} (zonder wachtwoord), gemaakt op {date} om {time}"),
        "unnamed": N_("Mijn dossier"),
        "passphrase": N_("Wachtwoord"),
        "open": N_("&Openen"),
        "new": N_("&Nieuw dossier"),
        "handover_in": N_("Overdracht &inlezen…"),
        "free": N_("Deze computer &vrijgeven"),
        "new_title": N_("Nieuw dossier"),
        "new_intro": N_("Een dossier houdt de gegevens van één initiatief bij elkaar."),
        "name": N_("Naam van uw initiatief"),
        "shared": N_("Dit is een gedeelde computer (bijvoorbeeld in een buurthuis)"),
        "shared_help": N_(
            "Kies dan een wachtwoord. Alleen wie dat weet, kan het dossier openen. Een "
            "pincode is te makkelijk te raden. Neem ons voorstel van vier woorden, of kies "
            "zelf een zin van minstens vier gewone woorden. Schrijf het op: zonder "
            "wachtwoord kan niemand uw gegevens terughalen."
        ),
        "proposal": N_("Ons voorstel voor uw wachtwoord. Schrijf het op:"),
        "another": N_("Ander &voorstel"),
        "use": N_("Voorstel &gebruiken"),
        "pin": N_("Kies een wachtwoord"),
        "pin_again": N_("Herhaal het wachtwoord"),
        "create": N_("Dossier &maken"),
        "back": N_("&Terug"),
        "no_match": N_("De twee wachtwoorden zijn niet gelijk. Vul ze opnieuw in."),
        "need_name": N_("Vul de naam van uw initiatief in."),
        "choose_first": N_("Kies eerst een dossier in de lijst."),
        "ok": N_("&Verder"),
        "protected_marked": N_(
            "{word} ({colour}) — beveiligd dossier, gemaakt op {date} om {time}"
        ),
        "mark_word": N_("Herkenningswoord (om uw dossier in de lijst te vinden)"),
        "mark_help": N_(
            "Een kort woord dat u makkelijk onthoudt, zoals 'zonnebloem' of 'fiets'. "
            "Iedereen op deze computer ziet het in de lijst. Gebruik daarom geen naam, "
            "adres of ander gegeven over uzelf, en niet uw wachtwoord."
        ),
        "mark_colour": N_("Kleur (om uw dossier in de lijst te vinden)"),
    }
)
