"""The service files in deploy/ start the intake the way the command line understands: the
systemd unit's and the container's command lines parse, name the token by file (never the
token itself), and listen beyond loopback only with the officials' token."""

from __future__ import annotations

import json
import re
import shlex

from desktop_app.cli import build_parser
from desktop_app.intake.server import is_loopback
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def _check(argv: list[str]) -> None:
    assert argv[0].endswith("/klein-initiatief")
    args = build_parser().parse_args(argv[1:])
    assert args.command == "intake" and args.data.is_absolute()
    assert args.officials_token_file is not None  # the token from a file
    assert is_loopback(args.host) or args.officials_token_file is not None


def test_the_systemd_unit_runs_the_intake_command() -> None:
    unit = (DEPLOY / "klein-initiatief-intake.service").read_text(encoding="utf-8")
    (line,) = re.findall(r"^ExecStart=(.+)$", unit, re.MULTILINE)
    argv = [part.replace("%d", "/run/credentials/x") for part in shlex.split(line)]
    _check(argv)
    assert "--host" in argv and is_loopback(argv[argv.index("--host") + 1])  # TLS: the proxy
    assert "LoadCredential=officials-token:" in unit and "NoNewPrivileges=yes" in unit
    assert re.search(r"^User=(?!root)\S+", unit, re.MULTILINE)


def test_the_container_runs_the_intake_command_as_a_user() -> None:
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    (entry,) = re.findall(r"^ENTRYPOINT (\[.+\])$", text, re.MULTILINE)
    _check(json.loads(entry))
    users = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    for copied in re.findall(r"^COPY (.+) \S+$", text, re.MULTILINE):
        for name in copied.split():
            assert (ROOT / name).exists(), name  # the build context has what it copies
