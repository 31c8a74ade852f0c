"""The catalogue of messages: every check's text in plain Dutch (B1, "u"), translated through
the gettext catalogues (desktop_app/locale; English always, other languages where present).

Each message says what is wrong, with the real numbers, and how to fix it. Placeholders
are filled per language: amounts as "€ 1.234,56", dates as "12 maart 2027". A regeling
may replace a rule's message with its own text using the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from desktop_app.core.i18n import N_, PSEUDO, gettext, pseudo, text
from desktop_app.core.money import format_money
from desktop_app.core.regeling import FieldDef
from desktop_app.core.rules import AllOf
from desktop_app.core.text import Text, fill

# Every check's text in Dutch, by code; the translations are in the catalogues.
_DUTCH: dict[str, str] = {
    "field.required": N_("'{field}' is nog niet ingevuld. Vul dit in."),
    "field.declaration": N_(
        "Zet een vinkje bij '{field}'. Zonder deze verklaring kunt u niet indienen."
    ),
    "field.invalid_value": N_("Het antwoord bij '{field}' is niet te lezen. Vul het opnieuw in."),
    "field.too_long": N_(
        "De tekst bij '{field}' heeft {length} tekens. Het maximum is {max_length}. Maak "
        "de tekst korter."
    ),
    "field.too_many_words": N_(
        "De tekst bij '{field}' heeft {words} woorden. Het maximum is {max_words}. Maak de "
        "tekst korter."
    ),
    "field.control_character": N_(
        "De tekst bij '{field}' bevat een onzichtbaar stuurteken ({character}) dat niet in "
        "een aanvraag kan. Haal het weg: typ de tekst opnieuw in plaats van hem te plakken."
    ),
    "field.unprintable": N_(
        "Bij '{field}' staat het teken {character}. Dat teken kan de app niet in de PDF "
        "zetten. Haal het weg of schrijf het op een andere manier."
    ),
    "field.invalid_integer": N_("Bij '{field}' moet een heel getal staan, bijvoorbeeld 25."),
    "field.too_small": N_("Bij '{field}' staat {value}. Dat moet minstens {minimum} zijn."),
    "field.too_large": N_("Bij '{field}' staat {value}. Dat mag niet meer dan {maximum} zijn."),
    "field.invalid_money": N_(
        "Bij '{field}' staat geen geldig bedrag. Schrijf een bedrag zo: 1250,50."
    ),
    "field.amount_out_of_range": N_(
        "Het bedrag bij '{field}' kan niet kloppen. Een bedrag ligt tussen € 0 en "
        "{maximum}. Vul het goede bedrag in."
    ),
    "field.count_out_of_range": N_(
        "Het getal bij '{field}' kan niet kloppen. Het ligt tussen 0 en {maximum}. Vul het "
        "goede getal in."
    ),
    "field.date_out_of_range": N_(
        "De datum bij '{field}' kan niet kloppen. Een datum ligt tussen {earliest} en "
        "{latest}. Vul de goede datum in."
    ),
    "field.invalid_date": N_(
        "Bij '{field}' staat geen geldige datum. Schrijf de datum zo: 31-12-2026."
    ),
    "field.invalid_choice": N_("Kies bij '{field}' een van de mogelijkheden uit de lijst."),
    "field.invalid_yes_no": N_("Kies bij '{field}' ja of nee."),
    "field.invalid_email": N_(
        "Het e-mailadres bij '{field}' klopt niet. Een e-mailadres ziet er zo uit: "
        "naam@voorbeeld.nl."
    ),
    "field.invalid_phone": N_(
        "Het telefoonnummer bij '{field}' klopt niet. Schrijf bijvoorbeeld 06 12345678 of "
        "020 1234567."
    ),
    "field.invalid_iban": N_(
        "Het IBAN bij '{field}' klopt niet. Kijk het nummer na op uw bankpas of in uw "
        "bank-app. Een Nederlands IBAN begint met NL en heeft 18 tekens."
    ),
    "field.invalid_postcode": N_(
        "De postcode bij '{field}' klopt niet. Een postcode ziet er zo uit: 1234 AB."
    ),
    "field.invalid_kvk": N_(
        "Het KvK-nummer bij '{field}' klopt niet. Een KvK-nummer heeft 8 cijfers. U vindt "
        "het op uw uittreksel van de Kamer van Koophandel."
    ),
    "field.too_few_items": N_(
        "Bij '{field}' staan er nu {count}. Er moeten er minstens {min_items} zijn."
    ),
    "field.too_many_items": N_(
        "Bij '{field}' staan er {count}. Er mogen er niet meer dan {max_items} zijn."
    ),
    "field.invalid_budget": N_(
        "De begroting bij '{field}' is niet te lezen. Vul de kosten opnieuw in: op elke "
        "regel een soort kosten, een omschrijving en een bedrag, bijvoorbeeld "
        "'Boodschappen' en 125,50."
    ),
    "field.invalid_budget_line": N_(
        "De begroting bij '{budget}' is niet te lezen op regel {line} ({description}): "
        "'{typed}' is geen bedrag. Schrijf een bedrag in euro's, bijvoorbeeld 125 of "
        "125,50."
    ),
    "field.invalid_budget_part": N_(
        "De begroting bij '{budget}' is niet te lezen bij '{part}': '{typed}' is geen "
        "bedrag. Schrijf een bedrag in euro's, bijvoorbeeld 125 of 125,50."
    ),
    "field.budget_empty": N_(
        "Bij '{field}' staan nog geen kosten. Zet elke uitgave op een eigen regel."
    ),
    "field.unknown_category": N_("Kies bij '{field}' een soort kosten uit de lijst."),
    "attachment.wrong_type": N_(
        "Het bestand '{file_name}' kan niet bij '{field}'. Voeg een bestand toe van het "
        "type {accepted}."
    ),
    "attachment.too_large": N_(
        "Het bestand '{file_name}' bij '{field}' is {size_mb} MB. Het maximum is "
        "{max_size_mb} MB. Maak het bestand kleiner, bijvoorbeeld door een foto kleiner op "
        "te slaan."
    ),
    "regeling.not_in_force": N_(
        "De regeling '{regeling}' geldt van {valid_from} tot en met {valid_until}. Vandaag "
        "valt daarbuiten. Vraag de gemeente welke regeling nu geldt."
    ),
    "rule.max_amount": N_(
        "U vraagt {requested}. Voor deze regeling is het maximum {max}. Maak het bedrag "
        "bij '{field}' lager."
    ),
    "rule.lead_time": N_(
        "De activiteit is op {date}. U moet minstens {weeks} weken vóór de activiteit "
        "aanvragen. Kies bij '{field}' een datum op of na {earliest}, of overleg met de "
        "gemeente."
    ),
    "rule.report_deadline": N_(
        "De activiteit was op {date}. Het verslag moest uiterlijk {deadline} klaar zijn "
        "({weeks} weken na de activiteit). Stuur het zo snel mogelijk in."
    ),
    "rule.date_passed": N_(
        "Bij '{field}' staat {date}. Die dag is nog niet geweest. U maakt het verslag na "
        "de activiteit."
    ),
    "rule.date_window": N_(
        "Bij '{field}' staat {date}. Die datum moet tussen {start} en {end} liggen. Kies "
        "een andere datum."
    ),
    "rule.max_lead_time": N_(
        "De activiteit is op {date}. U kunt hoogstens {weeks} weken van tevoren aanvragen. "
        "Vraag aan vanaf {opens}, of kies bij '{field}' een datum tot en met {latest}."
    ),
    "rule.application_window": N_(
        "U kunt nu niet aanvragen. De volgende periode om aan te vragen loopt van {start} "
        "tot en met {end}. Uw aanvraag blijft bewaard; verstuur hem dan."
    ),
    "rule.application_window_closed": N_(
        "U kunt bij deze regeling niet meer aanvragen: de laatste ronde is voorbij. Vraag "
        "de gemeente welke regeling nu geldt."
    ),
    "rule.sum_at_most": N_(
        "{values} is samen {total}. Dat mag hoogstens {max} zijn. Pas de bedragen aan."
    ),
    "rule.ineligible_costs": N_(
        "De kosten '{description}' ({amount}) vallen onder '{category}'. Die betaalt de "
        "gemeente niet. {reason} Haal deze regel weg of betaal deze kosten op een andere "
        "manier."
    ),
    "rule.category_caps": N_(
        "Voor '{category}' rekent u samen {total}. Het maximum voor deze kosten is {cap}. "
        "Maak de bedragen lager."
    ),
    "rule.budget_balance": N_(
        "Uw kosten zijn samen {costs}. U vraagt {requested}, uw eigen bijdrage is {own} en "
        "ander geld is {other}. Samen is dat {covered}. Dat moet gelijk zijn aan de "
        "kosten. Vul bij '{field}' {expected} in."
    ),
    "rule.cap_per_participant": N_(
        "U vraagt {requested} voor {participants} deelnemers. Dat is {per_participant} per "
        "deelnemer. Het maximum is {cap} per deelnemer. Vraag minder geld of pas het "
        "aantal deelnemers aan als dat niet klopt."
    ),
    "rule.attachment_required_above": N_(
        "U vraagt {requested}. Bij meer dan {above} moet u een {kind} meesturen. Voeg die "
        "toe bij '{field}'."
    ),
    "rule.co_signers": N_(
        "U heeft nu {count} andere bewoners van {min_age} jaar of ouder die uw plan "
        "steunen. Er zijn er minstens {min_count} nodig. Voeg er nog {missing} toe bij "
        "'{field}'."
    ),
    "rule.distinct_in_group": N_(
        "Bij '{field}' hebben nummer {first} en nummer {second} hetzelfde antwoord: "
        "{value}. Dat mag niet: ieder komt van een ander adres. Pas een van de twee aan."
    ),
    "rule.amount_in_list": N_(
        "U vraagt {requested}. Bij deze regeling kiest u een van deze bedragen: {amounts}. "
        "Pas het bedrag bij '{field}' aan."
    ),
    "rule.min_age": N_(
        "U bent {age} jaar. Voor deze aanvraag moet u {min_age} jaar of ouder zijn. Vraag "
        "een volwassene uit uw groep om de aanvraag te doen."
    ),
    "rule.volunteers_only": N_(
        "Deze regeling is alleen voor activiteiten van vrijwilligers. Bij '{field}' staat "
        "dat er mensen betaald worden. Kies een andere regeling of werk alleen met "
        "vrijwilligers."
    ),
    "rule.use_other_regeling": N_(
        "Uw aanvraag past niet in deze regeling. Gebruik de regeling '{other}'. {window} "
        "Meer informatie: {url}"
    ),
    "rule.at_least_one": N_(
        "Vul '{field}' in, of een van de andere {count} manieren om u te bereiken. Eén is genoeg."
    ),
    "rule.max_budget_lines": N_(
        "Uw begroting heeft {count} regels. Bij deze kleine aanvraag zijn {max} regels "
        "genoeg. Zet kosten die bij elkaar horen op één regel."
    ),
    "rule.pay_back": N_(
        "U kreeg {granted}. U heeft {spent} van de subsidie uitgegeven aan kosten die de "
        "subsidie betaalt. U betaalt waarschijnlijk {pay_back} terug. De gemeente stuurt u "
        "daarover een brief."
    ),
}


class Catalogued(Mapping[str, Text]):
    """Dutch texts by key, each a ``Text`` in every language of the catalogues, made when it is
    first asked for (not at import: reading the catalogues is start-up time). The
    pseudo-language carries them too, so ``--lang qps`` shows the checks' messages bracketed
    like every other catalogued text."""

    def __init__(self, dutch: Mapping[str, str]) -> None:
        self.dutch = dutch
        self.made: dict[str, Text] = {}

    def __getitem__(self, key: str) -> Text:
        found = self.made.get(key)
        if found is None:
            message = self.dutch[key]
            found = Text(**text(message).model_dump(), **{PSEUDO: pseudo(message)})
            self.made[key] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.dutch)

    def __len__(self) -> int:
        return len(self.dutch)


CATALOGUE: Mapping[str, Text] = Catalogued(_DUTCH)

# Parts of a budget, named the way the budget editor shows them.
BUDGET_PARTS: Mapping[str, Text] = Catalogued(
    {
        "requested": N_("Gevraagd bedrag"),
        "own_contribution": N_("Eigen bijdrage"),
        "other_funding": N_("Ander geld (fondsen, sponsors)"),
        "lines": N_("regel"),
    }
)

_GROUP_ITEM = re.compile(r"^(?P<head>[a-z0-9_]+)\[(?P<index>\d+)\](?:\.(?P<sub>[a-z0-9_]+))?$")


def label_for(path: str, fields: Mapping[str, FieldDef]) -> Text:
    """The words a resident sees for a path, e.g. "Begroting, regel 3"."""
    group = _GROUP_ITEM.match(path)
    if group:
        field = fields.get(group["head"])
        if field is None:
            return Text(nl=path, en=path)
        if field.type == "attachments":  # the message names the file itself
            return field.label
        number = int(group["index"]) + 1
        item = field.item_label or field.label
        sub = next((f for f in field.fields or () if f.id == group["sub"]), None)
        return _in_languages(
            lambda language: (
                f"{item.get(language)} {number}" + (f": {sub.label.get(language)}" if sub else "")
            ),
            item,
            *([sub.label] if sub else []),
        )
    head, _, tail = path.partition(".")
    field = fields.get(head)
    if field is None:
        return Text(nl=path, en=path)
    if not tail:
        return field.label
    part = re.match(r"^([a-z_]+)(?:\[(\d+)\])?$", tail)
    if part and part[1] == "lines" and part[2] is not None:
        line, number = BUDGET_PARTS["lines"], int(part[2]) + 1
        return _in_languages(
            lambda language: f"{field.label.get(language)}, {line.get(language)} {number}",
            field.label,
            line,
        )
    if part and part[1] in BUDGET_PARTS:
        return BUDGET_PARTS[part[1]]
    return field.label


def _in_languages(make: Callable[[str], str], *parts: Text) -> Text:
    """A label made of other texts, in every language any of them is written in (a language
    one part lacks takes that part's Dutch, as ``Text.get`` does)."""
    languages = dict.fromkeys(language for part in parts for language in part.languages())
    return Text(**{language: make(language) for language in languages})


# Between the last two items of a list of values, and the words for a yes/no answer.
_OR, _AND = N_("{first} of {last}"), N_("{first} en {last}")
_YES, _NO = N_("ja"), N_("nee")


def format_value(value: Any, language: str) -> str:
    if isinstance(value, Text):
        return value.get(language)
    if isinstance(value, tuple):  # a list of amounts: "€ 500, € 1.000 of € 2.500"
        shown = [format_value(v, language) for v in value]
        if len(shown) < 2:
            return "".join(shown)
        joined = gettext(language, _AND if isinstance(value, AllOf) else _OR)
        return fill(joined, {"first": ", ".join(shown[:-1]), "last": shown[-1]})
    if isinstance(value, bool):
        return gettext(language, _YES if value else _NO)
    if isinstance(value, Decimal):
        return format_money(value, language)
    if isinstance(value, dt.date):
        return format_date(value, "long", locale="nl_NL" if language == "nl" else "en_GB")
    return str(value)


def render(template: Text, values: Mapping[str, Any]) -> Text:
    """Fill a message in every language it has (nl and en always, others from catalogues)."""
    return Text(
        **{
            language: fill(
                template.get(language), {k: format_value(v, language) for k, v in values.items()}
            )
            for language in template.languages()
        }
    )
