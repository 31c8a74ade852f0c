"""Every dialog of the resident's window, left the way a person leaves it — Esc, or the
window's close button — changes nothing: no draft, dossier or file, and the app goes on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QListWidget, QMessageBox, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.storage.dossiers import write_handover
from desktop_app.ui.resident.passphrase import PassphraseDialog
from tests.conftest import DAY
from tests.ui.dialogs import HOW, answer_input, dismiss_next_dialog, snapshot, use_the_proposal
from tests.ui.helpers import named, pick_in_dialog, press


def with_example(window, catalog, status: str = "draft"):
    document = example_application(
        catalog.current("amsterdam-bewonersinitiatief", DAY), fixed_on(DAY)
    )
    window.store.save(document, status)  # type: ignore[arg-type]
    window.show_start()
    return document


def on_start(name: str, status: str = "draft") -> Callable:
    def arrange(qtbot, window, catalog, tmp_path):
        with_example(window, catalog, status)
        return named(window, QPushButton, name)

    return arrange


def on_dossier_page(name: str) -> Callable:
    def arrange(qtbot, window, catalog, tmp_path):
        with_example(window, catalog)
        handover_file(window, tmp_path)  # made while the dossier is open
        press(qtbot, named(window, QPushButton, "Ander dossier"))
        return named(window, QPushButton, name)

    return arrange


def on_done_page(name: str) -> Callable:
    def arrange(qtbot, window, catalog, tmp_path):
        with_example(window, catalog, "final")
        press(qtbot, named(window, QPushButton, "Verder invullen"))
        assert window.done_page is not None and window.stack.currentWidget() is window.done_page
        return named(window.done_page, QPushButton, name)

    return arrange


def in_wizard(name: str, step_id: str) -> Callable:
    def arrange(qtbot, window, catalog, tmp_path):
        with_example(window, catalog)
        press(qtbot, named(window, QPushButton, "Verder invullen"))
        wizard = window.wizard
        wizard.show_page([s.id for s in wizard.steps].index(step_id))
        return named(wizard, QPushButton, name)

    return arrange


HELPER = "lantaarn koffie brug wolk"


def with_helper(arrange: Callable) -> Callable:
    """As on a community centre's computer: the helper chose their passphrase before."""

    def with_it(qtbot, window, catalog, tmp_path):
        from desktop_app.storage.helper import HelperLock

        HelperLock(window.root_paths.helper).set(HELPER)
        return arrange(qtbot, window, catalog, tmp_path)

    return with_it


def handover_file(window, tmp_path) -> Path:
    """A hand-over file of the open dossier (or the one made before)."""
    path = tmp_path / "overdracht.kioverdracht"
    if not path.exists():
        write_handover(path, window.dossiers.export_handover(window.dossier, "geheim-1234"))
    return path


# (what is pressed, how the dialog is reached, the kind of dialog that is left, before it)
CASES = {
    "delete: are you sure?": (on_start("Verwijderen"), QMessageBox, None),
    "read a decision: choose the file": (on_start("Besluit inlezen…"), QFileDialog, None),
    "tidy up: are you sure?": (on_start("Opruimen…", "rejected"), QMessageBox, None),
    "wipe my data: are you sure?": (
        on_start("Verwijder mijn gegevens van deze computer"),
        QMessageBox,
        None,
    ),
    "hand-over: the passphrase": (on_start("Overdracht maken…"), PassphraseDialog, None),
    "hand-over: where to save": (on_start("Overdracht maken…"), QFileDialog, "new passphrase"),
    "clear this computer: the helper chooses a passphrase": (
        on_dossier_page("Deze computer vrijgeven"),
        PassphraseDialog,
        None,
    ),
    "clear this computer: the helper's passphrase": (
        with_helper(on_dossier_page("Deze computer vrijgeven")),
        QInputDialog,
        None,
    ),
    "clear this computer: are you sure?": (
        with_helper(on_dossier_page("Deze computer vrijgeven")),
        QMessageBox,
        "helper passphrase",
    ),
    "read a hand-over: choose the file": (
        on_dossier_page("Overdracht inlezen…"),
        QFileDialog,
        None,
    ),
    "read a hand-over: its passphrase": (
        on_dossier_page("Overdracht inlezen…"),
        QInputDialog,
        "handover file",
    ),
    "done page: save a copy": (on_done_page("Kopie opslaan…"), QFileDialog, None),
    "wizard: add an attachment": (
        in_wizard("Bestand toevoegen…", "attachments_step"),
        QFileDialog,
        None,
    ),
}


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("case", list(CASES))
def test_leaving_a_dialog_changes_nothing(qtbot, window, catalog, tmp_path, case, how) -> None:
    arrange, kind, before = CASES[case]
    button = arrange(qtbot, window, catalog, tmp_path)
    handover = handover_file(window, tmp_path) if before == "handover file" else None
    data = tmp_path / "data"
    files = snapshot(data)
    page = window.stack.currentWidget()
    listed = [window.documents.item(i).text() for i in range(window.documents.count())]

    left = dismiss_next_dialog(qtbot, how, kind)
    if before == "passphrase":
        answer_input(qtbot, "geheim-1234")
    elif before == "helper passphrase":
        answer_input(qtbot, HELPER)
    elif before == "new passphrase":
        use_the_proposal(qtbot)
    elif handover is not None:
        pick_in_dialog(qtbot, handover)
    press(qtbot, button)
    qtbot.waitUntil(lambda: bool(left.seen), timeout=20_000)
    qtbot.wait(50)

    assert len(left.seen) == 1 and left.seen[0].startswith(kind.__name__), left.seen
    assert left.stuck == [], f"{left.stuck} did not go away with {how}"
    assert window.isVisible()
    assert window.stack.currentWidget() is page  # still where the person was
    assert snapshot(data) == files  # no draft, dossier, key or file changed
    assert [window.documents.item(i).text() for i in range(window.documents.count())] == listed
    # … and the app still answers: the same buttons work as before.
    if page is window.start:
        documents = named(window, QListWidget, "Mijn aanvragen en verslagen")
        assert documents.count() == 1
        qtbot.keyClick(documents, Qt.Key.Key_Return)
        assert window.stack.currentWidget() is not window.start


@pytest.mark.parametrize("how", HOW)
def test_leaving_the_access_code_and_receipt_dialogs_changes_nothing(
    qtbot, tmp_path, amsterdam, how
) -> None:
    """The done page's two dialogs: the municipality's access code (only asked when the
    intake service wants one) and where to keep the receipt (only once it was sent)."""
    import keyring

    from desktop_app.documents.signing import keyring_usable
    from desktop_app.submit.client import KEYRING_SERVICE
    from tests.submit.conftest import MovingClock
    from tests.submit.servers import LiveIntake
    from tests.ui.test_sending import make_window, signed_and_done, with_endpoint

    backend = keyring.get_keyring()
    if not keyring_usable(backend):
        pytest.skip("needs a keyring: run through scripts/with_keyring.sh")
    data = tmp_path / "data"
    with LiveIntake(tmp_path / "intake", submit_token="buurt-2026-code") as intake:
        catalog = with_endpoint(amsterdam, intake.url, intake, token_required=True)
        window = make_window(qtbot, tmp_path, catalog, MovingClock())
        done = signed_and_done(qtbot, window, catalog)
        press(qtbot, named(done, QPushButton, "Versturen"))
        qtbot.waitUntil(lambda: done.token.isVisible(), timeout=30_000)
        files, said = snapshot(data), done.send_state.text()

        left = dismiss_next_dialog(qtbot, how, QInputDialog)
        press(qtbot, named(done, QPushButton, "Toegangscode invullen…"))
        qtbot.waitUntil(lambda: bool(left.seen), timeout=20_000)
        qtbot.wait(300)  # long enough for a send that should not happen
        assert left.stuck == [], f"{left.stuck} did not go away with {how}"
        assert backend.get_password(KEYRING_SERVICE, "127.0.0.1") is None
        assert intake.store.count() == 0
        assert snapshot(data) == files and done.send_state.text() == said
        assert window.stack.currentWidget() is done and done.token.isEnabled()

        # Now the code is given, the bundle goes, and the receipt can be saved …
        answer_input(qtbot, "buurt-2026-code")
        press(qtbot, named(done, QPushButton, "Toegangscode invullen…"))
        qtbot.waitUntil(lambda: done.save_receipt.isVisible(), timeout=30_000)
        backend.delete_password(KEYRING_SERVICE, "127.0.0.1")
        files = snapshot(data)
        home_receipt = Path.home() / f"ontvangstbewijs-{done.item.reference}.txt"
        # … or not: leaving the file dialog saves nothing, here or in the home folder.
        left = dismiss_next_dialog(qtbot, how, QFileDialog)
        press(qtbot, named(done, QPushButton, "Ontvangstbewijs opslaan…"))
        qtbot.waitUntil(lambda: bool(left.seen), timeout=20_000)
        qtbot.wait(50)
        assert left.stuck == [], f"{left.stuck} did not go away with {how}"
        assert snapshot(data) == files and not home_receipt.exists()
        assert not done.copy_result.isVisible()  # no "saved" message either
        assert window.isVisible() and window.stack.currentWidget() is done
