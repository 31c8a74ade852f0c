"""The decision letter (beschikkingsbrief) as a tagged PDF/A-2a + PDF/UA-1, in plain Dutch."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel.dates import format_date

from desktop_app.core.i18n import N_, gettext, pgettext
from desktop_app.core.money import format_money
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import fill
from desktop_app.documents.decision import Decision
from desktop_app.documents.pdf_render import span
from desktop_app.documents.typst_pdf import call, compile_pdf, lit
from desktop_app.documents.typst_pdf import document as typst_document

TEST_STAMP = N_("PROEF — niet door de gemeente verstuurd")


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

    def say(dutch: str, **values: str) -> str:
        return fill(gettext(language, dutch), values)

    nl = language != "en"
    day = format_date(decision.decided_at.date(), "long", locale="nl_NL" if nl else "en_GB")
    granted = decision.outcome == "grant" and decision.granted_amount is not None
    if granted:
        amount = format_money(decision.granted_amount, language)  # type: ignore[arg-type]
        word = regeling.grant_word(language)
        outcome = say(N_("U krijgt {amount} {grant}."), amount=amount, grant=word)
        if requested is not None and requested != decision.granted_amount:
            asked = format_money(requested, language)
            outcome += " " + say(N_("U vroeg {amount}."), amount=asked)
    else:
        outcome = say(N_("Wij kennen uw aanvraag niet toe."))
    deadline = regeling.parameter_value(regeling.report.deadline_weeks)
    next_step = say(
        N_(
            "Na de activiteit maakt u binnen {weeks} weken een kort verslag in de app Klein "
            "Initiatief. Lees daarvoor dit besluit in de app in."
        ),
        weeks=str(deadline),
    )
    # Awb 6:7 with 3:45: six weeks from the day after the letter was sent. The body that
    # decides: the college of the municipality (Gemeentewet 160), or a fund's own board
    # (illustrative: a private fund's objection route is its own regulation, not the Awb).
    if regeling.funder is not None:
        body_name = say(N_("het bestuur van {fund}"), fund=regeling.funder.name.get(language))
    else:
        body_name = say(
            N_("het college van burgemeester en wethouders van {place}"),
            place=regeling.municipality.get(language),
        )
    objection = say(
        N_(
            "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken bij {body}. "
            "Dat moet binnen zes weken na de dag van verzending van deze brief. Schrijf uw "
            "naam, de datum, het kenmerk hieronder en waarom u het er niet mee eens bent, en "
            "zet uw handtekening."
        ),
        body=body_name,
    )
    municipality = regeling.municipality.get(language)
    # The applicant's name and the title are the resident's words: escaped, script marked,
    # so the sentence around them is split where they go.
    dear_before, _, dear_after = say(N_("Beste {name},")).partition("{name}")
    applied_before, _, applied_after = say(
        N_("U vroeg {grant} aan voor ‘{title}’."), grant=regeling.grant_word(language)
    ).partition("{title}")
    heading = say(N_("Besluit over uw aanvraag"))
    stamp = say(TEST_STAMP)
    body = [] if official else [call("kicker", lit(stamp))]
    body += [
        call("kicker", lit(regeling.funder_text(language))),
        call("heading", lit(heading), level="1"),
        call("answer", lit(f"{regeling.name.get(language)} ({regeling.version})")),
        call("small", lit(day)),
        "#v(6mm)",
        f"#answer([#{lit(dear_before)}#{span(applicant)}#{lit(dear_after)}])",
        "#v(3mm)",
        f"#answer([#{lit(applied_before)}#{span(title)}#{lit(applied_after)}])",
        call("heading", lit(outcome), level="2"),
        call("answer", lit(decision.reason.get(language))),
    ]
    if reasons:
        body += [call("answer", lit(say(N_("Wat niet klopt:"))))]
        body += [call("answer", lit(f"• {reason}")) for reason in reasons]
    if granted:
        body += ["#v(3mm)", call("answer", lit(next_step))]
    body += [
        "#v(3mm)",
        call("answer", lit(objection)),
        "#v(8mm)",
        call(
            "hash",
            lit(
                fill(
                    pgettext(language, "letter", "Kenmerk: {reference}"),
                    {"reference": str(decision.decision_id)},
                )
            ),
        ),
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
