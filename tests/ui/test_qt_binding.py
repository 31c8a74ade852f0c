"""The canary for the Qt binding: PySide6 6.12.0 on Python 3.11 drops a reference to None on
every call of a Qt method that returns nothing, until Python aborts (``Fatal Python error:
none_dealloc``). 20,000 such calls, in a process of their own, show it at once and name it."""

from __future__ import annotations

from tests.ui.longrun_app import VOID_CALLS, run_child


def test_void_qt_calls_do_not_drop_references_to_none() -> None:
    result = run_child("void", timeout=120)  # fails with the cause and what to do about it
    assert result["calls"] == VOID_CALLS == 20_000
