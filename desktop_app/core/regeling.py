"""The regeling (subsidy scheme) as data: one YAML file per version in forms/.

The model checks a file completely when it is loaded: every reference (field,
parameter, source, option list, tier) must exist and have the right type, so a
municipality's new file either works or is refused with a clear message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from desktop_app.core.conditions import Condition
from desktop_app.core.i18n import N_, gettext
from desktop_app.core.limits import BoundedDate
from desktop_app.core.money import Money, MoneyError, coerce_money
from desktop_app.core.rules import Rule
from desktop_app.core.text import Text, fill

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
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


# Every number a regeling sets has a range a real scheme stays far inside: a typo (or a
# hostile file) is refused when the file is loaded, not found by a crash in a date sum.
MAX_COUNT = 100_000
MAX_WEEKS = 260  # five years
MAX_AGE = 120
MAX_FIELD_NUMBER = 1_000_000_000  # the same bound as an integer answer (core.answers)
MAX_DAYS_AHEAD = 3660  # ten years, either way
MAX_EXAMPLE_VALUES = 5_000
MAX_EXAMPLE_TEXT = 20_000


class IntegerParameter(_ParameterBase):
    kind: Literal["integer"]
    value: int = Field(ge=0, le=MAX_COUNT)


class WeeksParameter(_ParameterBase):
    kind: Literal["weeks"]
    value: int = Field(ge=0, le=MAX_WEEKS)


class AgeParameter(_ParameterBase):
    kind: Literal["age"]
    value: int = Field(ge=0, le=MAX_AGE)


class DateParameter(_ParameterBase):
    kind: Literal["date"]
    value: BoundedDate


class DayOfYearParameter(_ParameterBase):
    """A day that comes back every year, written "MM-DD" ("04-01" is 1 April)."""

    kind: Literal["day_of_year"]
    value: str = Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

    @model_validator(mode="after")
    def _real_day(self) -> DayOfYearParameter:
        month, day = (int(part) for part in self.value.split("-"))
        dt.date(2024, month, day)  # a leap year: 02-29 is allowed; 04-31 raises ValueError
        return self


Parameter = Annotated[
    MoneyParameter
    | IntegerParameter
    | WeeksParameter
    | AgeParameter
    | DateParameter
    | DayOfYearParameter,
    Field(discriminator="kind"),
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
    routes: tuple[Key, ...] | None = Field(
        default=None, description="application only: asked only in these routes (default: all)"
    )
    optional_in: tuple[Key, ...] = Field(
        default=(), description="application routes in which this required question is optional"
    )
    max_length: int | None = Field(default=None, ge=1, le=20_000)
    max_words: int | None = Field(
        default=None, ge=1, le=5_000, description="text: at most this many words (with a counter)"
    )
    minimum: int | None = Field(default=None, ge=-MAX_FIELD_NUMBER, le=MAX_FIELD_NUMBER)
    maximum: int | None = Field(default=None, ge=-MAX_FIELD_NUMBER, le=MAX_FIELD_NUMBER)
    options: tuple[Option, ...] | None = None
    options_from: OptionList | None = None
    fields: tuple[FieldDef, ...] | None = Field(default=None, description="group: sub-questions")
    item_label: Text | None = None
    min_items: int = Field(default=0, ge=0, le=500)
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
        if self.max_words is not None and self.type not in ("text", "long_text"):
            raise ValueError(f"field {self.id!r}: only a text has max_words")
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
    route_by: tuple[str, ...] = Field(
        default=(),
        description="money answers that choose the route (the highest counts), e.g. a rough "
        "amount asked first and budget.requested",
    )
    routes: tuple[Route, ...] = Field(
        default=(), description="which questions each route asks: the first route that fits"
    )


class Example(_Strict):
    """A complete, realistic application: a newcomer's first file."""

    answers: dict[str, object] = Field(
        max_length=500, description="an answer per field id (at most 500 answers)"
    )
    days_ahead: dict[Key, Annotated[int, Field(ge=-MAX_DAYS_AHEAD, le=MAX_DAYS_AHEAD)]] = Field(
        default_factory=dict, description="date fields set this many days after today"
    )

    @model_validator(mode="after")
    def _answers_are_small(self) -> Example:
        # An example is a filled-in form, not a data set: a bounded size, however nested.
        budget = MAX_EXAMPLE_VALUES
        stack: list[object] = list(self.answers.values())
        while stack:
            value = stack.pop()
            budget -= 1
            if budget < 0:
                raise ValueError(f"example answers: more than {MAX_EXAMPLE_VALUES} values")
            if isinstance(value, str) and len(value) > MAX_EXAMPLE_TEXT:
                raise ValueError(f"example answers: a text longer than {MAX_EXAMPLE_TEXT}")
            if isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list | tuple):
                stack.extend(value)
        return self


class Route(_Sourced):
    """A way through the application: a small request asks fewer questions.

    The first route whose ``up_to`` holds the amount (and whose ``when`` holds) is taken;
    a route without ``up_to`` and ``when`` is the fallback, also while no amount is known.
    Like every fact, a route names its source (e.g. "up to € 500 all year round") or is
    marked illustrative.
    """

    id: Key
    label: Text
    description: Text = Field(description="one sentence shown in the wizard: why fewer questions")
    up_to: Key | None = Field(
        default=None, description="money parameter: this route holds amounts up to and including it"
    )
    when: Condition | None = Field(
        default=None, description="the route is taken only then (e.g. a kind of activity)"
    )
    example: Example | None = Field(
        default=None, description="a complete application in this route (checked at load)"
    )


class ReportTier(_Strict):
    id: Key
    label: Text
    description: Text
    up_to: Key | None = Field(
        default=None, description="money parameter: this tier holds grants up to and including it"
    )


class ReportForm(_Strict):
    deadline_weeks: Key = Field(description="weeks parameter: report due after the activity")
    tier_by: Literal["granted", "cost"] = Field(
        default="granted",
        description="what chooses the tier: the granted amount, or what the activity cost "
        "(the report's cost_field; the fullest tier until it is answered)",
    )
    cost_field: str | None = Field(
        default=None, description="tier_by cost: a money answer of the report, in every tier"
    )
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
    email: str | None = Field(
        default=None,
        pattern=r"^[^@\s<>\x22]+@[^@\s<>\x22]+\.[a-z]{2,}$",  # \x22: a quote, valid in JS too
        description="address residents may e-mail the PDF to (the done page offers a "
        "ready e-mail); leave it out where no source names one",
    )
    email_illustrative: bool = Field(
        default=False, description="true while the address is an example, not yet confirmed"
    )
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


class Funder(_Strict):
    """Who pays, when that is not a municipality (a fund or a foundation): the PDF, letters
    and messages say "Fonds 1818" instead of "Gemeente …", in the funder's own word."""

    name: Text = Field(description='shown as is, e.g. "Fonds 1818" (not "Gemeente …")')
    grant_word: Text = Field(description='the funder\'s word for the grant, e.g. "bijdrage"')


class Roles(_Strict):
    """Which application field plays which part outside the form itself.

    Lists, the PDF, the outbox, the officials' inbox and the register export need "the title"
    or "the applicant" of any regeling; no code reads a field by a fixed id. Checked at load:
    every role names a field of the application form of the right type.
    """

    title: Key = Field(description="text field: the initiative's name (lists, PDF, register)")
    contact: Key = Field(description="text field: the contact person's name (signature block)")
    budget: Key = Field(description="budget field: requested amount, own contribution")
    area: Key | None = Field(default=None, description="choice from areas: budget per area")
    goal: Key | None = Field(default=None, description="choice from goals")
    activity_date: Key | None = Field(default=None, description="date field: when it happens")
    city: Key | None = Field(default=None, description="text field: place in the signature")
    applicant_kind: Key | None = Field(
        default=None, description="choice field: who applies (a person or an organisation)"
    )
    organisation_kinds: tuple[Key, ...] = Field(
        default=(), description="options of applicant_kind that mean an organisation"
    )
    organisation: Key | None = Field(
        default=None, description="text field: the organisation's name, when one applies"
    )
    participants: Key | None = Field(
        default=None, description="integer field: how many people will take part (an estimate)"
    )
    volunteers: Key | None = Field(
        default=None, description="integer field: how many volunteers will help (an estimate)"
    )
    target_groups: Key | None = Field(
        default=None, description="choice or multi_choice from target_groups: who it is for"
    )

    def count(self, answers: Mapping[str, object], role: CountRole) -> int | None:
        """The whole number answered in the field playing `role`; None when not answered."""
        return _count(answers, getattr(self, role))

    def choices(self, answers: Mapping[str, object], role: Literal["target_groups"]) -> list[str]:
        """The option ids chosen in the field playing `role` (one choice or several)."""
        field_id = getattr(self, role)
        value = answers.get(field_id) if field_id else None
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [v for v in value if isinstance(v, str)]
        return []

    def text(self, answers: Mapping[str, object], role: RoleName) -> str:
        """The answer of the field playing `role`, stripped; "" when absent or not text."""
        field_id = getattr(self, role)
        value = answers.get(field_id) if field_id else None
        return value.strip() if isinstance(value, str) else ""

    def applicant(self, answers: Mapping[str, object]) -> tuple[str, bool]:
        """Who applies, and whether that is a natural person (the register's "(Particulier)")."""
        kind = answers.get(self.applicant_kind) if self.applicant_kind else None
        if kind in self.organisation_kinds:
            return self.text(answers, "organisation"), False
        return self.text(answers, "contact"), True

    def requested(self, answers: Mapping[str, object]) -> str | None:
        """The requested amount as typed in the budget ("450.00"), when there is one."""
        budget = answers.get(self.budget)
        if isinstance(budget, Mapping) and isinstance(budget.get("requested"), str):
            return str(budget["requested"])
        return None


def _count(answers: Mapping[str, object], field_id: str | None) -> int | None:
    value = answers.get(field_id) if field_id else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


class ReportRoles(_Strict):
    """Which report field plays which part in the officials' overview (insight.py): what
    really happened, from answers the report already asks. All optional; no question is
    added for them. Checked at load like ``roles``."""

    took_place: Key | None = Field(default=None, description="yes_no field: did it take place")
    actual_participants: Key | None = Field(
        default=None, description="integer field: how many people took part"
    )
    actual_volunteers: Key | None = Field(
        default=None, description="integer field: how many volunteers helped"
    )

    def count(self, answers: Mapping[str, object], role: str) -> int | None:
        return _count(answers, getattr(self, role))

    def happened(self, answers: Mapping[str, object]) -> bool | None:
        value = answers.get(self.took_place) if self.took_place else None
        return value if isinstance(value, bool) else None


CountRole = Literal["participants", "volunteers"]
REPORT_ROLE_TYPES: dict[str, tuple[str, ...]] = {
    "took_place": ("yes_no",),
    "actual_participants": ("integer",),
    "actual_volunteers": ("integer",),
}

RoleName = Literal["title", "contact", "area", "goal", "activity_date", "city", "organisation"]
# The field type each role's field must have (checked at load).
ROLE_TYPES: dict[str, tuple[str, ...]] = {
    "title": ("text",),
    "contact": ("text",),
    "budget": ("budget",),
    "area": ("choice",),
    "goal": ("choice",),
    "activity_date": ("date",),
    "city": ("text",),
    "applicant_kind": ("choice",),
    "organisation": ("text",),
    "participants": ("integer",),
    "volunteers": ("integer",),
    "target_groups": ("choice", "multi_choice"),
}


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
    reuse_answers: tuple[Key, ...] = Field(
        default=(),
        description="once only: application answers a next application in the same dossier "
        "may start with (applicant, contact, payment), shown to the resident to check first",
    )
    roles: Roles = Field(description="which field plays which part: title, applicant, budget, ...")
    report_roles: ReportRoles = Field(
        default_factory=ReportRoles,
        description="which report field says what really happened (the officials' overview)",
    )
    budget_ceiling: Key | None = Field(
        default=None,
        description="money parameter: the ceiling of the whole scheme per year (per area: "
        "areas[].budget_ceiling; per round: the round's ceiling)",
    )
    funder: Funder | None = Field(
        default=None, description="a fund or foundation that pays, instead of the municipality"
    )
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

    def parameter_value(self, name: str) -> Decimal | int | dt.date | str:
        return self.parameters[name].value

    def money_value(self, name: str) -> Decimal:
        """A money parameter's amount (check_references makes sure money names a money one)."""
        parameter = self.parameters[name]
        if not isinstance(parameter, MoneyParameter):
            raise TypeError(f"parameter {name!r} is not an amount of money")
        return parameter.value

    def option_list(self, name: OptionList) -> tuple[Option, ...]:
        if name == "areas":
            return self._area_options
        return self.goals if name == "goals" else self.target_groups

    @cached_property
    def _area_options(self) -> tuple[Option, ...]:
        """The areas as options, made once (every check of an answer asks for them)."""
        return tuple(Option(id=a.id, label=a.name) for a in self.areas)

    def options_for(self, field: FieldDef) -> tuple[Option, ...]:
        if field.options is not None:
            return field.options
        return self.option_list(field.options_from) if field.options_from else ()

    def category(self, category_id: str) -> CostCategory | None:
        return next((c for c in self.cost_categories if c.id == category_id), None)

    def funder_text(self, language: str) -> str:
        """Who decides and pays: "Gemeente Amsterdam", or the fund's own name."""
        if self.funder is not None:
            return self.funder.name.get(language)
        place = self.municipality.get(language)
        return fill(gettext(language, N_("Gemeente {place}")), {"place": place})

    def grant_word(self, language: str) -> str:
        """The funder's word for the grant: "subsidie" unless the fund says otherwise."""
        if self.funder is not None:
            return self.funder.grant_word.get(language)
        return gettext(language, N_("subsidie"))

    def document_title(self, kind: str, language: str) -> str:
        """ "Aanvraag subsidie" / "Verantwoording subsidie", in the funder's own word."""
        title = N_("Verantwoording {grant}") if kind == "report" else N_("Aanvraag {grant}")
        shown = fill(gettext(language, title), {"grant": self.grant_word(language)})
        return shown[:1].upper() + shown[1:]

    def route(self, route_id: str | None) -> Route | None:
        return next((r for r in self.application.routes if r.id == route_id), None)

    def route_amount(self, answers: Mapping[str, object]) -> Decimal | None:
        """The highest amount answered in the route_by questions (None when none is)."""
        amounts = []
        for path in self.application.route_by:
            head, _, tail = path.partition(".")
            raw = answers.get(head)
            if tail:
                raw = raw.get(tail) if isinstance(raw, Mapping) else None
            try:
                amounts.append(coerce_money(raw))
            except MoneyError:
                continue
        return max(amounts) if amounts else None

    def route_for(
        self, answers: Mapping[str, object], amount: Decimal | None = None
    ) -> Route | None:
        """The route these answers take (None when the regeling has no routes). ``amount``
        stands in for the answers' amount (e.g. `klein-initiatief questions --amount`)."""
        routes = self.application.routes
        if not routes:
            return None
        if amount is None:
            amount = self.route_amount(answers)
        parameters = {name: p.value for name, p in self.parameters.items()}

        def value_of(path: str) -> object:
            head, _, tail = path.partition(".")
            value = answers.get(head)
            return value.get(tail) if tail and isinstance(value, Mapping) else value

        for route in routes:
            if route.up_to is not None and (
                amount is None or amount > self.money_value(route.up_to)
            ):
                continue
            if route.when is not None and not route.when.holds(value_of, parameters):
                continue
            return route
        return routes[-1]

    def tier_for(self, amount: Decimal) -> ReportTier:
        """The report tier for a granted amount: the first whose upper bound holds it."""
        for tier in self.report.tiers:
            if tier.up_to is None or amount <= self.money_value(tier.up_to):
                return tier
        return self.report.tiers[-1]

    @model_validator(mode="after")
    def _references_resolve(self) -> Regeling:
        from desktop_app.core.checks import check_references

        problems = check_references(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self
