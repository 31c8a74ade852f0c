"""A ready e-mail for handing in by e-mail, where the regeling gives an address
(``submission.email``): the address, a subject with the initiative's name and the
reference, and a short body, as a ``mailto:`` URL (RFC 6068) that opens the resident's
own e-mail program. A mailto URL cannot carry a file: the done page opens the folder with
the PDF beside it, and the body names the files to attach.

Only what the resident wrote that identifies the application goes in (the initiative's
name); no contact details, bank account or answers: those are in the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from desktop_app.core.documents import Application, Report
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import fill

__all__ = ["MailDraft", "mail_draft", "mailto_url"]

# What a subject may hold of the initiative's name (the rest is cut, with "…").
MAX_NAME = 80


@dataclass(frozen=True)
class MailDraft:
    address: str
    subject: str
    body: str
    illustrative: bool  # the regeling's address is an example, not yet confirmed


def _one_line(text: str) -> str:
    """No line breaks or control characters in a subject (they would start new headers)."""
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return cleaned if len(cleaned) <= MAX_NAME else cleaned[: MAX_NAME - 1] + "…"


def mail_draft(
    regeling: Regeling,
    document: Application | Report,
    files: Sequence[str],
    language: str,
    initiative_name: str | None = None,
) -> MailDraft | None:
    """The e-mail for this document, or None when the regeling gives no address."""
    address = regeling.submission.email
    if not address:
        return None
    is_report = isinstance(document, Report)
    name = _one_line(initiative_name or regeling.roles.text(document.answers, "title"))
    reference = str(document.id)
    scheme = regeling.name.get(language)

    def say(dutch: str, **values: str) -> str:
        return fill(gettext(language, dutch), values)

    if is_report:
        subject = (
            say(
                N_("Verslag (verantwoording) {name} — kenmerk {reference}"),
                name=name,
                reference=reference,
            )
            if name
            else say(N_("Verslag (verantwoording) — kenmerk {reference}"), reference=reference)
        )
        sent = (
            say(
                N_(
                    "Hierbij stuur ik het verslag voor de regeling '{scheme}' van ons "
                    "initiatief '{name}'."
                ),
                scheme=scheme,
                name=name,
            )
            if name
            else say(N_("Hierbij stuur ik het verslag voor de regeling '{scheme}'."), scheme=scheme)
        )
    else:
        subject = (
            say(N_("Aanvraag {name} — kenmerk {reference}"), name=name, reference=reference)
            if name
            else say(N_("Aanvraag — kenmerk {reference}"), reference=reference)
        )
        sent = (
            say(
                N_(
                    "Hierbij stuur ik de aanvraag voor de regeling '{scheme}' van ons "
                    "initiatief '{name}'."
                ),
                scheme=scheme,
                name=name,
            )
            if name
            else say(N_("Hierbij stuur ik de aanvraag voor de regeling '{scheme}'."), scheme=scheme)
        )
    lines = [
        say(N_("Beste medewerker,")),
        "",
        sent,
        say(N_("Kenmerk: {reference}"), reference=reference),
    ]
    if isinstance(document, Report):
        lines.append(
            say(
                N_("Het verslag hoort bij de aanvraag met kenmerk {application}."),
                application=str(document.application_id),
            )
        )
    lines += [
        "",
        say(N_("In de bijlage:")),
        *(f"- {f}" for f in files),
        "",
        say(N_("Met vriendelijke groet,")),
        "",
    ]
    return MailDraft(address, subject, "\r\n".join(lines), regeling.submission.email_illustrative)


def mailto_url(draft: MailDraft) -> str:
    """``mailto:address?subject=…&body=…``, every character of subject and body
    percent-encoded as UTF-8 (a space is %20, never "+"; line breaks are %0D%0A)."""
    address = quote(draft.address, safe="@")
    subject = quote(draft.subject, safe="")
    body = quote(draft.body, safe="")
    return f"mailto:{address}?subject={subject}&body={body}"
