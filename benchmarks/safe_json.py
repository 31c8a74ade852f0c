"""Time per MB for reading untrusted JSON (core/safe_json.py) on its worst-case shapes, at
two sizes: if the time per MB stays about the same when the input doubles, the reading is
linear (the old backtracking regex took 12 s at 64 kB and 45 s at 128 kB). Goal: under
1 s per MB for every shape, whether it is read or refused.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from desktop_app.core.errors import UserError
from desktop_app.core.safe_json import MAX_DEPTH, loads_untrusted

RUNS = 5
MB = 1024 * 1024


def _nested(size: int, depth: int) -> bytes:
    group = "[" * (depth - 1) + "1" + "]" * (depth - 1)
    return ("[" + ",".join([group] * (size // (len(group) + 1))) + "]").encode()


SHAPES: dict[str, Callable[[int], bytes]] = {
    'quote + \\" run, never closed': lambda n: b'"' + b'\\"' * (n // 2),
    '\\" run inside a closed string': lambda n: b'["' + b'\\"' * (n // 2) + b'"]',
    "nesting at the limit (32), repeated": lambda n: _nested(n, MAX_DEPTH),
    "nesting one past the limit": lambda n: _nested(n, MAX_DEPTH + 1),
    "only [ (deep)": lambda n: b"[" * n,
    "brackets inside one string": lambda n: b'["' + b"[{" * (n // 2) + b'"]',
    "many short strings": lambda n: b"[" + b'"a",' * (n // 4) + b'"b"]',
    "many short keys": lambda n: b"{" + b",".join(b'"%07d":1' % i for i in range(n // 12)) + b"}",
    "long numbers (19 digits each)": lambda n: b"[" + b"1234567890123456789," * (n // 20) + b"0]",
    "one huge number": lambda n: b"[" + b"9" * n + b"]",
}


def _time(data: bytes) -> tuple[float, str]:
    timings, result = [], ""
    for _ in range(RUNS):
        start = time.perf_counter()
        try:
            loads_untrusted(data, max_string=len(data))
            result = "read"
        except UserError as refused:
            result = refused.code
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


def main() -> None:
    print(f"{'shape':40} {'s per MB at 1 MB':>17} {'at 4 MB':>9}  result   (goal < 1 s/MB)")
    for name, make in SHAPES.items():
        small, result = _time(make(MB))
        large, _ = _time(make(4 * MB))
        print(f"{name:40} {small:17.3f} {large / 4:9.3f}  {result}")


if __name__ == "__main__":
    main()
