"""Text from outside (data files, names a person typed) made safe to show: one helper each for
a terminal line and for JSON.

A control character (an escape sequence's start, a carriage return, a bell ...) or a
bidirectional control (which reorders what a line appears to say) never reaches a terminal,
a Markdown file or a JSON document raw: :func:`escape` writes it the way Python writes it in
a string (``\\x1b``, ``\\u202e``), and :func:`json_safe` makes a JSON text carry it as a
``\\uXXXX`` escape, which a JSON reader turns back into the same value. Imports nothing of
pomplan's, so every layer can use it.
"""

from __future__ import annotations

import re
from functools import cache

# C0 and C1 controls but tab, line feed and carriage return; the bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069), the marks U+200E/U+200F and U+061C;
# and lone surrogates (which no encoding can write).
_UNSAFE_CORE = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
)
_EXTRA = {"json": "", "line": "\r", "note": "\n\r"}  # a bare carriage return could overwrite a line


@cache
def _unsafe(kind: str) -> re.Pattern[str]:
    """The characters to escape for ``kind`` of output, compiled when first needed (each
    pattern costs a few tenths of a millisecond, and most text never needs one)."""
    return re.compile(f"[{_EXTRA[kind]}{_UNSAFE_CORE}]")


def _code(match: re.Match[str]) -> str:
    char = match.group()
    return repr(char)[1:-1]


def escape(text: str) -> str:
    """``text`` with every control (a carriage return too), bidirectional control and lone
    surrogate written as an escape (``\\x1b``, ``\\r``, ``\\u202e``); tab and line feed stay."""
    if text.isascii() and text.isprintable():  # the common case: nothing to escape
        return text
    return _unsafe("line").sub(_code, text)


def one_line(text: str) -> str:
    """:func:`escape`, and a line feed written as ``\\n`` too: a note stays one line."""
    if text.isascii() and text.isprintable():
        return text
    return _unsafe("note").sub(_code, text)


def json_safe(encoded: str) -> str:
    """A JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with every C1
    control, bidirectional control and lone surrogate written as ``\\uXXXX``: the same value
    for a reader, nothing raw for a terminal. (Outside strings JSON has none of them.)"""
    if encoded.isascii() and "\x7f" not in encoded:  # the common case: nothing to escape
        return encoded
    return _unsafe("json").sub(_json_code, encoded)


def _json_code(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
