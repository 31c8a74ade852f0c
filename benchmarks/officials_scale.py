"""The officials' case store at municipal scale: 10,000 bundles imported into SQLite and into
PostgreSQL in batches of 1,000 (bundles per second per batch, with full verification; goal:
the last batch no slower than the first), then, with 10,000 cases in the store, the time to
open the inbox (read every case), filter it (area and status, as the officials' window does)
and search it (a word in title or applicant) — goal at most 300 ms each.

    .venv/bin/python benchmarks/officials_scale.py [--count 10000] [--batch 1000]
        [--postgresql postgresql://user@host/db]

Without ``--postgresql`` a throw-away server is started (Debian's postgresql package, as the
tests do: tests/postgres.py); ``--no-postgresql`` measures SQLite only."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.core.clock import SystemClock, today
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_paths
from desktop_app.officials.store import Case, CaseStore

GOAL_MS = 300.0
AREAS = ("centrum", "noord", "oost", "west", "zuid", "nieuw-west", "zuidoost")


def make_bundles(folder: Path, count: int, batch: int) -> list[Path]:
    """``count`` signed bundles in one sub-folder per batch; each a new application."""
    clock = SystemClock()
    catalog = Catalog.default()
    regeling = catalog.current("amsterdam-bewonersinitiatief", today(clock))
    areas = [a.id for a in regeling.areas] or list(AREAS)
    signer = ephemeral_signer("Benchmark")
    pdf = b"%PDF-1.7\n" + b"0" * 10_000 + b"\n%%EOF\n"
    batches = []
    for number in range(count):
        if number % batch == 0:
            batches.append(folder / f"batch-{number // batch:03}")
            batches[-1].mkdir(parents=True)
        application = example_application(regeling, clock)
        answers = dict(application.answers)
        for key, value in answers.items():  # spread the cases over the areas
            if isinstance(value, str) and value in areas:
                answers[key] = areas[number % len(areas)]
        application.answers = answers
        bundle = write_bundle(application, pdf, {}, signer, clock.now())
        (batches[-1] / f"{number:05}.zip").write_bytes(bundle)
    return batches


def import_in_batches(store: CaseStore, batches: list[Path]) -> list[float]:
    catalog = Catalog.default()
    clock = SystemClock()
    rates = []
    for folder in batches:
        start = time.perf_counter()
        outcomes = import_paths([folder], store, catalog, clock)
        seconds = time.perf_counter() - start
        assert all(o.status == "imported" for o in outcomes), {o.status for o in outcomes}
        rates.append(len(outcomes) / seconds)
        print(f"  batch {len(rates):2}: {rates[-1]:7.0f} bundles/s", flush=True)
    return rates


def _median_ms(work: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def inbox_timings(store: CaseStore) -> dict[str, float]:
    """Open the inbox (every case read), filter it and search it in the database, and the
    same filter and search on the cases already read (what the officials' window does after
    opening)."""
    cases: list[Case] = store.cases()
    area = next((c.area for c in cases if c.area), None)
    word = "buurt"

    def in_memory_filter() -> list[Case]:
        return [c for c in cases if c.area == area and c.status == "received"]

    def in_memory_search() -> list[Case]:
        return [c for c in cases if word in f"{c.title} {c.applicant}".lower()]

    return {
        "open inbox (every case)": _median_ms(store.cases),
        "filter (area + status), SQL": _median_ms(
            lambda: store.cases(area=area, status="received")
        ),
        "search (title/applicant), SQL": _median_ms(lambda: store.cases(text=word)),
        "filter, on the open inbox": _median_ms(in_memory_filter),
        "search, on the open inbox": _median_ms(in_memory_search),
    }


@contextmanager
def postgresql(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    from tests import postgres

    if postgres.binaries() is None:
        raise SystemExit("PostgreSQL binaries missing: give --postgresql URL or --no-postgresql")
    with postgres.throwaway_server() as server:
        yield server


def report(name: str, rates: list[float], timings: dict[str, float]) -> None:
    print(name)
    verdict = "ok" if rates[-1] >= rates[0] * 0.9 else "SLOWER"
    print(f"  last batch / first: {rates[-1] / rates[0]:.2f}  (goal: no slower; {verdict})")
    for label, ms in timings.items():
        mark = "ok" if ms <= GOAL_MS else "OVER"
        print(f"  {label:30} {ms:7.0f} ms  (goal <= {GOAL_MS:.0f} ms; {mark})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--postgresql", metavar="URL")
    parser.add_argument("--no-postgresql", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        start = time.perf_counter()
        batches = make_bundles(root / "inbox", args.count, args.batch)
        made = time.perf_counter() - start
        print(f"{args.count} bundles made in {made:.0f} s ({args.count / made:.0f}/s)", flush=True)

        print("\nSQLite, import in batches", flush=True)
        store = CaseStore(root / "sqlite")
        rates = import_in_batches(store, batches)
        report(f"SQLite ({args.count} cases)", rates, inbox_timings(store))
        store.close()

        if args.no_postgresql:
            return
        with postgresql(args.postgresql) as url:
            print("\nPostgreSQL, import in batches", flush=True)
            store = CaseStore(url, root / "pg", files=root / "pg-files")
            rates = import_in_batches(store, batches)
            report(f"PostgreSQL ({args.count} cases)", rates, inbox_timings(store))
            store.close()


if __name__ == "__main__":
    main()
