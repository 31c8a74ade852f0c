"""Handing in by e-mail: where the regeling gives an address, the done page offers 'E-mail
opstellen'; it opens the resident's e-mail program with the address, subject and body filled
in, and the folder with the PDF beside it. The URLs are caught the way Qt hands them to the
desktop (QDesktopServices.setUrlHandler), not by replacing the code under test."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import Catalog
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.resident.window import MainWindow
from tests.conftest import DAY
from tests.ui.helpers import go_to_signing, named, open_example, press, sign_and_wait

ADDRESS = "bewonersinitiatief@example.nl"


class Desktop(QObject):
    """What the desktop was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def desktop():
    seen = Desktop()
    for scheme in ("mailto", "file"):
        QDesktopServices.setUrlHandler(scheme, seen, "open")
    yield seen
    for scheme in ("mailto", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def with_mail(amsterdam) -> Catalog:
    submission = amsterdam.submission.model_copy(
        update={"email": ADDRESS, "email_illustrative": True}
    )
    regeling = amsterdam.model_copy(update={"submission": submission})
    return Catalog(regelingen={regeling.key: regeling})


def test_write_the_email_opens_a_ready_mail_and_the_folder(
    qtbot, tmp_path, with_mail, desktop
) -> None:
    window = MainWindow(AppPaths(tmp_path / "data"), with_mail, fixed_on(DAY), "nl")
    qtbot.addWidget(window)
    window.show()
    document = open_example(qtbot, window, with_mail)
    go_to_signing(qtbot, window)
    done = sign_and_wait(qtbot, window)
    shown = " ".join(label.text() for label in done.findChildren(QLabel))
    assert f"per e-mail sturen naar {ADDRESS}" in shown
    assert "dit e-mailadres is een voorbeeld" in shown  # the regeling marks it illustrative
    press(qtbot, named(done, QPushButton, "E-mail opstellen"))
    qtbot.waitUntil(lambda: len(desktop.opened) == 2)
    mail, folder = desktop.opened
    parts = urlsplit(mail.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    assert parts.scheme == "mailto" and parts.path == ADDRESS
    query = parse_qs(parts.query)
    [subject], [body] = query["subject"], query["body"]
    name = document.answers["initiative_name"]
    assert subject == f"Aanvraag {name} — kenmerk {document.id}"
    [pdf] = window.paths.output.glob("*.pdf")
    assert f"- {pdf.name}" in body
    assert document.answers["iban"] not in body
    assert folder.toLocalFile() == str(pdf.parent)


def test_without_an_address_the_page_says_how_to_hand_in(qtbot, window, catalog, desktop) -> None:
    open_example(qtbot, window, catalog, "rotterdam-bewonersinitiatief")
    go_to_signing(qtbot, window)
    done = sign_and_wait(qtbot, window)
    shown = " ".join(label.text() for label in done.findChildren(QLabel))
    assert "dien hem in bij Opzoomer Mee (opzoomermee.nl)" in shown
    assert not [
        b
        for b in done.findChildren(QPushButton)
        if b.accessibleName() == "E-mail opstellen" and b.isVisibleTo(done)
    ]
