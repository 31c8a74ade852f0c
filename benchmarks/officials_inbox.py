"""The officials' inbox with many cases: opening the window until its table is drawn, one
filter, and each letter typed in the search box (goals: open ≤ 300 ms, filter and each
letter ≤ 50 ms). The search waits 150 ms for a pause in typing; what is timed here is the
work a letter causes once it runs (the pause itself is not work).

    .venv/bin/python benchmarks/officials_inbox.py [--cases 10000] [--store DIR] [--postgres]

The cases are real: signed bundles, each checked and imported as an official's import does.
With --store an existing folder is reused (made the first time), so a second run starts at once.
With --postgres the cases are in a throw-away PostgreSQL server (tests/postgres.py), as when
KLEIN_INITIATIEF_STORE names one.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QEventLoop
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import STORE_SETTING, CaseStore, cases_table
from desktop_app.ui.officials import OfficialsWindow

DAY = dt.date(2026, 3, 2)
NAMES = ("Buurtmaaltijd", "Moestuin", "Straatfeest", "Speeldag", "Kookclub", "Buurtbios")
AREAS = ("noord", "zuid", "oost", "west", "centrum", "nieuw-west", "zuidoost")
SEARCH = "straatfeest 0002"
OPENINGS = 5
REAL_IMPORTS = 60


def fill(folder: Path, count: int, catalog: Catalog, url: str | None = None) -> None:
    """``count`` cases: the first ones real imports of signed bundles (checked as an official's
    import checks them), the rest copies of their stored rows under new ids, names and areas,
    written in one transaction (signing and checking 10,000 bundles would take many minutes
    here and is measured by import_bundles.py)."""
    store = CaseStore(url or folder, folder)
    try:
        have = len(store.cases())
        if have >= count:
            return
        regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
        clock, signer = fixed_on(DAY), ephemeral_signer("Benchmark")
        template = example_application(regeling, clock)
        signed_on = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        areas = [a.id for a in regeling.areas] or list(AREAS)

        def name(number: int) -> str:
            return f"{NAMES[number % len(NAMES)]} {number:04d}"

        real = min(count, max(have, REAL_IMPORTS))
        for number in range(have, real):
            application = template.model_copy(update={"id": uuid.uuid4()})
            application.answers = copy.deepcopy(template.answers) | {
                "initiative_name": name(number),
                "area": areas[number % len(areas)],
            }
            bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, signed_on)
            outcome = import_bundle(bundle, f"{number}.zip", store, catalog, clock)
            assert outcome.status == "imported", outcome.message.en
        with store.transaction() as db:
            rows = [dict(r) for r in db.execute(sa.select(cases_table)).mappings()]
            copies = []
            for number in range(max(have, real), count):
                row = rows[number % len(rows)] | {
                    "bundle_id": str(uuid.uuid4()),
                    "title": name(number),
                    "area": areas[number % len(areas)],
                }
                copies.append(row)
            if copies:
                db.execute(cases_table.insert(), copies)
    finally:
        store.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def spread(values: list[float]) -> str:
    return f"median {ms(statistics.median(values))}, min {ms(min(values))}, max {ms(max(values))}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        url = None
        if args.postgres:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests import postgres

            url = postgres.new_database(stack.enter_context(postgres.throwaway_server()))
            os.environ[STORE_SETTING] = url  # the window's store, as an official sets it
        measure(args, url)


def measure(args: argparse.Namespace, url: str | None) -> None:
    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 (kept alive)
    catalog = Catalog.default([])
    scratch = tempfile.TemporaryDirectory()
    folder = args.store or Path(scratch.name) / "store"
    started = time.perf_counter()
    fill(folder, args.cases, catalog, url)
    print(f"store ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    output = Path(scratch.name) / "besluiten"
    output.mkdir(exist_ok=True)
    key = Ed25519PrivateKey.generate()

    openings: list[float] = []  # the window as the app opens it: drawn, cases on their way
    filled: list[float] = []  # ... until the inbox shows every case
    loads: list[float] = []  # the same window reading the store before it is drawn
    window = None
    for later in [True, False] * OPENINGS:
        if window is not None:
            window.close()
            window.deleteLater()
            QApplication.processEvents()
        start = time.perf_counter()
        window = OfficialsWindow(
            folder, catalog, fixed_on(DAY), lambda: (key, "k"), output, "nl", load_later=later
        )
        window.show()
        window.tabs.setCurrentIndex(1)
        QApplication.processEvents()  # laid out and painted
        drawn = time.perf_counter() - start
        if window.table.model().rowCount() == 0:  # wait idle, as the app's event loop does
            idle = QEventLoop()
            window.table.model().modelReset.connect(idle.quit)
            idle.exec()
        QApplication.processEvents()
        if later:
            openings.append(drawn)
            filled.append(time.perf_counter() - start)
        else:
            loads.append(drawn)
    assert window is not None
    shown = window.table.model().rowCount()
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    filters: list[float] = []
    area = window.inbox.filter_area
    for index in [*range(1, area.count()), 0] * 2:
        start = time.perf_counter()
        area.setCurrentIndex(index)
        QApplication.processEvents()
        filters.append(time.perf_counter() - start)

    letters: list[float] = []
    box = window.inbox.search
    box.setFocus()
    for _ in range(3):
        box.clear()
        window.inbox.apply_filter()
        for letter in SEARCH:
            QTest.qWait(5)  # a moment between letters, as a person types
            start = time.perf_counter()
            QTest.keyClicks(box, letter)
            window.inbox.apply_filter()  # what the search pause then runs
            QApplication.processEvents()
            letters.append(time.perf_counter() - start)
    found = window.table.model().rowCount()
    window.close()

    print(f"store: {'PostgreSQL' if url else 'SQLite'}")
    print(f"cases: {shown} shown on opening; '{SEARCH}' finds {found}")
    print(f"open the window, drawn:           {spread(openings)}   (goal ≤ 300 ms)")
    print(f"  ... until every case is shown:  {spread(filled)}")
    print(f"  reading the store first:        {spread(loads)}")
    print(f"one filter (area):                {spread(filters)}   (goal ≤ 50 ms)")
    print(f"each search letter:               {spread(letters)}   (goal ≤ 50 ms)")
    print(f"peak memory of this process:      {memory:7.0f} MB")


if __name__ == "__main__":
    main()
