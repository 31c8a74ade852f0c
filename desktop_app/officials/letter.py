"""The decision letter (beschikkingsbrief) as a tagged PDF/A-2a + PDF/UA-1, in plain Dutch."""

from __future__ import annotations

from babel.dates import format_date

from desktop_app.core.money import format_money
from desktop_app.core.regeling import Regeling
from desktop_app.documents.decision import Decision
from desktop_app.documents.pdf_render import span
from desktop_app.documents.typst_pdf import call, compile_pdf, lit
from desktop_app.documents.typst_pdf import document as typst_document


def decision_letter(
    decision: Decision, regeling: Regeling, applicant: str, title: str, language: str = "nl"
) -> bytes:
    nl = language != "en"
    day = format_date(decision.decided_at.date(), "long", locale="nl_NL" if nl else "en_GB")
    granted = decision.outcome == "grant" and decision.granted_amount is not None
    if granted:
        amount = format_money(decision.granted_amount, language)  # type: ignore[arg-type]
        word = regeling.grant_word(language)
        outcome = f"U krijgt {amount} {word}." if nl else f"You are granted {amount}."
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
    objection = (
        "Bent u het niet eens met dit besluit? Dan kunt u binnen 6 weken bezwaar maken bij "
        "de gemeente. Schrijf waarom u het er niet mee eens bent."
        if nl
        else "Do you disagree with this decision? You can object to the municipality within "
        "6 weeks. Write why you disagree."
    )
    municipality = regeling.municipality.get(language)
    applied = f"U vroeg {regeling.grant_word('nl')} aan voor " if nl else "You applied for "
    heading = "Besluit over uw aanvraag" if nl else "Decision on your application"
    body = [
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
            footer="none",
            body=body,
            margin="(x: 22mm, y: 20mm)",
        ),
        decision.decided_at,
    )
