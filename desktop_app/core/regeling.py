"""The regeling (subsidy scheme) as data: one YAML file per version in forms/.

The model checks a file completely when it is loaded: every reference (field,
parameter, source, option list, tier) must exist and have the right type, so a
municipality's new file either works or is refused with a clear message.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from desktop_app.core.conditions import Condition
from desktop_app.core.limits import BoundedDate
from desktop_app.core.money import Money
from desktop_app.core.rules import Rule
from desktop_app.core.text import Text

FORMAT_VERSION = 1

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,62}$")]

FieldType = Literal[
    "text",
    "long_text",
    "money",
    "integer",
    "date",
    "choice",
    "multi_choice",
    "yes_no",
    "email",
    "phone",
    "iban",
    "postcode",
    "kvk",
    "group",
    "attachments",
    "declaration",
    "budget",
]
OptionList = Literal["areas", "goals", "target_groups"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A public document a parameter is read from."""

    id: Slug
    title: str = Field(min_length=1)
    url: HttpUrl
    date: dt.date | None = None
    note: Text | None = None


class _Sourced(_Strict):
    """A fact of the regeling: confirmed by a source, or marked as an example."""

    source: Slug | None = Field(default=None, description="id of the source that confirms it")
    illustrative: bool = Field(
        default=False, description="no source found: an example the municipality must confirm"
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _sourced_or_illustrative(self) -> _Sourced:
        if (self.source is None) == (not self.illustrative):
            raise ValueError("name the source, or mark it illustrative: exactly one of the two")
        return self


class _ParameterBase(_Sourced):
    label: Text


class MoneyParameter(_ParameterBase):
    kind: Literal["money"]
    value: Money


class IntegerParameter(_ParameterBase):
    kind: Literal["integer", "weeks", "age"]
    value: int = Field(ge=0, le=1_000_000)


class DateParameter(_ParameterBase):
    kind: Literal["date"]
    value: BoundedDate


Parameter = Annotated[
    MoneyParameter | IntegerParameter | DateParameter, Field(discriminator="kind")
]


class Option(_Strict):
    id: Key
    label: Text
    help: Text | None = None


class Area(_Strict):
    id: Key
    name: Text
    budget_ceiling: Key | None = Field(default=None, description="name of a money parameter")


class Exclusion(_Sourced):
    """Why the municipality does not pay a cost category, and on what authority."""

    reason: Text


class CostCategory(_Strict):
    id: Key
    label: Text
    help: Text
    ineligible: Exclusion | None = Field(default=None, description="set when not paid for")
    cap: Key | None = Field(default=None, description="name of a money parameter")

    @property
    def eligible(self) -> bool:
        return self.ineligible is None

    @property
    def reason(self) -> Text | None:
        return self.ineligible.reason if self.ineligible else None


class ListSource(_Sourced):
    """Where a list (areas, goals, ...) comes from."""


class FieldDef(_Strict):
    """One question. Its type decides the widget and how the answer is checked."""

    id: Key
    type: FieldType
    label: Text
    help: Text
    required: bool = True
    show_if: Condition | None = None
    tiers: tuple[Key, ...] | None = Field(
        default=None, description="report only: asked only in these tiers"
    )
    max_length: int | None = Field(default=None, ge=1, le=20_000)
    minimum: int | None = None
    maximum: int | None = None
    options: tuple[Option, ...] | None = None
    options_from: OptionList | None = None
    fields: tuple[FieldDef, ...] | None = Field(default=None, description="group: sub-questions")
    item_label: Text | None = None
    min_items: int = Field(default=0, ge=0)
    max_items: int | None = Field(default=None, ge=1, le=500)
    accept: tuple[str, ...] = ("application/pdf", "image/jpeg", "image/png")
    max_size_mb: int = Field(default=10, ge=1, le=100)
    kinds: tuple[Option, ...] | None = Field(default=None, description="attachments: kinds")
    budget_mode: Literal["plan", "actual"] = "plan"

    @model_validator(mode="after")
    def _shape_fits_type(self) -> FieldDef:
        has_options = self.options is not None or self.options_from is not None
        if self.type in ("choice", "multi_choice") and not has_options:
            raise ValueError(f"field {self.id!r}: a choice needs options or options_from")
        if self.type not in ("choice", "multi_choice") and has_options:
            raise ValueError(f"field {self.id!r}: only a choice has options")
        if self.type == "group":
            if not self.fields or self.item_label is None:
                raise ValueError(f"group {self.id!r} needs fields and an item_label")
            if any(sub.type in ("group", "budget", "attachments") for sub in self.fields):
                raise ValueError(f"group {self.id!r}: no group, budget or attachments inside")
        elif self.fields is not None:
            raise ValueError(f"field {self.id!r}: only a group has sub-fields")
        if self.type == "attachments" and not self.kinds:
            raise ValueError(f"attachments {self.id!r} need kinds (quote, photo, ...)")
        return self

    @property
    def default_max_length(self) -> int:
        if self.max_length is not None:
            return self.max_length
        return 4000 if self.type == "long_text" else 200


class Step(_Strict):
    id: Key
    title: Text
    intro: Text | None = None
    fields: tuple[FieldDef, ...] = Field(min_length=1)


class ApplicationForm(_Strict):
    steps: tuple[Step, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()


class ReportTier(_Strict):
    id: Key
    label: Text
    description: Text
    up_to: Key | None = Field(
        default=None, description="money parameter: this tier holds grants up to and including it"
    )


class ReportForm(_Strict):
    deadline_weeks: Key = Field(description="weeks parameter: report due after the activity")
    tiers: tuple[ReportTier, ...] = Field(min_length=1)
    steps: tuple[Step, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()


class EncryptionKey(_Strict):
    """A municipality's X25519 public key: bundles sealed to it are unreadable to anyone
    else, on a shared PC, in the outbox or on a lost USB stick."""

    key_id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")
    x25519: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$", description="raw public key, base64")


class PublicKey(_Strict):
    """A municipality's Ed25519 public key, pinned here so a decision file can be trusted."""

    key_id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")
    ed25519: str = Field(pattern=r"^[A-Za-z0-9+/]{43}=$", description="raw public key, base64")


# Plain http is only acceptable to this computer itself (a test or a local intake service).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


class Submission(_Strict):
    """Where a bundle is sent, and how the intake service's receipts are checked."""

    endpoint: HttpUrl | None = Field(
        default=None,
        description="base URL of the intake service (https); bundles go to /submissions",
    )
    how_to_hand_in: Text = Field(description="what to do when there is no endpoint")
    receipt_keys: tuple[PublicKey, ...] = Field(
        default=(),
        description="the intake service's Ed25519 keys: a receipt counts only when one of them "
        "signed it (required with an endpoint)",
    )
    token_required: bool = Field(
        default=False,
        description="the intake service wants an access code; the app keeps it in the OS keyring",
    )

    @model_validator(mode="after")
    def _endpoint_is_safe(self) -> Submission:
        if self.endpoint is None:
            return self
        if self.endpoint.scheme != "https" and self.endpoint.host not in LOOPBACK_HOSTS:
            raise ValueError("submission.endpoint must use https")
        if not self.receipt_keys:
            raise ValueError("submission.endpoint needs receipt_keys to check the receipts")
        return self


class Example(_Strict):
    """A complete, realistic application: a newcomer's first file."""

    answers: dict[str, object]
    days_ahead: dict[Key, int] = Field(
        default_factory=dict, description="date fields set this many days after today"
    )


class Regeling(_Strict):
    format_version: Literal[1]
    id: Slug
    version: str = Field(pattern=r"^\d{4}\.\d{1,3}$")
    municipality: Text
    name: Text
    summary: Text = Field(description="two plain sentences: who it is for, the maximum")
    valid_from: BoundedDate
    valid_until: BoundedDate | None = None
    area_label: Text
    sources: tuple[Source, ...] = Field(min_length=1)
    lists: dict[Literal["areas", "goals", "target_groups", "cost_categories"], ListSource] = Field(
        description="where each list comes from, or that it is illustrative"
    )
    parameters: dict[Key, Parameter]
    areas: tuple[Area, ...] = Field(min_length=1)
    goals: tuple[Option, ...] = Field(min_length=1)
    target_groups: tuple[Option, ...] = ()
    cost_categories: tuple[CostCategory, ...] = Field(min_length=1)
    application: ApplicationForm
    report: ReportForm
    submission: Submission
    decision_keys: tuple[PublicKey, ...] = Field(
        default=(), description="keys whose decision files the resident's app accepts"
    )
    encryption_keys: tuple[EncryptionKey, ...] = Field(
        default=(), description="the municipality's keys: bundles are sealed to the first"
    )
    example: Example

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def parameter_value(self, name: str) -> Decimal | int | dt.date:
        return self.parameters[name].value

    def option_list(self, name: OptionList) -> tuple[Option, ...]:
        if name == "areas":
            return tuple(Option(id=a.id, label=a.name) for a in self.areas)
        return self.goals if name == "goals" else self.target_groups

    def options_for(self, field: FieldDef) -> tuple[Option, ...]:
        if field.options is not None:
            return field.options
        return self.option_list(field.options_from) if field.options_from else ()

    def category(self, category_id: str) -> CostCategory | None:
        return next((c for c in self.cost_categories if c.id == category_id), None)

    def tier_for(self, amount: Decimal) -> ReportTier:
        """The report tier for a granted amount: the first whose upper bound holds it."""
        for tier in self.report.tiers:
            if tier.up_to is None or amount <= self.parameter_value(tier.up_to):
                return tier
        return self.report.tiers[-1]

    @model_validator(mode="after")
    def _references_resolve(self) -> Regeling:
        from desktop_app.core.checks import check_references

        problems = check_references(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self
