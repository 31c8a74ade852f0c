"""The Amsterdam regeling under another id with every application field renamed `q_<n>`,
mapped by its `roles:` block: no code may read a field by a fixed id (issue 13)."""

from __future__ import annotations

from pathlib import Path

import yaml

from desktop_app.core.loader import Catalog
from tests.conftest import DAY, ROOT

AMSTERDAM = ROOT / "forms/amsterdam-bewonersinitiatief/2026.1.yaml"
RENAMED_ID = "hernoemd-buurtbudget"


def amsterdam_raw() -> dict:
    return yaml.safe_load(AMSTERDAM.read_text(encoding="utf-8"))


def field_ids(data: dict) -> set[str]:
    ids = set()
    for step in data["application"]["steps"]:
        for field in step["fields"]:
            ids.add(field["id"])
    return ids


def _renamed_path(path: str, names: dict[str, str]) -> str:
    head, dot, tail = path.partition(".")  # "budget.requested": the field is the head
    return names.get(head, head) + dot + tail


def _renamed_refs(node: object, names: dict[str, str]) -> object:
    """The application form with every reference to a field renamed (ids, conditions, rules)."""
    if isinstance(node, list):
        return [_renamed_refs(item, names) for item in node]
    if not isinstance(node, dict):
        return node
    renamed = {}
    for key, value in node.items():
        if key in ("id", "field") and isinstance(value, str):
            value = _renamed_path(value, names)
        elif key == "fields" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = [_renamed_path(v, names) for v in value]
        else:
            value = _renamed_refs(value, names)
        renamed[key] = value
    return renamed


def renamed_catalog(forms: Path, municipality: str | None = None) -> Catalog:
    """The shipped regelingen plus the renamed one, written under ``forms``. ``municipality``
    gives it a name of its own (so a chooser shows it apart from Amsterdam)."""
    data = amsterdam_raw()
    ids = sorted(field_ids(data))
    names = {old: f"q_{n}" for n, old in enumerate(ids)}
    data["id"] = RENAMED_ID
    if municipality is not None:
        data["municipality"] = {"nl": municipality, "en": municipality}
    data["application"] = _renamed_refs(data["application"], names)
    data["roles"] = {
        role: [names.get(v, v) for v in value] if isinstance(value, list) else names[value]
        for role, value in data["roles"].items()
        if role != "organisation_kinds"
    } | {"organisation_kinds": data["roles"]["organisation_kinds"]}
    data["application"]["route_by"] = [
        _renamed_path(p, names) for p in data["application"].get("route_by", [])
    ]
    data["reuse_answers"] = [names[field_id] for field_id in data.get("reuse_answers", [])]
    examples = [data["example"]] + [
        r["example"] for r in data["application"].get("routes", []) if "example" in r
    ]
    for example in examples:
        example["answers"] = {names[k]: v for k, v in example["answers"].items()}
        example["days_ahead"] = {names[k]: v for k, v in example.get("days_ahead", {}).items()}
    folder = forms / RENAMED_ID
    folder.mkdir(parents=True)
    (folder / "2026.1.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    catalog = Catalog.default([forms])
    assert not catalog.problems, [p.message.en for p in catalog.problems]
    regeling = catalog.current(RENAMED_ID, DAY)
    assert not field_ids(regeling.model_dump(mode="json")) & set(ids)
    assert regeling.roles.title.startswith("q_")
    return catalog
