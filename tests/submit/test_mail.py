"""The ready e-mail for handing in: a mailto: URL an e-mail program reads back exactly (the
standard library's own parser here), with the reference and the initiative's name, and
nothing of the resident's contact details or answers."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.submit.mail import mail_draft, mailto_url
from tests.conftest import DAY

FILES = ["aanvraag-1a2b3c4d.pdf", "aanvraag-1a2b3c4d.zip"]


def with_address(regeling, address="buurtbudget@example.nl", illustrative=True):
    submission = regeling.submission.model_copy(
        update={"email": address, "email_illustrative": illustrative}
    )
    return regeling.model_copy(update={"submission": submission})


def read_back(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, strict_parsing=True)
    [subject], [body] = query["subject"], query["body"]
    return parts.path, subject, body


def test_no_address_no_mail(amsterdam) -> None:
    application = example_application(amsterdam, fixed_on(DAY))
    assert amsterdam.submission.email is None
    assert mail_draft(amsterdam, application, FILES, "nl") is None


def test_the_mail_names_the_initiative_and_the_reference(amsterdam) -> None:
    regeling = with_address(amsterdam)
    application = example_application(regeling, fixed_on(DAY))
    application.answers["initiative_name"] = "Soep & brood: 100% buren? #samen +1"
    draft = mail_draft(regeling, application, FILES, "nl")
    assert draft is not None and draft.illustrative
    url = mailto_url(draft)
    # Nothing a mail program would split on is left bare: & = ? # + space, line breaks.
    query = url.split("?", 1)[1]
    for raw in (" ", "+", "#", "\n", "\r", "?", "€", "—"):
        assert raw not in query, raw
    assert query.count("&") == 1 and query.count("=") == 2
    assert "%0D%0A" in query and "%20" in query and "%2B1" in query
    address, subject, body = read_back(url)
    assert address == "buurtbudget@example.nl"
    expected = f"Aanvraag Soep & brood: 100% buren? #samen +1 — kenmerk {application.id}"
    assert subject == expected
    assert f"Kenmerk: {application.id}" in body
    assert "- aanvraag-1a2b3c4d.pdf" in body and "- aanvraag-1a2b3c4d.zip" in body


def test_only_the_initiative_name_of_the_answers_goes_along(amsterdam) -> None:
    regeling = with_address(amsterdam)
    application = example_application(regeling, fixed_on(DAY))
    _address, subject, body = read_back(mailto_url(mail_draft(regeling, application, FILES, "en")))
    name = application.answers["initiative_name"]
    assert name in subject and subject.startswith("Application")
    for key, value in application.answers.items():
        if key == "initiative_name" or not isinstance(value, str) or len(value) < 4:
            continue
        assert value not in subject + body, key  # no IBAN, phone, e-mail, address, story


def test_a_name_cannot_add_mail_headers(amsterdam) -> None:
    regeling = with_address(amsterdam)
    application = example_application(regeling, fixed_on(DAY))
    application.answers["initiative_name"] = "Feest\r\nBcc: iedereen@example.nl"
    draft = mail_draft(regeling, application, FILES, "nl")
    assert "\r" not in draft.subject and "\n" not in draft.subject
    _address, subject, _body = read_back(mailto_url(draft))
    assert subject.startswith("Aanvraag Feest Bcc: iedereen@example.nl — kenmerk")
    assert set(parse_qs(urlsplit(mailto_url(draft)).query)) == {"subject", "body"}
