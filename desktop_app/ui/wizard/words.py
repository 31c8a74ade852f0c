"""The wizard's own words: navigation, the check page and the sign page."""

from __future__ import annotations

WORDS = {
    "nl": {
        "back": "&Vorige",
        "next": "Vol&gende",
        "close": "Opslaan en &sluiten",
        "check": "Controleren",
        "step": "Stap {n} van {total}: {title}",
        "ready": "Alles is ingevuld. U kunt verder met ondertekenen.",
        "not_ready": "Los eerst de fouten op. Klik op een melding om naar de vraag te gaan.",
        "to_sign": "&Verder naar ondertekenen",
        "sign_title": "Ondertekenen en opslaan",
        "sign_intro": "Vul uw naam en woonplaats in. U mag ook uw handtekening zetten in het vak. "
        "Daarna maakt de app een PDF en een bundelbestand voor de gemeente.",
        "sign_name": "Uw naam",
        "sign_place": "Plaats",
        "sign_date": "Datum: {date}",
        "assisted": "Ingevuld met hulp van (niet verplicht)",
        "assisted_help": "Heeft een medewerker van een buurthuis of een organisatie u geholpen? "
        "Vul dan de naam van die organisatie in. De gemeente ziet dat op uw aanvraag.",
        "pad": "Handtekening (niet verplicht)",
        "pad_help": "Teken met de muis, een pen of uw vinger. Uw getypte naam is ook genoeg.",
        "clear_pad": "Handtekening &wissen",
        "sign": "&Ondertekenen en opslaan",
        "name_needed": "Fout: vul uw naam in. Die komt onder de aanvraag te staan.",
        "unprintable": "Fout: bij '{field}' staat het teken {character}. Dat teken kan de app "
        "niet in de PDF zetten. Haal het weg of schrijf het op een andere manier.",
        "working": "Bezig met ondertekenen en opslaan…",
        "saved": "Opgeslagen",
        "saving": "Opslaan…",
        "route": "{label}. {description}",
        "missing": "Nog niet ingevuld bij '{step}': {labels}. U kunt toch verder. Ga later "
        "terug met 'Vorige', of klik op de controlepagina op de melding.",
    },
    "en": {
        "back": "&Back",
        "next": "&Next",
        "close": "Save and &close",
        "check": "Check",
        "step": "Step {n} of {total}: {title}",
        "ready": "Everything is filled in. You can go on to sign.",
        "not_ready": "First fix the errors. Click a message to go to its question.",
        "to_sign": "&Go on to sign",
        "sign_title": "Sign and save",
        "sign_intro": "Fill in your name and town. You may also sign in the box. The app then "
        "makes a PDF and a bundle file for the municipality.",
        "sign_name": "Your name",
        "sign_place": "Place",
        "sign_date": "Date: {date}",
        "assisted": "Filled in with help from (optional)",
        "assisted_help": "Did someone from a community centre or an organisation help you? Then "
        "fill in the name of that organisation. The municipality sees it on your application.",
        "pad": "Signature (optional)",
        "pad_help": "Draw with the mouse, a pen or your finger. Your typed name is enough too.",
        "clear_pad": "&Clear the signature",
        "sign": "&Sign and save",
        "name_needed": "Error: fill in your name. It is printed under the application.",
        "unprintable": "Error: '{field}' contains the character {character}. The app cannot "
        "put that character in the PDF. Please remove it or write it another way.",
        "working": "Signing and saving…",
        "saved": "Saved",
        "saving": "Saving…",
        "route": "{label}. {description}",
        "missing": "Not filled in yet on '{step}': {labels}. You can still go on. Go back "
        "later with 'Back', or click the message on the check page.",
    },
}
