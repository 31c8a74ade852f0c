"""Find and load regeling files; read application and report files.

The shipped regelingen are the embedded default (no server needed). More folders can
be added, so a municipality's new regeling is a file dropped in, not code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from desktop_app.core.clock import Clock, today
from desktop_app.core.documents import (
    SCHEMA_VERSION,
    Application,
    Document,
    Report,
    new_application,
)
from desktop_app.core.errors import UserError
from desktop_app.core.regeling import Regeling
from desktop_app.core.safe_json import loads_untrusted
from desktop_app.core.shipped import shipped
from desktop_app.core.text import Text

MAX_REGELING_BYTES = 1024 * 1024
_DOCUMENT = TypeAdapter(Document)

# libyaml's safe loader when PyYAML has it (its wheels do): ten times faster, same result,
# and the regelingen are read on every start.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def shipped_forms_dir() -> Path:
    """forms/ of the source tree, or its copy inside an installed wheel or frozen build."""
    return shipped("forms")


def describe_validation_error(error: ValidationError, limit: int = 5) -> str:
    parts = []
    for item in error.errors()[:limit]:
        where = ".".join(str(p) for p in item["loc"]) or "(top)"
        parts.append(f"{where}: {item['msg']}")
    more = len(error.errors()) - limit
    return "; ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def load_regeling_file(path: Path) -> Regeling:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            "regeling.unreadable",
            Text(
                nl=f"Het regelingbestand {path.name} is niet te lezen: {exc.strerror}.",
                en=f"The regeling file {path.name} cannot be read: {exc.strerror}.",
            ),
        ) from exc
    if len(data) > MAX_REGELING_BYTES:
        raise UserError(
            "regeling.too_large",
            Text(
                nl=f"Het regelingbestand {path.name} is te groot.",
                en=f"The regeling file {path.name} is too large.",
            ),
        )
    try:
        raw = yaml.load(data, Loader=_SAFE_LOADER)
        return Regeling.model_validate(raw)
    except yaml.YAMLError as exc:
        detail = str(exc).splitlines()[0]
        raise UserError(
            "regeling.invalid_yaml",
            Text(
                nl=f"Het regelingbestand {path.name} is geen geldige YAML: {detail}",
                en=f"The regeling file {path.name} is not valid YAML: {detail}",
            ),
        ) from exc
    except ValidationError as exc:
        detail = describe_validation_error(exc)
        raise UserError(
            "regeling.invalid",
            Text(
                nl=f"Het regelingbestand {path.name} klopt niet: {detail}",
                en=f"The regeling file {path.name} is not valid: {detail}",
            ),
        ) from exc


@dataclass
class Catalog:
    """All regeling versions the app knows, by (id, version)."""

    regelingen: dict[tuple[str, str], Regeling] = field(default_factory=dict)
    problems: list[UserError] = field(default_factory=list)

    @classmethod
    def from_dirs(cls, dirs: Iterable[Path]) -> Catalog:
        catalog = cls()
        for folder in dirs:
            for path in sorted(Path(folder).glob("**/*.yaml")):
                try:
                    catalog.add(load_regeling_file(path))
                except UserError as problem:
                    catalog.problems.append(problem)
        return catalog

    @classmethod
    def default(cls, extra_dirs: Sequence[Path] = ()) -> Catalog:
        return cls.from_dirs([shipped_forms_dir(), *extra_dirs])

    def add(self, regeling: Regeling) -> None:
        self.regelingen[regeling.key] = regeling

    def ids(self) -> list[str]:
        return sorted({key[0] for key in self.regelingen})

    def versions(self, regeling_id: str) -> list[Regeling]:
        found = [r for key, r in self.regelingen.items() if key[0] == regeling_id]
        return sorted(found, key=lambda r: tuple(int(p) for p in r.version.split(".")))

    def all(self) -> list[Regeling]:
        return [r for regeling_id in self.ids() for r in self.versions(regeling_id)]

    def current(self, regeling_id: str, on: dt.date) -> Regeling:
        """The newest version in force on a day (else the newest), for a new application."""
        versions = self.versions(regeling_id)
        if not versions:
            raise self._unknown(regeling_id, None)
        in_force = [
            r
            for r in versions
            if r.valid_from <= on and (r.valid_until is None or on <= r.valid_until)
        ]
        return (in_force or versions)[-1]

    def get(self, regeling_id: str, version: str) -> Regeling:
        """Exactly the version a document was made with: officials judge by the same rules."""
        regeling = self.regelingen.get((regeling_id, version))
        if regeling is None:
            raise self._unknown(regeling_id, version)
        return regeling

    def _unknown(self, regeling_id: str, version: str | None) -> UserError:
        known = ", ".join(self.ids()) or "-"
        what = f"{regeling_id} {version}" if version else regeling_id
        return UserError(
            "regeling.unknown",
            Text(
                nl=f"De regeling '{what}' is onbekend. Bekende regelingen: {known}.",
                en=f"The regeling '{what}' is unknown. Known regelingen: {known}.",
            ),
        )


def parse_document(data: bytes) -> Application | Report:
    """Read an application or report file from outside; UserError when it cannot be used."""
    raw = loads_untrusted(data)
    if not isinstance(raw, dict):
        raise UserError(
            "document.not_an_object",
            Text(
                nl="Dit bestand is geen aanvraag of verslag van Klein Initiatief.",
                en="This file is not a Klein Initiatief application or report.",
            ),
        )
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        shown = str(version)[:20] if version is not None else "geen/none"
        raise UserError(
            "document.schema_version",
            Text(
                nl=f"Dit bestand heeft schemaversie {shown}. Deze app leest versie "
                f"{SCHEMA_VERSION}. Gebruik de versie van de app waarmee het is gemaakt.",
                en=f"This file has schema version {shown}. This app reads version "
                f"{SCHEMA_VERSION}. Use the version of the app that made it.",
            ),
        )
    try:
        return _DOCUMENT.validate_python(raw)
    except ValidationError as exc:
        detail = describe_validation_error(exc, limit=3)
        raise UserError(
            "document.invalid",
            Text(
                nl=f"Dit bestand is geen geldige aanvraag of verslag: {detail}",
                en=f"This file is not a valid application or report: {detail}",
            ),
        ) from exc


def read_document(path: Path) -> Application | Report:
    try:
        with path.open("rb") as handle:
            data = handle.read(10 * 1024 * 1024 + 1)
    except OSError as exc:
        raise UserError(
            "document.unreadable",
            Text(
                nl=f"Het bestand {path.name} is niet te openen: {exc.strerror}.",
                en=f"The file {path.name} cannot be opened: {exc.strerror}.",
            ),
        ) from exc
    return parse_document(data)


def example_application(regeling: Regeling, clock: Clock, language: str = "nl") -> Application:
    """The regeling's example, with its dates set relative to today so it stays valid."""
    answers: dict[str, Any] = dict(regeling.example.answers)
    for key, days in regeling.example.days_ahead.items():
        answers[key] = (today(clock) + dt.timedelta(days=days)).isoformat()
    return new_application(regeling.id, regeling.version, clock, answers=answers, language=language)
