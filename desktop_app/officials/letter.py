"""The decision letter (beschikkingsbrief) as a tagged PDF/A-2a + PDF/UA-1, in plain Dutch."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel.dates import format_date

from desktop_app.core.money import format_money
from desktop_app.core.regeling import Regeling
from desktop_app.documents.decision import Decision
from desktop_app.documents.pdf_render import span
from desktop_app.documents.typst_pdf import call, compile_pdf, lit
from desktop_app.documents.typst_pdf import document as typst_document

TEST_STAMP = {
    "nl": "PROEF — niet door de gemeente verstuurd",
    "en": "TEST — not sent by the municipality",
}


def decision_letter(
    decision: Decision,
    regeling: Regeling,
    applicant: str,
    title: str,
    language: str = "nl",
    requested: Decimal | None = None,
    official: bool = False,
    reasons: Sequence[str] = (),
) -> bytes:
    """The letter; `official` only when the decision key is the one the regeling publishes,
    otherwise every page is stamped as a test. `reasons`: each reason of a rejection."""
    nl = language != "en"
    day = format_date(decision.decided_at.date(), "long", locale="nl_NL" if nl else "en_GB")
    granted = decision.outcome == "grant" and decision.granted_amount is not None
    if granted:
        amount = format_money(decision.granted_amount, language)  # type: ignore[arg-type]
        word = regeling.grant_word(language)
        outcome = f"U krijgt {amount} {word}." if nl else f"You are granted {amount}."
        if requested is not None and requested != decision.granted_amount:
            asked = format_money(requested, language)
            outcome += f" U vroeg {asked}." if nl else f" You asked for {asked}."
    else:
        outcome = "Wij kennen uw aanvraag niet toe." if nl else "We do not grant your application."
    deadline = regeling.parameter_value(regeling.report.deadline_weeks)
    next_step = (
        f"Na de activiteit maakt u binnen {deadline} weken een kort verslag in de app Klein "
        "Initiatief. Lees daarvoor dit besluit in de app in."
        if nl
        else f"After the activity, make a short report in the Klein Initiatief app within "
        f"{deadline} weeks. To do so, import this decision into the app."
    )
    # Awb 6:7 with 3:45: six weeks from the day after the letter was sent. The body that
    # decides: the college of the municipality (Gemeentewet 160), or a fund's own board
    # (illustrative: a private fund's objection route is its own regulation, not the Awb).
    if regeling.funder is not None:
        body_name = (
            f"het bestuur van {regeling.funder.name.nl}"
            if nl
            else (f"the board of {regeling.funder.name.en}")
        )
    else:
        place = regeling.municipality.get(language)
        body_name = (
            f"het college van burgemeester en wethouders van {place}"
            if nl
            else f"the Mayor and Aldermen (college van burgemeester en wethouders) of {place}"
        )
    objection = (
        f"Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken bij {body_name}. "
        "Dat moet binnen zes weken na de dag van verzending van deze brief. Schrijf uw naam, "
        "de datum, het kenmerk hieronder en waarom u het er niet mee eens bent, en zet uw "
        "handtekening."
        if nl
        else f"Do you disagree with this decision? You can object to {body_name}. You must do "
        "so within six weeks after the day this letter was sent. Write your name, the date, "
        "the reference below and why you disagree, and sign it."
    )
    municipality = regeling.municipality.get(language)
    applied = f"U vroeg {regeling.grant_word('nl')} aan voor " if nl else "You applied for "
    heading = "Besluit over uw aanvraag" if nl else "Decision on your application"
    stamp = TEST_STAMP["nl" if nl else "en"]
    body = [] if official else [call("kicker", lit(stamp))]
    body += [
        call("kicker", lit(regeling.funder_text(language))),
        call("heading", lit(heading), level="1"),
        call("answer", lit(f"{regeling.name.get(language)} ({regeling.version})")),
        call("small", lit(day)),
        "#v(6mm)",
        # The applicant's name and the title are the resident's words: escaped, script marked.
        f"#answer([#{lit('Beste ' if nl else 'Dear ')}#{span(applicant)}#{lit(',')}])",
        "#v(3mm)",
        f"#answer([#{lit(applied)}#{lit(chr(8216))}#{span(title)}#{lit(chr(8217) + '.')}])",
        call("heading", lit(outcome), level="2"),
        call("answer", lit(decision.reason.get(language))),
    ]
    if reasons:
        body += [call("answer", lit("Wat niet klopt:" if nl else "What is wrong:"))]
        body += [call("answer", lit(f"• {reason}")) for reason in reasons]
    if granted:
        body += ["#v(3mm)", call("answer", lit(next_step))]
    body += [
        "#v(3mm)",
        call("answer", lit(objection)),
        "#v(8mm)",
        call("hash", lit(f"Kenmerk: {decision.decision_id}")),
    ]
    return compile_pdf(
        typst_document(
            title=heading,
            author=municipality,
            description=f"{regeling.name.get(language)} {regeling.version}",
            language="nl" if nl else "en",
            footer="none" if official else f'text(weight: "bold", {lit(stamp)})',
            body=body,
            margin="(x: 22mm, y: 20mm)",
        ),
        decision.decided_at,
    )
