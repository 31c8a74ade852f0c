"""The lock files are what a resident installs: exact, hashed, and in line with pyproject.toml.

`scripts/setup.sh` installs only from them, so a range in pyproject.toml that the lock no longer
satisfies (or a dependency added without refreshing the lock) must fail here, not on a
resident's PC. Refresh with `bash scripts/lock.sh`.
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

APP_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Installed beside the locked packages but not by them.
NOT_LOCKED = {"klein-initiatief", "pip", "setuptools"}


def _entries(lock: Path) -> list[tuple[Requirement, list[str]]]:
    """Each pinned requirement with its hashes; continuation lines joined."""
    text = lock.read_text(encoding="utf-8").replace("\\\n", " ")
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *hash_parts = line.split("--hash=")
        entries.append((Requirement(spec.strip()), [h.strip() for h in hash_parts]))
    return entries


def _pins(lock: Path, environment: dict[str, str] | None = None) -> dict[str, Version]:
    """Name -> pinned version, for the entries whose marker holds in `environment`."""
    pins = {}
    for requirement, _ in _entries(lock):
        if requirement.marker is None or requirement.marker.evaluate(environment):
            (specifier,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = Version(specifier.version)
    return pins


def _declared(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    declared = [Requirement(text) for text in project["dependencies"]]
    for extra in extras:
        declared += [Requirement(text) for text in project["optional-dependencies"][extra]]
    return declared


@pytest.mark.parametrize("lock", [APP_LOCK, TEST_LOCK], ids=lambda p: p.name)
def test_every_entry_is_exact_and_hashed(lock: Path) -> None:
    entries = _entries(lock)
    assert len(entries) > 20, f"{lock.name} looks empty"
    for requirement, hashes in entries:
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{lock.name}: {requirement} is not an exact version"
        assert hashes and all(h.startswith("sha256:") for h in hashes), (
            f"{lock.name}: {requirement.name} has no sha256 hash"
        )


# Python 3.11 and 3.12, on the platforms residents and community centres use.
ENVIRONMENTS = [
    {**default_environment(), "python_version": py, "python_full_version": f"{py}.0", **platform}
    for py in ("3.11", "3.12")
    for platform in (
        {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
        {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
        {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    )
]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [(APP_LOCK, ()), (TEST_LOCK, ("test", "intake"))],
    ids=["app", "test"],
)
@pytest.mark.parametrize(
    "environment",
    ENVIRONMENTS,
    ids=lambda env: f"{env['sys_platform']}-py{env['python_version']}",
)
def test_the_lock_satisfies_pyproject(
    lock: Path, extras: tuple[str, ...], environment: dict[str, str]
) -> None:
    pins = _pins(lock, environment)
    for requirement in _declared(*extras):
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, (
            f"{requirement} is declared in pyproject.toml but not in {lock.name}: "
            "run `bash scripts/lock.sh`"
        )
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock.name} pins {name}=={pins[name]}, outside pyproject.toml's {requirement}: "
            "run `bash scripts/lock.sh`"
        )


def test_the_app_lock_has_the_versions_the_suite_ran() -> None:
    app, test = _pins(APP_LOCK), _pins(TEST_LOCK)
    assert set(app) <= set(test)
    assert {name: app[name] for name in app} == {name: test[name] for name in app}


def test_the_known_bad_qt_binding_is_excluded_on_python_311() -> None:
    environment = {**default_environment(), "python_version": "3.11"}
    for requirement in _declared():
        if canonicalize_name(requirement.name) == "pyside6-essentials" and (
            requirement.marker is None or requirement.marker.evaluate(environment)
        ):
            assert not requirement.specifier.contains("6.12.0")
    assert _pins(TEST_LOCK)["pyside6-essentials"] != Version("6.12.0")


def _made_by_setup() -> bool:
    return (Path(sys.prefix) / ".installed-lock").is_file()


@pytest.mark.skipif(
    not _made_by_setup(), reason="this Python was not installed by scripts/setup.sh"
)
def test_the_installed_packages_are_exactly_the_lock() -> None:
    installed = {
        canonicalize_name(dist.metadata["Name"]): Version(dist.version)
        for dist in metadata.distributions()
    }
    locked = _pins(TEST_LOCK)
    # pip (and setuptools, which a new venv brings) count only when the lock pins them.
    installed = {n: v for n, v in installed.items() if n in locked or n not in NOT_LOCKED}
    assert installed == locked
