"""Bundles written, read back and tampered with; the verify command as a script uses it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from desktop_app.cli import main
from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.core.regeling import Regeling
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.documents.bundle_write import ZIP_TIME, write_bundle
from desktop_app.documents.manifest import manifest_json_schema
from desktop_app.documents.pdf_render import SignatureBlock
from desktop_app.documents.service import make_bundle, verify_bundle
from desktop_app.documents.signing import Signer
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.paths import AppPaths
from tests.conftest import DAY, ROOT
from tests.documents.conftest import PNG_1PX, QUOTE_PDF
from tests.documents.hostile import members_of, raw_zip, rebuild

CLOCK = fixed_on(DAY)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def application_file(amsterdam: Regeling, data_dir: Path) -> Path:
    """An example application with two attachments in the data folder's attachment store."""
    store = AttachmentStore(AppPaths(data_dir).attachments)
    application = example_application(amsterdam, CLOCK)
    refs = [
        store.add_bytes(QUOTE_PDF, "offerte.pdf", "quote"),
        store.add_bytes(PNG_1PX, "flyer.png", "flyer"),
    ]
    application.answers = {
        **application.answers,
        "attachments": [r.model_dump(mode="json") for r in refs],
    }
    path = data_dir / "aanvraag.json"
    path.write_text(application.model_dump_json(indent=2))
    return path


@pytest.fixture(scope="module")
def signed_bundle(amsterdam: Regeling, application_file: Path, data_dir: Path, signer) -> bytes:
    from desktop_app.core.loader import read_document

    document = read_document(application_file)
    store = AttachmentStore(AppPaths(data_dir).attachments)
    block = SignatureBlock("Anna de Vries", "Amsterdam", DAY)
    return make_bundle(document, amsterdam, (), store, signer, None, block, CLOCK).bundle


def test_a_signed_bundle_reads_back_complete(signed_bundle: bytes, signer: Signer) -> None:
    contents = read_bundle(signed_bundle)
    assert contents.signed and contents.certificate_sha256 == signer.certificate_sha256
    assert contents.document.answers["initiative_name"] == "Buurtmaaltijd Van der Pekbuurt"
    assert sorted(contents.attachments.values()) == sorted([QUOTE_PDF, PNG_1PX])
    assert contents.members["document.pdf"].startswith(b"%PDF-")
    result = verify_bundle(signed_bundle)
    assert result.ok and result.code == "bundle.ok"
    assert [m.name for m in result.members][:2] == ["data.json", "document.pdf"]


def test_members_are_in_a_fixed_order_with_fixed_timestamps(signed_bundle: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(signed_bundle)) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names[:4] == ["manifest.json", "manifest.sig", "data.json", "document.pdf"]
    assert names[4:] == sorted(names[4:]) and len(names) == 6
    assert {i.date_time for i in infos} == {ZIP_TIME}


def test_the_same_input_gives_the_same_unsigned_bundle(amsterdam: Regeling) -> None:
    application = example_application(amsterdam, CLOCK)
    pdf = b"%PDF-1.7\n%%EOF\n"
    first = write_bundle(application, pdf, {}, None, CLOCK.now())
    again = write_bundle(application, pdf, {}, None, CLOCK.now())
    assert first == again


def test_the_manifest_follows_its_published_schema(signed_bundle: bytes) -> None:
    manifest = json.loads(dict(members_of(signed_bundle))["manifest.json"])
    schema = json.loads((ROOT / "docs" / "manifest.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(manifest)
    assert manifest["format_version"] == 1 and manifest["signed"] is True
    assert manifest["regeling"] == {"id": "amsterdam-bewonersinitiatief", "version": "2026.1"}
    assert manifest["signer_certificate"].startswith("-----BEGIN CERTIFICATE-----")


def test_the_committed_manifest_schema_is_up_to_date() -> None:
    from desktop_app.core.schemas import render_schema

    committed = (ROOT / "docs" / "manifest.schema.json").read_text()
    assert committed == render_schema(manifest_json_schema()), (
        "docs/manifest.schema.json is out of date: run scripts/generate_schemas.py"
    )


# --- tampering -------------------------------------------------------------------------------

MEMBERS = [
    "manifest.json",
    "manifest.sig",
    "data.json",
    "document.pdf",
    "attachment 1",
    "attachment 2",
]


def _member_name(bundle: bytes, label: str) -> str:
    names = [n for n, _ in members_of(bundle)]
    if label.startswith("attachment"):
        return [n for n in names if n.startswith("attachments/")][int(label[-1]) - 1]
    return label


def _verify_cli(path: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "nl", "verify", str(path), *extra], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize("label", MEMBERS)
def test_changing_any_byte_of_any_member_is_caught_and_named(
    signed_bundle: bytes, label: str, where: str, tmp_path: Path
) -> None:
    """The member's content changed by one byte, written as a proper zip (fresh CRC)."""
    name = _member_name(signed_bundle, label)
    members = members_of(signed_bundle)
    changed = []
    for member, content in members:
        if member == name:
            index = {"first": 0, "middle": len(content) // 2, "last": len(content) - 1}[where]
            content = content[:index] + bytes([content[index] ^ 0x01]) + content[index + 1 :]
        changed.append((member, content))
    path = tmp_path / "veranderd.zip"
    path.write_bytes(raw_zip(rebuild(changed)))

    result = verify_bundle(path)
    assert not result.ok and result.readable
    assert result.member == name, (result.code, result.member)
    code, out, err = _verify_cli(path)
    assert code == 1
    assert name in err and "Traceback" not in err + out


@pytest.mark.parametrize("label", MEMBERS)
def test_a_flipped_byte_inside_the_zip_is_caught_and_named(
    signed_bundle: bytes, label: str, tmp_path: Path
) -> None:
    """Damage in the file itself (the CRC no longer matches, or the data does not inflate)."""
    name = _member_name(signed_bundle, label)
    with zipfile.ZipFile(io.BytesIO(signed_bundle)) as archive:
        info = archive.getinfo(name)
    header = signed_bundle[info.header_offset : info.header_offset + 30]
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    index = start + info.compress_size // 2
    damaged = bytearray(signed_bundle)
    damaged[index] ^= 0x10
    path = tmp_path / "beschadigd.zip"
    path.write_bytes(bytes(damaged))
    code, out, _err = _verify_cli(path, "--json")
    answer = json.loads(out)
    assert code == 1 and not answer["ok"]
    assert answer["member"] == name, answer["code"]


# --- the command line ------------------------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--lang", "nl", *args], stdout=out, stderr=err, clock=CLOCK)
    return code, out.getvalue(), err.getvalue()


def test_cli_unsigned_bundle_then_verify(application_file: Path, data_dir: Path, tmp_path) -> None:
    target = tmp_path / "aanvraag.zip"
    code, out, err = _cli(
        "--data-dir",
        str(data_dir),
        "bundle",
        str(application_file),
        "-o",
        str(target),
        "--unsigned",
    )
    assert code == 0, err
    assert "NIET digitaal ondertekend" in out
    code, out, err = _verify_cli(target)
    assert code == 1 and "bundle.unsigned" in err and "niet digitaal ondertekend" in err
    code, out, _ = _verify_cli(target, "--json")
    answer = json.loads(out)
    assert code == 1 and answer["intact"] is True and answer["signed"] is False
    assert {m["name"] for m in answer["members"]} >= {"data.json", "document.pdf"}


def test_cli_pdf_unsigned(application_file: Path, data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "aanvraag.pdf"
    code, _out, err = _cli(
        "--data-dir", str(data_dir), "pdf", str(application_file), "-o", str(target), "--unsigned"
    )
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")


def test_cli_bundle_needs_the_attachments(application_file: Path, tmp_path: Path) -> None:
    empty = tmp_path / "leeg"
    code, _out, err = _cli(
        "--data-dir", str(empty), "bundle", str(application_file), "-o", str(tmp_path / "x.zip"),
        "--unsigned",
    )  # fmt: skip
    assert code == 2 and "offerte.pdf" in err and "Traceback" not in err
    assert not (tmp_path / "x.zip").exists()


def test_cli_refuses_a_bundle_with_errors(application_file: Path, data_dir: Path, tmp_path) -> None:
    broken = tmp_path / "fout.json"
    data = json.loads(application_file.read_text())
    data["answers"]["iban"] = "NL00 BANK 0000 0000 00"
    broken.write_text(json.dumps(data))
    code, _out, err = _cli(
        "--data-dir", str(data_dir), "bundle", str(broken), "-o", str(tmp_path / "x.zip"),
        "--unsigned",
    )  # fmt: skip
    assert code == 1 and "IBAN" in err and not (tmp_path / "x.zip").exists()


def test_cli_without_keyring_says_so_and_points_to_unsigned(
    application_file: Path, data_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    code, _out, err = _cli(
        "--data-dir", str(data_dir), "pdf", str(application_file), "-o", str(tmp_path / "a.pdf")
    )
    assert code == 2
    assert "niet digitaal ondertekenen" in err and "--unsigned" in err
    assert not (tmp_path / "a.pdf").exists()


def test_cli_signed_bundle_with_a_real_keyring(
    real_keyring, application_file: Path, data_dir: Path, tmp_path: Path
) -> None:
    from desktop_app.core.loader import read_document
    from desktop_app.documents.signing import SigningKeys

    target = tmp_path / "aanvraag.zip"
    try:
        code, out, err = _cli(
            "--data-dir", str(data_dir), "bundle", str(application_file), "-o", str(target)
        )
        assert code == 0, err
        assert "(digitaal ondertekend)" in out
        code, out, err = _verify_cli(target)
        assert code == 0, err
        assert "In orde" in out
    finally:
        document = read_document(application_file)
        SigningKeys(AppPaths(data_dir).keys, real_keyring).forget(document.id)


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"geen zip", 2), (b"PK\x03\x04 half", 2)],
)
def test_cli_verify_unreadable_exits_2(content: bytes, expected: int, tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    code, _, err = _verify_cli(path)
    assert code == expected and "NIET IN ORDE" in err
    code, _, err = _verify_cli(tmp_path / "bestaat-niet.zip")
    assert code == 2 and "bestaat-niet.zip" in err


def test_attachment_hashes_in_the_manifest_are_their_names(signed_bundle: bytes) -> None:
    manifest = json.loads(dict(members_of(signed_bundle))["manifest.json"])
    for member in manifest["members"]:
        if member["name"].startswith("attachments/"):
            assert member["name"] == f"attachments/{member['sha256']}"
    digest = hashlib.sha256(PNG_1PX).hexdigest()
    assert any(m["name"] == f"attachments/{digest}" for m in manifest["members"])
