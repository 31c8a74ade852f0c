"""Issue 20: the installed app signs in a worker process, so the window never loads the PDF
stack. Each test starts the real entry point (`python -m desktop_app`) in its own process
(tests/ui/signing_probe.py), which signs the Amsterdam example through the wizard's buttons
with the real keyring of the test command, and reports what the done page says, which
modules the window holds and which child processes are left after closing."""

from __future__ import annotations

from pathlib import Path

from desktop_app.documents.bundle_read import read_bundle
from tests.ui import probes

PROBE = Path(__file__).with_name("signing_probe.py")
SIGNED = "De bestanden zijn digitaal ondertekend."


def run_probe(data: Path, *extra: str) -> list[dict]:
    return probes.run_probe(PROBE, data, *extra, timeout=600)


def _signed(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["moment"] == "signed"]


def test_signing_through_the_window_keeps_the_pdf_stack_out_of_it(tmp_path, real_keyring) -> None:
    lines = run_probe(tmp_path / "data", "--times", "2")
    assert lines[0] == {"moment": "ready", "ready": True, "children": lines[0]["children"]}
    signed = _signed(lines)
    assert len(signed) == 2
    for line in signed:
        assert line["done"] and any(SIGNED in text for text in line["texts"])
        assert read_bundle(Path(line["bundle"]).read_bytes()).signed
        assert Path(line["pdf"]).is_file()
        # Neither pyHanko, pikepdf, typst nor the fonts' reader is loaded in the window.
        assert line["stack"] == []
    assert lines[-1] == {"moment": "closed", "children": []}  # no worker left behind


def test_a_killed_worker_is_replaced_and_the_resident_sees_nothing_of_it(
    tmp_path, real_keyring
) -> None:
    lines = run_probe(tmp_path / "data", "--times", "2", "--kill-worker")
    signed = _signed(lines)
    assert [line["done"] for line in signed] == [True, True]
    for line in signed:
        assert any(SIGNED in text for text in line["texts"])
        assert read_bundle(Path(line["bundle"]).read_bytes()).signed
        assert line["stack"] == []  # a new worker signed, not the window
    assert lines[-1] == {"moment": "closed", "children": []}
