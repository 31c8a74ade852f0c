"""Time as a dependency: the rules ask a Clock, tests pass a fixed one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(AMSTERDAM)


@dataclass(frozen=True)
class FixedClock:
    moment: dt.datetime

    def now(self) -> dt.datetime:
        return self.moment


def fixed_on(day: dt.date) -> FixedClock:
    """A clock standing at noon, Amsterdam time, on ``day``."""
    return FixedClock(dt.datetime.combine(day, dt.time(12, 0), tzinfo=AMSTERDAM))


def today(clock: Clock) -> dt.date:
    """The calendar date in Amsterdam: deadlines are Dutch dates, wherever the PC is."""
    return clock.now().astimezone(AMSTERDAM).date()
