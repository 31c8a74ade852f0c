"""A generated corpus of hostile bundles, made at test time (no binaries in the repository).

``raw_zip`` writes a zip byte by byte, so it can write what zipfile refuses to write:
duplicates, symlinks, encryption flags, unknown methods, lying sizes. ``corpus`` turns a
valid signed bundle into one hostile variant per kind of attack, each with the code the
reader must answer with.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from desktop_app.documents.signing import Signer, ephemeral_signer

REGULAR = 0o100644 << 16
SYMLINK = 0o120777 << 16
UNIX = 3 << 8 | 20


@dataclass(frozen=True)
class Entry:
    """One member as it will be written: ``payload`` is stored as is (already compressed)."""

    name: str
    payload: bytes
    method: int
    crc: int
    size: int
    flags: int = 0x0800
    external_attr: int = REGULAR
    made_by: int = UNIX
    local_name: str | None = None


def stored(name: str, content: bytes, **changes) -> Entry:
    entry = Entry(name, content, 0, zlib.crc32(content), len(content))
    return replace(entry, **changes)


def deflated(name: str, content: bytes, **changes) -> Entry:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = packer.compress(content) + packer.flush()
    entry = Entry(name, payload, 8, zlib.crc32(content), len(content))
    return replace(entry, **changes)


def deflated_zeros(name: str, size: int, **changes) -> Entry:
    """A member of ``size`` zero bytes, compressed without ever holding them all."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    parts, crc, left = [], 0, size
    while left:
        piece = chunk[: min(left, len(chunk))]
        parts.append(packer.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    parts.append(packer.flush())
    return replace(Entry(name, b"".join(parts), 8, crc, size), **changes)


def raw_zip(entries: list[Entry], entry_count: int | None = None) -> bytes:
    out = io.BytesIO()
    central = io.BytesIO()
    for entry in entries:
        offset = out.tell()
        local_name = (entry.local_name or entry.name).encode("utf-8")
        name = entry.name.encode("utf-8")
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                20,
                entry.flags,
                entry.method,
                0,
                0x21,
                entry.crc,
                len(entry.payload),
                entry.size,
                len(local_name),
                0,
            )
        )
        out.write(local_name)
        out.write(entry.payload)
        central.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                entry.made_by,
                20,
                entry.flags,
                entry.method,
                0,
                0x21,
                entry.crc,
                len(entry.payload),
                entry.size,
                len(name),
                0,
                0,
                0,
                0,
                entry.external_attr,
                offset,
            )
        )
        central.write(name)
    cd_offset = out.tell()
    out.write(central.getvalue())
    count = len(entries) if entry_count is None else entry_count
    out.write(
        struct.pack(
            "<4sHHHHIIH",
            b"PK\x05\x06",
            0,
            0,
            count & 0xFFFF,
            count & 0xFFFF,
            len(central.getvalue()),
            cd_offset,
            0,
        )
    )
    return out.getvalue()


def members_of(bundle: bytes) -> list[tuple[str, bytes]]:
    """The members of a bundle we made ourselves (trusted input, so zipfile is fine here)."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rebuild(members: list[tuple[str, bytes]]) -> list[Entry]:
    return [stored(name, content) for name, content in members]


def resigned(
    members: list[tuple[str, bytes]],
    signer: Signer,
    change: Callable[[dict], None] | None = None,
    manifest_bytes: bytes | None = None,
) -> list[tuple[str, bytes]]:
    """The members with the manifest changed and signed again: what an attacker with a key
    of their own can make. The signature is then valid; the reader must still refuse."""
    found = dict(members)
    if manifest_bytes is None:
        manifest = json.loads(found["manifest.json"])
        if change:
            change(manifest)
        manifest_bytes = json.dumps(manifest, indent=2).encode()
    result = []
    for name, content in members:
        if name == "manifest.json":
            content = manifest_bytes
        elif name == "manifest.sig":
            content = signer.sign_detached(manifest_bytes)
        result.append((name, content))
    return result


def _attachment_member(members: list[tuple[str, bytes]], content: bytes, signer: Signer):
    """Add an attachment member that the manifest lists correctly (but no answer names)."""
    digest = hashlib.sha256(content).hexdigest()
    name = f"attachments/{digest}"

    def add(manifest: dict) -> None:
        manifest["members"].append({"name": name, "sha256": digest, "size": len(content)})

    return resigned([*members, (name, content)], signer, add), name


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    code: str
    member: str | None = None


def _inner_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("binnen.txt", "een zip in een zip")
    return out.getvalue()


def names_but_shows(signer: Signer, pem: str) -> Callable[[dict], None]:
    """A manifest change: naming ``signer``'s certificate hash, but with ``pem`` as the
    certificate a reader of the manifest is shown."""

    def change(manifest: dict) -> None:
        manifest["signature"]["certificate_sha256"] = signer.certificate_sha256
        manifest["signer_certificate"] = pem

    return change


def corpus(valid: bytes, signer: Signer) -> list[Case]:
    """One hostile bundle per kind of attack, made from a valid signed bundle."""
    members = members_of(valid)
    names = [n for n, _ in members]
    assert names[:4] == ["manifest.json", "manifest.sig", "data.json", "document.pdf"], names
    entries = rebuild(members)
    other = ephemeral_signer("Iemand anders")
    cases = [
        Case(
            "duplicate_name",
            raw_zip([*entries, stored("data.json", b"{}")]),
            "bundle.duplicate_member",
            "data.json",
        ),
        Case(
            "absolute_path",
            raw_zip([*entries, stored("/etc/cron.d/evil", b"x")]),
            "bundle.absolute_path",
            "/etc/cron.d/evil",
        ),
        Case(
            "windows_drive_path",
            raw_zip([*entries, stored("C:/Windows/evil.dll", b"x")]),
            "bundle.absolute_path",
            "C:/Windows/evil.dll",
        ),
        Case(
            "parent_path",
            raw_zip([*entries, stored("attachments/../../evil", b"x")]),
            "bundle.parent_path",
            "attachments/../../evil",
        ),
        Case(
            "backslash",
            raw_zip([*entries, stored("attachments\\evil", b"x")]),
            "bundle.backslash",
            "attachments\\evil",
        ),
        Case(
            "symlink",
            raw_zip(
                [
                    *entries[:3],
                    stored("document.pdf", b"/etc/passwd", external_attr=SYMLINK),
                    *entries[4:],
                ]
            ),
            "bundle.symlink",
            "document.pdf",
        ),
        Case(
            "encrypted_flag",
            raw_zip([*entries[:2], replace(entries[2], flags=0x0801), *entries[3:]]),
            "bundle.encrypted",
            "data.json",
        ),
        Case(
            "unknown_compression",
            raw_zip([*entries[:2], replace(entries[2], method=12), *entries[3:]]),
            "bundle.unknown_compression",
            "data.json",
        ),
        Case(
            "unknown_member",
            raw_zip([*entries, stored("notes.txt", b"hallo")]),
            "bundle.unknown_member",
            "notes.txt",
        ),
        Case(
            "directory_entry",
            raw_zip([*entries, stored("attachments/", b"")]),
            "bundle.unknown_member",
            "attachments/",
        ),
        Case(
            "missing_member",
            raw_zip([e for e in entries if e.name != "document.pdf"]),
            "bundle.missing_member",
            "document.pdf",
        ),
        Case(
            "too_many_entries",
            raw_zip(
                [
                    *entries,
                    *(
                        stored(f"attachments/{hashlib.sha256(str(i).encode()).hexdigest()}", b"")
                        for i in range(5000)
                    ),
                ]
            ),
            "bundle.too_many_entries",
        ),
        Case(
            "oversize_entry",
            raw_zip(
                [
                    *entries[:2],
                    deflated("data.json", hashlib.sha256(b"x").hexdigest().encode() * 100_000),
                    *entries[3:],
                ]
            ),
            "bundle.member_too_large",
            "data.json",
        ),
        Case(
            "compression_bomb_1000_to_1",
            raw_zip([*entries[:3], deflated_zeros("document.pdf", 48 * 1024 * 1024)]),
            "bundle.compression_ratio",
            "document.pdf",
        ),
        Case(
            "bomb_with_lying_size",
            raw_zip(
                [
                    *entries[:3],
                    replace(deflated_zeros("document.pdf", 48 * 1024 * 1024), size=1000),
                ]
            ),
            "bundle.size_mismatch",
            "document.pdf",
        ),
        Case(
            "crc_mismatch",
            raw_zip([*entries[:3], replace(entries[3], crc=entries[3].crc ^ 1), *entries[4:]]),
            "bundle.crc_mismatch",
            "document.pdf",
        ),
        Case(
            "local_header_disagrees",
            raw_zip([*entries[:2], replace(entries[2], local_name="data.jsoN"), *entries[3:]]),
            "bundle.header_mismatch",
            "data.json",
        ),
        Case("non_zip", b"%PDF-1.7\nDit is een PDF, geen bundel.\n%%EOF\n", "bundle.not_zip"),
        Case("empty_file", b"", "bundle.not_zip"),
        Case("truncated_zip", valid[: len(valid) // 2], "bundle.truncated"),
        Case("data_after_the_end", valid + b"extra", "bundle.malformed"),
        Case(
            "bad_manifest_json",
            raw_zip(rebuild(resigned(members, signer, manifest_bytes=b'{"format_version": 1,'))),
            "bundle.manifest_invalid",
            "manifest.json",
        ),
        Case(
            "manifest_hash_mismatch",
            raw_zip(
                rebuild(
                    resigned(
                        members,
                        signer,
                        lambda m: m["members"][0].update(sha256="0" * 64),
                    )
                )
            ),
            "bundle.hash_mismatch",
            "data.json",
        ),
        Case(
            "bad_signature_other_key",
            raw_zip(
                [
                    entries[0],
                    stored("manifest.sig", other.sign_detached(members[0][1] + b" ")),
                    *entries[2:],
                ]
            ),
            "bundle.bad_signature",
            "manifest.json",
        ),
        Case(
            "bad_signature_garbage",
            raw_zip([entries[0], stored("manifest.sig", b"\x30\x03\x02\x01\x01"), *entries[2:]]),
            "bundle.bad_signature",
            "manifest.sig",
        ),
        Case(
            "signature_removed",
            raw_zip([entries[0], *entries[2:]]),
            "bundle.signature_missing",
            "manifest.sig",
        ),
        Case(
            "signed_by_someone_else",
            raw_zip(rebuild(resigned(members, other))),
            "bundle.signer_mismatch",
            "manifest.sig",
        ),
    ]

    for name, pem in (
        ("someone_else_showing_the_resident_s_certificate", signer.certificate_pem),
        ("someone_else_showing_no_pem", "geen certificaat"),
        ("someone_else_showing_broken_base64", other.certificate_pem.replace("M", "é", 1)),
        (
            "someone_else_showing_a_cut_certificate",
            other.certificate_pem[:300] + "\n-----END CERTIFICATE-----\n",
        ),
    ):
        forged = resigned(members, other, names_but_shows(other, pem))
        cases.append(Case(name, raw_zip(rebuild(forged)), "bundle.signer_mismatch", "manifest.sig"))
    nested, nested_name = _attachment_member(members, _inner_zip(), signer)
    cases.append(Case("nested_zip", raw_zip(rebuild(nested)), "bundle.nested_archive", nested_name))
    extra, extra_name = _attachment_member(members, b"\x89PNG\r\n\x1a\n" + bytes(20), signer)
    cases.append(
        Case(
            "attachment_nobody_named",
            raw_zip(rebuild(extra)),
            "bundle.attachment_unreferenced",
            extra_name,
        )
    )
    return cases


def with_data(
    members: list[tuple[str, bytes]],
    signer: Signer,
    change_data: Callable[[dict], None] | None = None,
    change_manifest: Callable[[dict], None] | None = None,
) -> bytes:
    """A bundle whose data.json (and manifest) an attacker with a key of their own changed:
    the hashes and the signature are correct again, so only the content checks can stop it."""
    found = dict(members)
    data = json.loads(found["data.json"])
    if change_data:
        change_data(data)
    data_bytes = json.dumps(data, indent=2).encode()
    digest = hashlib.sha256(data_bytes).hexdigest()

    def change(manifest: dict) -> None:
        for member in manifest["members"]:
            if member["name"] == "data.json":
                member.update(sha256=digest, size=len(data_bytes))
        if change_manifest:
            change_manifest(manifest)

    replaced = [(n, data_bytes if n == "data.json" else c) for n, c in members]
    return raw_zip(rebuild(resigned(replaced, signer, change)))
