"""The whole cycle on each SHIPPED regeling, through the commands a resident and an official
run, with no key brought in by the test: the municipality's key is the one the officials'
store makes, and the resident's app only knows it once it is published in the regeling."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.loader import Catalog
from desktop_app.core.shipped import shipped

pytestmark = pytest.mark.slow

FORMS_DIR = shipped("forms")
SHIPPED = sorted(p.parent.name for p in FORMS_DIR.glob("*/2026.1.yaml"))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "nl", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def ok(*argv: str) -> str:
    code, out, err = run(*argv)
    assert code == 0, f"{argv[:3]}: {out}{err}"
    return out + err


def _report_answers(path: Path, application: Path) -> None:
    """What a resident fills in when the activity was rained off and cost what was planned."""
    report = json.loads(path.read_text(encoding="utf-8"))
    regeling = Catalog.default([]).get(report["regeling"]["id"], "2026.1")
    planned = json.loads(application.read_text(encoding="utf-8"))["answers"]
    budget = next(
        planned[f.id] for s in regeling.application.steps for f in s.fields
        if f.type == "budget" and f.id in planned
    )  # fmt: skip
    answers: dict = {"took_place": False, "why_not": "Het regende de hele dag."}
    for step in regeling.report.steps:
        for field in step.fields:
            if field.type == "declaration":
                answers[field.id] = True
            elif field.type == "budget":
                answers[field.id] = budget
            elif field.id == "spent_anything":
                answers[field.id] = True
            elif field.type == "long_text" and field.id not in answers:
                answers[field.id] = "Het regende; we hadden de spullen al gekocht."
    report["answers"] = answers
    path.write_text(json.dumps(report), encoding="utf-8")


@pytest.mark.parametrize("published", [True, False], ids=["published-key", "unpublished-key"])
@pytest.mark.parametrize("regeling_id", SHIPPED)
def test_the_whole_cycle(tmp_path: Path, regeling_id: str, published: bool) -> None:
    data, store, forms = tmp_path / "data", tmp_path / "store", tmp_path / "forms"
    app, bundle = tmp_path / "app.json", tmp_path / "app.zip"
    ok("--data-dir", str(data), "example", regeling_id, "-o", str(app))
    ok("--data-dir", str(data), "bundle", str(app), "-o", str(bundle))
    assert "ingelezen" in ok("import", str(bundle), "--store", str(store))
    case = json.loads(app.read_text(encoding="utf-8"))["id"]

    extra: list[str] = []
    if published:  # the municipality publishes its key in a new version of the regeling
        copy = forms / regeling_id / "2026.2.yaml"
        copy.parent.mkdir(parents=True)
        text = (Path(FORMS_DIR) / regeling_id / "2026.1.yaml").read_text(encoding="utf-8")
        copy.write_text(text.replace('version: "2026.1"', 'version: "2026.2"'), "utf-8")
        ok("keys", "--store", str(store), "--write-into", str(copy))
        extra = ["--forms", str(forms)]

    decision = tmp_path / "besluit.json"
    said = ok(*extra, "decide", case, "--store", str(store), "--grant", "300",
              "--reason", "Minder dan gevraagd.", "-o", str(decision))  # fmt: skip
    assert decision.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert ("PROEF" in said) is not published

    received = ok(*extra, "--data-dir", str(data), "receive", str(decision),
                  "--application", str(app))  # fmt: skip
    assert ("niet gecontroleerd" in received) is not published
    assert ("We kunnen niet nagaan" in received) is not published
    assert "verslag" in received

    report = tmp_path / "report.json"
    ok(*extra, "--data-dir", str(data), "report", str(decision), "-o", str(report))
    assert json.loads(report.read_text(encoding="utf-8"))["decision_checked"] is published
    _report_answers(report, app)
    ok(*extra, "--data-dir", str(data), "bundle", str(report), "-o", str(tmp_path / "r.zip"))
    assert "ingelezen" in ok(*extra, "import", str(tmp_path / "r.zip"), "--store", str(store))
    assert "Vastgesteld" in ok(*extra, "settle", case, "--store", str(store))
    ok(*extra, "export", "--store", str(store), "--format", "csv", "-o", str(tmp_path / "x.csv"))
    assert (tmp_path / "x.csv").read_bytes()
