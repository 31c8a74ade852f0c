"""The reference intake service on 127.0.0.1: idempotent by bundle id, hardened reading,
durable storage, officials' fetch, and the OpenAPI document that describes exactly it."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
import requests
import yaml

from desktop_app.documents.bundle_read import read_bundle
from desktop_app.intake.app import openapi_path
from desktop_app.intake.keys import KEY_FILE, public_entry
from desktop_app.submit.receipt import verify_receipt
from tests.conftest import ROOT
from tests.submit.servers import LiveIntake


def _post(url: str, body: bytes, key: str | None, **headers: str) -> requests.Response:
    if key is not None:
        headers["Idempotency-Key"] = key
    return requests.post(
        f"{url}/submissions",
        data=body,
        headers={"Content-Type": "application/zip", **headers},
        timeout=10,
    )


def _id(bundle: bytes) -> str:
    return str(read_bundle(bundle).manifest.bundle_id)


def test_same_key_same_bundle_gives_the_original_receipt(intake, pinned, bundle) -> None:
    key = _id(bundle)
    first = _post(intake.url, bundle, key)
    assert first.status_code == 201 and first.headers["Location"] == f"/submissions/{key}"
    digest = hashlib.sha256(bundle).hexdigest()
    receipt = verify_receipt(first.content, key, digest, pinned)
    again = _post(intake.url, bundle, key)
    assert again.status_code == 200 and again.json() == first.json()
    assert intake.store.count() == 1
    stored = intake.store.get(key)
    assert intake.store.bundle_bytes(stored) == bundle
    assert stored.reference == receipt.reference and receipt.reference.startswith("KI-2026-")

    status = requests.get(f"{intake.url}/submissions/{key}", timeout=10).json()
    assert status["status"] == "received" and status["receipt"] == first.json()


def test_same_key_other_content_is_refused(intake, bundle, make_bundle_bytes) -> None:
    key = _id(bundle)
    assert _post(intake.url, bundle, key).status_code == 201
    other = make_bundle_bytes()
    refused = _post(intake.url, other, key)
    assert refused.status_code in (409, 422)
    assert refused.json()["code"] in ("intake.conflict", "intake.key_mismatch")
    # A changed copy of the same bundle id: conflict.
    tampered = bundle.replace(b"Buurtmaaltijd", b"Buurtmaaltijt", 1)
    assert tampered != bundle
    assert _post(intake.url, tampered, key).status_code == 409
    assert intake.store.count() == 1
    assert intake.store.bundle_bytes(intake.store.get(key)) == bundle


def test_the_key_must_be_the_bundles_id(intake, bundle) -> None:
    wrong = "00000000-0000-4000-8000-000000000000"
    answer = _post(intake.url, bundle, wrong)
    assert answer.status_code == 422 and answer.json()["code"] == "intake.key_mismatch"
    missing = _post(intake.url, bundle, None)
    assert missing.status_code == 400 and missing.json()["code"] == "intake.idempotency_key"
    assert intake.store.count() == 0


def test_an_uppercase_key_is_refused_as_the_contract_says(intake, bundle) -> None:
    # The contract's BundleId is a lowercase UUID; the service must not be kinder than that.
    answer = _post(intake.url, bundle, _id(bundle).upper())
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["code"] == "intake.idempotency_key"
    assert intake.store.count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_a_body_that_is_not_a_zip_by_its_content_type_is_refused(
    intake, bundle, content_type
) -> None:
    headers = {"Idempotency-Key": _id(bundle)}
    if content_type:
        headers["Content-Type"] = content_type
    answer = requests.post(f"{intake.url}/submissions", data=bundle, headers=headers, timeout=10)
    assert answer.status_code == 415 and answer.json()["code"] == "intake.content_type"
    assert "application/zip" in answer.json()["message"]["nl"]
    assert intake.store.count() == 0
    with_charset = _post(
        intake.url, bundle, _id(bundle), **{"Content-Type": "Application/Zip; x=1"}
    )
    assert with_charset.status_code == 201


def test_a_damaged_bundle_is_refused_with_the_readers_code(intake, bundle) -> None:
    key = _id(bundle)
    truncated = _post(intake.url, bundle[: len(bundle) // 2], key)
    assert truncated.status_code == 422
    assert truncated.json()["code"].startswith("bundle.")
    assert truncated.json()["message"]["nl"] and truncated.json()["message"]["en"]
    not_zip = _post(intake.url, b"%PDF-1.7 not a bundle", key)
    assert not_zip.status_code == 422 and not_zip.json()["code"] == "bundle.not_zip"
    assert intake.store.count() == 0
    assert list(intake.store.bundles.iterdir()) == []


def test_too_large_is_refused_before_storing(tmp_path, bundle) -> None:
    with LiveIntake(tmp_path / "small", max_bytes=len(bundle) - 1) as small:
        answer = _post(small.url, bundle, _id(bundle))
        assert answer.status_code == 413 and answer.json()["code"] == "intake.too_large"
        # Both languages say how large a bundle may be.
        for text in answer.json()["message"].values():
            assert f"{len(bundle) - 1} bytes" in text, text
        assert small.store.count() == 0


def test_officials_fetch_needs_the_token(tmp_path, bundle) -> None:
    with LiveIntake(tmp_path / "guarded", officials_token="s3cret-token") as guarded:
        key = _id(bundle)
        assert _post(guarded.url, bundle, key).status_code == 201
        for path in ("/submissions", f"/submissions/{key}/bundle", f"/submissions/{key}"):
            refused = requests.get(guarded.url + path, timeout=10)
            assert refused.status_code == 401 and refused.json()["code"] == "intake.unauthorized"
            wrong = {"Authorization": "Bearer nope"}
            assert requests.get(guarded.url + path, headers=wrong, timeout=10).status_code == 401
        auth = {"Authorization": "Bearer s3cret-token"}
        page = requests.get(f"{guarded.url}/submissions", headers=auth, timeout=10).json()
        assert [i["bundle_id"] for i in page["items"]] == [key]
        download = requests.get(f"{guarded.url}/submissions/{key}/bundle", headers=auth, timeout=10)
        assert download.content == bundle
        status = requests.get(f"{guarded.url}/submissions/{key}", headers=auth, timeout=10)
        assert status.json()["status"] == "fetched"
        # The resident holds the receipt, so knows the bundle's SHA-256: that is the proof.
        digest = hashlib.sha256(bundle).hexdigest()
        mine = requests.get(
            f"{guarded.url}/submissions/{key}", headers={"X-Bundle-Sha256": digest}, timeout=10
        )
        assert mine.status_code == 200 and mine.json()["status"] == "fetched"
        guess = requests.get(
            f"{guarded.url}/submissions/{key}", headers={"X-Bundle-Sha256": "0" * 64}, timeout=10
        )
        assert guess.status_code == 404 and "status" not in guess.json()
        later = requests.get(
            f"{guarded.url}/submissions", params={"since": page["next"]}, headers=auth, timeout=10
        ).json()
        assert later["items"] == []


def test_the_key_to_pin_is_published_and_kept_private_on_disk(intake) -> None:
    published = requests.get(f"{intake.url}/key", timeout=10).json()
    assert published == public_entry(intake.store.key).model_dump()
    mode = stat.S_IMODE(os.stat(intake.store.folder / KEY_FILE).st_mode)
    assert mode == 0o600


def test_stored_bundles_survive_a_restart(tmp_path, bundle) -> None:
    data = tmp_path / "durable"
    key = _id(bundle)
    with LiveIntake(data) as first:
        receipt = _post(first.url, bundle, key).json()
    with LiveIntake(data) as second:
        again = _post(second.url, bundle, key)
        assert again.status_code == 200 and again.json() == receipt  # same key, same receipt
        assert second.store.count() == 1


def _document_routes() -> set[tuple[str, str]]:
    document = yaml.safe_load(openapi_path().read_text(encoding="utf-8"))
    return {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}


def test_the_openapi_document_describes_exactly_the_served_routes(intake) -> None:
    served = {
        (method, route.path)
        for route in intake.app.routes
        for method in getattr(route, "methods", ()) or ()
        if method != "HEAD"
    }
    assert served == _document_routes()
    assert openapi_path() == ROOT / "docs" / "intake-openapi.yaml"
    contract = requests.get(f"{intake.url}/openapi.yaml", timeout=10)
    assert contract.content == openapi_path().read_bytes()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_listening_beyond_this_computer_needs_a_token(host, tmp_path) -> None:
    from io import StringIO

    from desktop_app.cli import main

    err = StringIO()
    code = main(
        ["--lang", "en", "intake", "--data", str(tmp_path / "x"), "--host", host],
        stdout=StringIO(),
        stderr=err,
    )
    assert code == 2 and "--officials-token-file" in err.getvalue()
