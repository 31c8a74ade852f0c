"""The intake service's receipt (ontvangstbevestiging): proof that the municipality received
exactly this bundle, signed with the service's Ed25519 key.

The signed bytes are the RFC 8785 (JCS) form of the receipt object without ``signature``,
exactly as it is in the file (core.canonical). Every field is a plain ASCII string with a strict
pattern (and ``format_version`` the integer 1), so any implementation of the intake API produces
the same bytes, and these are also the bytes receipts were signed over before JCS (sorted keys,
no spaces): version-1 receipts already out there verify unchanged. docs/intake.md has the
details.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from desktop_app.core.canonical import canonical_json, legacy_v1
from desktop_app.core.clock import AMSTERDAM
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.limits import check_moment
from desktop_app.core.regeling import PublicKey
from desktop_app.core.safe_json import loads_untrusted
from desktop_app.core.text import Text

MAX_RECEIPT_BYTES = 16 * 1024
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _aware_timestamp(value: str) -> str:
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("received_at needs a UTC offset")
    check_moment(moment)  # 9999-12-31T23:59:59-12:00 would overflow astimezone() later
    return value


Timestamp = Annotated[str, Field(min_length=20, max_length=40), AfterValidator(_aware_timestamp)]


class Receipt(BaseModel):
    """What the intake service says it received. Kept by the app, printable for the resident."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: Literal[1] = 1
    reference: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$", description="kenmerk")
    received_at: Timestamp = Field(description="ISO 8601 with offset, as the service wrote it")
    bundle_id: str = Field(pattern=UUID_PATTERN)
    bundle_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    key_id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")
    signature: str = Field(default="", max_length=200, description="Ed25519, base64")

    @property
    def received(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.received_at)


def canonical(receipt: Receipt) -> bytes:
    """The exact bytes that are signed: RFC 8785 (JCS) of the receipt without its signature."""
    return canonical_json(receipt.model_dump(mode="json", exclude={"signature"}))


def _signed_forms(data: bytes) -> list[bytes]:
    """What the signature may cover, recomputed from the file as anyone would: its JCS form,
    and (for a receipt with non-ASCII text, which no intake writes) the pre-JCS form."""
    fields = dict(loads_untrusted(data, max_bytes=MAX_RECEIPT_BYTES))
    fields.pop("signature", None)
    forms = [canonical_json(fields)]
    if legacy_v1(fields) != forms[0]:
        forms.append(legacy_v1(fields))
    return forms


def sign_receipt(receipt: Receipt, key: Ed25519PrivateKey) -> Receipt:
    """The receipt with its signature (used by the intake service)."""
    signature = base64.b64encode(key.sign(canonical(receipt))).decode()
    return receipt.model_copy(update={"signature": signature})


def receipt_json(receipt: Receipt) -> bytes:
    return receipt.model_dump_json(indent=2).encode()


def _refused(code: str, dutch: str) -> UserError:
    return UserError(code, text(dutch))


_NOT_GENUINE = N_(
    "De ontvangstbevestiging van de gemeente is niet echt: de digitale handtekening klopt niet. "
    "Uw aanvraag staat daarom nog niet als verzonden. Neem contact op met de gemeente."
)


def _verifies(public: Ed25519PublicKey, signature: bytes, signed: bytes) -> bool:
    try:
        public.verify(signature, signed)
    except InvalidSignature:
        return False
    return True


def parse_receipt(data: bytes) -> Receipt:
    """The receipt's fields, not yet trusted."""
    if len(data) > MAX_RECEIPT_BYTES:
        raise _refused(
            "receipt.invalid",
            N_("Het antwoord van de gemeente is geen geldige ontvangstbevestiging (te groot)."),
        )
    try:
        return Receipt.model_validate(loads_untrusted(data, max_bytes=MAX_RECEIPT_BYTES))
    except (UserError, ValidationError, ValueError) as exc:
        raise _refused(
            "receipt.invalid",
            N_(
                "Het antwoord van de gemeente is geen geldige ontvangstbevestiging. Uw aanvraag "
                "staat daarom nog niet als verzonden."
            ),
        ) from exc


def verify_receipt(
    data: bytes,
    expected_bundle_id: str,
    expected_sha256: str,
    pinned_keys: Sequence[PublicKey],
) -> Receipt:
    """The receipt, only if a pinned key signed it and it names exactly the bundle we sent."""
    receipt = parse_receipt(data)
    key = next((k for k in pinned_keys if k.key_id == receipt.key_id), None)
    if key is None:
        raise _refused("receipt.unknown_key", _NOT_GENUINE)
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.ed25519))
        signature = base64.b64decode(receipt.signature, validate=True)
    except ValueError as exc:
        raise _refused("receipt.bad_signature", _NOT_GENUINE) from exc
    if not any(_verifies(public, signature, form) for form in _signed_forms(data)):
        raise _refused("receipt.bad_signature", _NOT_GENUINE)
    if receipt.bundle_id != str(expected_bundle_id) or receipt.bundle_sha256 != expected_sha256:
        raise _refused(
            "receipt.mismatch",
            N_(
                "De ontvangstbevestiging hoort bij een ander bestand dan u heeft verstuurd. Uw "
                "aanvraag staat daarom nog niet als verzonden. Neem contact op met de gemeente."
            ),
        )
    return receipt


def public_key_entry(key: Ed25519PrivateKey, key_id: str) -> PublicKey:
    """What a municipality pins in its regeling under submission.receipt_keys."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return PublicKey(key_id=key_id, ed25519=base64.b64encode(raw).decode())


def receipt_text(receipt: Receipt, title: str = "") -> Text:
    """The receipt in words, to show and to print."""
    when = receipt.received.astimezone(AMSTERDAM)
    stamp = when.strftime("%d-%m-%Y %H:%M")
    about = text(N_("Aanvraag: {title}"), title=title) if title else ""
    return text(
        N_(
            "Ontvangstbevestiging\n\n"
            "{about}"
            "Kenmerk: {reference}\n"
            "Ontvangen op: {received}\n"
            "Nummer van de aanvraag: {bundle}\n"
            "Controlegetal (SHA-256) van de bundel: {sha256}\n"
            "Ondertekend door de gemeente met sleutel: {key}\n\n"
            "Bewaar deze bevestiging. Noem het kenmerk als u contact opneemt met de gemeente."
        ),
        about=Text(nl=about.nl + "\n", en=about.en + "\n") if isinstance(about, Text) else "",
        reference=receipt.reference,
        received=stamp,
        bundle=str(receipt.bundle_id),
        sha256=receipt.bundle_sha256,
        key=receipt.key_id,
    )
