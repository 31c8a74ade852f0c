"""Canonical JSON for what we sign: RFC 8785, the JSON Canonicalization Scheme (JCS).

One function for decisions and receipts alike, so that anyone can recompute the signed bytes
with any JCS implementation (Trail of Bits' ``rfc8785`` here; there are others for Go, Java,
JavaScript, .NET): keys sorted by their UTF-16 code units, no white space, strings in UTF-8
with only the escapes JSON requires, numbers as ECMAScript prints them.

``legacy_v1`` is the form that version-1 decisions were signed over before JCS (sorted keys,
no spaces, every non-ASCII character escaped as ``\\uXXXX``); it is kept only to verify
those files.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 bytes of a JSON value (dicts, lists, str, int, bool, None).

    Raises ValueError for what JSON cannot carry exactly (NaN, an integer beyond 2**53).
    """
    return rfc8785.dumps(value)


def legacy_v1(value: Any) -> bytes:
    """The pre-JCS form of version-1 decisions and receipts (for verifying old files only)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
