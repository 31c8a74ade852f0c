"""Hostile bundles: every one is refused with its own code, quickly and in little memory.

The corpus is generated here from a valid signed bundle (tests/documents/hostile.py). Times
are printed, not asserted (benchmarks/pdf_and_verify.py reports speed).
"""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.core.regeling import Regeling
from desktop_app.documents.bundle_read import MESSAGES, UNREADABLE
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.service import verify_bundle
from desktop_app.documents.signing import Signer, ephemeral_signer
from tests.conftest import DAY
from tests.documents.conftest import PNG_1PX
from tests.documents.hostile import (
    Case,
    corpus,
    members_of,
    names_but_shows,
    raw_zip,
    rebuild,
    resigned,
)

MEMORY_LIMIT = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def valid_bundle(amsterdam: Regeling, signer: Signer) -> bytes:
    clock = fixed_on(DAY)
    application = example_application(amsterdam, clock)
    import hashlib

    digest = hashlib.sha256(PNG_1PX).hexdigest()
    application.answers = {
        **application.answers,
        "attachments": [
            {
                "file_name": "foto.png",
                "kind": "photo",
                "media_type": "image/png",
                "size": len(PNG_1PX),
                "sha256": digest,
            }
        ],
    }
    pdf = b"%PDF-1.7\n% not rendered: the reader does not open the PDF\n%%EOF\n"
    bundle = write_bundle(application, pdf, {digest: PNG_1PX}, signer, clock.now())
    assert verify_bundle(bundle).code == "bundle.ok"
    return bundle


@pytest.fixture(scope="module")
def cases(valid_bundle: bytes, signer: Signer) -> dict[str, Case]:
    return {case.name: case for case in corpus(valid_bundle, signer)}


CASE_NAMES = [
    "duplicate_name",
    "absolute_path",
    "windows_drive_path",
    "parent_path",
    "backslash",
    "symlink",
    "encrypted_flag",
    "unknown_compression",
    "unknown_member",
    "directory_entry",
    "missing_member",
    "too_many_entries",
    "oversize_entry",
    "compression_bomb_1000_to_1",
    "bomb_with_lying_size",
    "crc_mismatch",
    "local_header_disagrees",
    "non_zip",
    "empty_file",
    "truncated_zip",
    "data_after_the_end",
    "bad_manifest_json",
    "manifest_hash_mismatch",
    "bad_signature_other_key",
    "bad_signature_garbage",
    "signature_removed",
    "signed_by_someone_else",
    "someone_else_showing_the_resident_s_certificate",
    "someone_else_showing_no_pem",
    "someone_else_showing_broken_base64",
    "someone_else_showing_a_cut_certificate",
    "nested_zip",
    "attachment_nobody_named",
]


def test_the_corpus_has_every_case(cases: dict[str, Case]) -> None:
    assert sorted(cases) == sorted(CASE_NAMES)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_hostile_bundle_is_refused_with_its_code(name: str, cases: dict[str, Case]) -> None:
    case = cases[name]
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = verify_bundle(case.data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - start
    print(f"{name}: {result.code} in {elapsed * 1000:.1f} ms, peak {peak / 1e6:.1f} MB")
    assert result.code == case.code, result.message.en
    assert not result.ok and not result.intact
    assert result.readable == (case.code not in UNREADABLE)
    assert peak < MEMORY_LIMIT
    if case.member is not None:
        assert result.member == case.member
        assert case.member[:40] in result.message.nl and case.member[:40] in result.message.en


def test_a_manifest_showing_its_signer_s_certificate_with_other_line_endings_passes(
    valid_bundle: bytes,
) -> None:
    """The manifest's copy of the certificate is compared by its bytes (DER), not as text."""
    other = ephemeral_signer("Iemand anders")
    crlf = names_but_shows(other, other.certificate_pem.replace("\n", "\r\n"))
    bundle = raw_zip(rebuild(resigned(members_of(valid_bundle), other, crlf)))
    result = verify_bundle(bundle)
    assert result.code == "bundle.ok", result.message.en


def test_every_code_has_a_message_in_both_languages() -> None:
    for code, (nl, en) in MESSAGES.items():
        assert code.startswith("bundle.") and nl and en and nl != en


def test_the_codes_are_distinct_per_kind_of_attack(cases: dict[str, Case]) -> None:
    """Each mutation the issue names gets a code of its own."""
    named = [
        "duplicate_name",
        "absolute_path",
        "parent_path",
        "backslash",
        "symlink",
        "encrypted_flag",
        "unknown_compression",
        "unknown_member",
        "missing_member",
        "too_many_entries",
        "oversize_entry",
        "compression_bomb_1000_to_1",
        "nested_zip",
        "non_zip",
        "truncated_zip",
        "bad_manifest_json",
        "manifest_hash_mismatch",
        "bad_signature_garbage",
    ]
    codes = [cases[name].code for name in named]
    assert len(set(codes)) == len(codes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_damage_never_crashes_the_reader(valid_bundle: bytes, data: st.DataObject) -> None:
    """Whatever bytes change, the reader answers with a result, never an exception."""
    damaged = bytearray(valid_bundle)
    for _ in range(data.draw(st.integers(1, 8))):
        index = data.draw(st.integers(0, len(damaged) - 1))
        damaged[index] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        damaged = damaged[: data.draw(st.integers(0, len(damaged)))]
    result = verify_bundle(bytes(damaged))
    if bytes(damaged) != valid_bundle:
        # A change that leaves every member intact (e.g. in an unused zip field) may pass.
        assert result.code in MESSAGES or result.code == "bundle.ok"
