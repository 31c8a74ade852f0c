"""A regeling may speak more languages than nl and en: Dutch is required, every other
language is optional and falls back to the Dutch text where the file leaves it out."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from desktop_app.core.loader import load_regeling_file
from desktop_app.core.text import Text

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "tests" / "data" / "forms" / "voorbeeldstad-buurtbudget" / "2026.1.yaml"
SCHEMA = json.loads((ROOT / "forms" / "regeling.schema.json").read_text(encoding="utf-8"))


def _turkish_regeling(tmp_path: Path) -> Path:
    """The test regeling with its name in Turkish and one text without English."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    data["name"]["tr"] = "Voorbeeldstad mahalle bütçesi"
    data["summary"] = {"nl": data["summary"]["nl"], "ar": "ميزانية الحي"}
    folder = tmp_path / "forms" / "voorbeeldstad-buurtbudget"
    folder.mkdir(parents=True)
    path = folder / "2026.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_turkish_name_shows_in_turkish_and_the_rest_falls_back_to_dutch(
    tmp_path: Path,
) -> None:
    regeling = load_regeling_file(_turkish_regeling(tmp_path))
    assert regeling.name.get("tr") == "Voorbeeldstad mahalle bütçesi"
    assert regeling.name.get("nl") == "Buurtbudget Voorbeeldstad"
    assert regeling.name.get("en") == "Voorbeeldstad neighbourhood budget"
    # Nothing in Turkish for the summary: the resident reads the Dutch text, not an empty line.
    assert regeling.summary is not None
    assert regeling.summary.get("tr") == regeling.summary.nl
    # No English given: English readers also see the Dutch text.
    assert regeling.summary.get("en") == regeling.summary.nl
    assert regeling.summary.get("ar") == "ميزانية الحي"


def test_the_published_schema_takes_other_languages_and_refuses_a_missing_dutch_text(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load(_turkish_regeling(tmp_path).read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)  # tr and ar keys, a text without en: valid
    data["name"] = {"en": "Only English", "tr": "Sadece Türkçe"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    data["name"] = {"nl": "Naam", "Turks": "geen taalcode"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_the_model_refuses_what_the_schema_refuses() -> None:
    with pytest.raises(ValidationError):
        Text.model_validate({"en": "Only English"})
    with pytest.raises(ValidationError):
        Text.model_validate({"nl": "Naam", "Turks": "geen taalcode"})
    with pytest.raises(ValidationError):
        Text.model_validate({"nl": "Naam", "tr": ""})
    text = Text.model_validate({"nl": "Naam", "pl": "Nazwa"})
    assert text.get("pl") == "Nazwa" and text.get("uk") == "Naam"
    assert text.model_dump()["pl"] == "Nazwa"  # kept when the text is written out again
