"""The bundle's table of contents (manifest.json): what the writer promises, what the reader checks.

docs/bundle.md describes the format for other software; docs/manifest.schema.json is
generated from ``Manifest`` (scripts/generate_schemas.py).
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from desktop_app.core.documents import RegelingRef
from desktop_app.core.limits import Moment

FORMAT_VERSION: Final = 1
MANIFEST = "manifest.json"
SIGNATURE: Final = "manifest.sig"
DATA = "data.json"
PDF = "document.pdf"
ATTACHMENT_PREFIX = "attachments/"
ATTACHMENT_NAME = re.compile(r"^attachments/[0-9a-f]{64}$")
FIXED_NAMES = (MANIFEST, SIGNATURE, DATA, PDF)
NOT_SIGNED_NOTE = "niet digitaal ondertekend / not digitally signed"
SIGNATURE_FORMAT: Final = "cms-detached-sha256-rsa"


def allowed_name(name: str) -> bool:
    """The exact whitelist of member names."""
    return name in FIXED_NAMES or bool(ATTACHMENT_NAME.match(name))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# What manifest.json may list: allowed_name() without manifest.json and manifest.sig.
LISTED_NAME = r"^(data\.json|document\.pdf|attachments/[0-9a-f]{64})$"


class Member(_Strict):
    name: str = Field(max_length=100, pattern=LISTED_NAME, description="member name inside the zip")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the member's bytes")
    size: int = Field(ge=0, le=2**40, description="size of the member's bytes")


class SignatureInfo(_Strict):
    format: Literal["cms-detached-sha256-rsa"] = Field(
        description="manifest.sig is a DER CMS SignedData, detached, over manifest.json's bytes"
    )
    member: Literal["manifest.sig"] = SIGNATURE
    certificate_sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the signer certificate (DER)"
    )


def _listed(name: str) -> dict[str, Any]:
    return {
        "type": "array",
        "contains": {"type": "object", "properties": {"name": {"const": name}}},
        "maxContains": 1,
    }


# What the reader demands beyond single fields, said in JSON Schema for other software:
# data.json and document.pdf listed once each; a signed bundle names its signature and
# certificate, an unsigned one names neither. (That no name is listed twice cannot be said
# in JSON Schema; the reader refuses it.)
_MANIFEST_RULES: dict[str, Any] = {
    "allOf": [
        {"type": "object", "properties": {"members": _listed(DATA)}},
        {"type": "object", "properties": {"members": _listed(PDF)}},
        {
            "if": {"type": "object", "properties": {"signed": {"const": True}}},
            "then": {
                "type": "object",
                "required": ["signature", "signer_certificate"],
                "properties": {
                    "signature": {"type": "object"},
                    "signer_certificate": {"type": "string"},
                },
            },
            "else": {"type": "object", "properties": {"signature": {"type": "null"}}},
        },
    ]
}


class Manifest(_Strict):
    """manifest.json: the first member of every bundle."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_MANIFEST_RULES)

    format_version: Literal[1] = Field(description="bundle format version")
    bundle_id: uuid.UUID = Field(description="the document's id (also the Idempotency-Key)")
    kind: Literal["application", "report"]
    regeling: RegelingRef
    created_at: Moment = Field(
        description="when the bundle was made, with its UTC offset (1900-01-02 … 2200-12-30)"
    )
    generator: str = Field(max_length=100, description="program and version that wrote it")
    signed: bool = Field(description="false: the bundle and its PDF are NOT digitally signed")
    note: str | None = Field(
        default=None,
        max_length=200,
        description='for an unsigned bundle: "niet digitaal ondertekend / not digitally signed"',
    )
    signature: SignatureInfo | None = None
    signer_certificate: str | None = Field(
        default=None,
        max_length=10_000,
        description="PEM of the self-issued signer certificate (signed bundles only)",
    )
    members: tuple[Member, ...] = Field(
        min_length=2, max_length=300, description="every member except manifest.json/.sig"
    )


def manifest_json_schema() -> dict[str, Any]:
    schema = Manifest.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Klein Initiatief bundle manifest (manifest.json)"
    return schema
