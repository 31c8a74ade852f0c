"""An application (aanvraag) and a report (verantwoording) as saved JSON documents.

Answers are stored as plain JSON values keyed by field id; their meaning comes from the
regeling version the document names (core/answers.py reads them into typed values).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from desktop_app.core.clock import AMSTERDAM, Clock
from desktop_app.core.limits import Moment
from desktop_app.core.money import Money

SCHEMA_VERSION: Final = 1
MAX_ANSWERS = 500


class RegelingRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    version: str = Field(pattern=r"^\d{4}\.\d{1,3}$")


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: Literal[1] = SCHEMA_VERSION
    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    regeling: RegelingRef
    created_at: Moment
    updated_at: Moment
    language: Literal["nl", "en"] = "nl"  # the language of its PDF
    supersedes: uuid.UUID | None = Field(
        default=None, description="the final document this new version replaces"
    )
    answers: dict[Annotated[str, Field(max_length=64)], JsonValue] = Field(
        default_factory=dict, max_length=MAX_ANSWERS
    )
    assisted_by: str | None = Field(
        default=None,
        max_length=150,
        description="ingevuld met hulp van: the community organisation that helped fill it in",
    )

    def touched(self, clock: Clock) -> None:
        self.updated_at = clock.now().astimezone(AMSTERDAM)


class Application(_Document):
    """Aanvraag."""

    kind: Literal["application"] = "application"


class Report(_Document):
    """Verantwoording: about one application, after the activity."""

    kind: Literal["report"] = "report"
    application_id: uuid.UUID
    granted_amount: Money | None = Field(
        default=None, description="from the decision; sets the report tier"
    )
    decision_checked: bool = Field(
        default=True,
        description="false when the app could not check the decision's signature (its "
        "regeling names no key of the municipality): the official compares it by hand",
    )


Document = Annotated[Application | Report, Field(discriminator="kind")]


def new_application(regeling_id: str, version: str, clock: Clock, **fields: Any) -> Application:
    now = clock.now().astimezone(AMSTERDAM)
    return Application(
        regeling=RegelingRef(id=regeling_id, version=version),
        created_at=now,
        updated_at=now,
        **{**fields, "language": pdf_language(fields.get("language", "nl"))},
    )


def pdf_language(language: str) -> Literal["nl", "en"]:
    """The language of a document's PDF: English or Dutch (any other window language: Dutch,
    the text the municipality reads)."""
    return "en" if language == "en" else "nl"


def document_json_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    schema = TypeAdapter(Document).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Klein Initiatief application or report"
    return schema


def local_date(value: dt.datetime) -> dt.date:
    return value.astimezone(AMSTERDAM).date()
