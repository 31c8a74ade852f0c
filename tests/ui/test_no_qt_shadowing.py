"""No widget of ours hides a Qt method or attribute under a name of its own.

``self.reject = QRadioButton(...)`` in a QDialog looks harmless, but Qt calls ``reject()`` on Esc
and on the close button, finds a radio button instead, and the app crashes. The same goes for
``self.actions`` (QWidget.actions) and a method ``create`` (QWidget.create). This test reads the
source of every QObject subclass in desktop_app.ui (it instantiates nothing) and fails on any
``self.X = ...`` or class-level name X that Qt's base classes already have.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import textwrap

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

import desktop_app.ui

# Qt's virtual methods that a subclass overrides on purpose, with Qt's own signature.
OVERRIDES = {"accept", "reject", "done", "event", "eventFilter", "sizeHint", "minimumSizeHint"}
# An item model's virtual methods (the officials' inbox is a model/view table).
OVERRIDES |= {"rowCount", "columnCount", "data", "headerData", "sort"}
OVERRIDES |= {"hasHeightForWidth", "heightForWidth"}  # a wrapping text: Qt asks the height


def _qt_bases(cls: type) -> list[type]:
    return [b for b in cls.__mro__ if b.__module__.startswith(("PySide6", "shiboken6"))]


def _self_attributes(class_node: ast.ClassDef) -> list[tuple[str, int]]:
    """Every ``self.X`` that is assigned to anywhere in the class's methods."""
    found = []
    for node in ast.walk(class_node):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        else:
            continue
        for target in targets:
            for part in ast.walk(target):
                if (
                    isinstance(part, ast.Attribute)
                    and isinstance(part.value, ast.Name)
                    and part.value.id == "self"
                ):
                    found.append((part.attr, part.lineno))
    return found


def _class_names(class_node: ast.ClassDef) -> list[tuple[str, int]]:
    """Methods and class attributes defined in the class body itself."""
    found = []
    for node in class_node.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((node.name, node.lineno))
        elif isinstance(node, ast.Assign):
            found += [(t.id, node.lineno) for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found.append((node.target.id, node.lineno))
    return found


def _deliberate_override(name: str) -> bool:
    return (
        (name.startswith("__") and name.endswith("__"))
        or name.endswith("Event")
        or (name in OVERRIDES)
    )


def shadowings(cls: type) -> list[str]:
    """``Class: name (line n)`` for each name of ours that a Qt base class already has."""
    qt = _qt_bases(cls)
    lines, first = inspect.getsourcelines(cls)
    [class_node] = ast.parse(textwrap.dedent("".join(lines))).body
    assert isinstance(class_node, ast.ClassDef)
    problems = []
    for name, line in _self_attributes(class_node):
        if any(hasattr(base, name) for base in qt):
            problems.append(f"{cls.__qualname__}: self.{name} (line {first + line - 1})")
    for name, line in _class_names(class_node):
        if not _deliberate_override(name) and any(hasattr(base, name) for base in qt):
            problems.append(f"{cls.__qualname__}: {name} (line {first + line - 1})")
    return problems


def _ui_qobject_classes() -> list[type]:
    classes = []
    for info in pkgutil.walk_packages(desktop_app.ui.__path__, "desktop_app.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, QObject)
                and value.__module__ == module.__name__
            ):
                classes.append(value)
    return classes


def test_no_widget_hides_a_qt_method_or_attribute() -> None:
    classes = _ui_qobject_classes()
    assert {"DecideDialog", "DonePage", "NewDossierPage", "MainWindow"} <= {
        c.__name__ for c in classes
    }
    problems = [f"{cls.__module__}.{p}" for cls in classes for p in shadowings(cls)]
    assert problems == [], "rename these, Qt has them already:\n" + "\n".join(problems)


class _HidesReject(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.reject = None  # type: ignore[assignment]

    def create(self) -> None:  # type: ignore[override]
        pass

    def reject_dialog(self) -> None:
        QDialog.reject(self)


def test_the_check_catches_the_dialog_that_crashed_on_escape() -> None:
    """The test above would prove nothing if it could not see this."""
    found = [problem.split(" (line")[0] for problem in shadowings(_HidesReject)]
    assert found == ["_HidesReject: self.reject", "_HidesReject: create"]
