"""JSON Schemas generated from the models: for regeling files and for saved documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.core.documents import document_json_schema
from desktop_app.core.regeling import Regeling

REGELING_SCHEMA_FILE = "regeling.schema.json"
DOCUMENT_SCHEMA_FILE = "document.schema.json"


def regeling_json_schema() -> dict[str, Any]:
    schema = Regeling.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Klein Initiatief regeling (subsidy scheme) file"
    return schema


def standard_json_schema(value: Any) -> Any:
    """The schema without pydantic's OpenAPI-only keywords, so any JSON Schema tool takes it.

    pydantic writes ``discriminator`` (an OpenAPI keyword, not JSON Schema) beside a tagged
    ``oneOf``; ajv in strict mode refuses unknown keywords. Each branch of the ``oneOf``
    already fixes its tag with ``const``, so dropping the keyword loses nothing.
    """
    if isinstance(value, dict):
        tagged = "oneOf" in value and isinstance(value.get("discriminator"), dict)
        return {
            k: standard_json_schema(v)
            for k, v in value.items()
            if not (tagged and k == "discriminator")
        }
    if isinstance(value, list):
        return [standard_json_schema(v) for v in value]
    return value


def render_schema(schema: dict[str, Any]) -> str:
    return (
        json.dumps(standard_json_schema(schema), indent=2, ensure_ascii=False, sort_keys=True)
        + "\n"
    )


def generated_files(root: Path) -> dict[Path, str]:
    """Every schema file and its expected content, relative to the source tree's root."""
    return {
        root / "forms" / REGELING_SCHEMA_FILE: render_schema(regeling_json_schema()),
        root / "docs" / DOCUMENT_SCHEMA_FILE: render_schema(document_json_schema()),
    }
