"""Find and load regeling files; read application and report files.

The shipped regelingen are the embedded default (no server needed). More folders can
be added, so a municipality's new regeling is a file dropped in, not code.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from desktop_app.core.i18n import N_, text
from desktop_app.core.limits import (
    answer_problem,
    may_be_out_of_range,
    out_of_range,
    out_of_range_text,
)
from desktop_app.core.regeling import Regeling
from desktop_app.core.safe_json import loads_untrusted
from desktop_app.core.shipped import shipped
from desktop_app.core.text import Text

MAX_REGELING_BYTES = 1024 * 1024
# Anchors and aliases (&name, *name, <<: *name) are allowed, the shipped files use them, but
# the document they expand to is bounded: a "billion laughs" file is refused, not expanded.
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 64
_DOCUMENT = TypeAdapter(Document)

if TYPE_CHECKING:
    import yaml
# PyYAML is imported where a regeling file is read: the import's helper process and the
# signing worker get the regelingen ready-made and never need it (25 ms, issue 20).


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


def _unreadable(path: Path, reason: Text) -> UserError:
    return UserError(
        "regeling.unreadable",
        text(
            N_("Het regelingbestand {path} is niet te lezen: {reason}."),
            path=str(path),
            reason=reason,
        ),
    )


def _not_regular(path: Path) -> UserError:
    return UserError(
        "regeling.not_a_file",
        text(
            N_(
                "{path} is geen gewoon bestand (maar bijvoorbeeld een apparaat of een pijp). "
                "Een regeling is een gewoon YAML-bestand; haal dit weg uit de map."
            ),
            path=str(path),
        ),
    )


def _too_large(path: Path) -> UserError:
    return UserError(
        "regeling.too_large",
        text(
            N_("Het regelingbestand {path} is te groot (meer dan {limit} bytes)."),
            path=str(path),
            limit=str(MAX_REGELING_BYTES),
        ),
    )


def read_regeling_bytes(path: Path) -> bytes:
    """A regeling file's bytes: only a regular file (a symlink is followed and its target
    checked), at most MAX_REGELING_BYTES, read with a bounded read. A FIFO, a device or a
    folder is refused without opening it for reading, so nothing can hang or fill memory."""
    try:
        target = path.resolve(strict=True)
        if not stat.S_ISREG(target.stat().st_mode):
            raise _not_regular(path)
        # O_NONBLOCK: should the file be swapped for a pipe after the check, opening does not
        # wait for a writer; O_NOFOLLOW: nor for a symlink. fstat checks what was opened.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(target, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise _not_regular(path)
            data = file.read(MAX_REGELING_BYTES + 1)
    except OSError as exc:
        reason = (
            Text(nl=exc.strerror, en=exc.strerror) if exc.strerror else text(N_("onbekende fout"))
        )
        raise _unreadable(path, reason) from exc
    except RuntimeError as exc:  # a symlink loop (resolve)
        raise _unreadable(path, text(N_("een kring van snelkoppelingen"))) from exc
    if len(data) > MAX_REGELING_BYTES:
        raise _too_large(path)
    return data


class _YamlTooBigError(Exception):
    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


def _check_yaml_size(root: yaml.Node) -> None:
    """Refuse a document that expands (through aliases) to more than MAX_YAML_NODES nodes
    or nests deeper than MAX_YAML_DEPTH. Linear in the file: each node is counted once,
    with the expanded size of what it holds remembered."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    # (node, depth, children done?) — no recursion, so no RecursionError either.
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_YAML_NODES:
                raise _YamlTooBigError(
                    text(N_("het wordt meer dan {n} waarden groot"), n=str(MAX_YAML_NODES))
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _YamlTooBigError(text(N_("een verwijzing (*alias) verwijst naar zichzelf")))
        if depth > MAX_YAML_DEPTH:
            raise _YamlTooBigError(
                text(N_("het is meer dan {n} niveaus diep genest"), n=str(MAX_YAML_DEPTH))
            )
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _load_yaml(data: bytes) -> Any:
    import yaml

    # libyaml's safe loader when PyYAML has it (its wheels do): ten times faster, same
    # result, and the regelingen are read on every start.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(data)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_yaml_size(root)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def load_regeling_file(path: Path, check_examples: bool = True) -> Regeling:
    """A regeling file, checked completely: the model, every reference, and (unless the
    caller knows the file is tested, as the shipped ones are) that each example passes its
    own rules. A mistake is refused with the file's path and the place in it."""
    regeling = _load_regeling_model(path)
    if check_examples:
        problems = example_problems(regeling)
        if problems:
            detail = "; ".join(problems[:5])
            raise UserError(
                "regeling.example_fails",
                text(
                    N_(
                        "Het regelingbestand {path} klopt niet: het voorbeeld voldoet niet aan de "
                        "eigen regels. {detail}"
                    ),
                    path=str(path),
                    detail=detail,
                ),
            )
    return regeling


def example_problems(regeling: Regeling) -> list[str]:
    """What blocks the regeling's example, and each route's example, under its own rules
    (on a day the regeling is in force). Empty when they all pass."""
    from desktop_app.core.clock import fixed_on
    from desktop_app.core.engine import evaluate

    day = max(dt.date.today(), regeling.valid_from)
    if regeling.valid_until is not None:
        day = min(day, regeling.valid_until)
    clock = fixed_on(day)
    examples: list[tuple[str, str | None]] = [("example", None)]
    examples += [
        (f"route {r.id!r} example", r.id) for r in regeling.application.routes if r.example
    ]
    problems = []
    for where, route in examples:
        result = evaluate(regeling, example_application(regeling, clock, route=route), day)
        if route is not None and result.route != route:  # first: it explains what follows
            problems.append(f"{where}: takes route {result.route!r}, not {route!r}")
        problems += [
            f"{where}: {v.code} [{', '.join(v.fields)}]: {v.message.en}" for v in result.blocking
        ]
    return problems


def _load_regeling_model(path: Path) -> Regeling:
    import yaml

    data = read_regeling_bytes(path)
    try:
        raw = _load_yaml(data)
    except _YamlTooBigError as exc:
        raise UserError(
            "regeling.yaml_too_big",
            text(
                N_(
                    "Het regelingbestand {path} wordt niet gelezen: {reason}. Schrijf het "
                    "eenvoudiger, met minder verwijzingen (&anker en *alias)."
                ),
                path=str(path),
                reason=exc.reason,
            ),
        ) from exc
    except yaml.YAMLError as exc:
        detail = str(exc).splitlines()[0]
        raise UserError(
            "regeling.invalid_yaml",
            text(
                N_("Het regelingbestand {path} is geen geldige YAML: {detail}"),
                path=str(path),
                detail=detail,
            ),
        ) from exc
    try:
        return Regeling.model_validate(raw)
    except ValidationError as exc:
        detail = describe_validation_error(exc)
        raise UserError(
            "regeling.invalid",
            text(
                N_("Het regelingbestand {path} klopt niet: {detail}"), path=str(path), detail=detail
            ),
        ) from exc


@dataclass
class Catalog:
    """All regeling versions the app knows, by (id, version)."""

    regelingen: dict[tuple[str, str], Regeling] = field(default_factory=dict)
    problems: list[UserError] = field(default_factory=list)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)

    @classmethod
    def from_dirs(cls, dirs: Iterable[Path], tested: Iterable[Path] = ()) -> Catalog:
        """Every regeling file in the folders, in order: the first file with an id and
        version wins (the shipped folder comes first); a later one is refused, loudly.
        Examples are run against their rules, except in `tested` folders (the shipped
        files, whose examples the test suite runs: the start stays fast)."""
        catalog = cls()
        skip = {Path(t) for t in tested}
        for folder in dirs:
            for path in sorted(Path(folder).glob("**/*.yaml")):
                try:
                    regeling = load_regeling_file(path, check_examples=Path(folder) not in skip)
                    catalog.add(regeling, path)
                except UserError as problem:
                    catalog.problems.append(problem)
        return catalog

    @classmethod
    def default(cls, extra_dirs: Sequence[Path] = ()) -> Catalog:
        shipped = shipped_forms_dir()
        return cls.from_dirs([shipped, *extra_dirs], tested=[shipped])

    def add(self, regeling: Regeling, path: Path | None = None) -> None:
        """Add a regeling; UserError when another file already has its id and version
        (a file must never silently change the rules of a version in use)."""
        known = self.regelingen.get(regeling.key)
        if known is not None:
            if known == regeling:
                return  # the same regeling twice (a folder given twice): nothing changes
            first = self.paths.get(regeling.key, "?")
            what = f"{regeling.id} {regeling.version}"
            raise UserError(
                "regeling.duplicate",
                text(
                    N_(
                        "Het regelingbestand {path} wordt niet gebruikt: {first} heeft al "
                        "regeling {what}, met andere inhoud. Een versie verandert nooit; geef "
                        "een gewijzigde regeling een nieuw versienummer."
                    ),
                    path=str(path),
                    first=str(first),
                    what=what,
                ),
            )
        self.regelingen[regeling.key] = regeling
        if path is not None:
            self.paths[regeling.key] = path

    def ids(self) -> list[str]:
        return sorted({key[0] for key in self.regelingen})

    def versions(self, regeling_id: str) -> list[Regeling]:
        found = [r for key, r in self.regelingen.items() if key[0] == regeling_id]
        return sorted(found, key=lambda r: tuple(int(p) for p in r.version.split(".")))

    def decision_keys(self, regeling_id: str) -> list[Any]:
        """The decision keys pinned in any version of a regeling: a municipality publishes
        its key in a new version, and applications made under an older one still find it."""
        return [key for r in self.versions(regeling_id) for key in r.decision_keys]

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

    def title_of(self, document: Document) -> str:
        """The initiative's name, from the field its regeling names as the title. A version this
        computer lacks borrows the roles of another version of the same regeling; a regeling
        it does not know at all gives "" (its roles, and so its title field, are unknown)."""
        regeling = self.regelingen.get((document.regeling.id, document.regeling.version))
        if regeling is None:
            regeling = next(
                (r for (rid, _), r in self.regelingen.items() if rid == document.regeling.id), None
            )
        return regeling.roles.text(document.answers, "title") if regeling else ""

    def _unknown(self, regeling_id: str, version: str | None) -> UserError:
        known = ", ".join(self.ids()) or "-"
        what = f"{regeling_id} {version}" if version else regeling_id
        return UserError(
            "regeling.unknown",
            text(
                N_("De regeling '{what}' is onbekend. Bekende regelingen: {known}."),
                what=what,
                known=known,
            ),
        )


def _refuse_out_of_range(answers: dict[Any, Any]) -> None:
    """A UserError naming the first answer out of range, as its path ("budget.requested")."""
    for key, value in answers.items():
        problem = answer_problem(str(key), value)
        if problem is not None:
            raise UserError(
                "document.out_of_range", out_of_range_text(problem.where or key, problem.kind)
            ) from problem


def parse_document(data: bytes) -> Application | Report:
    """Read an application or report file from outside; UserError when it cannot be used."""
    raw = loads_untrusted(data)
    if not isinstance(raw, dict):
        raise UserError(
            "document.not_an_object",
            text(N_("Dit bestand is geen aanvraag of verslag van Klein Initiatief.")),
        )
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        shown = str(version)[:20] if version is not None else "geen/none"
        raise UserError(
            "document.schema_version",
            text(
                N_(
                    "Dit bestand heeft schemaversie {shown}. Deze app leest versie "
                    "{version}. Gebruik de versie van de app waarmee het is gemaakt."
                ),
                shown=shown,
                version=str(SCHEMA_VERSION),
            ),
        )
    # Files from outside only (not the resident's own drafts, where a half-typed answer must
    # still be saved): no answer may hold a value that no honest answer has and that could
    # overflow later. core/answers.py then checks each field's exact range.
    answers = raw.get("answers")
    if isinstance(answers, dict) and may_be_out_of_range(answers):  # one quick pass first
        _refuse_out_of_range(answers)
    try:
        return _DOCUMENT.validate_python(raw)
    except ValidationError as exc:
        found = out_of_range(exc)
        if found is not None:
            raise UserError("document.out_of_range", out_of_range_text(*found)) from exc
        detail = describe_validation_error(exc, limit=3)
        raise UserError(
            "document.invalid",
            text(N_("Dit bestand is geen geldige aanvraag of verslag: {detail}"), detail=detail),
        ) from exc


def read_document(path: Path) -> Application | Report:
    try:
        with path.open("rb") as handle:
            data = handle.read(10 * 1024 * 1024 + 1)
    except OSError as exc:
        raise UserError(
            "document.unreadable",
            text(
                N_("Het bestand {name} is niet te openen: {reason}."),
                name=path.name,
                reason=str(exc.strerror),
            ),
        ) from exc
    return parse_document(data)


def example_application(
    regeling: Regeling, clock: Clock, language: str = "nl", route: str | None = None
) -> Application:
    """The regeling's example (or a route's own example), with its dates set relative to
    today so it stays valid."""
    chosen = regeling.route(route)
    example = chosen.example if chosen is not None and chosen.example else regeling.example
    answers: dict[str, Any] = dict(example.answers)
    for key, days in example.days_ahead.items():
        answers[key] = (today(clock) + dt.timedelta(days=days)).isoformat()
    return new_application(regeling.id, regeling.version, clock, answers=answers, language=language)
