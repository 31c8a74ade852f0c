"""The pseudo-locale (``--lang qps``): every catalogued string bracketed and ~30 % longer.

On the start screen, the dossier pages and the wizard (a page of questions, the attachments,
the check page with a message, the sign page), a text without brackets is a string that does
not go through gettext — a translator could never translate it — and a label narrower than
its text at 1280x800 is one a longer language would clip.

The wizard also shows the regeling's own texts (questions, help, options, step titles): the
municipality writes those in the regeling file, in the languages it chooses, so they are not
in the catalogue by design and show in Dutch in ``qps``. They are told apart by their source,
not by their look: every text of the loaded regeling (read from its model) that is not also a
catalogue msgid counts as the municipality's; a regeling text that equals a msgid ("Uw naam")
counts as the municipality's only inside a question's editor, so the app's own use of the
same words elsewhere is still checked. What is left must be pseudo-translated: no letter that
``pseudo()`` accents may remain unaccented (a message of the checks filled into "Fout:
{message}" would otherwise hide inside the prefix's brackets).
"""

from __future__ import annotations

from typing import Any

import pytest
from babel.messages.pofile import read_po
from pydantic import BaseModel
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from desktop_app.core.clock import fixed_on, today
from desktop_app.core.i18n import PSEUDO, locale_dir, pseudo
from desktop_app.core.loader import example_application
from desktop_app.core.messages import format_value
from desktop_app.core.text import Text
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY

# The letters pseudo() accents: one of them unaccented is a text that skipped the catalogue.
PLAIN = set("abcdeghiklnorstuyzABCDEGHIKLNORSTUYZ")
WIZARD_PAGES = ["budget", "attachments", "check", "sign"]


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


# --- the wizard ----------------------------------------------------------------------------


def _regeling_texts(value: Any) -> set[str]:
    """Every text of a regeling model, in every language it is written in."""
    found: set[str] = set()
    if isinstance(value, Text):
        found |= {value.get(language) for language in value.languages()}
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found |= _regeling_texts(getattr(value, name))
    elif isinstance(value, list | tuple | set):
        for item in value:
            found |= _regeling_texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            found |= _regeling_texts(item)
    return found


def _msgids() -> set[str]:
    with (locale_dir() / "klein_initiatief.pot").open("rb") as fp:
        return {m.id for m in read_po(fp) if m.id}


@pytest.fixture
def pseudo_wizard(pseudo_window, catalog):
    """The Amsterdam example in the pseudo-locale, with the activity date left open (so the
    check page shows a message of the checks)."""
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    document = example_application(regeling, fixed_on(DAY))
    del document.answers["activity_date"]
    pseudo_window.store.save(document)
    pseudo_window.show_start()
    pseudo_window.open_selected()
    wizard = pseudo_window.wizard
    assert wizard is not None
    return wizard


def _show(qtbot, wizard, name: str) -> None:
    index = {
        "budget": wizard._page_of("budget"),
        "attachments": wizard._page_of("attachments"),
        "check": len(wizard.steps),
        "sign": len(wizard.steps) + 1,
    }[name]
    wizard.show_page(index)
    qtbot.wait(50)
    assert wizard.pages.currentIndex() == index


def _in_question(widget: QWidget) -> bool:
    from desktop_app.ui.editors import FieldEditor

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, FieldEditor):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("name", WIZARD_PAGES)
def test_no_untranslated_string_on_the_wizard_pages(qtbot, pseudo_wizard, name) -> None:
    _show(qtbot, pseudo_wizard, name)
    regeling_texts = _regeling_texts(pseudo_wizard.regeling)
    # Not catalogue texts either: the date as Babel writes it from the locale's data, and the
    # names of file types.
    data = {format_value(today(pseudo_wizard.clock), PSEUDO), "PDF", "JPG", "PNG"}
    inside, own = regeling_texts | data, (regeling_texts - _msgids()) | data
    texts = _texts(pseudo_wizard)
    assert any(t.startswith("[!!") for _, t in texts), "no catalogued text: the test is empty"
    if name == "check":
        from desktop_app.ui.wizard import VerdictLink

        links = [w for w in pseudo_wizard.check_page.findChildren(VerdictLink) if w.isVisible()]
        assert links, "no message on the check page: its text would go unchecked"
    untranslated = []
    for widget, text in texts:
        rest = text
        for part in sorted(inside if _in_question(widget) else own, key=len, reverse=True):
            rest = rest.replace(part, " ")
        if any(c in PLAIN for c in rest):
            untranslated.append((type(widget).__name__, text))
    assert untranslated == []


@pytest.mark.parametrize("name", WIZARD_PAGES)
def test_no_label_is_clipped_on_the_wizard_pages_at_1280x800(qtbot, pseudo_wizard, name) -> None:
    _show(qtbot, pseudo_wizard, name)
    assert pseudo_wizard.window().size().width() == 1280
    clipped = []
    for widget, text in _texts(pseudo_wizard):
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.sizeHint().width() > widget.width():
            clipped.append((text, widget.sizeHint().width(), widget.width()))
    assert clipped == []
