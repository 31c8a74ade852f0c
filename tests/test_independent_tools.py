"""What we publish, checked with other people's tools, as a municipality's IT department would.

ajv-cli (strict mode) and Redocly CLI from npm (pinned in tests/tools, installed by
``scripts/setup.sh test`` with ``npm ci``), check-jsonschema from PyPI, openssl — on the shipped
files and on files the app really writes. And the ten-line example in docs/examples verifies a
real decision and a real receipt from docs/ alone.

Outside ``setup.sh test`` (which sets KI_INDEPENDENT_TOOLS=required) a missing npm tool skips
its test with the command that installs it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import requests
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_read import read_members
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.decision import public_key_text
from desktop_app.officials.decide import decide, reason_text
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from desktop_app.storage.attachments import AttachmentStore
from tests.conftest import DAY, ROOT
from tests.files import real_png
from tests.submit.servers import LiveIntake

TOOLS = ROOT / "tests" / "tools" / "node_modules" / ".bin"
SCHEMAS = {
    "regeling": ROOT / "forms" / "regeling.schema.json",
    "document": ROOT / "docs" / "document.schema.json",
    "manifest": ROOT / "docs" / "manifest.schema.json",
}
OPENAPI = ROOT / "docs" / "intake-openapi.yaml"
EXAMPLE = ROOT / "docs" / "examples" / "verify_signed_json.py"


def _tool(name: str) -> Path:
    path = TOOLS / name
    if not path.exists():
        if os.environ.get("KI_INDEPENDENT_TOOLS") == "required":
            pytest.fail(f"{path} is missing: npm ci --prefix tests/tools")
        pytest.skip(f"{name} is not installed: npm ci --prefix tests/tools")
    return path


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=180, cwd=cwd
    )


def _ajv(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return _run(_tool("ajv"), *args, "--spec=draft2020", "--strict=true", "-c", "ajv-formats")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KLEIN_INITIATIEF_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _json_ready(value: object) -> object:
    """YAML to JSON as a careful reader does: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Files the app really writes: an example application, a signed and an unsigned bundle
    made by the CLI, their manifest.json, data.json and manifest.sig."""
    folder = tmp_path_factory.mktemp("written")
    data_dir = folder / "data"
    application = folder / "application.json"
    made = _cli(
        "--data-dir", str(data_dir), "example", "amsterdam-bewonersinitiatief", "-o",
        str(application),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    files = {"application": application}
    for kind, extra in (("signed", []), ("unsigned", ["--unsigned"])):
        bundle = folder / f"{kind}.zip"
        result = _cli(
            "--data-dir", str(data_dir), "bundle", str(application), "-o", str(bundle),
            "--today", "2026-03-02", *extra,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        files[kind] = bundle
        for name, content in read_members(bundle.read_bytes()).items():
            path = folder / f"{kind}-{name}"
            path.write_bytes(content)
            files[f"{kind}-{name}"] = path
    return files


# --- the schemas ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_compiles_in_ajv_strict_mode(name: str) -> None:
    result = _ajv("compile", "-s", SCHEMAS[name])
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_shipped_regelingen_validate_with_ajv_and_check_jsonschema(tmp_path: Path) -> None:
    shipped = sorted((ROOT / "forms").glob("*/*.yaml"))
    assert len(shipped) >= 3
    as_json = []
    for path in shipped:
        target = tmp_path / f"{path.parent.name}.json"
        target.write_text(json.dumps(_json_ready(yaml.safe_load(path.read_text("utf-8")))))
        as_json.append(target)
    args = [a for p in as_json for a in ("-d", str(p))]
    result = _ajv("validate", "-s", SCHEMAS["regeling"], *args)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = _run(
        Path(sys.executable).parent / "check-jsonschema", "--schemafile", SCHEMAS["regeling"],
        *shipped,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_files_the_app_writes_validate_with_ajv_and_check_jsonschema(written) -> None:
    documents = [written["application"], written["signed-data.json"]]
    documents.append(written["unsigned-data.json"])
    manifests = [written["signed-manifest.json"], written["unsigned-manifest.json"]]
    for schema, instances in (("document", documents), ("manifest", manifests)):
        args = [a for p in instances for a in ("-d", str(p))]
        result = _ajv("validate", "-s", SCHEMAS[schema], *args)
        assert result.returncode == 0, result.stdout + result.stderr
        checked = _run(
            Path(sys.executable).parent / "check-jsonschema", "--schemafile", SCHEMAS[schema],
            *instances,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["members"][0].update(name="../evil"),
        lambda m: m["members"][0].update(name="attachments/../../etc/passwd"),
        lambda m: m["members"][0].update(name="Data.json"),
        lambda m: m["members"].append(dict(m["members"][1])),  # document.pdf twice
        lambda m: m.update(signed=False),  # says unsigned, but names a signature
    ],
    ids=["parent", "attachment-path", "other-case", "twice", "signed-false"],
)
def test_a_manifest_the_reader_refuses_does_not_validate(written, tmp_path, change) -> None:
    manifest = json.loads(written["signed-manifest.json"].read_text("utf-8"))
    change(manifest)
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    result = _ajv("validate", "-s", SCHEMAS["manifest"], "-d", path)
    assert result.returncode != 0 and "invalid" in result.stdout + result.stderr
    checked = _run(
        Path(sys.executable).parent / "check-jsonschema", "--schemafile", SCHEMAS["manifest"],
        path,
    )  # fmt: skip
    assert checked.returncode == 1, checked.stdout


# --- the API contract -------------------------------------------------------------------------


def test_the_openapi_document_passes_redoclys_recommended_ruleset() -> None:
    result = _run(_tool("redocly"), "lint", "--extends", "recommended", OPENAPI)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower().replace("0 errors", "")


# --- the signature, with openssl --------------------------------------------------------------


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_openssl_verifies_the_manifest_signature_as_docs_bundle_md_says(written, tmp_path) -> None:
    manifest, signature = written["signed-manifest.json"], written["signed-manifest.sig"]
    command = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(signature)]
    good = _run(*command, "-content", manifest, "-noverify", "-out", os.devnull)
    assert good.returncode == 0 and "Verification successful" in good.stderr, good.stderr
    changed = tmp_path / "manifest.json"
    changed.write_bytes(manifest.read_bytes().replace(b'"size": ', b'"size":  ', 1))
    bad = _run(*command, "-content", changed, "-noverify", "-out", os.devnull)
    assert bad.returncode != 0
    # The signed attributes are the ones docs/bundle.md lists, no more and no fewer.
    printed = _run("openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", signature)
    attributes = printed.stdout.split("signedAttrs:", 1)[1].split("signatureAlgorithm:", 1)[0]
    found = {
        line.split("(", 1)[1].rstrip(")")
        for line in attributes.splitlines()
        if line.strip().startswith("object:")
    }
    # contentType, messageDigest, signingTime, SMIMECapabilities (PKCS #9 / RFC 8551)
    assert found == {"1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"} | {
        "1.2.840.113549.1.9.5",
        "1.2.840.113549.1.9.15",
    }, found
    for name in ("contentType", "signingTime", "messageDigest", "SMIMECapabilities"):
        assert f"`{name}`" in (ROOT / "docs" / "bundle.md").read_text("utf-8")


# --- what docs/bundle.md claims about the bytes -----------------------------------------------


def test_the_bundle_claims_in_docs_bundle_md_hold(written, tmp_path, amsterdam) -> None:
    text = (ROOT / "docs" / "bundle.md").read_text("utf-8")
    # Claimed: created_at is the --today moment, and data.json is the same on every run.
    again = tmp_path / "again.zip"
    result = _cli(
        "bundle", str(written["application"]), "-o", str(again), "--unsigned",
        "--today", "2026-03-02",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    first, second = read_members(written["unsigned"].read_bytes()), read_members(again.read_bytes())
    assert json.loads(first["manifest.json"])["created_at"] == "2026-03-02T12:00:00+01:00"
    assert first["data.json"] == second["data.json"]
    assert "`created_at`" in text and "--today" in text
    # Claimed: the same document, PDF, attachments and moment give the same bytes.
    application = example_application(amsterdam, fixed_on(DAY))
    moment = fixed_on(DAY).now()
    pdf = first["document.pdf"]
    assert write_bundle(application, pdf, {}, None, moment) == write_bundle(
        application, pdf, {}, None, moment
    )
    # Not claimed: that a new run gives the same zip (the PDF records when it was made).
    assert "byte-for-byte" not in text


def test_bundle_refuses_hand_edited_json_before_signing_with_the_readers_code(
    written, tmp_path
) -> None:
    """A PNG in the app's attachment store, labelled application/pdf by hand in the JSON."""
    data_dir = tmp_path / "data"
    photo = real_png()
    ref = AttachmentStore(data_dir / "attachments").add_bytes(photo, "foto.png", "quote")
    application = json.loads(written["application"].read_text("utf-8"))
    entry = ref.model_dump(mode="json") | {"media_type": "application/pdf"}
    application["answers"]["attachments"] = [entry]
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(application))
    out = tmp_path / "edited.zip"
    result = _cli("--data-dir", str(data_dir), "bundle", str(edited), "-o", str(out), "--json")
    assert result.returncode != 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["error"]["code"] == "bundle.attachment_media_type"
    assert "foto.png" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# --- a decision and a receipt, verified by hand -----------------------------------------------


def test_a_real_decision_and_receipt_verify_with_the_ten_line_example(
    written, tmp_path, catalog
) -> None:
    after_docstring = EXAMPLE.read_text("utf-8").split('"""', 2)[2]
    code = [
        line
        for line in after_docstring.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(code) <= 12, "the example is meant to be short enough to read in a minute"
    bundle = written["signed"].read_bytes()
    # A receipt from the real intake service, and its published key.
    with LiveIntake(tmp_path / "intake") as intake:
        key_id = json.loads(written["signed-manifest.json"].read_text())["bundle_id"]
        answer = requests.post(
            f"{intake.url}/submissions",
            data=bundle,
            headers={"Idempotency-Key": key_id, "Content-Type": "application/zip"},
            timeout=30,
        )
        assert answer.status_code == 201, answer.text
        receipt_key = requests.get(f"{intake.url}/key", timeout=10).json()["ed25519"]
    receipt = tmp_path / "receipt.json"
    receipt.write_bytes(answer.content)
    assert json.loads(receipt.read_bytes())["bundle_sha256"] == hashlib.sha256(bundle).hexdigest()
    # A decision made by an official, with € signs in its reason.
    store = CaseStore(tmp_path / "cases")
    assert import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY)).status == "imported"
    [case] = store.cases()
    official = Ed25519PrivateKey.generate()
    amount = Decimal("400.00")
    decision = tmp_path / "decision.json"
    decision.write_bytes(
        decide(
            store,
            case,
            "grant",
            amount,
            reason_text("grant_lower", case.requested, amount),
            official,
            "amsterdam-2026",
            fixed_on(DAY),
        )
    )
    assert "€".encode() in decision.read_bytes()
    for path, key in ((decision, public_key_text(official)), (receipt, receipt_key)):
        result = _run(sys.executable, EXAMPLE, path, key)
        assert result.returncode == 0 and "valid" in result.stdout, result.stdout + result.stderr
        # One changed character and the same script says no.
        changed = tmp_path / f"changed-{path.name}"
        changed.write_bytes(path.read_bytes().replace(b"KI-", b"KJ-").replace(b"400", b"900"))
        refused = _run(sys.executable, EXAMPLE, changed, key)
        assert refused.returncode != 0
    wrong = base64.b64encode(b"\x00" * 32).decode()
    assert _run(sys.executable, EXAMPLE, receipt, wrong).returncode != 0
