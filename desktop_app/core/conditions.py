"""Typed conditions over answers: when a field is asked, when a rule applies. No eval."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scalar = str | bool | int


class Condition(BaseModel):
    """Exactly one test: ``equals``, ``not_equals``, ``in``, ``above``, ``at_most``,
    ``answered``, or a combination with ``all`` / ``any``.

    ``above`` and ``at_most`` name a parameter of the regeling, so that every
    threshold carries its source.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    field: str | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: tuple[str, ...] | None = Field(default=None, alias="in")
    above: str | None = Field(default=None, description="name of a money or integer parameter")
    at_most: str | None = Field(default=None, description="name of a money or integer parameter")
    answered: bool | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [
            name
            for name in (
                "equals",
                "not_equals",
                "in_",
                "above",
                "at_most",
                "answered",
                "all",
                "any",
            )
            if getattr(self, name) is not None
        ]
        if len(tests) != 1:
            raise ValueError(f"a condition has exactly one test, found: {tests or 'none'}")
        combined = tests[0] in ("all", "any")
        if combined and self.field is not None:
            raise ValueError("'all' and 'any' take conditions, not a field")
        if not combined and self.field is None:
            raise ValueError(f"'{tests[0]}' needs a field")
        return self

    def fields(self) -> set[str]:
        """Every field this condition reads."""
        if self.all is not None or self.any is not None:
            return set().union(*(c.fields() for c in (self.all or self.any or ())))
        return {self.field} if self.field else set()

    def parameters(self) -> set[str]:
        own = {p for p in (self.above, self.at_most) if p}
        for child in self.all or self.any or ():
            own |= child.parameters()
        return own

    def holds(self, value_of: Callable[[str], Any], parameters: Mapping[str, Any]) -> bool:
        """Evaluate with ``value_of(path)`` giving a typed answer (None when unanswered)."""
        if self.all is not None:
            return all(c.holds(value_of, parameters) for c in self.all)
        if self.any is not None:
            return any(c.holds(value_of, parameters) for c in self.any)
        assert self.field is not None
        value = value_of(self.field)
        if self.answered is not None:
            return (value not in (None, "", [], ())) == self.answered
        if value is None:
            return False
        if self.equals is not None:
            return value == self.equals
        if self.not_equals is not None:
            return value != self.not_equals
        if self.in_ is not None:
            if isinstance(value, list | tuple):
                return any(v in self.in_ for v in value)
            return value in self.in_
        threshold = parameters[self.above or self.at_most or ""]
        if not isinstance(value, int | Decimal) or isinstance(value, bool):
            return False
        return value > threshold if self.above else value <= threshold
