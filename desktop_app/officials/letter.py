"""The decision letter (beschikkingsbrief) as a PDF/A, in plain Dutch, for the resident."""

from __future__ import annotations

import io

from babel.dates import format_date
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from desktop_app.core.money import format_money
from desktop_app.core.regeling import Regeling
from desktop_app.documents.decision import Decision
from desktop_app.documents.pdf_render import paragraph, register_fonts, styles
from desktop_app.documents.pdfa import to_pdfa


def decision_letter(
    decision: Decision, regeling: Regeling, applicant: str, title: str, language: str = "nl"
) -> bytes:
    register_fonts()
    s = styles()
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
    story = [
        paragraph(
            regeling.funder_text(language),
            s["kicker"],
        ),
        paragraph("Besluit over uw aanvraag" if nl else "Decision on your application", s["title"]),
        paragraph(f"{regeling.name.get(language)} ({regeling.version})", s["body"]),
        paragraph(day, s["small"]),
        Spacer(1, 6 * mm),
        paragraph(f"Beste {applicant}," if nl else f"Dear {applicant},", s["body"]),
        Spacer(1, 3 * mm),
        paragraph(
            f"U vroeg {regeling.grant_word('nl')} aan voor '{title}'."
            if nl
            else f"You applied for '{title}'.",
            s["body"],
        ),
        paragraph(outcome, s["h2"]),
        paragraph(decision.reason.get(language), s["body"]),
    ]
    if granted:
        story += [Spacer(1, 3 * mm), paragraph(next_step, s["body"])]
    story += [
        Spacer(1, 3 * mm),
        paragraph(objection, s["body"]),
        Spacer(1, 8 * mm),
        paragraph(f"Kenmerk: {decision.decision_id}", s["hash"]),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Besluit" if nl else "Decision",
        author=regeling.municipality.get(language),
        initialFontName="DejaVuSans",
    ).build(story)
    return to_pdfa(out.getvalue())
