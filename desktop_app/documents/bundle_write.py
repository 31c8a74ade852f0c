"""Write a bundle: one zip with the manifest, its detached signature, the data, the PDF and
the attachments. The same input (document, PDF bytes, attachments, moment) gives the same
bytes: fixed member order and timestamps.

Before signing, the bundle goes through the reader's own checks (bundle_read): the writer
never signs what ``verify`` or the officials' import would refuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

from desktop_app import __version__
from desktop_app.core.documents import Application, Report
from desktop_app.documents.bundle_read import BundleError, check_before_signing
from desktop_app.documents.manifest import (
    ATTACHMENT_PREFIX,
    DATA,
    FORMAT_VERSION,
    MANIFEST,
    NOT_SIGNED_NOTE,
    PDF,
    SIGNATURE,
    SIGNATURE_FORMAT,
    Manifest,
    Member,
    SignatureInfo,
)
from desktop_app.documents.signing import Signer

# Zip timestamps carry no time zone and leak when a file was made: one fixed moment for all.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_REGULAR_FILE = 0o100644 << 16


def _entry(name: str, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.create_system = 3  # Unix, so the mode bits below mean "regular file, rw-r--r--"
    info.external_attr = _REGULAR_FILE
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    return info


def document_json(document: Application | Report) -> bytes:
    return document.model_dump_json(indent=2).encode("utf-8") + b"\n"


def _file_names(value: Any, found: dict[str, str]) -> dict[str, str]:
    """SHA-256 -> the resident's file name, for every attachment reference in the answers."""
    if isinstance(value, dict):
        if isinstance(value.get("sha256"), str) and isinstance(value.get("file_name"), str):
            found.setdefault(value["sha256"], value["file_name"])
        for inner in value.values():
            _file_names(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _file_names(inner, found)
    return found


def write_bundle(
    document: Application | Report,
    pdf: bytes,
    attachments: Mapping[str, bytes],
    signer: Signer | None,
    created_at: dt.datetime,
) -> bytes:
    """The bundle's bytes. ``attachments`` maps SHA-256 (hex) to the file's bytes.

    The unsigned bundle goes through the reader's checks first (``check_before_signing``:
    every attachment parsed completely in a separate process, its type as ``data.json``
    says, the attachments exactly the ones named, the limits): a BundleError with the
    reader's code, naming the resident's file, and nothing is signed."""
    names = _file_names(document.answers, {})
    members: list[tuple[str, bytes, bool]] = [
        (DATA, document_json(document), True),
        (PDF, pdf, False),
    ]
    for digest in sorted(attachments):
        data = attachments[digest]
        if hashlib.sha256(data).hexdigest() != digest:
            raise ValueError(f"attachment bytes do not match their SHA-256 {digest[:12]}…")
        # PDF, JPEG and PNG are compressed already: store them as they are.
        members.append((f"{ATTACHMENT_PREFIX}{digest}", data, False))

    manifest = Manifest(
        format_version=FORMAT_VERSION,
        bundle_id=document.id,
        kind=document.kind,
        regeling=document.regeling,
        created_at=created_at,
        generator=f"Klein Initiatief {__version__}",
        signed=signer is not None,
        note=None if signer else NOT_SIGNED_NOTE,
        signature=SignatureInfo(
            format=SIGNATURE_FORMAT, certificate_sha256=signer.certificate_sha256
        )
        if signer
        else None,
        signer_certificate=signer.certificate_pem if signer else None,
        members=tuple(
            Member(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            for name, data, _ in members
        ),
    )
    manifest_bytes = (
        json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False).encode("utf-8")
        + b"\n"
    )
    head: list[tuple[str, bytes, bool]] = [(MANIFEST, manifest_bytes, True)]
    unsigned = _zip(head + members)
    try:
        check_before_signing(unsigned)
    except BundleError as error:
        digest = (error.member or "").removeprefix(ATTACHMENT_PREFIX)
        if digest not in names:
            raise
        # The reader's code and message, naming the file as the resident knows it.
        raise BundleError(error.code, names[digest][:120], error.detail) from error
    if signer is None:
        return unsigned
    head.append((SIGNATURE, signer.sign_detached(manifest_bytes), False))
    return _zip(head + members)


def _zip(members: list[tuple[str, bytes, bool]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, compress in members:
            archive.writestr(_entry(name, compress), data)
    return out.getvalue()
