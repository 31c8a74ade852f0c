"""What Orca says: a page change and a validation error, from Orca's own debug log.

Not a test (Orca is large and optional); run by hand with Orca installed:

    dbus-run-session -- xvfb-run -a /usr/bin/python3 tests/a11y/orca_speech.py \
        /work/main/.venv/bin/python OUT_FOLDER

It starts Orca (``orca --debug-file``), then the app (tests/a11y/a11y_app.py), opens the
Amsterdam example, goes to the next page and leaves an impossible date, and prints Orca's
``SPEECH OUTPUT`` lines from the moment the example is open.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pyatspi  # type: ignore[import-not-found]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> int:
    python, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    assert pyatspi.Registry.getDesktop(0).childCount >= 0  # the bus first
    log = os.path.join(out, "orca-debug.out")
    home = os.path.join(out, "home")
    env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    with open(os.path.join(out, "orca.stdout"), "w") as orca_out:
        orca = subprocess.Popen(
            ["orca", "--replace", "--debug-file", log], env=env, stdout=orca_out, stderr=orca_out
        )
    time.sleep(8)
    app_env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "PYTHONPATH": ROOT,
    }
    app = subprocess.Popen(
        [python, "-m", "tests.a11y.a11y_app", os.path.join(out, "data")],
        cwd=ROOT,
        env=app_env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    app.stdout.readline()
    marks = []
    for command in ("example", "click_next", "date_error"):
        marks.append((time.strftime("%H:%M:%S"), command))
        app.stdin.write(command + "\n")
        app.stdin.flush()
        print(command, "->", app.stdout.readline().strip(), flush=True)
        time.sleep(15)  # Orca works through its queue slowly
    app.stdin.write("quit\n")
    app.stdin.flush()
    app.wait(30)
    orca.terminate()
    orca.wait(20)
    print("marks:", marks)
    with open(log, encoding="utf-8", errors="replace") as debug:
        for line in debug:
            if "SPEECH OUTPUT" in line:
                print(line.rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
