"""Median time to validate a full application, per shipped regeling (goal: under 5 ms)."""

from __future__ import annotations

import statistics
import time

from desktop_app.core.clock import SystemClock, today
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import Catalog, example_application

RUNS = 500


def main() -> None:
    clock = SystemClock()
    day = today(clock)
    catalog = Catalog.default()
    print(f"{'regeling':40} {'median ms':>10} {'p95 ms':>8}  goal < 5 ms")
    for regeling_id in catalog.ids():
        regeling = catalog.current(regeling_id, day)
        application = example_application(regeling, clock)
        evaluate(regeling, application, day)  # warm up
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            evaluate(regeling, application, day)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95)]
        print(f"{regeling_id:40} {statistics.median(timings):10.3f} {p95:8.3f}")


if __name__ == "__main__":
    main()
