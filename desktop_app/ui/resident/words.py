"""The texts of the resident's window (nl at B1 with "u", and en)."""

from __future__ import annotations

WORDS = {
    "nl": {
        "heading": "Subsidie voor uw buurtinitiatief",
        "mine": "Mijn aanvragen en verslagen",
        "none": "U heeft nog niets ingevuld. Begin met een nieuwe aanvraag.",
        "new": "&Nieuwe aanvraag",
        "open": "&Verder invullen",
        "delete": "Ver&wijderen",
        "language": "&English",
        "choose": "Kies uw gemeente en regeling",
        "start": "&Beginnen",
        "cancel": "&Terug",
        "unnamed": "(nog zonder naam)",
        "confirm": "Weet u zeker dat u '{title}' wilt verwijderen? Dit kan niet ongedaan worden.",
        "decision": "&Besluit inlezen…",
        "decision_title": "Kies het besluitbestand dat u van de gemeente kreeg",
        "decision_filter": "Besluit van de gemeente (*.json)",
        "granted": "De gemeente heeft uw aanvraag '{title}' toegekend: {amount}.\n\n"
        "Na de activiteit vult u het verslag (de verantwoording) in. U kunt daar nu mee "
        "beginnen; alles wordt bewaard.",
        "rejected": "De gemeente heeft uw aanvraag '{title}' afgewezen.\n\nDe reden:\n{reason}",
        "report_of": "Verslag over: {title}",
        "dossier": "Dossier: {label}",
        "my_dossier": "Mijn dossier",
        "other_dossier": "Ander d&ossier",
        "handover_out": "Overdracht &maken…",
        "wipe": "Verwijder mijn &gegevens van deze computer",
        "wipe_confirm": "Alles van dossier '{label}' wordt van deze computer verwijderd: "
        "aanvragen, verslagen, bijlagen, PDF's en de sleutel om te ondertekenen. Dit kan niet "
        "ongedaan worden. Heeft u de PDF's nog nodig? Maak dan eerst een kopie of een "
        "overdracht.\n\nWeet u het zeker?",
        "free_confirm": "Alle dossiers op deze computer worden verwijderd, van iedereen. Ook wat "
        "nog niet is verstuurd. Dit kan niet ongedaan worden.\n\nWeet u het zeker?",
        "wiped": "Uw gegevens zijn van deze computer verwijderd.",
        "freed": "Deze computer is vrijgegeven: er staan geen dossiers meer op.",
        "handover_pin": "Kies een wachtwoord voor het overdrachtsbestand. U heeft het nodig om "
        "het bestand op de andere computer te openen.",
        "handover_pin_in": "Wachtwoord van het overdrachtsbestand:",
        "handover_save": "Overdrachtsbestand opslaan",
        "handover_open": "Overdrachtsbestand kiezen",
        "handover_filter": "Overdracht van Klein Initiatief (*.kioverdracht)",
        "handover_done": "Het overdrachtsbestand is opgeslagen:\n{path}",
        "tidy_note": "U kunt {n} stuk(ken) van deze computer opruimen: concepten die u al meer "
        "dan {days} dagen niet heeft gebruikt, of aanvragen die helemaal klaar zijn.",
        "tidy": "Op&ruimen…",
        "no_start": "De app kan niet starten: de map voor uw gegevens kan niet worden gebruikt. "
        "Is de schijf vol, of mag u daar niet schrijven? Vraag zo nodig hulp.",
        "token_prompt": "Vul de toegangscode in die u van de gemeente heeft gekregen:",
        "bundle_gone": "Het bundelbestand is niet meer te vinden. Open de aanvraag opnieuw en "
        "maak hem opnieuw af.",
        "tidy_confirm": "Deze kunnen van deze computer weg:\n\n{items}\n\nNu verwijderen? "
        "Dit kan niet ongedaan worden.",
        "tidy_stale": "niet gebruikt sinds {date}",
        "tidy_done": "klaar",
        "reuse": "U heeft al eerder een aanvraag gedaan: '{title}'. Wilt u deze gegevens "
        "daaruit overnemen?\n\n{answers}\n\nKlopt dit nog? Kies Ja om ze over te nemen. U kunt "
        "ze daarna nog aanpassen. Kies Nee om alles zelf in te vullen.",
        "unknown": "Deze aanvraag hoort bij een regeling die deze computer niet kent: {id} "
        "versie {version}. U kunt het bestand bewaren of verwijderen.",
        "damaged": "Dit bestand is beschadigd of gemaakt met een nieuwere versie van de app, en "
        "kan hier niet worden geopend: {name}. U kunt het bestand bewaren of verwijderen.",
        "problem_note": "Niet alles in de lijst kan op deze computer worden geopend. Kies het "
        "in de lijst en bewaar het als bestand, of verwijder het.",
        "export": "Bestand &bewaren…",
        "export_title": "Waar wilt u het bestand bewaren?",
        "exported": "Het bestand is opgeslagen:\n{path}",
        "export_failed": "Het bestand kon niet worden opgeslagen in {folder}. Kies een andere "
        "plek.",
        "free_confirm_named": "Alle {n} dossier(s) op deze computer worden verwijderd, van "
        "iedereen:\n\n{items}\n\nOok wat nog niet is verstuurd. Dit kan niet ongedaan "
        "worden.\n\nWeet u het zeker?",
        "helper_prompt": "Wachtwoord van de begeleider. Alleen de begeleider kan deze computer "
        "vrijgeven:",
        "helper_set_intro": "Er is nog geen wachtwoord voor de begeleider. Bent u de begeleider "
        "(bijvoorbeeld van het buurthuis)? Kies dan nu uw wachtwoord. Daarna kan alleen wie het "
        "weet deze computer vrijgeven. Bent u een bewoner? Kies dan Terug.",
        "helper_set_done": "Het wachtwoord van de begeleider is gekozen. Schrijf het op en "
        "bewaar het goed.",
    },
    "en": {
        "heading": "A grant for your neighbourhood initiative",
        "mine": "My applications and reports",
        "none": "You have not filled in anything yet. Start with a new application.",
        "new": "&New application",
        "open": "&Continue",
        "delete": "&Delete",
        "language": "&Nederlands",
        "choose": "Choose your municipality and scheme",
        "start": "&Start",
        "cancel": "&Back",
        "unnamed": "(no name yet)",
        "confirm": "Are you sure you want to delete '{title}'? This cannot be undone.",
        "decision": "Read a &decision…",
        "decision_title": "Choose the decision file you received from the municipality",
        "decision_filter": "Decision from the municipality (*.json)",
        "granted": "The municipality granted your application '{title}': {amount}.\n\n"
        "After the activity you fill in the report. You can start it now; everything is kept.",
        "rejected": "The municipality rejected your application '{title}'.\n\nThe reason:\n"
        "{reason}",
        "report_of": "Report on: {title}",
        "dossier": "Dossier: {label}",
        "my_dossier": "My dossier",
        "other_dossier": "Other d&ossier",
        "handover_out": "&Make a hand-over file…",
        "wipe": "Remove my &data from this computer",
        "wipe_confirm": "Everything in dossier '{label}' will be removed from this computer: "
        "applications, reports, attachments, PDFs and the key for signing. This cannot be "
        "undone. Do you still need the PDFs? Then first make a copy or a hand-over file."
        "\n\nAre you sure?",
        "free_confirm": "All dossiers on this computer will be removed, everyone's. Also what "
        "has not been sent yet. This cannot be undone.\n\nAre you sure?",
        "wiped": "Your data has been removed from this computer.",
        "freed": "This computer has been cleared: there are no dossiers on it any more.",
        "handover_pin": "Choose a passphrase for the hand-over file. You need it to open the "
        "file on the other computer.",
        "handover_pin_in": "Passphrase of the hand-over file:",
        "handover_save": "Save the hand-over file",
        "handover_open": "Choose a hand-over file",
        "handover_filter": "Klein Initiatief hand-over (*.kioverdracht)",
        "handover_done": "The hand-over file has been saved:\n{path}",
        "tidy_note": "You can remove {n} item(s) from this computer: drafts you have not used "
        "for more than {days} days, or applications that are completely done.",
        "tidy": "Tidy &up…",
        "no_start": "The app cannot start: the folder for your data cannot be used. Is the "
        "disk full, or may you not write there? Ask for help if needed.",
        "token_prompt": "Enter the access code you received from the municipality:",
        "bundle_gone": "The bundle file cannot be found any more. Open the application again "
        "and finish it again.",
        "tidy_confirm": "These can be removed from this computer:\n\n{items}\n\nRemove them "
        "now? This cannot be undone.",
        "tidy_stale": "not used since {date}",
        "tidy_done": "done",
        "reuse": "You applied before: '{title}'. Do you want to take these details from "
        "that application?\n\n{answers}\n\nIs this still right? Choose Yes to take them. You "
        "can still change them afterwards. Choose No to fill in everything yourself.",
        "unknown": "This application belongs to a regeling this computer does not know: {id} "
        "version {version}. You can save the file or delete it.",
        "damaged": "This file is damaged or was made by a newer version of the app, and cannot "
        "be opened here: {name}. You can save the file or delete it.",
        "problem_note": "Not everything in the list can be opened on this computer. Choose it "
        "in the list and save it as a file, or delete it.",
        "export": "&Save the file…",
        "export_title": "Where do you want to save the file?",
        "exported": "The file has been saved:\n{path}",
        "export_failed": "The file could not be saved in {folder}. Choose another place.",
        "free_confirm_named": "All {n} dossier(s) on this computer will be removed, "
        "everyone's:\n\n{items}\n\nAlso what has not been sent yet. This cannot be undone."
        "\n\nAre you sure?",
        "helper_prompt": "The helper's passphrase. Only the helper can clear this computer:",
        "helper_set_intro": "There is no helper's passphrase yet. Are you the helper (for "
        "example of the community centre)? Then choose your passphrase now. After that only who "
        "knows it can clear this computer. Are you a resident? Then choose Back.",
        "helper_set_done": "The helper's passphrase has been chosen. Write it down and keep it "
        "safe.",
    },
}
