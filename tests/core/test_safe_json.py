"""Hostile JSON: the shapes that made the old scanner quadratic (one 128 kB upload froze the
intake for 31 s), at 1 MB, and the scanner checked against json.loads and a plain reference
scanner on generated input. Correctness is asserted, never time (benchmarks/safe_json.py
prints the figures)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.errors import UserError
from desktop_app.core.safe_json import MAX_DEPTH, loads_untrusted, nesting_depth

MB = 1024 * 1024


def _code(data: bytes, **limits: int) -> str:
    with pytest.raises(UserError) as refused:
        loads_untrusted(data, **limits)
    assert refused.value.message.nl and refused.value.message.en
    return refused.value.code


def test_a_quote_then_a_megabyte_of_escaped_quotes_is_refused_as_invalid() -> None:
    """The attack on the old regex: every escaped quote was a new start that scanned to the
    end. The string never closes, so it is not JSON."""
    for data in (b'"' + b'\\"' * (MB // 2), b'["' + b'\\"' * (MB // 2)):
        assert _code(data) == "json.string_too_long"
        assert _code(data, max_string=2 * MB) == "json.invalid"


def test_a_megabyte_of_escaped_quotes_that_does_close_is_read_exactly() -> None:
    data = b'["' + b'\\"' * (MB // 2) + b'"]'
    assert loads_untrusted(data, max_string=MB) == ['"' * (MB // 2)]
    assert _code(data) == "json.string_too_long"  # longer than any honest text


def test_escaped_backslashes_end_a_string_and_brackets_in_strings_do_not_nest() -> None:
    inside = b'["' + b"[{" * (MB // 4) + b'"]'
    assert loads_untrusted(inside, max_string=MB) == ["[{" * (MB // 4)]
    # "\\\\" is one backslash: the quote after it closes the string, so the brackets count.
    closing = b'["\\\\"' + b", [" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1) + b"]"
    assert _code(closing) == "json.too_deep"
    assert nesting_depth('["\\\\", [[]]]') == 3
    assert nesting_depth('["\\"", [[]]]') == 3
    assert nesting_depth('["\\\\\\"[[[[", []]') == 2


def test_a_megabyte_of_nesting_up_to_the_limit_is_read_and_one_deeper_is_refused() -> None:
    nested = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    text = "[" + ",".join([nested] * (MB // len(nested))) + "]"
    assert nesting_depth(text) == MAX_DEPTH
    assert loads_untrusted(text.encode()) == json.loads(text)
    deeper = "[" + ",".join(["[" + nested + "]"] * (MB // len(nested))) + "]"
    assert _code(deeper.encode()) == "json.too_deep"


def test_deep_nesting_is_refused_before_anything_recursive_runs() -> None:
    assert _code(b"[" * MB) == "json.too_deep"
    assert _code(b'{"a":' * (MB // 5) + b"1" + b"}" * (MB // 5)) == "json.too_deep"
    # Deep, then an unclosed string: only the part before the string can nest, and that
    # part alone is too deep.
    assert _code(b"[" * (MAX_DEPTH + 1) + b'"' + b"]" * MB) == "json.too_deep"
    assert _code(b"[" * 10 + b'"' + b"[" * MB, max_string=2 * MB) == "json.invalid"


def test_short_texts_are_held_to_the_same_limits() -> None:
    """A short text with few brackets skips the scan; one bracket or character more does not."""
    at_the_limit = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert loads_untrusted(at_the_limit.encode()) == json.loads(at_the_limit)
    assert _code(("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).encode()) == "json.too_deep"
    assert _code(b'{"a": {"b": [1]}}', max_depth=2) == "json.too_deep"
    assert loads_untrusted(b'["abcdefgh"]', max_string=12) == ["abcdefgh"]
    assert _code(b'["abcdefghijklmnop"]', max_string=12) == "json.string_too_long"


def test_a_megabyte_of_short_strings_and_of_long_numbers() -> None:
    strings = "[" + '"a",' * (MB // 4) + '"b"]'
    assert loads_untrusted(strings.encode()) == json.loads(strings)
    numbers = "[" + "1234567890123456789," * (MB // 20) + "-0.5e-7]"
    assert loads_untrusted(numbers.encode()) == json.loads(numbers)
    assert _code(b"[" + b"9" * MB + b"]") == "json.number_too_large"
    assert _code(b"[0." + b"1" * 100 + b"]") == "json.number_too_large"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"[NaN]", "json.not_a_number"),
        (b'{"a": Infinity}', "json.not_a_number"),
        (b"[-Infinity]", "json.not_a_number"),
        (b"[1e400]", "json.number_too_large"),  # infinity as a float
        (b'{"a": 1, "a": 2}', "json.duplicate_key"),
        (b'{"x": {"a": 1, "a": 1}}', "json.duplicate_key"),
        (b'["\xff\xfe"]', "json.not_utf8"),
        (b'["caf\xc3"]', "json.not_utf8"),
        (b'["\\ud800"]', "json.bad_text"),  # a lone surrogate: no UTF-8 writer takes it
        (b'{"\\udc00": 1}', "json.bad_text"),
        (b"[1,]", "json.invalid"),
        (b"", "json.invalid"),
    ],
)
def test_hostile_details_get_a_clear_code(data: bytes, code: str) -> None:
    assert _code(data) == code


def test_what_honest_files_contain_still_reads() -> None:
    text = (
        '\ufeff{"naam": "Caf\u00e9 \\ud83d\\ude00", "bedrag": "12.50", "n": [1, 2.5, true, null]}'
    )
    assert loads_untrusted(text.encode()) == {
        "naam": "Caf\u00e9 \U0001f600",
        "bedrag": "12.50",
        "n": [1, 2.5, True, None],
    }


def test_too_large_is_refused_before_reading() -> None:
    assert _code(b" " * 2048, max_bytes=1024) == "json.too_large"


# --- properties ----------------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=40,
)


def _depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth_of(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300)
@given(_values, st.booleans())
def test_the_scanner_agrees_with_json_loads_on_valid_json(value: object, compact: bool) -> None:
    text = json.dumps(value, ensure_ascii=compact, indent=None if compact else 1)
    assert nesting_depth(text) == _depth_of(value)
    assert loads_untrusted(text.encode()) == json.loads(text)


def _reference_depth(text: str) -> int:
    """The plain character-by-character scanner: what nesting_depth must agree with."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


@settings(max_examples=500)
@given(st.text(alphabet='"\\[]{}a,:\n', max_size=200))
def test_the_scanner_agrees_with_a_plain_scanner_on_any_text(text: str) -> None:
    assert nesting_depth(text) == _reference_depth(text)


@settings(max_examples=300)
@given(st.text(alphabet='"\\[]{}1a,: ', max_size=60))
def test_any_text_is_either_refused_clearly_or_read_as_json_reads_it(text: str) -> None:
    not_json = object()
    try:
        expected = json.loads(text)
    except ValueError:
        expected = not_json
    try:
        got = loads_untrusted(text.encode())
    except UserError as refused:
        assert refused.code.startswith("json.")
        return
    assert expected is not not_json, "read what json.loads refuses"
    assert got == expected
