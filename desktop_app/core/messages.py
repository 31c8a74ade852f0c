"""The catalogue of messages: every check's text in plain Dutch (B1, "u") and English.

Each message says what is wrong, with the real numbers, and how to fix it. Placeholders
are filled per language: amounts as "€ 1.234,56", dates as "12 maart 2027". A regeling
may replace a rule's message with its own text using the same placeholders.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from desktop_app.core.money import format_money
from desktop_app.core.regeling import FieldDef
from desktop_app.core.rules import AllOf
from desktop_app.core.text import Text, fill

CATALOGUE: dict[str, Text] = {
    # Answers that are missing or cannot be read.
    "field.required": Text(
        nl="'{field}' is nog niet ingevuld. Vul dit in.",
        en="'{field}' has not been filled in yet. Please fill it in.",
    ),
    "field.declaration": Text(
        nl="Zet een vinkje bij '{field}'. Zonder deze verklaring kunt u niet indienen.",
        en="Tick '{field}'. Without this statement you cannot submit.",
    ),
    "field.invalid_value": Text(
        nl="Het antwoord bij '{field}' is niet te lezen. Vul het opnieuw in.",
        en="The answer to '{field}' cannot be read. Please fill it in again.",
    ),
    "field.too_long": Text(
        nl="De tekst bij '{field}' heeft {length} tekens. Het maximum is {max_length}. "
        "Maak de tekst korter.",
        en="The text in '{field}' has {length} characters. The maximum is {max_length}. "
        "Please shorten it.",
    ),
    "field.too_many_words": Text(
        nl="De tekst bij '{field}' heeft {words} woorden. Het maximum is {max_words}. "
        "Maak de tekst korter.",
        en="The text in '{field}' has {words} words. The maximum is {max_words}. "
        "Please shorten it.",
    ),
    "field.control_character": Text(
        nl="De tekst bij '{field}' bevat een onzichtbaar stuurteken ({character}) dat niet "
        "in een aanvraag kan. Haal het weg: typ de tekst opnieuw in plaats van hem te plakken.",
        en="The text in '{field}' contains an invisible control character ({character}) "
        "that cannot go into an application. Please remove it: type the text again instead "
        "of pasting it.",
    ),
    "field.unprintable": Text(
        nl="Bij '{field}' staat het teken {character}. Dat teken kan de app niet in de PDF "
        "zetten. Haal het weg of schrijf het op een andere manier.",
        en="'{field}' contains the character {character}. The app cannot put that character "
        "in the PDF. Please remove it or write it another way.",
    ),
    "field.invalid_integer": Text(
        nl="Bij '{field}' moet een heel getal staan, bijvoorbeeld 25.",
        en="'{field}' must be a whole number, for example 25.",
    ),
    "field.too_small": Text(
        nl="Bij '{field}' staat {value}. Dat moet minstens {minimum} zijn.",
        en="'{field}' says {value}. It must be at least {minimum}.",
    ),
    "field.too_large": Text(
        nl="Bij '{field}' staat {value}. Dat mag niet meer dan {maximum} zijn.",
        en="'{field}' says {value}. It may not be more than {maximum}.",
    ),
    "field.invalid_money": Text(
        nl="Bij '{field}' staat geen geldig bedrag. Schrijf een bedrag zo: 1250,50.",
        en="'{field}' is not a valid amount. Write an amount like this: 1250.50.",
    ),
    "field.amount_out_of_range": Text(
        nl="Het bedrag bij '{field}' kan niet kloppen. Een bedrag ligt tussen € 0 en "
        "{maximum}. Vul het goede bedrag in.",
        en="The amount in '{field}' cannot be right. An amount lies between € 0 and "
        "{maximum}. Please enter the right amount.",
    ),
    "field.count_out_of_range": Text(
        nl="Het getal bij '{field}' kan niet kloppen. Het ligt tussen 0 en {maximum}. "
        "Vul het goede getal in.",
        en="The number in '{field}' cannot be right. It lies between 0 and {maximum}. "
        "Please enter the right number.",
    ),
    "field.date_out_of_range": Text(
        nl="De datum bij '{field}' kan niet kloppen. Een datum ligt tussen {earliest} en "
        "{latest}. Vul de goede datum in.",
        en="The date in '{field}' cannot be right. A date lies between {earliest} and "
        "{latest}. Please enter the right date.",
    ),
    "field.invalid_date": Text(
        nl="Bij '{field}' staat geen geldige datum. Schrijf de datum zo: 31-12-2026.",
        en="'{field}' is not a valid date. Write the date like this: 31-12-2026.",
    ),
    "field.invalid_choice": Text(
        nl="Kies bij '{field}' een van de mogelijkheden uit de lijst.",
        en="Choose one of the options in the list for '{field}'.",
    ),
    "field.invalid_yes_no": Text(
        nl="Kies bij '{field}' ja of nee.",
        en="Choose yes or no for '{field}'.",
    ),
    "field.invalid_email": Text(
        nl="Het e-mailadres bij '{field}' klopt niet. Een e-mailadres ziet er zo uit: "
        "naam@voorbeeld.nl.",
        en="The e-mail address in '{field}' is not right. An e-mail address looks like this: "
        "name@example.nl.",
    ),
    "field.invalid_phone": Text(
        nl="Het telefoonnummer bij '{field}' klopt niet. Schrijf bijvoorbeeld 06 12345678 "
        "of 020 1234567.",
        en="The phone number in '{field}' is not right. Write for example 06 12345678 "
        "or +31 20 1234567.",
    ),
    "field.invalid_iban": Text(
        nl="Het IBAN bij '{field}' klopt niet. Kijk het nummer na op uw bankpas of in uw "
        "bank-app. Een Nederlands IBAN begint met NL en heeft 18 tekens.",
        en="The IBAN in '{field}' is not right. Check the number on your bank card or in "
        "your banking app. A Dutch IBAN starts with NL and has 18 characters.",
    ),
    "field.invalid_postcode": Text(
        nl="De postcode bij '{field}' klopt niet. Een postcode ziet er zo uit: 1234 AB.",
        en="The postcode in '{field}' is not right. A Dutch postcode looks like this: 1234 AB.",
    ),
    "field.invalid_kvk": Text(
        nl="Het KvK-nummer bij '{field}' klopt niet. Een KvK-nummer heeft 8 cijfers. "
        "U vindt het op uw uittreksel van de Kamer van Koophandel.",
        en="The KvK number in '{field}' is not right. A KvK (Chamber of Commerce) number "
        "has 8 digits. You find it on your Chamber of Commerce extract.",
    ),
    "field.too_few_items": Text(
        nl="Bij '{field}' staan er nu {count}. Er moeten er minstens {min_items} zijn.",
        en="'{field}' now has {count}. There must be at least {min_items}.",
    ),
    "field.too_many_items": Text(
        nl="Bij '{field}' staan er {count}. Er mogen er niet meer dan {max_items} zijn.",
        en="'{field}' has {count}. There may not be more than {max_items}.",
    ),
    "field.invalid_budget": Text(
        nl="De begroting bij '{field}' is niet te lezen. Vul de kosten opnieuw in: op elke "
        "regel een soort kosten, een omschrijving en een bedrag, bijvoorbeeld 'Boodschappen' "
        "en 125,50.",
        en="The budget in '{field}' cannot be read. Please enter the costs again: on each line "
        "a kind of cost, a description and an amount, for example 'Groceries' and 125.50.",
    ),
    "field.invalid_budget_line": Text(
        nl="De begroting bij '{budget}' is niet te lezen op regel {line} ({description}): "
        "'{typed}' is geen bedrag. Schrijf een bedrag in euro's, bijvoorbeeld 125 of 125,50.",
        en="The budget in '{budget}' cannot be read on line {line} ({description}): "
        "'{typed}' is not an amount. Write an amount in euros, for example 125 or 125.50.",
    ),
    "field.invalid_budget_part": Text(
        nl="De begroting bij '{budget}' is niet te lezen bij '{part}': '{typed}' is geen "
        "bedrag. Schrijf een bedrag in euro's, bijvoorbeeld 125 of 125,50.",
        en="The budget in '{budget}' cannot be read at '{part}': '{typed}' is not an amount. "
        "Write an amount in euros, for example 125 or 125.50.",
    ),
    "field.budget_empty": Text(
        nl="Bij '{field}' staan nog geen kosten. Zet elke uitgave op een eigen regel.",
        en="'{field}' has no costs yet. Put every expense on a line of its own.",
    ),
    "field.unknown_category": Text(
        nl="Kies bij '{field}' een soort kosten uit de lijst.",
        en="Choose a kind of cost from the list for '{field}'.",
    ),
    "attachment.wrong_type": Text(
        nl="Het bestand '{file_name}' kan niet bij '{field}'. Voeg een bestand toe van "
        "het type {accepted}.",
        en="The file '{file_name}' cannot be used for '{field}'. Add a file of type {accepted}.",
    ),
    "attachment.too_large": Text(
        nl="Het bestand '{file_name}' bij '{field}' is {size_mb} MB. Het maximum is "
        "{max_size_mb} MB. Maak het bestand kleiner, bijvoorbeeld door een foto kleiner "
        "op te slaan.",
        en="The file '{file_name}' in '{field}' is {size_mb} MB. The maximum is {max_size_mb} MB. "
        "Make it smaller, for example by saving a photo at a smaller size.",
    ),
    "regeling.not_in_force": Text(
        nl="De regeling '{regeling}' geldt van {valid_from} tot en met {valid_until}. "
        "Vandaag valt daarbuiten. Vraag de gemeente welke regeling nu geldt.",
        en="The scheme '{regeling}' runs from {valid_from} to {valid_until}. Today is outside "
        "that period. Ask the municipality which scheme applies now.",
    ),
    # Rules of the regeling.
    "rule.max_amount": Text(
        nl="U vraagt {requested}. Voor deze regeling is het maximum {max}. "
        "Maak het bedrag bij '{field}' lager.",
        en="You are asking for {requested}. The maximum for this scheme is {max}. "
        "Lower the amount in '{field}'.",
    ),
    "rule.lead_time": Text(
        nl="De activiteit is op {date}. U moet minstens {weeks} weken vóór de activiteit "
        "aanvragen. Kies bij '{field}' een datum op of na {earliest}, of overleg met de gemeente.",
        en="The activity is on {date}. You must apply at least {weeks} weeks before the "
        "activity. Choose a date on or after {earliest} in '{field}', or talk to the municipality.",
    ),
    "rule.report_deadline": Text(
        nl="De activiteit was op {date}. Het verslag moest uiterlijk {deadline} klaar zijn "
        "({weeks} weken na de activiteit). Stuur het zo snel mogelijk in.",
        en="The activity was on {date}. The report was due by {deadline} ({weeks} weeks "
        "after the activity). Please send it as soon as possible.",
    ),
    "rule.date_passed": Text(
        nl="Bij '{field}' staat {date}. Die dag is nog niet geweest. U maakt het verslag "
        "na de activiteit.",
        en="'{field}' says {date}. That day has not come yet. You write the report after "
        "the activity.",
    ),
    "rule.date_window": Text(
        nl="Bij '{field}' staat {date}. Die datum moet tussen {start} en {end} liggen. "
        "Kies een andere datum.",
        en="'{field}' says {date}. The date must be between {start} and {end}. "
        "Choose another date.",
    ),
    "rule.max_lead_time": Text(
        nl="De activiteit is op {date}. U kunt hoogstens {weeks} weken van tevoren aanvragen. "
        "Vraag aan vanaf {opens}, of kies bij '{field}' een datum tot en met {latest}.",
        en="The activity is on {date}. You can apply at most {weeks} weeks in advance. "
        "Apply from {opens}, or choose a date up to {latest} in '{field}'.",
    ),
    "rule.application_window": Text(
        nl="U kunt nu niet aanvragen. De volgende periode om aan te vragen loopt van {start} "
        "tot en met {end}. Uw aanvraag blijft bewaard; verstuur hem dan.",
        en="You cannot apply now. The next period to apply runs from {start} to {end}. "
        "Your application is kept; send it then.",
    ),
    "rule.application_window_closed": Text(
        nl="U kunt bij deze regeling niet meer aanvragen: de laatste ronde is voorbij. "
        "Vraag de gemeente welke regeling nu geldt.",
        en="You can no longer apply under this scheme: the last round has passed. "
        "Ask the municipality which scheme applies now.",
    ),
    "rule.sum_at_most": Text(
        nl="{values} is samen {total}. Dat mag hoogstens {max} zijn. Pas de bedragen aan.",
        en="{values} add up to {total}. That may be at most {max}. Please change the amounts.",
    ),
    "rule.ineligible_costs": Text(
        nl="De kosten '{description}' ({amount}) vallen onder '{category}'. Die betaalt de "
        "gemeente niet. {reason} Haal deze regel weg of betaal deze kosten op een andere manier.",
        en="The costs '{description}' ({amount}) fall under '{category}'. The municipality "
        "does not pay for those. {reason} Remove this line or pay these costs another way.",
    ),
    "rule.category_caps": Text(
        nl="Voor '{category}' rekent u samen {total}. Het maximum voor deze kosten is {cap}. "
        "Maak de bedragen lager.",
        en="For '{category}' your costs add up to {total}. The maximum for these costs is "
        "{cap}. Lower the amounts.",
    ),
    "rule.budget_balance": Text(
        nl="Uw kosten zijn samen {costs}. U vraagt {requested}, uw eigen bijdrage is {own} "
        "en ander geld is {other}. Samen is dat {covered}. Dat moet gelijk zijn aan de kosten. "
        "Vul bij '{field}' {expected} in.",
        en="Your costs add up to {costs}. You ask {requested}, your own contribution is {own} "
        "and other funding is {other}. Together that is {covered}. That must equal the costs. "
        "Enter {expected} in '{field}'.",
    ),
    "rule.cap_per_participant": Text(
        nl="U vraagt {requested} voor {participants} deelnemers. Dat is {per_participant} per "
        "deelnemer. Het maximum is {cap} per deelnemer. Vraag minder geld of pas het aantal "
        "deelnemers aan als dat niet klopt.",
        en="You ask {requested} for {participants} participants. That is {per_participant} "
        "per participant. The maximum is {cap} per participant. Ask for less, or correct the "
        "number of participants if it is wrong.",
    ),
    "rule.attachment_required_above": Text(
        nl="U vraagt {requested}. Bij meer dan {above} moet u een {kind} meesturen. "
        "Voeg die toe bij '{field}'.",
        en="You ask {requested}. Above {above} you must include a {kind}. Add it in '{field}'.",
    ),
    "rule.co_signers": Text(
        nl="U heeft nu {count} andere bewoners van {min_age} jaar of ouder die uw plan steunen. "
        "Er zijn er minstens {min_count} nodig. Voeg er nog {missing} toe bij '{field}'.",
        en="You now have {count} other residents aged {min_age} or older supporting your plan. "
        "At least {min_count} are needed. Add {missing} more in '{field}'.",
    ),
    "rule.distinct_in_group": Text(
        nl="Bij '{field}' hebben nummer {first} en nummer {second} hetzelfde antwoord: {value}. "
        "Dat mag niet: ieder komt van een ander adres. Pas een van de twee aan.",
        en="In '{field}', number {first} and number {second} have the same answer: {value}. "
        "That is not allowed: each comes from another address. Change one of the two.",
    ),
    "rule.amount_in_list": Text(
        nl="U vraagt {requested}. Bij deze regeling kiest u een van deze bedragen: {amounts}. "
        "Pas het bedrag bij '{field}' aan.",
        en="You are asking for {requested}. For this scheme you choose one of these amounts: "
        "{amounts}. Change the amount in '{field}'.",
    ),
    "rule.min_age": Text(
        nl="U bent {age} jaar. Voor deze aanvraag moet u {min_age} jaar of ouder zijn. "
        "Vraag een volwassene uit uw groep om de aanvraag te doen.",
        en="You are {age}. For this application you must be {min_age} or older. Ask an adult "
        "in your group to apply.",
    ),
    "rule.volunteers_only": Text(
        nl="Deze regeling is alleen voor activiteiten van vrijwilligers. Bij '{field}' staat dat "
        "er mensen betaald worden. Kies een andere regeling of werk alleen met vrijwilligers.",
        en="This scheme is only for activities run by volunteers. '{field}' says people are "
        "paid. Choose another scheme or work with volunteers only.",
    ),
    "rule.use_other_regeling": Text(
        nl="Uw aanvraag past niet in deze regeling. Gebruik de regeling '{other}'. {window} "
        "Meer informatie: {url}",
        en="Your application does not fit this scheme. Use the scheme '{other}'. {window} "
        "More information: {url}",
    ),
    "rule.at_least_one": Text(
        nl="Vul '{field}' in, of een van de andere {count} manieren om u te bereiken. "
        "Eén is genoeg.",
        en="Fill in '{field}', or one of the other {count} ways to reach you. One is enough.",
    ),
    "rule.max_budget_lines": Text(
        nl="Uw begroting heeft {count} regels. Bij deze kleine aanvraag zijn {max} regels "
        "genoeg. Zet kosten die bij elkaar horen op één regel.",
        en="Your budget has {count} lines. For this small request {max} lines are enough. "
        "Put costs that belong together on one line.",
    ),
    "rule.pay_back": Text(
        nl="U kreeg {granted}. U heeft {spent} van de subsidie uitgegeven aan kosten die "
        "de subsidie betaalt. U betaalt waarschijnlijk {pay_back} terug. De gemeente stuurt "
        "u daarover een brief.",
        en="You were granted {granted}. You spent {spent} of the grant on costs the grant "
        "pays for. You will probably pay back {pay_back}. The municipality will send you a "
        "letter about it.",
    ),
}

# Parts of a budget, named the way the budget editor shows them.
BUDGET_PARTS: dict[str, Text] = {
    "requested": Text(nl="Gevraagd bedrag", en="Amount requested"),
    "own_contribution": Text(nl="Eigen bijdrage", en="Own contribution"),
    "other_funding": Text(
        nl="Ander geld (fondsen, sponsors)", en="Other funding (funds, sponsors)"
    ),
    "lines": Text(nl="regel", en="line"),
}

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
        return Text(
            nl=f"{item.nl} {number}" + (f": {sub.label.nl}" if sub else ""),
            en=f"{item.en} {number}" + (f": {sub.label.en}" if sub else ""),
        )
    head, _, tail = path.partition(".")
    field = fields.get(head)
    if field is None:
        return Text(nl=path, en=path)
    if not tail:
        return field.label
    part = re.match(r"^([a-z_]+)(?:\[(\d+)\])?$", tail)
    if part and part[1] == "lines" and part[2] is not None:
        return Text(
            nl=f"{field.label.nl}, regel {int(part[2]) + 1}",
            en=f"{field.label.en}, line {int(part[2]) + 1}",
        )
    if part and part[1] in BUDGET_PARTS:
        return BUDGET_PARTS[part[1]]
    return field.label


def format_value(value: Any, language: str) -> str:
    if isinstance(value, Text):
        return value.get(language)
    if isinstance(value, tuple):  # a list of amounts: "€ 500, € 1.000 of € 2.500"
        shown = [format_value(v, language) for v in value]
        last = " of " if language == "nl" else " or "
        if isinstance(value, AllOf):
            last = " en " if language == "nl" else " and "
        return last.join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else "".join(shown)
    if isinstance(value, bool):
        return ("ja" if value else "nee") if language == "nl" else ("yes" if value else "no")
    if isinstance(value, Decimal):
        return format_money(value, language)
    if isinstance(value, dt.date):
        return format_date(value, "long", locale="nl_NL" if language == "nl" else "en_GB")
    return str(value)


def render(template: Text, values: Mapping[str, Any]) -> Text:
    """Fill a message in both languages."""
    return Text(
        nl=fill(template.nl, {k: format_value(v, "nl") for k, v in values.items()}),
        en=fill(template.en, {k: format_value(v, "en") for k, v in values.items()}),
    )
