"""A screenshot of the officials' Inzicht tab, with a demo store of made-up applications.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshot_insight.py \
        /tmp/shots/insight.png [--lang en]

About forty applications of the Amsterdam regeling over several areas and goals are signed,
imported and decided on days through 2026, so the bars, the hidden small groups and the
budget line have something to show. Nothing of it is real.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QApplication

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.decide import decide, reason_text
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from desktop_app.ui.insight_tab import InsightTab
from desktop_app.ui.officials import OfficialsWindow
from desktop_app.ui.style import load_style

REGELING = "amsterdam-bewonersinitiatief"
DAY = dt.date(2026, 1, 15)
# area: how many applications (a few areas small on purpose: they show as "< 5")
AREAS = {"noord": 12, "oost": 9, "zuid": 7, "nieuw_west": 6, "west": 3, "centrum": 2}


def demo_store(folder: Path, catalog: Catalog, key: Ed25519PrivateKey) -> None:
    regeling = catalog.current(REGELING, DAY)
    goals = [g.id for g in regeling.goals]
    chance = random.Random(22)
    signer = ephemeral_signer("Buurt")
    store = CaseStore(folder)
    made = []
    for area, count in AREAS.items():
        for _ in range(count):
            application = example_application(regeling, fixed_on(DAY))
            application.answers = copy.deepcopy(application.answers) | {
                "area": area,
                "goal": chance.choice(goals),
                "participants": chance.randint(10, 80),
                "activity_date": f"2026-{chance.randint(3, 11):02d}-{chance.randint(1, 28):02d}",
            }
            signed = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
            bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, signed)
            import_bundle(bundle, "demo.zip", store, catalog, fixed_on(DAY))
            made.append(application)
    for number, application in enumerate(made):
        case = store.case(application.id)
        assert case is not None
        day = DAY + dt.timedelta(days=7 * (number % 40))
        if number % 9 == 4:
            reason = reason_text("reject_rules", case.requested, None)
            decide(store, case, "reject", None, reason, key, "demo", fixed_on(day), "demo")
        elif number % 5 != 3:  # some are not decided yet
            amount = Decimal(chance.randrange(300, 1000, 50))
            reason = reason_text("grant_lower", case.requested, amount)
            decide(store, case, "grant", amount, reason, key, "demo", fixed_on(day), "demo")
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    load_style(app)
    catalog = Catalog.default()
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory() as data:
        folder = Path(data) / "store"
        demo_store(folder, catalog, key)
        output = Path(data) / "besluiten"
        output.mkdir()
        window = OfficialsWindow(
            folder,
            catalog,
            fixed_on(dt.date(2026, 12, 1)),
            lambda: (key, "demo"),
            output,
            args.lang,
        )
        window.resize(1280, 800)
        window.show()
        tab = window.findChild(InsightTab)
        window.tabs.setCurrentWidget(tab)
        for _ in range(10):
            app.processEvents()
        tab.line_for.setCurrentIndex(1)  # the first area's line against its own ceiling
        tab._show_timeline()
        for _ in range(10):
            app.processEvents()
        window.grab().save(str(args.out))
        print(args.out)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
