"""Keys a municipality can publish: `keys` shows them as a regeling snippet and writes them
into a copy of the regeling file; decisions made with the store's key then verify against
that file, and bundles sealed to its key can be imported. Real keyring, real CLI."""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.sealed import is_sealed, seal_bundle
from desktop_app.documents.service import make_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY, ROOT
from tests.test_cli import assert_no_traceback, run

SHIPPED = ROOT / "forms" / "amsterdam-bewonersinitiatief" / "2026.1.yaml"


def _published_copy(folder: Path) -> Path:
    """The municipality's copy of its regeling, as a new edition (2026.2) to publish."""
    target = folder / "amsterdam-bewonersinitiatief" / "2026.2.yaml"
    target.parent.mkdir(parents=True)
    text = SHIPPED.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.2"')
    target.write_text(text, encoding="utf-8")
    return target


def test_keys_are_shown_as_a_snippet_and_stay_the_same(tmp_path: Path) -> None:
    first = run("keys", "--store", str(tmp_path / "store"), lang="en")
    assert first.returncode == 0, first.stderr
    snippet = yaml.safe_load(first.stdout)
    [entry] = snippet["decision_keys"]
    assert entry["key_id"] == "gemeente-besluiten" and len(entry["ed25519"]) == 44
    assert "encryption_keys" not in snippet  # sealing only when asked for
    again = run("keys", "--store", str(tmp_path / "store"), lang="en")
    assert yaml.safe_load(again.stdout) == snippet  # one key, made once
    assert not any(p.suffix != ".pem" for p in (tmp_path / "store" / "keys").iterdir())


def test_written_into_a_copy_the_regeling_keeps_its_comments_and_loads(tmp_path: Path) -> None:
    copy = _published_copy(tmp_path / "forms")
    comments = [line for line in copy.read_text(encoding="utf-8").splitlines() if "#" in line]
    store = str(tmp_path / "store")
    for _ in range(2):  # twice: the blocks are replaced, not repeated
        result = run("keys", "--store", store, "--with-sealing", "--write-into", str(copy))
        assert result.returncode == 0, result.stderr
        assert_no_traceback(result)
    text = copy.read_text(encoding="utf-8")
    assert text.count("decision_keys:") == 1 and text.count("encryption_keys:") == 1
    assert all(line in text.splitlines() for line in comments)
    catalog = Catalog.default([tmp_path / "forms"])
    assert not catalog.problems, [p.message.en for p in catalog.problems]
    regeling = catalog.get("amsterdam-bewonersinitiatief", "2026.2")
    shown = yaml.safe_load(run("keys", "--store", store, "--with-sealing").stdout)
    assert [k.ed25519 for k in regeling.decision_keys] == [shown["decision_keys"][0]["ed25519"]]
    assert [k.x25519 for k in regeling.encryption_keys] == [shown["encryption_keys"][0]["x25519"]]


def test_a_file_that_would_break_is_left_as_it_was(tmp_path: Path) -> None:
    broken = tmp_path / "2026.1.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    result = run("keys", "--store", str(tmp_path / "store"), "--write-into", str(broken))
    assert result.returncode == 2
    assert_no_traceback(result)
    assert broken.read_text(encoding="utf-8") == "id: [unclosed\n"


def test_a_bundle_sealed_to_the_published_key_is_imported(tmp_path: Path) -> None:
    copy = _published_copy(tmp_path / "forms")
    store = tmp_path / "store"
    result = run("keys", "--store", str(store), "--with-sealing", "--write-into", str(copy))
    assert result.returncode == 0, result.stderr
    regeling = Catalog.default([tmp_path / "forms"]).get("amsterdam-bewonersinitiatief", "2026.2")
    clock = fixed_on(DAY)
    application = example_application(regeling, clock)
    verdicts = evaluate(regeling, application, DAY).verdicts
    plain = make_bundle(
        application, regeling, verdicts, _NoAttachments(), ephemeral_signer("T"), clock=clock
    ).bundle
    sealed = seal_bundle(plain, regeling.encryption_keys[0])
    assert is_sealed(sealed) and b"Buurtmaaltijd" not in sealed
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "aanvraag-versleuteld.bundel").write_bytes(sealed)
    imported = run(
        "--forms", str(tmp_path / "forms"), "import", str(tmp_path / "in"), "--store", str(store)
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    cases = CaseStore(store)
    try:
        assert [case.bundle_id for case in cases.cases()] == [uuid.UUID(str(application.id))]
    finally:
        cases.close()


class _NoAttachments:
    def read(self, ref: object) -> bytes:
        raise AssertionError("the example has no attachments")
