"""The two windows, opened from the command line. The one place the CLI imports the UI: Qt
and the window's code load only here, when a window is wanted."""

from __future__ import annotations

import argparse

from desktop_app.core.language import Language


def open_resident_window(args: argparse.Namespace, language: Language) -> int:
    """`klein-initiatief` without a command: the resident's window."""
    from desktop_app.resident.service import AppPaths
    from desktop_app.ui.resident.window import run_app

    paths = AppPaths(args.data_dir) if args.data_dir else None
    return run_app(language=language, extra_forms=args.forms, paths=paths)


def open_officials_window(args: argparse.Namespace, language: Language) -> int:
    """`klein-initiatief behandelaar`: the officials' window over a case store."""
    from desktop_app.core.clock import SystemClock
    from desktop_app.core.loader import Catalog
    from desktop_app.officials.service import default_store_folder
    from desktop_app.ui.officials import run_officials

    store = args.store or default_store_folder(args.data_dir)
    return run_officials(store, language, Catalog.default(args.forms), SystemClock())
