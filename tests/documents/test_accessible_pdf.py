"""Every resident's words in a PDF anyone can read, also with a screen reader.

A corpus of answers in every script residents write (plus emoji, mixed with Dutch) goes
through `validate`, `pdf` and `bundle` of the command line for every shipped regeling, and
into a report and a decision letter. Each PDF is read back with pdftotext (each string found,
right-to-left text in logical order) and checked by veraPDF, the reference validator, for
PDF/UA-1 and for the PDF/A level it declares (2a), before and after signing.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Text
from desktop_app.documents.pdf_render import SignatureBlock
from desktop_app.documents.service import make_pdf
from tests.conftest import DAY, ROOT
from tests.documents.conftest import PNG_1PX

CORPUS = [
    "Wij koken samen met de buren: Turks çay, Pools pierogi, Żółć gęślą jaźń.",
    "Ελληνικά: Καλημέρα γειτονιά",
    "Українська: Привіт, сусіди! Ласкаво просимо.",
    "Arabisch: مرحبا بكم في حفلة الحي voor iedereen",
    "Hebreeuws: שלום לכולם בשכונה en welkom",
    "Tigrinya: ሰላም ንኹሉ ሰብ, Amhaars: እንኳን ደህና መጡ",
    "Hindi: नमस्ते पड़ोसियों",
    "Tamil: வணக்கம் நண்பர்களே",
    "Thai: สวัสดีครับเพื่อนบ้าน",
    "Chinees: 邻居们一起做饭",
    "Japans: こんにちは、ご近所の皆さん",
    "Koreaans: 안녕하세요 이웃 여러분",
    "Feest 🎉 👍 🌳 🙂 ✨ 🇳🇱 en ＝ is gelijk",
]
INITIATIVE = "Buurtfeest 🎉 مرحبا"
BUDGET_LINE = "Soep: شوربة عدس en 汤"
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def verapdf_tool() -> Path | None:
    candidates = [os.environ.get("VERAPDF", "")]
    candidates += [
        str(p / "shared/tools/verapdf/verapdf") for p in (ROOT.parent, ROOT.parent.parent)
    ]
    candidates.append("/work/shared/tools/verapdf/verapdf")
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def verapdf(flavour: str, files: list[Path]) -> str:
    tool = verapdf_tool()
    if tool is None:
        pytest.skip("veraPDF is not here: set VERAPDF or put shared/tools/verapdf beside the repo")
    result = subprocess.run(
        ["bash", str(tool), "--flavour", flavour, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode == 2:
        pytest.skip(f"veraPDF could not be set up: {result.stderr.strip()[:300]}")
    return result.stdout + result.stderr


def pdf_text(path: Path) -> str:
    """pdftotext's text (logical order), bidi controls and all white space removed."""
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return "".join(BIDI_CONTROLS.sub("", out).split())


def squeeze(text: str) -> str:
    return "".join(text.split())


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KLEIN_INITIATIEF_LANG": "nl"}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def with_corpus(regeling_id: str, folder: Path) -> Path:
    """The regeling's example application with the corpus in its free-text questions."""
    path = folder / f"{regeling_id}.json"
    made = cli("example", regeling_id, "-o", str(path))
    assert made.returncode == 0, made.stderr
    data = json.loads(path.read_text())
    regeling = Catalog.default().current(regeling_id, DAY)
    long_texts = [
        f.id for step in regeling.application.steps for f in step.fields if f.type == "long_text"
    ]
    long_texts = [f for f in long_texts if f in data["answers"]]
    assert long_texts, regeling_id
    for index, field_id in enumerate(long_texts):
        data["answers"][field_id] = "\n".join(CORPUS[index :: len(long_texts)])
    data["answers"]["initiative_name"] = INITIATIVE
    for value in data["answers"].values():
        if isinstance(value, dict) and value.get("lines"):
            value["lines"][0]["description"] = BUDGET_LINE
    path.write_text(json.dumps(data, ensure_ascii=False))
    return path


REGELINGEN = sorted(Catalog.default().ids())


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """Every PDF the corpus makes: per regeling unsigned, signed, and the one in the bundle;
    a signed report; a decision letter."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils")
    folder = tmp_path_factory.mktemp("corpus")
    pdfs: dict[str, Path] = {}
    today = DAY.isoformat()
    for regeling_id in REGELINGEN:
        source = with_corpus(regeling_id, folder)
        checked = cli("validate", str(source), "--today", today)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        for kind, extra in (("unsigned", ["--unsigned"]), ("signed", [])):
            out = folder / f"{regeling_id}-{kind}.pdf"
            result = cli("pdf", str(source), "-o", str(out), "--today", today, *extra)
            assert result.returncode == 0, result.stderr
            pdfs[f"{regeling_id}-{kind}"] = out
        bundle = folder / f"{regeling_id}.zip"
        result = cli("bundle", str(source), "-o", str(bundle), "--today", today)
        assert result.returncode == 0, result.stderr
        if zipfile.is_zipfile(bundle):
            with zipfile.ZipFile(bundle) as archive:
                (folder / f"{regeling_id}-bundle.pdf").write_bytes(archive.read("document.pdf"))
            pdfs[f"{regeling_id}-bundle"] = folder / f"{regeling_id}-bundle.pdf"
    pdfs["report-unsigned"] = _report(folder, signed=False)
    pdfs["report-signed"] = _report(folder, signed=True)
    pdfs["letter"] = _letter(folder)
    return pdfs


def _report(folder: Path, signed: bool) -> Path:
    from desktop_app.core.loader import example_application
    from desktop_app.documents.signing import ephemeral_signer

    clock = fixed_on(DAY)
    amsterdam = Catalog.default().current("amsterdam-bewonersinitiatief", DAY)
    application = example_application(amsterdam, clock)
    report = Report(
        regeling=application.regeling,
        created_at=clock.now(),
        updated_at=clock.now(),
        application_id=application.id,
        granted_amount=Decimal("1000.00"),
        answers={
            "took_place": True,
            "activity_date": "2026-02-20",
            "what_happened": "\n".join(CORPUS[:7]),
            "achieved": "\n".join(CORPUS[7:]),
            "participants_actual": 60,
            "actual_costs": copy.deepcopy(application.answers["budget"]),
            "decl_receipts_kept": True,
            "decl_truthful": True,
        },
    )
    report.answers["actual_costs"].pop("requested")
    verdicts = evaluate(amsterdam, report, DAY).verdicts
    block = SignatureBlock("Tsegay ትግርኛ", "Amsterdam", DAY, drawing_png=PNG_1PX)
    signer = ephemeral_signer(INITIATIVE) if signed else None
    pdf = make_pdf(report, amsterdam, verdicts, block, signer, None, clock).pdf
    path = folder / f"report-{'signed' if signed else 'unsigned'}.pdf"
    path.write_bytes(pdf)
    return path


def _letter(folder: Path) -> Path:
    from desktop_app.documents.decision import Decision
    from desktop_app.officials.letter import decision_letter

    amsterdam = Catalog.default().current("amsterdam-bewonersinitiatief", DAY)
    decision = Decision.model_validate(
        {
            "application_id": str(uuid.uuid4()),
            "regeling": {"id": amsterdam.id, "version": amsterdam.version},
            "outcome": "grant",
            "granted_amount": "1000.00",
            "reason": Text(
                nl="Uw plan past goed bij de regeling.", en="Your plan fits."
            ).model_dump(),
            "decided_at": dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC).isoformat(),
        }
    )
    pdf = decision_letter(decision, amsterdam, "Tsegay ትግርኛ", INITIATIVE)
    path = folder / "letter.pdf"
    path.write_bytes(pdf)
    return path


def test_every_regeling_makes_each_pdf(made: dict[str, Path]) -> None:
    for regeling_id in REGELINGEN:
        assert f"{regeling_id}-unsigned" in made and f"{regeling_id}-signed" in made


@pytest.mark.parametrize("name", ["unsigned", "signed", "bundle"])
def test_pdftotext_finds_every_string_in_logical_order(made: dict[str, Path], name: str) -> None:
    for regeling_id in REGELINGEN:
        path = made.get(f"{regeling_id}-{name}")
        if path is None:  # a regeling whose bundle is sealed to the municipality
            continue
        text = pdf_text(path)
        for line in [*CORPUS, INITIATIVE, BUDGET_LINE]:
            assert squeeze(line) in text, (regeling_id, name, line)


def test_the_report_and_the_letter_show_every_string(made: dict[str, Path]) -> None:
    for name in ("report-unsigned", "report-signed"):
        report = pdf_text(made[name])
        for line in CORPUS:
            assert squeeze(line) in report, (name, line)
    letter = pdf_text(made["letter"])
    assert squeeze("Beste Tsegay ትግርኛ,") in letter
    # In quotes: pdftotext puts the closing quote, a neutral, inside the Arabic run.
    assert squeeze("Buurtfeest 🎉") in letter and "مرحبا" in letter


def test_the_signatures_are_valid_and_cover_the_whole_document(made: dict[str, Path]) -> None:
    for name, path in made.items():
        if name.endswith(("-signed", "-bundle")):
            out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
            assert "Signature is Valid" in out and "Total document signed" in out, name


@pytest.mark.slow
@pytest.mark.parametrize("flavour", ["ua1", "2a"])
def test_verapdf_finds_no_failed_rule(made: dict[str, Path], flavour: str) -> None:
    report = verapdf(flavour, list(made.values()))
    assert "compliant=false" not in report and "FAIL" not in report, report
    assert report.count("compliant=true") == len(made), report


def test_a_character_no_font_has_is_refused_by_validate_naming_field_and_character(
    tmp_path: Path,
) -> None:
    source = with_corpus("amsterdam-bewonersinitiatief", tmp_path)
    data = json.loads(source.read_text())
    data["answers"]["initiative_name"] = "Buurtfeest \U0001d49c"
    source.write_text(json.dumps(data, ensure_ascii=False))
    checked = cli("validate", str(source), "--today", DAY.isoformat())
    assert checked.returncode == 1
    assert "'Naam van uw initiatief'" in checked.stdout
    assert "'𝒜' (U+1D49C)" in checked.stdout
    made = cli("pdf", str(source), "-o", str(tmp_path / "a.pdf"), "--unsigned")
    assert made.returncode != 0 and "Traceback" not in made.stderr
    assert "'𝒜' (U+1D49C)" in made.stderr
    assert not (tmp_path / "a.pdf").exists()
