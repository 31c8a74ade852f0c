"""A community worker and residents on one shared computer: a dossier per initiative behind
its own PIN, found and opened by label and keyboard; and "Verwijder mijn gegevens" leaves no
trace of the resident anywhere."""

from __future__ import annotations

import logging
import subprocess
import tempfile
import uuid
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
)

from desktop_app.core.loader import example_application
from desktop_app.core.values import AttachmentRef
from desktop_app.documents.signing import KEYRING_SERVICE, SigningKeys
from desktop_app.ui.background import wait_for_background
from tests.conftest import DAY
from tests.files import real_pdf
from tests.ui.helpers import (
    answer_message_box,
    go_to_signing,
    named,
    press,
    sign_and_wait,
    type_into,
)

CANARY = "Qwzyx Kanarievogel"
CANARY_MAIL = "qwzyx.kanarie@example.nl"
CANARY_IBAN = "NL88RABO0123987654"
# Passphrases as the app proposes them: four ordinary words (a PIN is refused).
P1 = "tulp fiets molen kaas"
P2 = "appel boot regen lamp"
P3 = "zon fluit kast peer"


def make_dossier(
    qtbot, window, name: str, pin: str | None, mark: tuple[str, str] = ("kikker", "groen")
) -> None:
    if window.stack.currentWidget() is window.start:
        press(qtbot, named(window, QPushButton, "Ander dossier"))
    press(qtbot, named(window, QPushButton, "Nieuw dossier"))
    page = window.new_dossier_page
    type_into(qtbot, named(page, QLineEdit, "Naam van uw initiatief"), name)
    shared = named(page, QCheckBox, "Dit is een gedeelde computer (bijvoorbeeld in een buurthuis)")
    if shared.isChecked() != (pin is not None):
        shared.setFocus()
        qtbot.keyClick(shared, Qt.Key.Key_Space)
    if pin is not None:
        type_into(qtbot, named(page, QLineEdit, "Kies een wachtwoord"), pin)
        type_into(qtbot, named(page, QLineEdit, "Herhaal het wachtwoord"), pin)
        word, colour = mark
        field = "Herkenningswoord (om uw dossier in de lijst te vinden)"
        type_into(qtbot, named(page, QLineEdit, field), word)
        colours = named(page, QComboBox, "Kleur (om uw dossier in de lijst te vinden)")
        colours.setCurrentIndex(colours.findText(colour))
    press(qtbot, named(page, QPushButton, "Dossier maken"))


def open_dossier(qtbot, window, dossier_id, pin: str) -> None:
    """On the dossier page: choose a dossier with the arrow keys, type the PIN, press Enter.
    (The test's clock stands still, so every dossier was "made" at the same minute: the row is
    found by its id where a person would go by the time it was made.)"""
    chooser = named(window, QListWidget, "Kies uw dossier")
    rows = [chooser.item(i).data(Qt.ItemDataRole.UserRole)[0] for i in range(chooser.count())]
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Home)
    for _ in range(rows.index(str(dossier_id))):
        qtbot.keyClick(chooser, Qt.Key.Key_Down)
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    pin_field = named(window, QLineEdit, "Wachtwoord")
    assert pin_field.hasFocus()
    qtbot.keyClicks(pin_field, pin)
    qtbot.keyClick(pin_field, Qt.Key.Key_Return)


def test_each_resident_has_a_dossier_behind_their_own_pin(qtbot, window) -> None:
    assert window.dossier_line.text() == "Dossier: Mijn dossier"
    make_dossier(qtbot, window, "Moestuin Noord", P1)
    assert window.dossier_line.text() == "Dossier: Moestuin Noord"
    moestuin = window.dossier.id
    window.store.save(
        example_application(
            window.catalog.current("amsterdam-bewonersinitiatief", DAY), window.clock
        )
    )
    window.show_start()
    assert named(window, QListWidget, "Mijn aanvragen en verslagen").count() == 1
    make_dossier(qtbot, window, "Speeltuin Zuid", P2)
    assert named(window, QListWidget, "Mijn aanvragen en verslagen").count() == 0

    press(qtbot, named(window, QPushButton, "Ander dossier"))
    chooser = named(window, QListWidget, "Kies uw dossier")
    shown = [chooser.item(i).text() for i in range(chooser.count())]
    # Names of protected dossiers are sealed: the next resident does not see them.
    assert not any("Moestuin" in text or "Speeltuin" in text for text in shown)
    assert sum("(groen) — beveiligd dossier, gemaakt op" in text for text in shown) == 2

    open_dossier(qtbot, window, moestuin, pin=P2)  # Speeltuin's PIN
    message = window.dossier_page.message
    assert message.isVisible()
    assert (
        message.text() == "Dit wachtwoord klopt niet. Er is niets veranderd. Probeer het opnieuw."
    )
    assert window.stack.currentWidget() is window.dossier_page

    open_dossier(qtbot, window, moestuin, pin=P1)
    assert window.stack.currentWidget() is window.start
    assert window.dossier_line.text() == "Dossier: Moestuin Noord"
    assert named(window, QListWidget, "Mijn aanvragen en verslagen").count() == 1


def test_the_two_pins_must_match(qtbot, window) -> None:
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    press(qtbot, named(window, QPushButton, "Nieuw dossier"))
    page = window.new_dossier_page
    type_into(qtbot, named(page, QLineEdit, "Naam van uw initiatief"), "Buurtfeest")
    type_into(qtbot, named(page, QLineEdit, "Kies een wachtwoord"), "1234")
    type_into(qtbot, named(page, QLineEdit, "Herhaal het wachtwoord"), "1243")
    press(qtbot, named(page, QPushButton, "Dossier maken"))
    assert page.message.text() == "De twee wachtwoorden zijn niet gelijk. Vul ze opnieuw in."
    assert len(window.dossiers.list()) == 1  # only the first, unprotected one


def _files_mentioning(folder: Path, needles: list[str]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts = [data]
        if data.startswith(b"%PDF"):
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True).stdout
            texts.append(text)
        if any(n.encode() in t or n.encode("utf-16-le") in t for n in needles for t in texts):
            found.append(str(path))
    return found


def test_wiping_a_dossier_leaves_no_trace(qtbot, window, tmp_path, monkeypatch, caplog) -> None:

    backend = keyring.get_keyring()
    if not SigningKeys(tmp_path, backend).usable:
        pytest.skip("needs a keyring: run through scripts/setup.sh test")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    caplog.set_level(logging.DEBUG)
    needles = [CANARY, CANARY_MAIL, CANARY_IBAN]

    make_dossier(qtbot, window, f"Initiatief {CANARY}", P3)
    regeling = window.catalog.current("amsterdam-bewonersinitiatief", DAY)
    document = example_application(regeling, window.clock)
    flyer = real_pdf(f"flyer van {CANARY}")
    ref: AttachmentRef = window.attachments.add_bytes(flyer, "flyer.pdf", "flyer")
    document.answers |= {
        "initiative_name": f"Feest van {CANARY}",
        "contact_name": CANARY,
        "email": CANARY_MAIL,
        "iban": CANARY_IBAN,
        "account_holder": CANARY,
        "attachments": [ref.model_dump(mode="json")],
    }
    window.store.save(document)
    window.show_start()
    qtbot.keyClick(named(window, QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
    wizard = go_to_signing(qtbot, window)
    # The community worker who helped notes their organisation; officials see it on the PDF.
    helper = "Huis van de Wijk Noord"
    type_into(qtbot, named(wizard, QLineEdit, "Ingevuld met hulp van (niet verplicht)"), helper)
    done = sign_and_wait(qtbot, window)
    wait_for_background()
    assert window.store.load(document.id).assisted_by == helper
    pdf = done.outputs.read_pdf()  # sealed in the dossier: decrypted with its key
    pdf_text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout
    assert b"Ingevuld met hulp van" in pdf_text and helper.encode() in pdf_text
    data_root = window.root_paths.root
    # Not a vacuous test: before the wipe, the PDF names the resident and a key is in the keyring
    # (the files in the data folder are sealed: tests/ui/test_encrypted_at_rest.py).
    assert CANARY.encode() in pdf_text
    key_files = list(window.paths.keys.glob("*.key.pem"))
    assert len(key_files) == 1
    username = SigningKeys.username(key_files[0].name.split(".")[0])
    assert backend.get_password(KEYRING_SERVICE, username)
    press(qtbot, named(window.stack.currentWidget(), QPushButton, "Naar het overzicht"))

    answer_message_box(QMessageBox.StandardButton.Yes)  # sure?
    answer_message_box(QMessageBox.StandardButton.Ok)  # done
    press(qtbot, named(window, QPushButton, "Verwijder mijn gegevens van deze computer"))
    assert window.stack.currentWidget() is window.dossier_page

    assert _files_mentioning(data_root, needles) == []
    assert _files_mentioning(temp, needles) == []
    assert backend.get_password(KEYRING_SERVICE, username) is None
    assert not any(n in record.getMessage() for record in caplog.records for n in needles)
    remaining = [info.label for info in window.dossiers.list()]
    assert remaining == [""]  # only the first, empty dossier of this computer is left


def test_old_drafts_and_settled_applications_are_offered_for_removal(qtbot, window) -> None:
    import datetime as dt
    import uuid

    regeling = window.catalog.current("amsterdam-bewonersinitiatief", DAY)
    fresh = example_application(regeling, window.clock)
    old = fresh.model_copy(
        update={"id": uuid.uuid4(), "updated_at": fresh.updated_at - dt.timedelta(days=120)}
    )
    old.answers = old.answers | {"initiative_name": "Oud plan"}
    settled = fresh.model_copy(update={"id": uuid.uuid4()})
    settled.answers = settled.answers | {"initiative_name": "Afgerond feest"}
    window.store.save(fresh)
    window.store.save(old)
    window.store.save(settled, "settled")
    window.show_start()
    note = window.tidy_note
    assert note.isVisible() and note.text().startswith("U kunt 2 stuk(ken)")

    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    press(qtbot, named(window, QPushButton, "Opruimen…"))
    assert "- Oud plan (niet gebruikt sinds " in seen[0]
    assert "- Afgerond feest (klaar)" in seen[0]
    assert [s.id for s in window.store.summaries()] == [fresh.id]
    assert not window.tidy_note.isVisible()


def in_turn(qtbot, *steps) -> None:
    """Answer the dialogs that are about to open, one after another, as a person does:
    each step is (kind of dialog, what to do with it)."""
    remaining = list(steps)

    def poll() -> None:
        if not remaining:
            return
        dialog = QApplication.activeModalWidget()
        kind, action = remaining[0]
        if isinstance(dialog, kind) and dialog.isVisible():
            remaining.pop(0)
            action(dialog)
        QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


def type_and_enter(qtbot, text: str):
    from PySide6.QtWidgets import QInputDialog

    def act(dialog) -> None:
        field = dialog.findChild(QLineEdit)
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    return (QInputDialog, act)


def file_name(qtbot, path: Path):
    from PySide6.QtWidgets import QFileDialog

    def act(dialog) -> None:
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        field.setText(str(path))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    return (QFileDialog, act)


OK = (QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Ok).click())


def take_the_proposal(qtbot, chosen: list[str], first_try: str | None = None):
    """In the passphrase dialog: (optionally try a passphrase of one's own first,) then take
    the proposed four words, write them down (``chosen``), type them again, continue."""
    from desktop_app.ui.resident.passphrase import PassphraseDialog

    def act(dialog) -> None:
        if first_try is not None:
            type_into(qtbot, named(dialog, QLineEdit, "Kies een wachtwoord"), first_try)
            type_into(qtbot, named(dialog, QLineEdit, "Herhaal het wachtwoord"), first_try)
            press(qtbot, named(dialog, QPushButton, "Verder"))
            chosen.append(dialog.message.text())
        press(qtbot, named(dialog, QPushButton, "Voorstel gebruiken"))
        written_down = dialog.proposal.shown.text()
        chosen.append(written_down)
        type_into(qtbot, named(dialog, QLineEdit, "Herhaal het wachtwoord"), written_down)
        press(qtbot, named(dialog, QPushButton, "Verder"))

    return (PassphraseDialog, act)


def test_hand_over_a_dossier_to_another_computer(qtbot, window, tmp_path, catalog) -> None:
    from desktop_app.core.clock import fixed_on
    from desktop_app.storage.paths import AppPaths
    from desktop_app.ui.resident.window import MainWindow

    make_dossier(qtbot, window, "Moestuin Noord", P1)
    document = example_application(
        catalog.current("amsterdam-bewonersinitiatief", DAY), window.clock
    )
    window.store.save(document)
    window.show_start()
    stick = tmp_path / "usb" / "moestuin.kioverdracht"
    stick.parent.mkdir()
    chosen: list[str] = []
    in_turn(qtbot, take_the_proposal(qtbot, chosen), file_name(qtbot, stick), OK)
    press(qtbot, named(window, QPushButton, "Overdracht maken…"))
    qtbot.waitUntil(lambda: stick.exists(), timeout=30_000)
    assert b"Moestuin" not in stick.read_bytes()  # encrypted with the chosen passphrase
    (passphrase,) = chosen

    other = MainWindow(AppPaths(tmp_path / "other-computer"), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(other)
    other.show()
    press(qtbot, named(other, QPushButton, "Ander dossier"))
    in_turn(qtbot, file_name(qtbot, stick), type_and_enter(qtbot, passphrase))
    press(qtbot, named(other, QPushButton, "Overdracht inlezen…"))
    qtbot.waitUntil(lambda: other.stack.currentWidget() is other.start, timeout=30_000)
    assert other.dossier_line.text() == "Dossier: Moestuin Noord"
    assert other.store.load(document.id) == window.store.load(document.id)


HELPER = "lantaarn koffie brug wolk"  # the community worker's own passphrase


def test_clearing_the_computer_removes_every_dossier(qtbot, window) -> None:
    """The helper chooses a passphrase of their own before residents come (typed twice), and
    with it clears the computer: the question names every dossier and defaults to Nee."""
    regeling = window.catalog.current("amsterdam-bewonersinitiatief", DAY)
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    chosen: list[str] = []
    said_no: list[str] = []
    in_turn(qtbot, take_the_proposal(qtbot, chosen), OK, (QMessageBox, say_no(said_no)))
    press(qtbot, named(window, QPushButton, "Deze computer vrijgeven"))
    qtbot.waitUntil(lambda: window.resident.helper_is_set(window.root_paths), timeout=30_000)
    qtbot.waitUntil(lambda: len(said_no) == 1, timeout=30_000)
    assert len(window.dossiers.list()) == 1  # Nee: nothing removed
    (helper,) = chosen

    make_dossier(qtbot, window, "Moestuin Noord", P1, mark=("zonnebloem", "geel"))
    window.store.save(example_application(regeling, window.clock))
    make_dossier(qtbot, window, "Speeltuin Zuid", P2, mark=("vlieger", "blauw"))
    window.store.save(example_application(regeling, window.clock))
    root = window.root_paths
    root.outbox.write_bytes(b"left from earlier")  # also what lies outside the dossiers
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    seen: list[str] = []
    in_turn(qtbot, type_and_enter(qtbot, helper), (QMessageBox, say_yes(seen)), OK)
    press(qtbot, named(window, QPushButton, "Deze computer vrijgeven"))
    qtbot.waitUntil(lambda: window.dossiers.list() == [], timeout=30_000)
    assert seen[0].startswith("Alle 3 dossier(s) op deze computer worden verwijderd")
    assert "zonnebloem (geel) — beveiligd dossier" in seen[0]
    assert "vlieger (blauw) — beveiligd dossier" in seen[0]
    assert named(window, QListWidget, "Kies uw dossier").count() == 0
    assert not root.outbox.exists()
    assert [p for p in root.dossiers.rglob("*") if p.is_file()] == []
    assert window.resident.helper_is_set(root)  # the helper's stays for the next residents


def test_a_resident_cannot_clear_the_computer(qtbot, window) -> None:
    """Without the helper's passphrase nothing goes: a wrong one is told plainly; and once
    residents have protected dossiers, nobody can choose a helper's passphrase any more."""
    make_dossier(qtbot, window, "Moestuin Noord", P1, mark=("zonnebloem", "geel"))
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    press(qtbot, named(window, QPushButton, "Deze computer vrijgeven"))
    assert seen[0].startswith("Er staan al beveiligde dossiers op deze computer.")
    assert not window.resident.helper_is_set(window.root_paths)
    assert len(window.dossiers.list()) == 2

    from desktop_app.storage.helper import HelperLock

    HelperLock(window.root_paths.helper).set(HELPER)  # as if set up by the helper earlier
    in_turn(qtbot, type_and_enter(qtbot, P1), (QMessageBox, read_and_ok(seen)))
    press(qtbot, named(window, QPushButton, "Deze computer vrijgeven"))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=30_000)
    assert seen[1] == "Dit is niet het wachtwoord van de begeleider. Er is niets verwijderd."
    assert len(window.dossiers.list()) == 2


def test_two_protected_dossiers_are_told_apart_without_their_names(qtbot, window) -> None:
    make_dossier(qtbot, window, "Moestuin Noord", P1, mark=("zonnebloem", "geel"))
    make_dossier(qtbot, window, "Speeltuin Zuid", P2, mark=("vlieger", "blauw"))
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    chooser = named(window, QListWidget, "Kies uw dossier")
    rows = [chooser.item(i).text() for i in range(chooser.count())]
    assert not any("Moestuin" in row or "Speeltuin" in row for row in rows)
    made = "— beveiligd dossier, gemaakt op 2 maart 2026 om 12:00"
    assert f"zonnebloem (geel) {made}" in rows
    assert f"vlieger (blauw) {made}" in rows
    mine = rows.index(f"zonnebloem (geel) {made}")
    # The swatch, beside the colour's name (never the colour alone): yellow pixels.
    swatch = chooser.item(mine).icon().pixmap(32, 32).toImage()
    assert swatch.pixelColor(16, 16).name() == "#f9c80e"
    chooser.setFocus()
    chooser.setCurrentRow(mine)
    password = named(window, QLineEdit, "Wachtwoord")
    qtbot.keyClicks(password, P1)
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert window.dossier_line.text() == "Dossier: Moestuin Noord"


def say_no(seen: list[str]):
    """Nee is the default: Enter answers it."""

    def act(box) -> None:
        from PySide6.QtTest import QTest

        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        seen.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    return act


def read_and_ok(seen: list[str]):
    def act(box) -> None:
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    return act


def say_yes(seen: list[str]):
    def act(box) -> None:
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    return act


def test_every_control_on_the_dossier_pages_is_named_like_its_label(qtbot, window) -> None:
    from PySide6.QtWidgets import QWidget

    press(qtbot, named(window, QPushButton, "Ander dossier"))
    for page in (window.dossier_page, window.new_dossier_page, window.start):
        controls = [
            w
            for w in page.findChildren(QWidget)
            if isinstance(w, QLineEdit | QPushButton | QCheckBox | QListWidget)
        ]
        assert controls
        for control in controls:
            assert control.accessibleName(), control
            if isinstance(control, QPushButton | QCheckBox):
                assert control.accessibleName() == control.text().replace("&", "")
        for label in page.findChildren(QLabel):
            if label.buddy() is not None:
                assert label.buddy().accessibleName() == label.text().replace("&", "")


def test_a_pin_is_refused_and_the_proposed_words_are_taken(qtbot, window) -> None:
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    press(qtbot, named(window, QPushButton, "Nieuw dossier"))
    page = window.new_dossier_page
    type_into(qtbot, named(page, QLineEdit, "Naam van uw initiatief"), "Buurtfeest")
    type_into(qtbot, named(page, QLineEdit, "Kies een wachtwoord"), "4821")
    type_into(qtbot, named(page, QLineEdit, "Herhaal het wachtwoord"), "4821")
    press(qtbot, named(page, QPushButton, "Dossier maken"))
    assert page.message.isVisible()
    assert page.message.text().startswith(
        "Dit wachtwoord is te makkelijk te raden. Een pincode van 4 cijfers"
    )
    assert len(window.dossiers.list()) == 1  # only the first, unprotected one

    shown = named(page, QLabel, "Ons voorstel voor uw wachtwoord. Schrijf het op:")
    first = shown.text()
    assert len(first.split()) == 4
    press(qtbot, named(page, QPushButton, "Ander voorstel"))
    written_down = shown.text()
    assert written_down != first and len(written_down.split()) == 4
    press(qtbot, named(page, QPushButton, "Voorstel gebruiken"))
    repeat = named(page, QLineEdit, "Herhaal het wachtwoord")
    assert repeat.hasFocus() and repeat.text() == ""
    type_into(qtbot, repeat, written_down)
    press(qtbot, named(page, QPushButton, "Dossier maken"))
    # Without a recognition word the dossier could not be found in the list again.
    assert page.message.text() == (
        "Kies een herkenningswoord, zodat u uw dossier in de lijst terugvindt."
    )
    word = named(page, QLineEdit, "Herkenningswoord (om uw dossier in de lijst te vinden)")
    type_into(qtbot, word, "zonnebloem")  # the passphrase typed twice is still there
    press(qtbot, named(page, QPushButton, "Dossier maken"))
    assert window.stack.currentWidget() is window.start
    assert window.dossier_line.text() == "Dossier: Buurtfeest"
    made = window.dossier.id
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    open_dossier(qtbot, window, made, pin=written_down)
    assert window.dossier_line.text() == "Dossier: Buurtfeest"


def test_a_hand_over_file_needs_a_strong_passphrase_too(qtbot, window, tmp_path) -> None:
    make_dossier(qtbot, window, "Moestuin Noord", P1)
    stick = tmp_path / "moestuin.kioverdracht"
    seen: list[str] = []
    in_turn(qtbot, take_the_proposal(qtbot, seen, first_try="1234"), file_name(qtbot, stick), OK)
    press(qtbot, named(window, QPushButton, "Overdracht maken…"))
    qtbot.waitUntil(lambda: stick.exists(), timeout=30_000)
    refused, proposal = seen
    assert refused.startswith("Dit wachtwoord is te makkelijk te raden.")
    imported = window.dossiers.import_handover(stick.read_bytes(), proposal)
    assert imported.label == "Moestuin Noord"


def test_drafts_this_computer_cannot_open_do_not_stop_the_app(qtbot, tmp_path, catalog) -> None:
    """A draft of a regeling this computer does not know (from --forms, a removed version, a
    hand-over from a newer computer) and a damaged file: the window still starts, lists them
    with a plain explanation, and can save them elsewhere or remove them; the rest works."""
    from desktop_app.core.clock import fixed_on
    from desktop_app.storage.dossiers import DossierStore
    from desktop_app.storage.paths import AppPaths
    from desktop_app.ui.resident.window import MainWindow

    paths = AppPaths(tmp_path / "data")
    dossier = DossierStore(paths.dossiers, fixed_on(DAY)).create("", None)
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    known = example_application(regeling, fixed_on(DAY))
    unknown = example_application(regeling, fixed_on(DAY)).model_copy(
        update={
            "id": uuid.uuid4(),
            "regeling": known.regeling.model_copy(
                update={"id": "zaanstad-buurtbudget", "version": "2031.1"}
            ),
        }
    )
    unknown.answers = unknown.answers | {"initiative_name": "Buurtbudget Zaanstad"}
    dossier.drafts.save(known)
    dossier.drafts.save(unknown)
    damaged = dossier.drafts.path_for(uuid.uuid4())
    damaged.write_bytes(b'{"store_version": 1, "document": {"kind": "applic')

    window = MainWindow(paths, catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.start
    documents = named(window, QListWidget, "Mijn aanvragen en verslagen")
    rows = [documents.item(i).text() for i in range(documents.count())]
    assert len(rows) == 3
    assert (
        # A regeling it does not know at all: which field is the title is unknown too.
        "(nog zonder naam)\nDeze aanvraag hoort bij een regeling die deze computer niet kent: "
        "zaanstad-buurtbudget versie 2031.1. U kunt het bestand bewaren of verwijderen."
    ) in rows
    assert any(f"kan hier niet worden geopend: {damaged.name}." in row for row in rows)
    assert named(window, QPushButton, "Bestand bewaren…").isVisible()

    def choose(text: str) -> None:
        documents.setCurrentRow(
            next(i for i in range(documents.count()) if text in documents.item(i).text())
        )

    # Opening says why it cannot be opened, instead of failing.
    choose("zaanstad-buurtbudget")
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    press(qtbot, named(window, QPushButton, "Verder invullen"))
    assert seen and "niet kent: zaanstad-buurtbudget versie 2031.1" in seen[0]

    # Saved elsewhere, readable (a plain dossier: the JSON as it is).
    saved = tmp_path / "usb" / "zaanstad.json"
    saved.parent.mkdir()
    in_turn(qtbot, file_name(qtbot, saved), OK)
    press(qtbot, named(window, QPushButton, "Bestand bewaren…"))
    qtbot.waitUntil(saved.exists, timeout=10_000)
    assert b"Buurtbudget Zaanstad" in saved.read_bytes()
    choose(damaged.name)
    broken_copy = tmp_path / "usb" / "kapot.json"
    in_turn(qtbot, file_name(qtbot, broken_copy), OK)
    press(qtbot, named(window, QPushButton, "Bestand bewaren…"))
    qtbot.waitUntil(broken_copy.exists, timeout=10_000)
    assert broken_copy.read_bytes() == damaged.read_bytes()

    # Removed, both; the known draft stays and opens.
    for text in ("zaanstad-buurtbudget", damaged.name):
        choose(text)
        answer_message_box(QMessageBox.StandardButton.Yes)
        press(qtbot, named(window, QPushButton, "Verwijderen"))
    assert documents.count() == 1
    assert not damaged.exists() and not window.store.path_for(unknown.id).exists()
    assert not window.export_button.isVisible()
    qtbot.keyClick(documents, Qt.Key.Key_Return)
    assert window.wizard is not None
