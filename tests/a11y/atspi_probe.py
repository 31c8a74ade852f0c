"""Read the app the way a screen reader does: over the AT-SPI bus, with pyatspi.

Runs with the SYSTEM Python (Debian's python3-pyatspi), inside an X server and a private
D-Bus session (tests/a11y/harness.py starts it so):

    /usr/bin/python3 tests/a11y/atspi_probe.py APP_PYTHON DATA SCRIPT_JSON

It starts the app (``APP_PYTHON -m tests.a11y.a11y_app DATA``), sends it the script's
keyboard commands one by one and, where the script asks, reads the accessible tree of what is
on screen and walks the Tab order — reading the focused object over AT-SPI after every Tab.
The last line on stdout is JSON: per step, what the app said and what AT-SPI showed.

This file imports nothing from the project: it only knows the bus.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

INTERESTING = {
    "focusable",
    "focused",
    "showing",
    "visible",
    "enabled",
    "required",
    "invalid_entry",
    "checked",
    "selected",
    "editable",
}


def states_of(accessible) -> list[str]:
    state_set = accessible.getState()
    return sorted(
        pyatspi.stateToString(s).replace(" ", "_")
        for s in state_set.getStates()
        if pyatspi.stateToString(s).replace(" ", "_") in INTERESTING
    )


def describe(accessible) -> dict:
    try:
        extents = accessible.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        box = [extents.x, extents.y, extents.width, extents.height]
    except NotImplementedError:
        box = None
    labelled_by = []
    for relation in accessible.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            labelled_by += [relation.getTarget(i).name for i in range(relation.getNTargets())]
    try:
        attributes = dict(a.split(":", 1) for a in accessible.getAttributes() if ":" in a)
    except Exception:
        attributes = {}
    return {
        "role": accessible.getRoleName(),
        "name": accessible.name or "",
        "description": accessible.description or "",
        "states": states_of(accessible),
        "box": box,
        "labelled_by": labelled_by,
        "attributes": attributes,
    }


def walk(accessible, found: list, depth: int = 0, ancestors: tuple = (), top: int = -1) -> None:
    """Everything on screen: children of an object that is not showing are not read. Each
    object also lists the names of the named objects around it (its groups), innermost first."""
    if depth > 40:
        return
    for index in range(accessible.childCount):
        child = accessible.getChildAtIndex(index)
        if child is None:
            continue
        state = child.getState()
        if not state.contains(pyatspi.STATE_SHOWING):
            continue
        seen = describe(child)
        seen["ancestors"] = list(ancestors)
        seen["window"] = len(found) if depth == 0 else top  # the tree index of its window
        found.append(seen)
        inner = (seen["name"], *ancestors) if seen["name"] else ancestors
        walk(child, found, depth + 1, inner, seen["window"])


class Heard:
    """What the bus told a listener during a step, as Orca hears it: every object that got
    focus (in order) and every announcement. The events arrive through GLib's main loop,
    which the probe runs while it waits."""

    def __init__(self) -> None:
        self.focus: list[dict] = []
        self.announced: list[str] = []
        self.last = None  # the object that got focus last, as Orca follows it
        pyatspi.Registry.registerEventListener(self._focus, "object:state-changed:focused")
        pyatspi.Registry.registerEventListener(self._said, "object:announcement")

    def _focus(self, event) -> None:
        if event.detail1:
            self.last = event.source
            with contextlib.suppress(Exception):  # gone meanwhile
                self.focus.append(
                    {"name": event.source.name or "", "role": event.source.getRoleName()}
                )

    def _said(self, event) -> None:
        self.announced.append(str(event.any_data or ""))

    def take(self) -> dict:
        pump()
        heard = {"focus_events": self.focus, "announced": self.announced}
        self.focus, self.announced = [], []
        return heard


def pump(seconds: float = 0.0) -> None:
    """Let the bus's events arrive (for ``seconds``, or what is waiting now)."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while True:
        while context.iteration(False):
            pass
        if time.monotonic() >= end:
            return
        time.sleep(0.02)


def find_app(pid: int, timeout: float = 30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            try:
                if app is not None and app.get_process_id() == pid and app.childCount:
                    return app
            except Exception:
                continue
        time.sleep(0.2)
    raise SystemExit(f"the app (pid {pid}) did not appear on the accessibility bus")


def focused(app) -> dict | None:
    found = focused_object(app)
    return describe(found) if found is not None else None


def box_of(accessible) -> list | None:
    try:
        extents = accessible.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except Exception:
        return None
    return [extents.x, extents.y, extents.width, extents.height]


HEARD: Heard | None = None


def focused_object(app):
    """The focused object, found over the bus (not told by the app): the one that got focus
    last if it still says so (as Orca follows focus), else the first focused one in the tree
    (a tab bar's current tab may keep its focused state while a table has focus)."""
    if HEARD is not None:
        pump()
        last = HEARD.last
        try:
            if last is not None and last.getState().contains(pyatspi.STATE_FOCUSED):
                return last
        except Exception:
            pass
    stack = [app]
    while stack:
        node = stack.pop()
        for index in range(node.childCount):
            child = node.getChildAtIndex(index)
            if child is None:
                continue
            state = child.getState()
            if not state.contains(pyatspi.STATE_SHOWING):
                continue
            if state.contains(pyatspi.STATE_FOCUSED):
                return child
            stack.append(child)
    return None


def settled_focus(app, told: str, timeout: float = 5.0):
    """The focused object once the bus has caught up with what the app says has focus (a
    list is named by its value on the bus, so its label or description may carry the name)."""
    end = time.monotonic() + timeout
    while True:
        found = focused_object(app)
        if found is not None:
            if not told or found.name == told or told in (found.description or ""):
                return found
            if told in [describe(found)["labelled_by"]][0]:
                return found
        if time.monotonic() > end:
            return found
        pump(0.05)


def same(one: dict, other: dict) -> bool:
    return (one["name"], one["role"]) == (other["name"], other["role"])


class App:
    def __init__(self, python: str, data: str, module: str) -> None:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "xcb",
            "QT_ACCESSIBILITY": "1",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "PYTHONPATH": root,
        }
        self.process = subprocess.Popen(
            [python, "-m", module, data],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.first = self.read()

    def read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the app ended (code {self.process.wait()})")
        return json.loads(line)

    def send(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> None:
        try:
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            self.process.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


def main() -> int:
    python, data, script = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    module = sys.argv[4] if len(sys.argv) > 4 else "tests.a11y.a11y_app"
    # The accessibility bus and its registry first: an app that starts while the bus is still
    # being started does not register on it.
    assert pyatspi.Registry.getDesktop(0).childCount >= 0
    global HEARD
    heard = HEARD = Heard()
    app = App(python, data, module)
    steps = []
    try:
        accessible = find_app(app.process.pid)
        heard.take()
        for step in script:
            said = app.send(step["do"])
            pump(0.3)  # the bus is asynchronous: let Qt's events arrive
            found = settled_focus(accessible, said.get("focus", ""))
            seen: dict = {
                "do": step["do"],
                "app": said,
                "focused": describe(found) if found is not None else None,
                **heard.take(),
            }
            if step.get("read"):
                tree: list = []
                walk(accessible, tree)
                seen["tree"] = tree
            if step.get("tabs"):
                order = []
                start = seen["focused"]
                previous = focused_object(accessible)
                for _ in range(step["tabs"]):
                    said_tab = app.send("tab")
                    current = settled_focus(accessible, said_tab.get("focus", ""))
                    now = describe(current) if current is not None else None
                    # Where the previous stop is NOW (after any scrolling), to compare with.
                    before = box_of(previous) if previous is not None else None
                    order.append({"app": said_tab["focus"], "bus": now, "previous_box": before})
                    previous = current
                    if now is None or start is None or same(now, start):
                        break  # round once: back where it started
                    if len(order) > 1 and order[0]["bus"] and same(now, order[0]["bus"]):
                        break  # round once, back into a table by another name than its cell
                seen["tab_order"] = order
                pump(0.2)
                heard.take()  # what Tab said is in the Tab order already
            steps.append(seen)
            if "error" in said:
                break
    finally:
        app.close()
    print(json.dumps({"steps": steps}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
