"""The hardened bundle reader, used by every consumer (verify, import, intake).

It never trusts the zip and never extracts to disk. It does not use ``zipfile`` (Python
3.11.7's lacks the CVE-2024-0450 and CVE-2024-8088 fixes): it reads the central directory
itself, checks every entry before touching any data, and inflates members in memory with
a hard cap. Then, in this order: the detached signature over the manifest, every member's
hash, and only then the data (core.safe_json + core.loader.parse_document).

Every failure is a ``BundleError``: a stable code, a message in nl/en naming the member,
and whether the file could not be read at all (exit 2) or is invalid/tampered (exit 1).
"""

from __future__ import annotations

import hashlib
import logging
import re
import ssl
import stat
import struct
import traceback
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError

from desktop_app.core.attachment_types import (
    PDF_NAMES,
    AttachmentRefusedError,
    AttachmentType,
    check_isolated,
)
from desktop_app.core.documents import Application, Report
from desktop_app.core.errors import UserError
from desktop_app.core.limits import out_of_range, out_of_range_text
from desktop_app.core.loader import describe_validation_error, parse_document
from desktop_app.core.safe_json import loads_untrusted
from desktop_app.core.text import Text
from desktop_app.documents.cms import SignatureProblemError, verify_detached
from desktop_app.documents.manifest import (
    ATTACHMENT_NAME,
    DATA,
    MANIFEST,
    PDF,
    SIGNATURE,
    Manifest,
    allowed_name,
)

log = logging.getLogger(__name__)
MiB = 1024 * 1024
MAX_BUNDLE_BYTES = 256 * MiB
MAX_ENTRIES = 256
MAX_TOTAL_UNCOMPRESSED = 320 * MiB
MAX_RATIO = 100  # uncompressed : compressed, for members above RATIO_FROM bytes
RATIO_FROM = 64 * 1024
MEMBER_LIMITS = {
    MANIFEST: 1 * MiB,
    SIGNATURE: 64 * 1024,
    DATA: 5 * MiB,
    PDF: 50 * MiB,
}
ATTACHMENT_LIMIT = 100 * MiB

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000
_DATA_DESCRIPTOR = 0x0008
_DRIVE = re.compile(r"^[A-Za-z]:")

# Code -> (nl, en). "{member}" is the member's name; "{detail}" an extra explanation.
MESSAGES: dict[str, tuple[str, str]] = {
    "bundle.unreadable": (
        "Het bestand kan niet worden geopend: {detail}.",
        "The file cannot be opened: {detail}.",
    ),
    "bundle.too_large": (
        "Het bestand is te groot voor een bundel van Klein Initiatief.",
        "The file is too large to be a Klein Initiatief bundle.",
    ),
    "bundle.not_zip": (
        "Dit is geen bundel van Klein Initiatief (geen zip-bestand).",
        "This is not a Klein Initiatief bundle (not a zip file).",
    ),
    "bundle.truncated": (
        "De bundel is onvolledig: het einde van het zip-bestand ontbreekt. "
        "Is het kopiëren of downloaden afgebroken?",
        "The bundle is incomplete: the end of the zip file is missing. "
        "Was copying or downloading interrupted?",
    ),
    "bundle.zip64": (
        "De bundel gebruikt een zip-vorm (ZIP64) die een bundel nooit nodig heeft.",
        "The bundle uses a zip form (ZIP64) that a bundle never needs.",
    ),
    "bundle.malformed": (
        "De bundel is beschadigd: de inhoudsopgave van het zip-bestand klopt niet ({detail}).",
        "The bundle is damaged: the zip file's table of contents is wrong ({detail}).",
    ),
    "bundle.too_many_entries": (
        "De bundel bevat {detail} bestanden. Een bundel heeft er nooit zoveel.",
        "The bundle contains {detail} files. A bundle never has that many.",
    ),
    "bundle.bad_name": (
        "De bundel bevat een bestand met een onleesbare naam.",
        "The bundle contains a file with an unreadable name.",
    ),
    "bundle.backslash": (
        "De bundel bevat '{member}': een naam met een backslash is niet toegestaan.",
        "The bundle contains '{member}': a name with a backslash is not allowed.",
    ),
    "bundle.absolute_path": (
        "De bundel bevat '{member}': een absoluut pad is niet toegestaan.",
        "The bundle contains '{member}': an absolute path is not allowed.",
    ),
    "bundle.parent_path": (
        "De bundel bevat '{member}': een pad met '..' is niet toegestaan.",
        "The bundle contains '{member}': a path with '..' is not allowed.",
    ),
    "bundle.duplicate_member": (
        "De bundel bevat '{member}' twee keer. Hij is beschadigd of aangepast.",
        "The bundle contains '{member}' twice. It is damaged or has been altered.",
    ),
    "bundle.symlink": (
        "De bundel bevat '{member}' als snelkoppeling (symlink). Dat is niet toegestaan.",
        "The bundle contains '{member}' as a symbolic link. That is not allowed.",
    ),
    "bundle.encrypted": (
        "'{member}' in de bundel is versleuteld. Een bundel bevat geen versleutelde bestanden.",
        "'{member}' in the bundle is encrypted. A bundle contains no encrypted files.",
    ),
    "bundle.unknown_compression": (
        "'{member}' in de bundel is ingepakt op een onbekende manier.",
        "'{member}' in the bundle is compressed in an unknown way.",
    ),
    "bundle.unknown_member": (
        "De bundel bevat '{member}'. Dat bestand hoort niet in een bundel.",
        "The bundle contains '{member}'. That file does not belong in a bundle.",
    ),
    "bundle.missing_member": (
        "In de bundel ontbreekt '{member}'.",
        "'{member}' is missing from the bundle.",
    ),
    "bundle.member_too_large": (
        "'{member}' in de bundel is te groot.",
        "'{member}' in the bundle is too large.",
    ),
    "bundle.total_too_large": (
        "De bestanden in de bundel zijn samen te groot.",
        "The files in the bundle are too large together.",
    ),
    "bundle.compression_ratio": (
        "'{member}' in de bundel is verdacht sterk ingepakt (een 'zip-bom'). "
        "De bundel wordt niet geopend.",
        "'{member}' in the bundle is suspiciously highly compressed (a 'zip bomb'). "
        "The bundle is not opened.",
    ),
    "bundle.header_mismatch": (
        "'{member}' in de bundel is beschadigd: de gegevens in het zip-bestand spreken "
        "elkaar tegen.",
        "'{member}' in the bundle is damaged: the zip file contradicts itself.",
    ),
    "bundle.overlapping_entries": (
        "De bundel is beschadigd of gemanipuleerd: '{member}' overlapt met een ander bestand.",
        "The bundle is damaged or manipulated: '{member}' overlaps another file.",
    ),
    "bundle.size_mismatch": (
        "'{member}' in de bundel is groter of kleiner dan de bundel zegt.",
        "'{member}' in the bundle is larger or smaller than the bundle says.",
    ),
    "bundle.member_corrupt": (
        "'{member}' in de bundel is beschadigd en kan niet worden uitgepakt.",
        "'{member}' in the bundle is damaged and cannot be unpacked.",
    ),
    "bundle.crc_mismatch": (
        "'{member}' in de bundel is beschadigd of aangepast (controlegetal klopt niet).",
        "'{member}' in the bundle is damaged or has been altered (checksum does not match).",
    ),
    "bundle.nested_archive": (
        "'{member}' in de bundel is zelf een ingepakt bestand (zip). Dat is niet toegestaan.",
        "'{member}' in the bundle is itself an archive (zip). That is not allowed.",
    ),
    "bundle.bad_signature": (
        "De digitale handtekening klopt niet: '{member}' is aangepast of beschadigd.",
        "The digital signature is not valid: '{member}' has been altered or is damaged.",
    ),
    "bundle.signature_missing": (
        "De bundel zegt dat hij ondertekend is, maar de handtekening '{member}' ontbreekt.",
        "The bundle says it is signed, but the signature '{member}' is missing.",
    ),
    "bundle.signer_mismatch": (
        "De handtekening in '{member}' hoort niet bij het certificaat in manifest.json.",
        "The signature in '{member}' does not belong to the certificate in manifest.json.",
    ),
    "bundle.manifest_invalid": (
        "De inhoudsopgave '{member}' van de bundel is ongeldig: {detail}",
        "The bundle's table of contents '{member}' is not valid: {detail}",
    ),
    "bundle.out_of_range": (
        "'{member}' in de bundel klopt niet.",
        "'{member}' in the bundle is not right.",
    ),
    "bundle.cannot_check": (
        "De bundel kan niet worden gecontroleerd ({detail}). Hij is niet ingelezen. "
        "Vraag de aanvrager om de bundel opnieuw te maken.",
        "The bundle cannot be checked ({detail}). It was not imported. "
        "Ask the applicant to make the bundle again.",
    ),
    "bundle.unlisted_member": (
        "'{member}' zit in de bundel, maar staat niet in manifest.json.",
        "'{member}' is in the bundle, but not listed in manifest.json.",
    ),
    "bundle.hash_mismatch": (
        "'{member}' is veranderd: de controlecode (SHA-256) past niet bij manifest.json.",
        "'{member}' has changed: its check code (SHA-256) does not match manifest.json.",
    ),
    "bundle.not_pdf": (
        "'{member}' in de bundel is geen PDF.",
        "'{member}' in the bundle is not a PDF.",
    ),
    "bundle.attachment_type": (
        "Bijlage '{member}' is geen PDF, JPG of PNG.",
        "Attachment '{member}' is not a PDF, JPG or PNG.",
    ),
    # The other attachment checks (core.attachment_types): bundle.attachment_<reason>.
    "bundle.attachment_pdf_damaged": (
        "Bijlage '{member}' begint als een PDF, maar is geen PDF die geopend kan worden.",
        "Attachment '{member}' starts like a PDF, but is not a PDF that can be opened.",
    ),
    "bundle.attachment_pdf_password": (
        "Bijlage '{member}' is een PDF met een wachtwoord.",
        "Attachment '{member}' is a PDF with a password.",
    ),
    "bundle.attachment_pdf_active_content": (
        "Bijlage '{member}' is een PDF met iets dat een programma kan starten ({detail}). "
        "Die wordt niet geopend.",
        "Attachment '{member}' is a PDF with something that can start a program ({detail}). "
        "It is not opened.",
    ),
    "bundle.attachment_image_damaged": (
        "Bijlage '{member}' begint als een foto, maar de foto is beschadigd of onvolledig.",
        "Attachment '{member}' starts like a photo, but the picture is damaged or incomplete.",
    ),
    "bundle.attachment_image_too_large": (
        "Bijlage '{member}' is een afbeelding van {detail} beeldpunten: te groot (een "
        "'decompressiebom'?). Die wordt niet geopend.",
        "Attachment '{member}' is a picture of {detail} pixels: too large (a 'decompression "
        "bomb'?). It is not opened.",
    ),
    "bundle.attachment_check_failed": (
        "Bijlage '{member}' kon niet op tijd worden gecontroleerd: te ingewikkeld of beschadigd.",
        "Attachment '{member}' could not be checked in time: too complicated or damaged.",
    ),
    "bundle.attachment_media_type": (
        "Bijlage '{member}' is een {detail}, maar de aanvraag noemt een ander soort bestand.",
        "Attachment '{member}' is a {detail}, but the application names another kind of file.",
    ),
    "bundle.data_invalid": (
        "'{member}' in de bundel is geen geldige aanvraag of verslag: {detail}",
        "'{member}' in the bundle is not a valid application or report: {detail}",
    ),
    "bundle.manifest_mismatch": (
        "'{member}' past niet bij manifest.json ({detail}).",
        "'{member}' does not match manifest.json ({detail}).",
    ),
    "bundle.attachment_missing": (
        "De aanvraag noemt de bijlage '{detail}', maar die zit niet in de bundel ('{member}').",
        "The application names the attachment '{detail}', but it is not in the bundle "
        "('{member}').",
    ),
    "bundle.attachment_unreferenced": (
        "'{member}' zit in de bundel, maar de aanvraag noemt die bijlage niet.",
        "'{member}' is in the bundle, but the application does not name that attachment.",
    ),
}
# Codes for a file that cannot be read as a bundle at all (exit code 2); the rest is 1.
UNREADABLE = frozenset(
    {"bundle.unreadable", "bundle.too_large", "bundle.not_zip", "bundle.truncated"}
)


class BundleError(UserError):
    def __init__(
        self, code: str, member: str | None = None, detail: str = "", more: Text | None = None
    ) -> None:
        """``more``: a sentence per language added to the message (e.g. the allowed range)."""
        nl, en = MESSAGES[code]
        shown = (member or "")[:120]
        nl = nl.replace("{member}", shown).replace("{detail}", detail or "?")
        en = en.replace("{member}", shown).replace("{detail}", detail or "?")
        if more is not None:
            nl, en = f"{nl} {more.nl}", f"{en} {more.en}"
        super().__init__(code, Text(nl=nl, en=en))
        self.member = member
        self.detail = detail

    @property
    def unreadable(self) -> bool:
        return self.code in UNREADABLE


@dataclass(frozen=True)
class _Entry:
    name: str
    method: int
    flags: int
    crc: int
    compressed_size: int
    size: int
    local_offset: int
    data_start: int = 0


@dataclass(frozen=True)
class BundleContents:
    """A bundle that passed every check."""

    manifest: Manifest
    manifest_bytes: bytes
    members: dict[str, bytes]
    document: Application | Report
    signed: bool
    certificate: x509.Certificate | None = None
    certificate_sha256: str | None = None
    attachments: dict[str, bytes] = field(default_factory=dict)
    # SHA-256 -> what the attachment verifiably is (never what its name or first bytes say).
    attachment_types: dict[str, AttachmentType] = field(default_factory=dict)


# --- the zip structure ---------------------------------------------------------------------


def _find_end(data: bytes) -> int:
    """Offset of the end-of-central-directory record that really ends the file."""
    if not data.startswith(_LOCAL):
        if data.startswith(_EOCD):
            raise BundleError("bundle.missing_member", MANIFEST)
        raise BundleError("bundle.not_zip")
    search_from = max(0, len(data) - (22 + 0xFFFF))
    position = data.rfind(_EOCD, search_from)
    while position >= 0:
        if position + 22 <= len(data):
            (comment_length,) = struct.unpack_from("<H", data, position + 20)
            if position + 22 + comment_length == len(data):
                return position
        position = data.rfind(_EOCD, search_from, position)
    if data.rfind(_EOCD, search_from) >= 0:
        raise BundleError("bundle.malformed", detail="data after the end")
    raise BundleError("bundle.truncated")


def _check_name(name: str, seen: set[str]) -> None:
    if "\\" in name:
        raise BundleError("bundle.backslash", name)
    if name.startswith("/") or _DRIVE.match(name):
        raise BundleError("bundle.absolute_path", name)
    if ".." in name.split("/"):
        raise BundleError("bundle.parent_path", name)
    if any(ord(c) < 32 or ord(c) == 127 for c in name) or not name:
        raise BundleError("bundle.bad_name")
    if name in seen:
        raise BundleError("bundle.duplicate_member", name)


def _limit(name: str) -> int:
    return MEMBER_LIMITS.get(name, ATTACHMENT_LIMIT)


def _central_directory(data: bytes) -> list[_Entry]:
    end = _find_end(data)
    if data.rfind(_ZIP64_LOCATOR, max(0, end - 20), end) >= 0:
        raise BundleError("bundle.zip64")
    disk, cd_disk, here, total, cd_size, cd_offset, _ = struct.unpack_from(
        "<HHHHIIH", data, end + 4
    )
    if 0xFFFF in (here, total) or 0xFFFFFFFF in (cd_size, cd_offset):
        raise BundleError("bundle.zip64")
    if disk or cd_disk or here != total:
        raise BundleError("bundle.malformed", detail="multi-disk")
    if total > MAX_ENTRIES:
        raise BundleError("bundle.too_many_entries", detail=str(total))
    if cd_offset + cd_size != end:
        raise BundleError("bundle.malformed", detail="central directory position")

    entries: list[_Entry] = []
    seen: set[str] = set()
    position, total_size = cd_offset, 0
    for _ in range(total):
        if position + 46 > end or data[position : position + 4] != _CENTRAL:
            raise BundleError("bundle.malformed", detail="central directory record")
        (
            made_by,
            _needed,
            flags,
            method,
            _time,
            _date,
            crc,
            compressed,
            size,
            name_length,
            extra_length,
            comment_length,
            start_disk,
            _internal,
            external,
            local_offset,
        ) = struct.unpack_from("<HHHHHHIIIHHHHHII", data, position + 4)
        name_end = position + 46 + name_length
        next_record = name_end + extra_length + comment_length
        if next_record > end or start_disk:
            raise BundleError("bundle.malformed", detail="central directory record")
        raw_name = data[position + 46 : name_end]
        try:
            name = raw_name.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BundleError("bundle.bad_name") from exc
        _check_name(name, seen)
        seen.add(name)
        if made_by >> 8 == 3 and stat.S_ISLNK(external >> 16):
            raise BundleError("bundle.symlink", name)
        if flags & _ENCRYPTED_FLAGS:
            raise BundleError("bundle.encrypted", name)
        if method not in (0, 8):
            raise BundleError("bundle.unknown_compression", name)
        if not allowed_name(name):
            raise BundleError("bundle.unknown_member", name)
        if 0xFFFFFFFF in (compressed, size, local_offset):
            raise BundleError("bundle.zip64")
        if size > _limit(name):
            raise BundleError("bundle.member_too_large", name)
        if method == 0 and compressed != size:
            raise BundleError("bundle.size_mismatch", name)
        if size > RATIO_FROM and size > MAX_RATIO * max(compressed, 1):
            raise BundleError("bundle.compression_ratio", name)
        total_size += size
        if total_size > MAX_TOTAL_UNCOMPRESSED:
            raise BundleError("bundle.total_too_large")
        entries.append(_Entry(name, method, flags, crc, compressed, size, local_offset))
        position = next_record
    if position != end:
        raise BundleError("bundle.malformed", detail="central directory size")
    for required in (MANIFEST, DATA, PDF):
        if required not in seen:
            raise BundleError("bundle.missing_member", required)
    return _local_headers(data, entries, cd_offset)


def _local_headers(data: bytes, entries: list[_Entry], cd_offset: int) -> list[_Entry]:
    """Each local header must agree with the central directory; no two members may overlap."""
    checked = []
    for entry in entries:
        at = entry.local_offset
        if at + 30 > cd_offset or data[at : at + 4] != _LOCAL:
            raise BundleError("bundle.header_mismatch", entry.name)
        _v, flags, method, _t, _d, crc, compressed, size, name_length, extra_length = (
            struct.unpack_from("<HHHHHIIIHH", data, at + 4)
        )
        if data[at + 30 : at + 30 + name_length] != entry.name.encode("utf-8"):
            raise BundleError("bundle.header_mismatch", entry.name)
        if method != entry.method or (flags & _ENCRYPTED_FLAGS) != (entry.flags & _ENCRYPTED_FLAGS):
            raise BundleError("bundle.header_mismatch", entry.name)
        if not flags & _DATA_DESCRIPTOR and (crc, compressed, size) != (
            entry.crc,
            entry.compressed_size,
            entry.size,
        ):
            raise BundleError("bundle.header_mismatch", entry.name)
        start = at + 30 + name_length + extra_length
        if start + entry.compressed_size > cd_offset:
            raise BundleError("bundle.header_mismatch", entry.name)
        checked.append(
            _Entry(
                entry.name,
                entry.method,
                entry.flags,
                entry.crc,
                entry.compressed_size,
                entry.size,
                entry.local_offset,
                start,
            )
        )
    previous_end, previous = 0, ""
    for entry in sorted(checked, key=lambda e: e.local_offset):
        if entry.local_offset < previous_end:
            raise BundleError("bundle.overlapping_entries", entry.name or previous)
        previous_end, previous = entry.data_start + entry.compressed_size, entry.name
    return checked


def _inflate(data: bytes, entry: _Entry) -> bytes:
    raw = data[entry.data_start : entry.data_start + entry.compressed_size]
    if entry.method == 0:
        content = raw
    else:
        inflater = zlib.decompressobj(-15)
        try:
            # Never more than one byte beyond the declared size: a lying header cannot
            # make us inflate a bomb.
            content = inflater.decompress(raw, entry.size + 1)
        except zlib.error as exc:
            raise BundleError("bundle.member_corrupt", entry.name) from exc
        if len(content) > entry.size or inflater.unconsumed_tail:
            raise BundleError("bundle.size_mismatch", entry.name)
        if not inflater.eof or inflater.unused_data:
            raise BundleError("bundle.member_corrupt", entry.name)
    if len(content) != entry.size:
        raise BundleError("bundle.size_mismatch", entry.name)
    if zlib.crc32(content) != entry.crc:
        raise BundleError("bundle.crc_mismatch", entry.name)
    if content.startswith(_ARCHIVE_MAGIC):
        raise BundleError("bundle.nested_archive", entry.name)
    return content


def read_members(data: bytes) -> dict[str, bytes]:
    """Every member, in memory, after the structural checks. Raises BundleError."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle.too_large")
    return {entry.name: _inflate(data, entry) for entry in _central_directory(data)}


# --- the contents ---------------------------------------------------------------------------


def _check_signature(members: dict[str, bytes]) -> x509.Certificate | None:
    signature = members.get(SIGNATURE)
    if signature is None:
        return None
    try:
        return verify_detached(signature, members[MANIFEST])
    except SignatureProblemError as problem:
        raise BundleError(
            "bundle.bad_signature", MANIFEST if problem.data_changed else SIGNATURE
        ) from problem


def _manifest(data: bytes) -> Manifest:
    try:
        raw = loads_untrusted(data, max_bytes=MEMBER_LIMITS[MANIFEST])
        manifest = Manifest.model_validate(raw)
    except UserError as error:
        raise BundleError("bundle.manifest_invalid", MANIFEST, error.message.en) from error
    except ValidationError as error:
        found = out_of_range(error)
        if found is not None:
            raise BundleError(
                "bundle.out_of_range", MANIFEST, found[0], out_of_range_text(*found)
            ) from error
        detail = describe_validation_error(error, limit=2)
        raise BundleError("bundle.manifest_invalid", MANIFEST, detail) from error
    names = [m.name for m in manifest.members]
    if len(set(names)) != len(names) or not all(
        allowed_name(n) and n not in (MANIFEST, SIGNATURE) for n in names
    ):
        raise BundleError("bundle.manifest_invalid", MANIFEST, "member list")
    return manifest


def _signer_matches(manifest: Manifest, certificate: x509.Certificate | None) -> str | None:
    """The certificate's SHA-256 when the manifest and the signature agree about it."""
    if certificate is None:
        if manifest.signed or manifest.signature is not None:
            raise BundleError("bundle.signature_missing", SIGNATURE)
        return None
    der = certificate.public_bytes(serialization.Encoding.DER)
    digest = hashlib.sha256(der).hexdigest()
    try:
        # The same bytes as the certificate the signature holds, which cryptography has
        # parsed already: no need to parse the manifest's copy as well (~25 µs a bundle).
        claimed = ssl.PEM_cert_to_DER_cert(manifest.signer_certificate or "")
    except ValueError:  # no PEM, bad base64, not ASCII (UnicodeError is a ValueError)
        claimed = None
    if (
        not manifest.signed
        or manifest.signature is None
        or manifest.signature.certificate_sha256 != digest
        or claimed != der
    ):
        raise BundleError("bundle.signer_mismatch", SIGNATURE)
    return digest


def _check_hashes(manifest: Manifest, members: dict[str, bytes]) -> None:
    listed = {m.name: m for m in manifest.members}
    present = [n for n in members if n not in (MANIFEST, SIGNATURE)]
    for name in present:
        if name not in listed:
            raise BundleError("bundle.unlisted_member", name)
    for name, member in listed.items():
        if name not in members:
            raise BundleError("bundle.missing_member", name)
        content = members[name]
        if len(content) != member.size or hashlib.sha256(content).hexdigest() != member.sha256:
            raise BundleError("bundle.hash_mismatch", name)
        if ATTACHMENT_NAME.match(name) and name.rsplit("/", 1)[1] != member.sha256:
            raise BundleError("bundle.hash_mismatch", name)


def _attachment_refs(value: Any, found: dict[str, Any]) -> None:
    """Every attachment reference in the answers (a dict with a sha256), wherever it sits."""
    if isinstance(value, dict):
        digest = value.get("sha256")
        if isinstance(digest, str) and "file_name" in value:
            found.setdefault(digest, value)
        for inner in value.values():
            _attachment_refs(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _attachment_refs(inner, found)


def _attachment_code(refused: AttachmentRefusedError) -> str:
    return (
        "bundle.attachment_type"
        if refused.reason == "unknown_type"
        else (f"bundle.attachment_{refused.reason}")
    )


def _check_attachments(
    members: dict[str, bytes], referenced: dict[str, Any]
) -> dict[str, AttachmentType]:
    """Every attachment parsed completely, in a separate process with a time limit."""
    names = sorted(n for n in members if ATTACHMENT_NAME.match(n))
    verified: dict[str, AttachmentType] = {}
    for name, result in zip(names, check_isolated([members[n] for n in names]), strict=True):
        if isinstance(result, AttachmentRefusedError):
            detail = ", ".join(PDF_NAMES[f] for f in result.found)
            if result.pixels:
                detail = f"{result.pixels:,}".replace(",", ".")
            raise BundleError(_attachment_code(result), name, detail)
        digest = name.rsplit("/", 1)[1]
        if referenced[digest].get("media_type") != result.media_type:
            raise BundleError("bundle.attachment_media_type", name, result.label)
        verified[digest] = result
    return verified


def _check_document(
    manifest: Manifest, members: dict[str, bytes]
) -> tuple[Application | Report, dict[str, AttachmentType]]:
    try:
        document = parse_document(members[DATA])
    except UserError as error:
        if error.code == "document.out_of_range":
            raise BundleError("bundle.out_of_range", DATA, more=error.message) from error
        raise BundleError("bundle.data_invalid", DATA, error.message.en) from error
    if document.id != manifest.bundle_id:
        raise BundleError("bundle.manifest_mismatch", DATA, "bundle_id")
    if document.kind != manifest.kind:
        raise BundleError("bundle.manifest_mismatch", DATA, "kind")
    if document.regeling != manifest.regeling:
        raise BundleError("bundle.manifest_mismatch", DATA, "regeling")
    if not members[PDF].startswith(b"%PDF-"):
        raise BundleError("bundle.not_pdf", PDF)
    referenced: dict[str, Any] = {}
    _attachment_refs(document.answers, referenced)
    for digest, ref in referenced.items():
        name = f"attachments/{digest}"
        if name not in members:
            raise BundleError("bundle.attachment_missing", name, str(ref.get("file_name"))[:80])
    for name in members:
        if not ATTACHMENT_NAME.match(name):
            continue
        if name.rsplit("/", 1)[1] not in referenced:
            raise BundleError("bundle.attachment_unreferenced", name)
    return document, _check_attachments(members, referenced)


def read_bundle(data: bytes) -> BundleContents:
    """Check a bundle completely; BundleError at the first problem, never anything else.

    A bug in a check must not let one bundle stop a batch, crash the intake or give a
    person a traceback: any other exception becomes ``bundle.cannot_check`` (logged
    without the bundle's content)."""
    try:
        return _read_bundle(data)
    except BundleError:
        raise
    except Exception as exc:
        # Where, not what: an exception's text may quote the bundle's personal data.
        frames = traceback.extract_tb(exc.__traceback__)
        at = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        log.error(
            "bundle %s could not be checked: %s at %s",
            hashlib.sha256(data).hexdigest()[:12],
            type(exc).__name__,
            at,
        )
        raise BundleError("bundle.cannot_check", detail=type(exc).__name__) from exc


def _read_bundle(data: bytes) -> BundleContents:
    members = read_members(data)
    certificate = _check_signature(members)
    manifest = _manifest(members[MANIFEST])
    certificate_sha256 = _signer_matches(manifest, certificate)
    _check_hashes(manifest, members)
    document, attachment_types = _check_document(manifest, members)
    return BundleContents(
        manifest=manifest,
        manifest_bytes=members[MANIFEST],
        members={n: c for n, c in members.items() if n not in (MANIFEST, SIGNATURE)},
        document=document,
        signed=certificate is not None,
        certificate=certificate,
        certificate_sha256=certificate_sha256,
        attachments={
            n.rsplit("/", 1)[1]: c for n, c in members.items() if ATTACHMENT_NAME.match(n)
        },
        attachment_types=attachment_types,
    )


def check_before_signing(unsigned: bytes) -> None:
    """Every check of ``read_bundle`` except the signature, on a bundle not yet signed.

    The writer runs this before it signs, so it never signs what the reader would refuse:
    one rule, the reader's, with the reader's codes (BundleError)."""
    members = read_members(unsigned)
    manifest = _manifest(members[MANIFEST])
    _check_hashes(manifest, members)
    _check_document(manifest, members)
