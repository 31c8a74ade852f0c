"""The officials' import checks a bundle on the day it was signed and today: doing both at once
(the answers read once) gives exactly what two separate checks give, for every kind of
document, including a day on which the regeling is no longer in force."""

from __future__ import annotations

import datetime as dt

from desktop_app.core.engine import evaluate, evaluate_on
from tests.core.test_engine import _report

SIGNED = dt.date(2026, 3, 2)
LATE = dt.date(2033, 1, 10)  # the regeling is out of force: other verdicts


def test_an_application_on_two_days_as_two_checks(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers["activity_date"] = (SIGNED + dt.timedelta(days=3)).isoformat()
    days = (SIGNED, LATE, SIGNED)
    together = evaluate_on(amsterdam, amsterdam_application, days)
    apart = tuple(evaluate(amsterdam, amsterdam_application, day) for day in days)
    assert together == apart
    assert together[0] != together[1]  # the day does matter here: both were really checked


def test_a_report_on_two_days_as_two_checks(amsterdam) -> None:
    report = _report(amsterdam, "450.00", {"what_happened": "Een straatfeest"})
    days = (SIGNED, LATE)
    assert evaluate_on(amsterdam, report, days) == tuple(
        evaluate(amsterdam, report, day) for day in days
    )
