"""Long runs of real key events, each in its own process, so that a Qt binding that crashes
(PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and aborts with
``Fatal Python error: none_dealloc`` after a few hundred keystrokes) fails a test instead of
killing pytest. Run as ``python -m tests.ui.longrun_app MODE FOLDER``:

- ``typing DATA``: a resident types 5,000 characters across the Amsterdam wizard;
- ``reopen DATA``: a resident opens and closes the same application 50 times;
- ``search STORE``: an official types 1,000 keystrokes in the search box of a full store;
- ``void``: 20,000 void Qt calls, nothing else.

The last line on stdout is JSON: None's reference count before and after, and what was typed
or seen, for the test to check against what is on disk."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

TYPED_CHARACTERS = 5_000
REOPENINGS = 50
SEARCH_KEYSTROKES = 1_000
VOID_CALLS = 20_000

# Sentences a resident could write, with the letters Dutch needs (é, ë, ï, ü) and punctuation.
WORDS = (
    "Wij organiseren een buurtmaaltijd in het speeltuingebouw, samen met de bewonerscommissie. "
    "Iedereen is welkom: jong en oud, nieuwe en oude buren. We koken één keer per maand, "
    "met groente uit de moestuin; de kinderen helpen mee (met een schort!). Naïeve vragen "
    "bestaan niet; wie wil, leert koken van Ömer, Sinéad en mevrouw Brüggemann. "
)


KNOWN_BAD = (
    "drops a reference to None on every void call (known bad: PySide6 6.12.0 on Python < "
    "3.12); pin a working version in requirements.lock"
)


def run_child(mode: str, *args: Path, timeout: float = 900) -> dict[str, Any]:
    """For the tests: run one long run in its own process. It must end normally, None's
    reference count must not have fallen; returns what it reported."""
    import subprocess

    import PySide6

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.longrun_app", mode, *map(str, args)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = done.stdout.strip().splitlines()
    # The child names its binding first, before it can crash.
    started = json.loads(lines[0]) if lines and lines[0].startswith("{") else {}
    binding = (
        f"PySide6 {started.get('pyside6', PySide6.__version__)} on Python "
        f"{started.get('python', sys.version.split()[0])}"
    )
    if done.returncode != 0 and "none_dealloc" in done.stderr:
        raise AssertionError(f"{binding} {KNOWN_BAD}\n{done.stderr[-2000:]}")
    assert done.returncode == 0, (
        f"the {mode} run ended with {done.returncode} ({binding})\n" + (done.stderr[-3000:])
    )
    result = json.loads(lines[-1])
    print(f"{mode}: None's reference count {result['none_before']} -> {result['none_after']}")
    if result["none_after"] < result["none_before"]:
        raise AssertionError(
            f"{binding} {KNOWN_BAD} (None's reference count fell from "
            f"{result['none_before']} to {result['none_after']} during the {mode} run)"
        )
    return result


def none_refcount() -> int:
    """None's reference count (from Python 3.12 on None is immortal: a large constant)."""
    return sys.getrefcount(None)


def find(root: QWidget, kind: type, name: str) -> Any:
    found = [
        w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisibleTo(root)
    ]
    assert len(found) == 1, (name, [w.accessibleName() for w in root.findChildren(kind)])
    return found[0]


def text_of(length: int, offset: int) -> str:
    """``length`` characters of resident's prose, starting somewhere else each time."""
    repeated = WORDS * (length // len(WORDS) + 2)
    start = offset % len(WORDS)
    return repeated[start : start + length].strip().ljust(length, ".")


def type_characters(widget: QWidget, text: str) -> None:
    """Key by key. QTest.keyClicks only knows ASCII; an é is its own key (Qt::Key_Eacute
    with the text "é"), as a keyboard with accents sends it."""
    for character in text:
        if ord(character) < 128:
            QTest.keyClicks(widget, character)
        else:
            key = Qt.Key(ord(character.upper()))  # Qt's keys for Latin-1 letters
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, key, character, Qt.KeyboardModifier.NoModifier
            )


def type_text(widget: QWidget, text: str) -> int:
    """Type as a keyboard does (Return between lines), then Tab out. Returns the keystrokes."""
    widget.setFocus()
    for number, line in enumerate(text.split("\n")):
        if number:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        type_characters(widget, line)
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    return len(text)


def press(button: QPushButton) -> None:
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)


def resident_window(data: Path) -> Any:
    from desktop_app.core.clock import fixed_on
    from desktop_app.core.loader import Catalog
    from desktop_app.storage.paths import AppPaths
    from desktop_app.ui.resident.window import MainWindow
    from tests.conftest import DAY, TEST_FORMS

    window = MainWindow(AppPaths(data), Catalog.default([TEST_FORMS]), fixed_on(DAY), "nl")
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    return window


def start_amsterdam(window: Any) -> None:
    press(find(window, QPushButton, "Nieuwe aanvraag"))
    chooser = find(window, QListWidget, "Kies uw gemeente en regeling")
    chooser.setFocus()
    QTest.keyClick(chooser, Qt.Key.Key_Down)  # Amersfoort, Amsterdam, …
    assert "Amsterdam" in chooser.currentItem().text()
    QTest.keyClick(chooser, Qt.Key.Key_Return)
    assert window.wizard is not None


def run_typing(data: Path) -> dict[str, Any]:
    """5,000 characters over every kind of text question, a budget line included."""
    app = QApplication(sys.argv)
    window = resident_window(data)
    start_amsterdam(window)
    wizard = window.wizard
    before = none_refcount()
    # (step, question, characters): within each question's maximum length.
    plan: list[tuple[int, str, str, int]] = [
        (1, "initiative_name", "Naam van uw initiatief", 90),
        (1, "activity_description", "Wat gaat u doen?", 1_900),
        (1, "neighbourhood_benefit", "Wat heeft de buurt eraan?", 1_400),
        (2, "location", "Waar is de activiteit?", 180),
        (2, "residents_support", "Welke buurtbewoners steunen het plan?", 500),
        (2, "publicity", "Hoe hoort de buurt ervan?", 500),
        (3, "contact_name", "Uw naam", 60),
        (3, "street_address", "Straat en huisnummer", 60),
        (3, "city", "Woonplaats", 40),
        (4, "budget.description", "Omschrijving, regel 1", 190),
        (4, "budget.amount", "Bedrag, regel 1", 0),
        (5, "account_holder", "Naam van de rekeninghouder", 62),
    ]
    typed: dict[str, str] = {}
    keystrokes = 0
    step = 1
    for number, (page, key, name, length) in enumerate(plan):
        while step < page:
            press(find(wizard, QPushButton, "Volgende"))
            step += 1
            if step == 4:
                press(find(wizard, QPushButton, "Kostenregel toevoegen"))
                category = find(wizard, QComboBox, "Soort kosten, regel 1")
                category.setFocus()
                QTest.keyClicks(category, "Gezond")
        if key == "budget.amount":
            text = "1.234,56"
        else:
            text = text_of(length, number * 37)
            if length > 400:  # long answers have paragraphs, typed with Return
                text = "\n".join(text[i : i + 300].strip() for i in range(0, len(text), 300))
        widget_kind = QPlainTextEdit if length > 400 else QLineEdit
        keystrokes += type_text(find(wizard, widget_kind, name), text)
        typed[key] = text
    iban = "NL93RABO0373645291"
    keystrokes += type_text(find(wizard, QLineEdit, "IBAN (rekeningnummer)"), iban)
    typed["iban"] = iban
    shown = wizard.editors["activity_description"].text_box.toPlainText()  # on an earlier page
    after = none_refcount()
    result = {
        "none_before": before,
        "none_after": after,
        "keystrokes": keystrokes,
        "typed": typed,
        "shown_plan": shown,
        "document_id": str(wizard.document.id),
    }
    press(find(wizard, QPushButton, "Opslaan en sluiten"))
    window.close()
    app.processEvents()
    return result


def run_reopen(data: Path) -> dict[str, Any]:
    """Start screen → Verder invullen → type a little → close; 50 times, the window itself
    closed and started again every tenth time."""
    app = QApplication(sys.argv)
    window = resident_window(data)
    start_amsterdam(window)
    name = "Buurtfeest"
    plan = "Muziek, soep en spelletjes op het plein."
    type_text(find(window.wizard, QLineEdit, "Naam van uw initiatief"), name)
    type_text(find(window.wizard, QPlainTextEdit, "Wat gaat u doen?"), plan)
    press(find(window.wizard, QPushButton, "Opslaan en sluiten"))
    before = none_refcount()
    seen: list[str] = []
    for number in range(REOPENINGS):
        documents = find(window, QListWidget, "Mijn aanvragen en verslagen")
        assert documents.count() == 1, documents.count()
        press(find(window, QPushButton, "Verder invullen"))
        wizard = window.wizard
        field = find(wizard, QLineEdit, "Naam van uw initiatief")
        seen.append(field.text())
        if find(wizard, QPlainTextEdit, "Wat gaat u doen?").toPlainText() != plan:
            seen.append("plan lost")
        letter = "abcdefghij"[number % 10]
        field.setFocus()
        QTest.keyClick(field, Qt.Key.Key_End)
        QTest.keyClicks(field, letter)
        name += letter
        if number % 2:  # the keyboard shortcut (Alt+S) …
            QTest.keyClick(wizard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
            for _ in range(500):  # a mnemonic clicks the button after 100 ms
                if window.wizard is None:
                    break
                QTest.qWait(20)
        else:  # … or the button
            press(find(wizard, QPushButton, "Opslaan en sluiten"))
        assert window.wizard is None, f"still open after closing #{number}"
        if number % 10 == 9:
            window.close()
            app.processEvents()
            window.deleteLater()
            app.processEvents()
            window = resident_window(data)
    after = none_refcount()
    window.close()
    return {
        "none_before": before,
        "none_after": after,
        "expected_name": name,
        "seen": seen,
        "plan": plan,
    }


def titles_shown(window: Any) -> list[str]:
    """What the officials' table shows once the search (run when typing pauses) has run."""
    while window.inbox.search_pending():
        QTest.qWait(5)
    model = window.table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def run_search(store: Path) -> dict[str, Any]:
    """An official types in the search box: words that narrow the list, and corrections."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop_app.core.clock import fixed_on
    from desktop_app.core.loader import Catalog
    from desktop_app.ui.officials import OfficialsWindow
    from tests.conftest import DAY, TEST_FORMS

    app = QApplication(sys.argv)  # noqa: F841 (kept alive to the end)
    key = Ed25519PrivateKey.generate()
    output = store.parent / "besluiten"
    output.mkdir(exist_ok=True)
    window = OfficialsWindow(
        store, Catalog.default([TEST_FORMS]), fixed_on(DAY), lambda: (key, "k"), output, "nl"
    )
    window.show()
    window.tabs.setCurrentIndex(1)
    table = find(window, QTableView, "Aanvragen")
    box = find(window, QLineEdit, "Zoeken")
    total = table.model().rowCount()
    before = none_refcount()
    names = sorted(titles_shown(window))
    box.setFocus()
    keystrokes = 0
    checks: list[dict[str, Any]] = []
    number = 0
    while keystrokes < SEARCH_KEYSTROKES:
        # Select what is there and type a case's name in full …
        wanted = names[number * 7 % total]
        QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        keystrokes += 1
        QTest.keyClicks(box, wanted)
        keystrokes += len(wanted)
        checks.append({"query": box.text(), "titles": titles_shown(window)})
        # … then correct its last two characters, again and again, to neighbouring cases.
        neighbours = [name for name in names if name[:-2] == wanted[:-2]]
        for correction in range(10):
            other = neighbours[(correction + 1) % len(neighbours)]
            QTest.keyClick(box, Qt.Key.Key_Backspace)
            QTest.keyClick(box, Qt.Key.Key_Backspace)
            QTest.keyClicks(box, other[-2:])
            keystrokes += 4
            checks.append({"query": box.text(), "titles": titles_shown(window)})
        number += 1
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Delete)
    keystrokes += 2
    titles_shown(window)
    after = none_refcount()
    shown_at_end = table.model().rowCount()
    window.close()
    return {
        "none_before": before,
        "none_after": after,
        "keystrokes": keystrokes,
        "total": total,
        "shown_at_end": shown_at_end,
        "checks": checks,
    }


def run_void(_: Path | None = None) -> dict[str, Any]:
    """The smallest reproduction: void calls on a label and a widget, nothing else."""
    app = QApplication(sys.argv)
    label = QLabel("")
    before = none_refcount()
    for number in range(VOID_CALLS // 2):
        label.setText(str(number))  # returns None (a void call)
        label.hide()
    after = none_refcount()
    del app
    return {"none_before": before, "none_after": after, "calls": VOID_CALLS}


MODES = {"typing": run_typing, "reopen": run_reopen, "search": run_search, "void": run_void}


def main() -> int:
    mode = sys.argv[1]
    folder = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    import PySide6

    binding = {"pyside6": PySide6.__version__, "python": sys.version.split()[0]}
    print(json.dumps(binding), flush=True)
    result = MODES[mode](folder)  # type: ignore[operator]
    print(json.dumps(result | binding, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
