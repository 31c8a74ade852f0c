"""The pseudo-locale (``--lang qps``): every catalogued string bracketed and ~30 % longer.

On the pages whose words come from the catalogues (start screen, dossier list, new dossier),
a text without brackets is a string that does not go through gettext — a translator could
never translate it — and a label narrower than its text at 1280x800 is one a longer language
would clip.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from desktop_app.core.clock import fixed_on
from desktop_app.core.i18n import PSEUDO, pseudo
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY


@pytest.fixture
def pseudo_window(qtbot, tmp_path, catalog):
    from desktop_app.ui.resident.window import MainWindow

    shown = MainWindow(AppPaths(tmp_path / "data"), catalog, fixed_on(DAY), PSEUDO)
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _texts(page: QWidget) -> list[tuple[QWidget, str]]:
    # The proposed passphrase is the resident's own data (four words), not a text to translate.
    data = {getattr(getattr(page, "proposal", None), "shown", None)}
    shown = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page) or widget in data:
            continue
        if isinstance(widget, QLabel | QAbstractButton) and widget.text().strip():
            shown.append((widget, widget.text()))
    return shown


def _pages(window) -> dict[str, QWidget]:
    return {
        "start": window.start,
        "dossiers": window.dossier_page,
        "new dossier": window.new_dossier_page,
    }


def test_the_pseudo_locale_changes_every_string_and_keeps_placeholders() -> None:
    shown = pseudo("Dossier: {label} (*.json) &Openen")
    assert shown.startswith("[!! ") and shown.endswith(" !!]")
    assert "{label}" in shown and "(*.json)" in shown and "&" in shown
    assert len(shown) >= len("Dossier: {label} (*.json) &Openen") * 1.3


@pytest.mark.parametrize("name", ["start", "dossiers", "new dossier"])
def test_no_untranslated_string_on_the_catalogued_pages(qtbot, pseudo_window, name) -> None:
    page = _pages(pseudo_window)[name]
    pseudo_window.stack.setCurrentWidget(page)
    qtbot.wait(50)
    texts = _texts(page)
    assert texts, "nothing shown: the test would pass on an empty page"
    untranslated = [
        (type(w).__name__, t) for w, t in texts if not (t.startswith("[!!") and t.endswith("!!]"))
    ]
    assert untranslated == []


@pytest.mark.parametrize("name", ["start", "dossiers", "new dossier"])
def test_no_label_is_clipped_at_1280x800(qtbot, pseudo_window, name) -> None:
    page = _pages(pseudo_window)[name]
    pseudo_window.stack.setCurrentWidget(page)
    qtbot.wait(50)
    clipped = []
    for widget, text in _texts(page):
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.sizeHint().width() > widget.width():
            clipped.append((text, widget.sizeHint().width(), widget.width()))
    assert clipped == []
