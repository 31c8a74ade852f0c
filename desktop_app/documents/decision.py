"""The decision file (beschikking): what the municipality decided, signed with its key.

The officials' mode writes it; the resident's app accepts it only for the application it
names, when that application's own regeling (never the one the file claims) pins the key
that signed it; then it starts the report with the granted amount (which sets the report
tier). A corrected decision carries a higher ``sequence``: the newest one counts.

Format version 2 (written now) is signed over the RFC 8785 (JCS) bytes of the ``decision``
object exactly as it is in the file; version-1 files (signed over sorted keys with ASCII
escapes) are still read and verified over that old form. docs/decision.md has the details.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from desktop_app.core.canonical import canonical_json, legacy_v1
from desktop_app.core.clock import AMSTERDAM, Clock
from desktop_app.core.documents import Application, RegelingRef, Report
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.core.money import Money
from desktop_app.core.safe_json import loads_untrusted
from desktop_app.core.text import Text

MAX_DECISION_BYTES = 64 * 1024


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: Literal[1, 2] = Field(
        default=2, description="2: signed over RFC 8785 (JCS); 1: the old form, still read"
    )
    decision_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    application_id: uuid.UUID
    regeling: RegelingRef
    outcome: Literal["grant", "reject"]
    granted_amount: Money | None = None
    reason: Text
    decided_at: AwareDatetime
    sequence: int = Field(
        default=0,
        ge=0,
        le=1_000_000,
        description="1, 2, … per application: a corrected decision has a higher number "
        "(absent, so 0, in files from before there were numbers)",
    )

    @property
    def order(self) -> tuple[int, dt.datetime]:
        """Newer is larger: the sequence number first, then the moment of deciding."""
        return (self.sequence, self.decided_at)


class SignedDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    decision: Decision
    key_id: str = Field(max_length=64)
    signature: str = Field(max_length=200, description="Ed25519 over the canonical decision")


def canonical(decision: Decision) -> bytes:
    """The exact bytes that are signed: RFC 8785 (JCS) of the decision object (version 2);
    for a version-1 decision the old form."""
    if decision.format_version == 1:
        return _legacy_signed_bytes(decision)
    return canonical_json(decision.model_dump(mode="json"))


def _legacy_signed_bytes(decision: Decision) -> bytes:
    """What a version-1 file was signed over: sorted keys, no spaces, ASCII escapes, and
    sequence 0 left out (files from before sequence numbers were signed without it)."""
    fields = decision.model_dump(mode="json")
    if not fields["sequence"]:
        del fields["sequence"]
    return legacy_v1(fields)


def _signed_bytes(data: bytes, decision: Decision) -> bytes:
    """The bytes the signature must cover, recomputed from the file as anyone would."""
    if decision.format_version == 1:
        return canonical(decision)
    return canonical_json(loads_untrusted(data, max_bytes=MAX_DECISION_BYTES)["decision"])


def sign_decision(decision: Decision, key: Ed25519PrivateKey, key_id: str) -> bytes:
    signature = base64.b64encode(key.sign(canonical(decision))).decode()
    signed = SignedDecision(decision=decision, key_id=key_id, signature=signature)
    return signed.model_dump_json(indent=2).encode()


def public_key_text(key: Ed25519PrivateKey) -> str:
    """What a municipality puts in its regeling file under decision_keys."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _refused(dutch: str) -> UserError:
    return UserError("decision.refused", text(dutch))


def read_signed(data: bytes) -> SignedDecision:
    """The file's contents, NOT yet trusted: only to find the application it names."""
    if len(data) > MAX_DECISION_BYTES:
        raise _refused(N_("Dit besluitbestand is te groot."))
    try:
        return SignedDecision.model_validate(loads_untrusted(data))
    except (ValidationError, UserError) as exc:
        raise _refused(
            N_("Dit is geen besluitbestand van de gemeente."),
        ) from exc


def _not_for_this() -> UserError:
    return UserError(
        "decision.not_for_this",
        text(N_("Dit besluit hoort niet bij deze aanvraag, of de aanvraag is afgewezen.")),
    )


def verify_decision(data: bytes, catalog: Catalog, application: Application) -> Decision:
    """The decision, only if it is about ``application``, names the application's own
    regeling, and a key pinned in THAT regeling signed exactly these contents. A key of
    another municipality's regeling never counts, whatever the file says about itself."""
    decision, checked = check_decision(data, catalog, application)
    if not checked:
        raise UNCHECKABLE
    return decision


UNCHECKABLE = UserError(
    "decision.unchecked",
    N_(
        "We kunnen niet nagaan of dit besluit van de gemeente komt. Vergelijk het bedrag "
        "met uw brief."
    ),
)


def check_decision(
    data: bytes, catalog: Catalog, application: Application
) -> tuple[Decision, bool]:
    """The decision and whether its signature could be checked. When the application's
    regeling pins no decision key at all, nothing can be checked: the decision is returned
    with False (the resident is told so, plainly, and the official sees it on the report).
    Once a regeling pins keys, only they count: any other key, or contents that do not
    match the signature, is refused as not genuine."""
    signed = read_signed(data)
    decision = signed.decision
    if decision.application_id != application.id:
        raise _not_for_this()
    regeling = catalog.get(application.regeling.id, application.regeling.version)
    if decision.regeling.id != regeling.id:
        raise UserError(
            "decision.other_regeling",
            text(
                N_(
                    "Dit besluit hoort niet bij uw aanvraag: het is van een andere regeling "
                    "dan '{regeling}' van {municipality}. Neem contact op met de gemeente."
                ),
                regeling=regeling.name,
                municipality=regeling.municipality,
            ),
        )
    if decision.outcome == "grant" and decision.granted_amount is None:
        raise _refused(
            N_("Dit besluitbestand is niet compleet: het toegekende bedrag ontbreekt."),
        )
    pinned = catalog.decision_keys(regeling.id)  # any version of the same regeling
    if not pinned:
        return decision, False
    key = next((k for k in pinned if k.key_id == signed.key_id), None)
    forged = _refused(
        N_(
            "Dit besluit is niet echt: de digitale handtekening van de gemeente klopt niet. "
            "Neem contact op met de gemeente."
        ),
    )
    if key is None:
        raise forged
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.ed25519))
        signed_bytes = _signed_bytes(data, decision)
        public.verify(base64.b64decode(signed.signature, validate=True), signed_bytes)
    except (InvalidSignature, ValueError, UserError) as exc:
        raise forged from exc
    return decision, True


def report_for(
    decision: Decision, application: Application, clock: Clock, checked: bool = True
) -> Report:
    """A new report draft about a granted application; its tier follows the granted amount.
    `checked` False: the decision's signature could not be checked (shown to the official)."""
    if decision.outcome != "grant" or decision.application_id != application.id:
        raise _not_for_this()
    now = clock.now().astimezone(AMSTERDAM)
    return Report(
        regeling=application.regeling,
        application_id=application.id,
        granted_amount=decision.granted_amount,
        decision_checked=checked,
        created_at=now,
        updated_at=now,
        language=application.language,
        assisted_by=application.assisted_by,
        answers={},
    )
