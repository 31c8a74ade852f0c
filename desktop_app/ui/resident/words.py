"""The texts of the resident's window (nl at B1 with "u"; other languages from the catalogues).

The Dutch texts are the catalogue's message ids; the translations live in
desktop_app/locale/<language>/LC_MESSAGES/klein_initiatief.po (docs/translating.md)."""

from __future__ import annotations

from desktop_app.core.i18n import N_, Words

WORDS = Words(
    {
        "heading": N_("Subsidie voor uw buurtinitiatief"),
        "mine": N_("Mijn aanvragen en verslagen"),
        "none": N_("U heeft nog niets ingevuld. Begin met een nieuwe aanvraag."),
        "new": N_("&Nieuwe aanvraag"),
        "open": N_("&Verder invullen"),
        "delete": N_("Ver&wijderen"),
        "language": N_("&English"),
        "languages": N_("&Taal / Language"),
        "choose": N_("Kies uw gemeente en regeling"),
        "start": N_("&Beginnen"),
        "cancel": N_("&Terug"),
        "unnamed": N_("(nog zonder naam)"),
        "confirm": N_(
            "Weet u zeker dat u '{title}' wilt verwijderen? Dit kan niet ongedaan worden."
        ),
        "decision": N_("&Besluit inlezen…"),
        "decision_title": N_("Kies het besluitbestand dat u van de gemeente kreeg"),
        "decision_filter": N_("Besluit van de gemeente (*.json)"),
        "granted": N_(
            "De gemeente heeft uw aanvraag '{title}' toegekend: {amount}.\n\nNa de "
            "activiteit vult u het verslag (de verantwoording) in. U kunt daar nu mee "
            "beginnen; alles wordt bewaard."
        ),
        "rejected": N_("De gemeente heeft uw aanvraag '{title}' afgewezen.\n\nDe reden:\n{reason}"),
        "report_of": N_("Verslag over: {title}"),
        "dossier": N_("Dossier: {label}"),
        "my_dossier": N_("Mijn dossier"),
        "other_dossier": N_("Ander d&ossier"),
        "handover_out": N_("Overdracht &maken…"),
        "wipe": N_("Verwijder mijn &gegevens van deze computer"),
        "wipe_confirm": N_(
            "Alles van dossier '{label}' wordt van deze computer verwijderd: aanvragen, "
            "verslagen, bijlagen, PDF's en de sleutel om te ondertekenen. Dit kan niet "
            "ongedaan worden. Heeft u de PDF's nog nodig? Maak dan eerst een kopie of een "
            "overdracht.\n\nWeet u het zeker?"
        ),
        "free_confirm": N_(
            "Alle dossiers op deze computer worden verwijderd, van iedereen. Ook wat nog "
            "niet is verstuurd. Dit kan niet ongedaan worden.\n\nWeet u het zeker?"
        ),
        "wiped": N_("Uw gegevens zijn van deze computer verwijderd."),
        "freed": N_("Deze computer is vrijgegeven: er staan geen dossiers meer op."),
        "handover_pin": N_(
            "Kies een wachtwoord voor het overdrachtsbestand. U heeft het nodig om het "
            "bestand op de andere computer te openen."
        ),
        "handover_pin_in": N_("Wachtwoord van het overdrachtsbestand:"),
        "handover_save": N_("Overdrachtsbestand opslaan"),
        "handover_open": N_("Overdrachtsbestand kiezen"),
        "handover_filter": N_("Overdracht van Klein Initiatief (*.kioverdracht)"),
        "handover_done": N_("Het overdrachtsbestand is opgeslagen:\n{path}"),
        "tidy_note": N_(
            "U kunt {n} stuk(ken) van deze computer opruimen: concepten die u al meer dan "
            "{days} dagen niet heeft gebruikt, of aanvragen die helemaal klaar zijn."
        ),
        "tidy": N_("Op&ruimen…"),
        "no_start": N_(
            "De app kan niet starten: de map voor uw gegevens kan niet worden gebruikt. Is "
            "de schijf vol, of mag u daar niet schrijven? Vraag zo nodig hulp."
        ),
        "token_prompt": N_("Vul de toegangscode in die u van de gemeente heeft gekregen:"),
        "bundle_gone": N_(
            "Het bundelbestand is niet meer te vinden. Open de aanvraag opnieuw en maak "
            "hem opnieuw af."
        ),
        "tidy_confirm": N_(
            "Deze kunnen van deze computer weg:\n\n{items}\n\nNu verwijderen? Dit kan niet "
            "ongedaan worden."
        ),
        "tidy_stale": N_("niet gebruikt sinds {date}"),
        "tidy_done": N_("klaar"),
        "reuse": N_(
            "U heeft al eerder een aanvraag gedaan: '{title}'. Wilt u deze gegevens "
            "daaruit overnemen?\n\n{answers}\n\nKlopt dit nog? Kies Ja om ze over te "
            "nemen. U kunt ze daarna nog aanpassen. Kies Nee om alles zelf in te vullen."
        ),
        "unknown": N_(
            "Deze aanvraag hoort bij een regeling die deze computer niet kent: {id} versie "
            "{version}. U kunt het bestand bewaren of verwijderen."
        ),
        "damaged": N_(
            "Dit bestand is beschadigd of gemaakt met een nieuwere versie van de app, en "
            "kan hier niet worden geopend: {name}. U kunt het bestand bewaren of "
            "verwijderen."
        ),
        "problem_note": N_(
            "Niet alles in de lijst kan op deze computer worden geopend. Kies het in de "
            "lijst en bewaar het als bestand, of verwijder het."
        ),
        "export": N_("Bestand &bewaren…"),
        "export_title": N_("Waar wilt u het bestand bewaren?"),
        "exported": N_("Het bestand is opgeslagen:\n{path}"),
        "export_failed": N_(
            "Het bestand kon niet worden opgeslagen in {folder}. Kies een andere plek."
        ),
        "free_confirm_named": N_(
            "Alle {n} dossier(s) op deze computer worden verwijderd, van "
            "iedereen:\n\n{items}\n\nOok wat nog niet is verstuurd. Dit kan niet ongedaan "
            "worden.\n\nWeet u het zeker?"
        ),
        "helper_prompt": N_(
            "Wachtwoord van de begeleider. Alleen de begeleider kan deze computer vrijgeven:"
        ),
        "helper_set_intro": N_(
            "Er is nog geen wachtwoord voor de begeleider. Bent u de begeleider "
            "(bijvoorbeeld van het buurthuis)? Kies dan nu uw wachtwoord. Daarna kan "
            "alleen wie het weet deze computer vrijgeven. Bent u een bewoner? Kies dan "
            "Terug."
        ),
        "helper_set_done": N_(
            "Het wachtwoord van de begeleider is gekozen. Schrijf het op en bewaar het goed."
        ),
    }
)
