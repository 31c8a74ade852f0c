"""A protected dossier on a shared computer: whoever copies the data folder (another account,
a technician, a stolen disk) finds no personal data in it without the passphrase. Not in the
drafts, the attachments, the PDF, the bundle, the outbox, the signing certificate, nor in
temp files; and a PDF the resident reads is decrypted only into a private temp folder that
is gone when the dossier closes."""

from __future__ import annotations

import contextlib
import re
import stat
import subprocess
import tempfile
import zlib
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton

from desktop_app.core.loader import example_application
from desktop_app.documents.signing import SigningKeys
from desktop_app.ui.background import wait_for_background
from tests.conftest import DAY
from tests.files import real_pdf
from tests.submit.servers import LiveIntake
from tests.ui.helpers import go_to_signing, named, press, sign_and_wait
from tests.ui.test_dossiers import make_dossier
from tests.ui.test_sending import free_port, with_endpoint

NAME = "Zwaluwstaart Canarie"
IBAN = "NL91ABNA0417164300"
STREET = "Kanariestraat 77"
MAIL = "zwaluwstaart@example.nl"
PHONE = "06 19283746"
PASSPHRASE = "tulp fiets molen kaas"


def needles() -> list[bytes]:
    texts = [NAME, IBAN, " ".join(re.findall("....?", IBAN)), STREET, MAIL, PHONE]
    texts.append(PHONE.replace(" ", ""))
    found = []
    for text in texts:
        for variant in (text, text.lower(), text.upper()):
            found += [variant.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
    return found


def _inflated(data: bytes) -> list[bytes]:
    """Every deflate stream in ``data``: zip members (also a zip kept inside a database row)
    and compressed PDF streams."""
    found = []
    for match in re.finditer(rb"PK\x03\x04", data):
        start = match.start()
        name_length = int.from_bytes(data[start + 26 : start + 28], "little")
        extra_length = int.from_bytes(data[start + 28 : start + 30], "little")
        body = data[start + 30 + name_length + extra_length :]
        found.append(body)  # stored (not compressed)
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompressobj(-15).decompress(body))
    for match in re.finditer(rb"stream\r?\n", data):
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompressobj().decompress(data[match.end() :]))
    return found


def _pdf_text(data: bytes) -> bytes:
    if b"%PDF-" not in data:
        return b""
    pdf = data[data.index(b"%PDF-") :]
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True)
    return result.stdout


def readable_personal_data(folder: Path) -> list[str]:
    """Files in ``folder`` that show one of the resident's details, read as bytes, as
    UTF-16, inside zips, in PDF streams and as PDF text."""
    leaks = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        views = [data, _pdf_text(data)]
        for inner in _inflated(data):
            views += [inner, _pdf_text(inner), *_inflated(inner)]
        if any(needle in view for view in views for needle in needles()):
            leaks.append(str(path.relative_to(folder)))
    return leaks


@pytest.fixture
def intake(tmp_path):
    """The municipality's intake service (here only for its receipt key)."""
    with LiveIntake(tmp_path / "intake") as live:
        yield live


def replace_text(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def type_on_its_page(qtbot, wizard, label: str, text: str) -> None:
    for index in range(len(wizard.steps)):
        wizard.show_page(index)
        edits = [
            w
            for w in wizard.findChildren(QLineEdit)
            if w.accessibleName() == label and w.isVisibleTo(wizard)
        ]
        if edits:
            replace_text(qtbot, edits[0], text)
            return
    raise AssertionError(label)


def finished_and_queued(qtbot, tmp_path, amsterdam, intake, monkeypatch):
    """A resident in a protected dossier types their details, attaches a flyer, signs, and
    presses Versturen while the intake cannot be reached. Returns (window, done page, list
    of files 'opened' in a PDF viewer)."""
    from desktop_app.core.clock import fixed_on
    from desktop_app.storage.paths import AppPaths
    from desktop_app.ui.resident.window import MainWindow

    if not SigningKeys(tmp_path, keyring.get_keyring()).usable:
        pytest.skip("needs a keyring: run through scripts/with_keyring.sh")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    opened: list[Path] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    # The municipality's intake is unreachable: the bundle waits in the outbox.
    catalog = with_endpoint(amsterdam, f"http://127.0.0.1:{free_port()}", intake)
    window = MainWindow(AppPaths(tmp_path / "data"), catalog, fixed_on(DAY), "nl")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)

    make_dossier(qtbot, window, "Buurtfeest", PASSPHRASE)
    regeling = catalog.current("amsterdam-bewonersinitiatief", DAY)
    document = example_application(regeling, window.clock)
    flyer = window.attachments.add_bytes(real_pdf("flyer voor " + NAME), "flyer.pdf", "flyer")
    document.answers = document.answers | {"attachments": [flyer.model_dump(mode="json")]}
    window.store.save(document)
    window.show_start()
    qtbot.keyClick(named(window, QListWidget, "Mijn aanvragen en verslagen"), Qt.Key.Key_Return)
    wizard = window.wizard
    for label, text in (
        ("Naam van uw initiatief", f"Feest van {NAME}"),
        ("Uw naam", NAME),
        ("Straat en huisnummer", STREET),
        ("E-mailadres", MAIL),
        ("Telefoonnummer", PHONE),
        ("IBAN (rekeningnummer)", IBAN),
        ("Naam van de rekeninghouder", NAME),
    ):
        type_on_its_page(qtbot, wizard, label, text)
    go_to_signing(qtbot, window)
    done = sign_and_wait(qtbot, window)
    press(qtbot, named(done, QPushButton, "Versturen"))
    wait_for_background()
    (item,) = window.outbox.items()
    assert item.state in ("queued", "sending") and item.title == f"Feest van {NAME}"
    return window, done, opened


def test_a_protected_dossier_keeps_no_personal_data_readable(
    qtbot, tmp_path, amsterdam, intake, monkeypatch
) -> None:
    window, done, opened = finished_and_queued(qtbot, tmp_path, amsterdam, intake, monkeypatch)
    temp = tmp_path / "tmp"

    # Not a vacuous test: what the resident made does hold their details ...
    exported = tmp_path / "usb"
    exported.mkdir()
    done.copy_to(exported)
    assert sorted(p.name for p in exported.iterdir()) == sorted(done.outputs.names)
    assert len(readable_personal_data(exported)) == 2  # the PDF and the bundle, in the clear
    # ... and 'PDF openen' shows it, from a private temp file outside the data folder.
    press(qtbot, named(done, QPushButton, "PDF openen"))
    (shown,) = opened
    assert shown.read_bytes().startswith(b"%PDF-") and NAME.encode() in _pdf_text(
        shown.read_bytes()
    )
    assert stat.S_IMODE(shown.stat().st_mode) == 0o600
    assert stat.S_IMODE(shown.parent.stat().st_mode) == 0o700
    assert (tmp_path / "data") not in shown.parents

    data = tmp_path / "data"
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name == "outbox.sqlite" for p in files) and len(files) >= 8
    assert readable_personal_data(data) == []

    # Closing the dossier removes the decrypted PDF.
    press(qtbot, named(window, QPushButton, "Naar het overzicht"))
    press(qtbot, named(window, QPushButton, "Ander dossier"))
    assert not shown.exists() and not shown.parent.exists()
    assert readable_personal_data(temp) == []
    assert readable_personal_data(data) == []


def test_deleting_an_application_removes_everything_of_it(
    qtbot, tmp_path, amsterdam, intake, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.helpers import answer_message_box

    window, done, _ = finished_and_queued(qtbot, tmp_path, amsterdam, intake, monkeypatch)
    dossier = window.dossier
    document_id = done.outputs.document.id
    # Another application in the same dossier keeps its own things.
    other = example_application(amsterdam, window.clock)
    kept = window.attachments.add_bytes(real_pdf(), "offerte.pdf", "quote")
    other.answers = other.answers | {"attachments": [kept.model_dump(mode="json")]}
    window.store.save(other)
    # What a crash while writing leaves behind: temp files beside the draft and the PDF.
    draft = window.store.path_for(document_id)
    crashed = [
        draft.with_name(f".{draft.name}.x1y2z3.tmp"),
        done.outputs.bundle.with_name(f".{done.outputs.bundle.name}.a1b2c3.tmp"),
    ]
    for path in crashed:
        path.write_bytes(b"half")
    before = {p for p in dossier.folder.rglob("*") if p.is_file()}
    key_files = list(window.paths.keys.glob(f"{document_id}.*"))
    assert key_files and done.outputs.bundle.exists() and draft.exists()

    press(qtbot, named(window, QPushButton, "Naar het overzicht"))
    documents = named(window, QListWidget, "Mijn aanvragen en verslagen")
    rows = [documents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(documents.count())]
    documents.setCurrentRow(rows.index(document_id))
    answer_message_box(QMessageBox.StandardButton.Yes)
    press(qtbot, named(window, QPushButton, "Verwijderen"))

    assert [s.id for s in window.store.summaries()] == [other.id]
    assert window.outbox.items() == []
    after = {p for p in dossier.folder.rglob("*") if p.is_file()}
    gone = before - after
    assert {draft, done.outputs.bundle, *crashed, *key_files} <= gone
    assert dossier.attachments.path_for(kept.sha256).exists()  # the other one's attachment
    remaining = {p.relative_to(dossier.folder).parts[0] for p in after}
    # Left: the dossier's own file, the other draft and its attachment, the outbox database,
    # and the (sealed) file with the page each draft was left at.
    kept_files = {"dossier.json", "drafts", "attachments", "outbox.sqlite", "keys"}
    assert remaining <= kept_files | {dossier.resume.path.name}
    assert dossier.resume.get(document_id) is None
    assert [p for p in (dossier.folder / "drafts").iterdir()] == [window.store.path_for(other.id)]
    assert list((dossier.folder / "attachments").iterdir()) == [
        dossier.attachments.path_for(kept.sha256)
    ]
    assert not [p for p in (dossier.folder / "output").rglob("*") if p.is_file()]
