"""The wizard's own words: navigation, the check page and the sign page (nl at B1 with "u";
the other languages from the catalogues, desktop_app/locale)."""

from __future__ import annotations

from desktop_app.core.i18n import N_, Words

WORDS = Words(
    {
        "back": N_("&Vorige"),
        "next": N_("Vol&gende"),
        "close": N_("Opslaan en &sluiten"),
        "check": N_("Controleren"),
        "step": N_("Stap {n} van {total}: {title}"),
        "ready": N_("Alles is ingevuld. U kunt verder met ondertekenen."),
        "not_ready": N_("Los eerst de fouten op. Klik op een melding om naar de vraag te gaan."),
        "to_sign": N_("&Verder naar ondertekenen"),
        "sign_title": N_("Ondertekenen en opslaan"),
        "sign_intro": N_(
            "Vul uw naam en woonplaats in. U mag ook uw handtekening zetten in het vak. Daarna "
            "maakt de app een PDF en een bundelbestand voor de gemeente."
        ),
        "sign_name": N_("Uw naam"),
        "sign_place": N_("Plaats"),
        "sign_date": N_("Datum: {date}"),
        "assisted": N_("Ingevuld met hulp van (niet verplicht)"),
        "assisted_help": N_(
            "Heeft een medewerker van een buurthuis of een organisatie u geholpen? Vul dan de "
            "naam van die organisatie in. De gemeente ziet dat op uw aanvraag."
        ),
        "pad": N_("Handtekening (niet verplicht)"),
        "pad_help": N_("Teken met de muis, een pen of uw vinger. Uw getypte naam is ook genoeg."),
        "clear_pad": N_("Handtekening &wissen"),
        "sign": N_("&Ondertekenen en opslaan"),
        "name_needed": N_("Fout: vul uw naam in. Die komt onder de aanvraag te staan."),
        "unprintable": N_(
            "Fout: bij '{field}' staat het teken {character}. Dat teken kan de app niet in de "
            "PDF zetten. Haal het weg of schrijf het op een andere manier."
        ),
        "working": N_("Bezig met ondertekenen en opslaan…"),
        "saved": N_("Opgeslagen"),
        "saving": N_("Opslaan…"),
        "route": N_("{label}. {description}"),
        "missing": N_(
            "Nog niet ingevuld bij '{step}': {labels}. U kunt toch verder. Ga later terug met "
            "'Vorige', of klik op de controlepagina op de melding."
        ),
    }
)
