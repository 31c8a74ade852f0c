"""Structured answer values: a budget and an attachment reference."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from desktop_app.core.money import Money


class BudgetLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: str = Field(max_length=64)
    description: str = Field(default="", max_length=200)
    amount: Money


class Budget(BaseModel):
    """The begroting: cost lines and how they are paid.

    In an application, costs = requested + own contribution + other funding. In a report
    (mode "actual") the lines are what was really spent.
    """

    model_config = ConfigDict(extra="forbid")

    lines: list[BudgetLine] = Field(default_factory=list, max_length=200)
    own_contribution: Money = Decimal("0.00")
    other_funding: Money = Decimal("0.00")
    requested: Money | None = None

    @property
    def total_costs(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def total_for(self, category: str) -> Decimal:
        return sum(
            (line.amount for line in self.lines if line.category == category), Decimal("0.00")
        )


class AttachmentRef(BaseModel):
    """An attached file, referred to by content hash; the bytes live beside the document."""

    model_config = ConfigDict(extra="forbid")

    file_name: str = Field(min_length=1, max_length=255)
    kind: str = Field(max_length=64)
    media_type: str = Field(max_length=100)
    size: int = Field(ge=0, le=2**40)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
