"""``{name}`` placeholders in texts: filled safely, listed for the catalogue checks.

Light to import (no pydantic): the command line's parser and the start screen fill texts
before any model is loaded (issue 20)."""

from __future__ import annotations

import re
from collections.abc import Mapping

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; unknown names stay visible instead of raising.

    Templates come from regeling files (data), so no str.format: that would allow
    attribute access such as ``{x.__class__}``.
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def placeholders(template: str) -> set[str]:
    return set(_PLACEHOLDER.findall(template))
