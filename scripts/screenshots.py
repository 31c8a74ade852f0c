"""Screenshots of every screen a resident sees, to look at after a change.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots.py OUT_DIR
    [--lang en] [--font-scale 2]
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots.py OUT --lang qps

Each regeling's example is opened in a fresh data folder; every wizard page, the check page,
the signing page and the page after signing are saved as PNG. ``--font-scale 2`` doubles the
application font, the way a resident with poor sight sets up the computer.

``--lang qps`` (the pseudo-locale: every catalogued text bracketed, accented and ~30 % longer)
takes three wizard pages at 1280x800 instead: a page of questions (the budget), the check page
with a message, and the sign page — text without brackets there is either the regeling's own
(questions, help) or a string a translator cannot reach (tests/ui/test_pseudo_locale.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.clock import SystemClock
from desktop_app.core.i18n import PSEUDO
from desktop_app.core.loader import Catalog, example_application
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.background import wait_for_background
from desktop_app.ui.resident.window import MainWindow, load_style


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(path)


def pseudo_pages(app: QApplication, catalog: Catalog, clock: SystemClock, out: Path) -> None:
    """The Amsterdam example in the pseudo-locale, its activity date left open (a message on
    the check page): the budget page, the check page and the sign page."""
    regeling = catalog.current("amsterdam-bewonersinitiatief", clock.now().date())
    with tempfile.TemporaryDirectory() as data:
        window = MainWindow(AppPaths(Path(data)), catalog, clock, PSEUDO)
        window.resize(1280, 800)
        window.show()
        document = example_application(regeling, clock)
        document.answers.pop("activity_date", None)
        window.store.save(document)
        window.show_start()
        window.open_selected()
        wizard = window.wizard
        assert wizard is not None
        pages = {
            "budget": wizard._page_of("budget"),
            "check": len(wizard.steps),
            "sign": len(wizard.steps) + 1,
        }
        for name, index in pages.items():
            wizard.show_page(index)
            shoot(app, window, out / f"qps-{name}.png")
        window.close_wizard()
        window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("nl", "en", PSEUDO), default="nl")
    parser.add_argument("--font-scale", type=float, default=1.0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * args.font_scale)
    app.setFont(font)
    load_style(app)
    catalog, clock = Catalog.default(), SystemClock()
    if args.lang == PSEUDO:
        pseudo_pages(app, catalog, clock, args.out)
        return 0
    for regeling_id in catalog.ids():
        with tempfile.TemporaryDirectory() as data:
            window = MainWindow(AppPaths(Path(data)), catalog, clock, args.lang)
            window.resize(1100, 800)
            window.show()
            if regeling_id == catalog.ids()[0]:
                shoot(app, window, args.out / "00-start-empty.png")
                window.stack.setCurrentWidget(window.chooser)
                shoot(app, window, args.out / "01-chooser.png")
                home = window.dossier
                window.show_new_dossier()
                shoot(app, window, args.out / "02-new-dossier.png")
                # Two protected dossiers, told apart by their word and colour, not their names.
                passphrase = "fiets boom lamp zee wolk"
                window.dossiers.create("Moestuin Noord", passphrase, mark=("zonnebloem", "yellow"))
                window.dossiers.create("Speeltuin Zuid", passphrase, mark=("vlieger", "blue"))
                window.show_dossiers()
                shoot(app, window, args.out / "03-dossiers.png")
                window.dossier_page.open_chosen()  # no PIN typed: shows the message
                shoot(app, window, args.out / "04-dossiers-wrong-pin.png")
                window.use_dossier(home)
            regeling = catalog.current(regeling_id, clock.now().date())
            if regeling_id == "amersfoort-wijkactiviteiten":
                # € 3.000 with a paid trainer: the redirect to the other regeling and the
                # budget that does not add up, on the check page (messages must wrap).
                too_much = example_application(regeling, clock)
                too_much.answers["budget"]["requested"] = "3000.00"  # type: ignore[index]
                too_much.answers["paid_staff"] = True
                window.store.save(too_much)
                window.show_start()
                window.open_selected()
                assert window.wizard is not None
                window.wizard.show_page(len(window.wizard.steps))
                shoot(app, window, args.out / f"{regeling_id}-check-redirect.png")
                window.close_wizard()
                window.store.delete(too_much.id)
            document = example_application(regeling, clock)
            window.store.save(document)
            window.show_start()
            window.open_selected()
            wizard = window.wizard
            assert wizard is not None
            for index in range(wizard.pages.count()):
                wizard.show_page(index)
                shoot(app, window, args.out / f"{regeling_id}-{index + 1:02d}.png")
            wizard.go_next()  # sign and save
            wait_for_background()
            shoot(app, window, args.out / f"{regeling_id}-done.png")
            window.show_start()
            shoot(app, window, args.out / f"{regeling_id}-start.png")
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
