"""The command line over the same services as the window.

Exit codes (exit_codes.py): 0 ok; 1 the input is understood but fails (rules, signature,
integrity); 2 the input cannot be read or the command is wrong. Messages go to stderr in the
user's language, `--help` too; a person never sees a traceback.

Each command's module (resident, officials, sending) and the code it runs are imported only
when that command runs: opening the window imports no openpyxl, case store or PDF stack.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop_app.cli.exit_codes import EXIT_INTERRUPTED, EXIT_OK, EXIT_UNREADABLE
from desktop_app.cli.language import argparse_language, language_asked
from desktop_app.cli.parser import build_parser, version

if TYPE_CHECKING:
    from desktop_app.cli.common import Out
    from desktop_app.core.clock import Clock
    from desktop_app.core.text import Language, Text

__all__ = ["build_parser", "main", "unexpected_message", "version"]

log = logging.getLogger(__name__)

# command -> (module in desktop_app.cli, function): imported when the command runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "regelingen": ("resident", "cmd_regelingen"),
    "example": ("resident", "cmd_example"),
    "questions": ("resident", "cmd_questions"),
    "validate": ("resident", "cmd_validate"),
    "pdf": ("resident", "cmd_pdf"),
    "bundle": ("resident", "cmd_bundle"),
    "verify": ("resident", "cmd_verify"),
    "receive": ("resident", "cmd_receive"),
    "report": ("resident", "cmd_report"),
    "import": ("officials", "cmd_import"),
    "export": ("officials", "cmd_export"),
    "fetch": ("officials", "cmd_fetch"),
    "keys": ("officials", "cmd_keys"),
    "decide": ("officials", "cmd_decide"),
    "settle": ("officials", "cmd_settle"),
    "insight": ("officials", "cmd_insight"),
    "overview": ("officials", "cmd_insight"),
    "submit": ("sending", "cmd_submit"),
    "outbox": ("sending", "cmd_outbox"),
    "intake": ("sending", "cmd_intake"),
}

Command = Callable[[argparse.Namespace, "Out", "Clock"], int]


def command(name: str) -> Command:
    """The function that runs `name`, importing its module now (plain import statements, so
    PyInstaller sees them)."""
    module, function = COMMANDS[name]
    if module == "resident":
        from desktop_app.cli import resident as found
    elif module == "officials":
        from desktop_app.cli import officials as found  # type: ignore[no-redef]
    else:
        from desktop_app.cli import sending as found  # type: ignore[no-redef]
    run: Command = getattr(found, function)
    return run


def unexpected_message(log_file: Path | None) -> Text:
    """What a person reads after an error nobody foresaw: no details, where the log is."""
    from desktop_app.core.i18n import N_, text

    if log_file is None:
        return text(
            N_("Er ging iets mis in het programma. Er is niets veranderd. Probeer het opnieuw.")
        )
    return text(
        N_(
            "Er ging iets mis in het programma. Er is niets veranderd. Probeer het opnieuw. "
            "Blijft het misgaan? Geef dan het logbestand aan wie u helpt: {log_file}"
        ),
        log_file=str(log_file),
    )


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    clock: Clock | None = None,
) -> int:
    from desktop_app.applog import current_log_file, setup_logging
    from desktop_app.cli.common import Out
    from desktop_app.core.i18n import N_, PSEUDO, available_languages, text
    from desktop_app.core.language import detect_language

    setup_logging()
    language: Language = "nl"
    args: argparse.Namespace | None = None
    out = Out(language, stdout or sys.stdout, stderr or sys.stderr)
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        out.language = language = detect_language(os.environ)
        asked = language_asked(arguments)
        if asked in available_languages() or asked == PSEUDO:
            out.language = language = asked
        with argparse_language(language):
            args = build_parser(language).parse_args(arguments)
        out.language = language = args.lang or language
        return _run(args, out, clock)
    except KeyboardInterrupt:
        out.error(text(N_("Afgebroken.")))
        return EXIT_INTERRUPTED
    except Exception:  # a bug: the details go to the log file, the person gets one clear line
        name = getattr(args, "command", None)
        log.exception("unexpected error on the command line (command: %s)", name)
        message = unexpected_message(current_log_file())
        if getattr(args, "json", False):
            out.json({"error": {"code": "unexpected", "message": message.model_dump()}})
        out.error(message)
        return EXIT_UNREADABLE


def _run(args: argparse.Namespace, out: Out, clock: Clock | None) -> int:
    from desktop_app.applog import open_log_file
    from desktop_app.cli import windows
    from desktop_app.core.clock import SystemClock, fixed_on
    from desktop_app.core.errors import UserError

    if args.command == "behandelaar":
        return windows.open_officials_window(args, out.language)
    if args.command is None:  # the log file opens after the start screen's first paint
        return windows.open_resident_window(args, out.language)
    open_log_file()  # every other command has it at once, with its "started" line
    if clock is None:
        clock = SystemClock()
        if getattr(args, "today", None):
            clock = fixed_on(args.today)
    try:
        return command(args.command)(args, out, clock)
    except UserError as error:
        if getattr(args, "json", False):
            out.json({"error": {"code": error.code, "message": error.message.model_dump()}})
        out.error(error.message)
        return EXIT_UNREADABLE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours; stay quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
