"""The report (verantwoording) PDF says whose report it is and shows the proof: the
initiative's name, the application's reference, and each proof photo (scaled) with the
SHA-256 of the file in the bundle. Read back with pdftotext and pdfimages (poppler)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.service import initiative_name_of, make_pdf
from desktop_app.documents.signature_block import SignatureBlock
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.drafts import DraftStore
from tests.conftest import DAY
from tests.documents.test_accessible_pdf import verapdf
from tests.files import real_jpeg


def _poppler(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is missing: install poppler-utils")
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def small_report(tmp_path: Path):
    """A resident's short report on their € 450 street meal, with a real 1200x900 photo."""
    clock = fixed_on(DAY)
    amsterdam = Catalog.default().current("amsterdam-bewonersinitiatief", DAY)
    application = example_application(amsterdam, clock, route="light")
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save(application, "sent")
    photos = AttachmentStore(tmp_path / "attachments")
    photo = real_jpeg(comment=b"GPS 52.37N 4.89E", size=(1200, 900))
    ref = photos.add_bytes(photo, "straatmaaltijd.jpg", "photo")
    report = Report(
        regeling=application.regeling,
        created_at=clock.now(),
        updated_at=clock.now(),
        application_id=application.id,
        granted_amount=Decimal("450.00"),
        answers={
            "took_place": True,
            "activity_date": "2026-02-20",
            "what_happened": "Veertig buren aten samen in de straat.",
            "proof_attachments": [ref.model_dump()],
            "decl_truthful": True,
        },
    )
    return amsterdam, application, report, drafts, photos, hashlib.sha256(photo).hexdigest()


def test_the_report_pdf_names_the_initiative_and_shows_the_photo_with_its_hash(
    tmp_path: Path,
) -> None:
    amsterdam, application, report, drafts, photos, digest = small_report(tmp_path)
    verdicts = evaluate(amsterdam, report, DAY).verdicts
    block = SignatureBlock("Samira Bakker", "Amsterdam", DAY)
    name = initiative_name_of(amsterdam, report, drafts)
    assert name == "Straatmaaltijd Kolenkitbuurt"
    pdf = make_pdf(report, amsterdam, verdicts, block, None, None, fixed_on(DAY), photos, name).pdf
    path = tmp_path / "verantwoording.pdf"
    path.write_bytes(pdf)
    text = "".join(_poppler("pdftotext", str(path), "-").split())
    assert "Initiatief" in text and "StraatmaaltijdKolenkitbuurt" in text
    assert f"Hoortbijaanvraag{application.id}" in text  # the application's reference
    assert f"SHA-256:{digest}" in text
    images = _poppler("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(images) == 1, images
    width, height = (int(x) for x in images[0].split()[3:5])
    assert (width, height) == (1200, 900)  # within the scaling limit: kept as it is
    assert b"GPS 52.37N" not in pdf  # the photo was written again, without its comment


@pytest.mark.slow
def test_the_report_pdf_is_still_pdf_ua_and_pdf_a(tmp_path: Path) -> None:
    amsterdam, _application, report, drafts, photos, _digest = small_report(tmp_path)
    verdicts = evaluate(amsterdam, report, DAY).verdicts
    block = SignatureBlock("Samira Bakker", "Amsterdam", DAY)
    name = initiative_name_of(amsterdam, report, drafts)
    pdf = make_pdf(report, amsterdam, verdicts, block, None, None, fixed_on(DAY), photos, name)
    path = tmp_path / "verantwoording.pdf"
    path.write_bytes(pdf.pdf)
    for flavour in ("ua1", "2a"):
        said = verapdf(flavour, [path])
        assert "compliant=false" not in said and "FAIL" not in said, said
        assert said.count("compliant=true") == 1, said


def test_a_photo_that_changed_on_disk_is_not_put_in_the_report(tmp_path: Path) -> None:
    amsterdam, _application, report, _drafts, photos, digest = small_report(tmp_path)
    photos.path_for(digest).write_bytes(real_jpeg(size=(40, 30)))
    block = SignatureBlock("Samira Bakker", "Amsterdam", DAY)
    with pytest.raises(UserError) as caught:
        make_pdf(report, amsterdam, (), block, None, None, fixed_on(DAY), photos)
    assert caught.value.code == "attachment.changed"


def test_without_the_application_here_the_report_still_renders(tmp_path: Path) -> None:
    amsterdam, _application, report, _drafts, _photos, _digest = small_report(tmp_path)
    assert initiative_name_of(amsterdam, report, DraftStore(tmp_path / "elsewhere")) is None
