"""The texts of the dossier pages and passphrase dialogs (nl at B1 with "u", and en)."""

from __future__ import annotations

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
        "protected_marked": "{word} ({colour}) — beveiligd dossier, gemaakt op {date} om {time}",
        "mark_word": "Herkenningswoord (om uw dossier in de lijst te vinden)",
        "mark_help": "Een kort woord dat u makkelijk onthoudt, zoals 'zonnebloem' of 'fiets'. "
        "Iedereen op deze computer ziet het in de lijst. Gebruik daarom geen naam, adres of "
        "ander gegeven over uzelf, en niet uw wachtwoord.",
        "mark_colour": "Kleur (om uw dossier in de lijst te vinden)",
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
        "protected_marked": "{word} ({colour}) — protected dossier, made on {date} at {time}",
        "mark_word": "Recognition word (to find your dossier in the list)",
        "mark_help": "A short word you remember easily, such as 'sunflower' or 'bicycle'. "
        "Everyone on this computer sees it in the list. So do not use a name, an address or "
        "other details about yourself, and not your passphrase.",
        "mark_colour": "Colour (to find your dossier in the list)",
    },
}
