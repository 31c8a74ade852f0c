"""After the activity: the resident reads the municipality's decision file, and the report
(verantwoording) of the right tier opens; it is signed and saved like the application."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QLineEdit, QListWidget, QMessageBox, QPlainTextEdit, QPushButton

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.regeling import PublicKey
from desktop_app.core.text import Text
from desktop_app.documents.decision import Decision, public_key_text, sign_decision
from desktop_app.documents.service import verify_bundle
from desktop_app.storage.paths import AppPaths
from desktop_app.ui.done_page import DonePage
from desktop_app.ui.resident.window import MainWindow
from tests.conftest import DAY
from tests.files import real_png
from tests.ui.helpers import choose, named, pick_in_dialog, press, type_into

KEY_ID = "amsterdam-2026"
PNG = real_png()
MUNICIPALITY = Ed25519PrivateKey.generate()


@pytest.fixture
def pinned(amsterdam) -> Catalog:
    key = PublicKey(key_id=KEY_ID, ed25519=public_key_text(MUNICIPALITY))
    with_key = amsterdam.model_copy(update={"decision_keys": (key,)})
    return Catalog(regelingen={with_key.key: with_key})


@pytest.fixture
def resident(qtbot, tmp_path, pinned, amsterdam, monkeypatch):
    """A window with one application that was sent; message boxes are read, not shown."""
    said: list[str] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text: said.append(text))
    window = MainWindow(AppPaths(tmp_path / "data"), pinned, fixed_on(DAY), "nl")
    qtbot.addWidget(window)
    window.show()
    application = example_application(amsterdam, fixed_on(DAY))
    window.store.save(application, "sent")
    window.show_start()
    return window, application, said


def decision_file(
    tmp_path, application, outcome="grant", amount="450.00", key=MUNICIPALITY, sequence=1
):
    decision = Decision(
        application_id=application.id,
        regeling=application.regeling,
        outcome=outcome,
        granted_amount=Decimal(amount) if outcome == "grant" else None,
        reason=Text(nl="U krijgt het gevraagde bedrag.", en="You get the amount asked."),
        decided_at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC),
        sequence=sequence,
    )
    path = tmp_path / f"besluit-{sequence}-{outcome}.json"
    path.write_bytes(sign_decision(decision, key, KEY_ID))
    return path


def read_decision(qtbot, window, path) -> None:
    pick_in_dialog(qtbot, path)
    press(qtbot, named(window, QPushButton, "Besluit inlezen…"))


def test_a_grant_opens_the_short_report_and_it_is_signed_and_saved(
    qtbot, resident, tmp_path
) -> None:
    window, application, said = resident
    read_decision(qtbot, window, decision_file(tmp_path, application))
    assert "toegekend: € 450" in said[0]
    wizard = window.wizard
    assert isinstance(wizard.document, Report) and wizard.tier == "small"
    assert window.store.status(application.id) == "decided"
    # Below the threshold only: did it happen, what happened, a photo, the statement.
    asked = [f.id for step in wizard.steps for f in step.fields if f.id in wizard.editors]
    assert "actual_costs" not in asked and "participants_actual" not in asked
    choose(qtbot, wizard, "Ja")
    held = (DAY - dt.timedelta(days=3)).strftime("%d-%m-%Y")
    type_into(qtbot, named(wizard, QLineEdit, "Wanneer was de activiteit?"), held)
    wizard.go_next()
    type_into(qtbot, named(wizard, QPlainTextEdit, "Wat heeft u gedaan?"), "Wij kookten samen.")
    wizard.go_next()
    photo = tmp_path / "maaltijd.png"
    photo.write_bytes(PNG)
    pick_in_dialog(qtbot, photo)
    press(qtbot, named(wizard, QPushButton, "Bestand toevoegen…"))
    wizard.go_next()
    choose(qtbot, wizard, "Ik heb alles naar waarheid ingevuld.")
    wizard.show_page(len(wizard.steps))
    assert wizard.result.ok, [v.message.nl for v in wizard.result.blocking]
    wizard.go_next()  # to the sign page: the name comes from the application
    press(qtbot, named(wizard, QPushButton, "Ondertekenen en opslaan"))
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), DonePage), timeout=60_000)
    [pdf] = window.paths.output.glob("verantwoording-*.pdf")
    [bundle] = window.paths.output.glob("verantwoording-*.zip")
    assert pdf.read_bytes().startswith(b"%PDF")
    # The report PDF names the initiative (from its application) and shows the photo.
    import subprocess

    said = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Buurtmaaltijd" in said and str(application.id) in "".join(said.split())
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.splitlines()[2:]) == 1
    assert verify_bundle(bundle).intact
    assert window.store.status(wizard.document.id) == "report_final"
    window.show_start()
    texts = [
        named(window, QListWidget, "Mijn aanvragen en verslagen").item(i).text() for i in range(2)
    ]
    assert texts[0].startswith("Verslag over: Buurtmaaltijd")
    assert "Verantwoord" in texts[0]
    assert texts[1].endswith("Het verslag hierboven hoort bij deze aanvraag.")


def test_reading_the_same_decision_twice_opens_the_same_report(qtbot, resident, tmp_path) -> None:
    window, application, _ = resident
    path = decision_file(tmp_path, application)
    read_decision(qtbot, window, path)
    first = window.wizard.document.id
    window.close_wizard()
    read_decision(qtbot, window, path)
    assert window.wizard.document.id == first
    assert len(window.store.summaries()) == 2


def test_a_forged_decision_is_refused_and_changes_nothing(qtbot, resident, tmp_path) -> None:
    window, application, said = resident
    forger = Ed25519PrivateKey.generate()
    read_decision(qtbot, window, decision_file(tmp_path, application, key=forger))
    assert said == [
        "Dit besluit is niet echt: de digitale handtekening van de gemeente klopt niet. "
        "Neem contact op met de gemeente."
    ]
    assert window.wizard is None
    assert window.store.status(application.id) == "sent"
    assert len(window.store.summaries()) == 1


def test_a_rejection_is_shown_with_its_reason(qtbot, resident, tmp_path) -> None:
    window, application, said = resident
    read_decision(qtbot, window, decision_file(tmp_path, application, outcome="reject"))
    assert "afgewezen" in said[0] and "U krijgt het gevraagde bedrag." in said[0]
    assert window.store.status(application.id) == "rejected"
    assert window.wizard is None


def test_an_older_rejection_read_after_the_grant_is_refused_in_plain_words(
    qtbot, resident, tmp_path
) -> None:
    window, application, said = resident
    read_decision(qtbot, window, decision_file(tmp_path, application, sequence=2))
    report = window.wizard.document
    window.close_wizard()
    older = decision_file(tmp_path, application, outcome="reject", sequence=1)
    read_decision(qtbot, window, older)
    assert said[-1] == (
        "Dit besluit is ouder dan het besluit dat u al had. "
        "We houden het nieuwste besluit van 9 maart 2026."
    )
    assert window.store.status(application.id) == "decided"
    assert window.wizard is None
    assert window.store.status(report.id) == "report_draft"


def test_a_fake_pdf_is_refused_with_what_to_do_and_an_iphone_photo_is_taken(
    qtbot, resident, tmp_path
) -> None:
    import pillow_heif
    from PIL import Image

    window, application, _said = resident
    read_decision(qtbot, window, decision_file(tmp_path, application))
    wizard = window.wizard
    choose(qtbot, wizard, "Ja")
    wizard.go_next()
    wizard.go_next()
    add = named(wizard, QPushButton, "Bestand toevoegen…")
    editor = next(e for e in wizard.editors.values() if e.isAncestorOf(add))
    fake = tmp_path / "bewijs.pdf"
    fake.write_bytes(b"<html><body>Dit is een webpagina</body></html>")
    pick_in_dialog(qtbot, fake)
    press(qtbot, add)
    refusal = editor.refusal
    assert refusal.isVisible() and refusal.wordWrap()
    assert refusal.text().startswith("Fout: Dit bestand is geen echte PDF")
    assert "Opslaan als PDF" in refusal.text()
    assert editor.value() is None
    # An iPhone photo (HEIC, written by libheif) is taken, as a JPEG.
    heic = tmp_path / "IMG_0001.HEIC"
    pillow_heif.from_pillow(Image.new("RGB", (90, 60), (10, 140, 60))).save(heic, quality=80)
    pick_in_dialog(qtbot, heic)
    press(qtbot, add)
    assert not refusal.isVisible()
    [ref] = editor.value()
    assert ref["file_name"] == "IMG_0001.jpg" and ref["media_type"] == "image/jpeg"
    assert named(wizard, QPushButton, "IMG_0001.jpg weghalen")
    assert "(ook iPhone-foto's)" in editor.limits.text()
