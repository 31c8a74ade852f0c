"""The ranges of core/limits.py: whatever passes them can be converted, added and compared
without an overflow; what does not is refused with its kind."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.limits import (
    MAX_DATE,
    MIN_DATE,
    OutOfRangeError,
    add_weeks,
    check_date,
    check_moment,
)

_offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


@given(st.datetimes(), _offsets)
def test_a_moment_that_passes_converts_to_any_time_zone(moment: dt.datetime, zone) -> None:
    aware = moment.replace(tzinfo=zone)
    try:
        check_moment(aware)
    except OutOfRangeError as refused:
        assert refused.kind == "moment"
        return
    assert MIN_DATE <= aware.astimezone(AMSTERDAM).date() <= MAX_DATE
    assert aware.astimezone(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=-23, minutes=-59)))


def test_the_moment_that_crashed_the_importer_is_refused() -> None:
    with pytest.raises(OutOfRangeError):
        check_moment(dt.datetime.fromisoformat("9999-12-31T23:59:59-12:00"))
    with pytest.raises(OutOfRangeError):
        check_moment(dt.datetime(2026, 3, 2, 12, 0))  # no time zone


@given(st.dates(), st.integers(min_value=0, max_value=1_000_000))
def test_a_date_that_passes_plus_any_number_of_weeks_never_overflows(day: dt.date, weeks) -> None:
    try:
        check_date(day)
    except OutOfRangeError:
        assert not MIN_DATE <= day <= MAX_DATE
        return
    later = add_weeks(day, weeks)  # a regeling's weeks, even absurd ones: never an overflow
    assert later >= day and (later == dt.date.max or later == day + dt.timedelta(weeks=weeks))


def test_add_weeks_stops_at_the_end_of_the_calendar() -> None:
    assert add_weeks(dt.date(9999, 11, 5), 8) == dt.date.max
    assert add_weeks(dt.date(1, 1, 2), -1) == dt.date.min
