"""Text from a user or a file made inert for every output: a terminal, a Markdown reader,
a spreadsheet or another program.

Control characters (escape sequences, C1 controls such as CSI) can make a terminal clear
the screen, switch its character set or write the clipboard; bidirectional overrides can
make a note display as something it does not say. Where text is shown, each is written
as a visible escape (`\\x1b`, `\\u202e`); in JSON, as a JSON escape, so that the data
reads back exactly.
"""

from __future__ import annotations

import re

# Every control character but line feed and tab, the bidirectional embeddings,
# overrides and isolates, lone surrogates (which no file can hold) and the two
# noncharacters U+FFFE and U+FFFF (which YAML refuses).
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_BYTE = 0xFF


_UNSAFE_CHAR = re.compile(f"[{_UNSAFE}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code <= _BYTE else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with each unsafe character shown as an escape; line breaks and tabs kept."""
    if text.isprintable():  # the common case, at C speed (no control or format character)
        return text
    return _UNSAFE_CHAR.sub(_visible, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def inert_json(text: str) -> str:
    """JSON text (from json.dumps, whose strings already escape C0 controls) with every
    other unsafe character as a \\u escape: the same data, nothing raw on a terminal."""
    return _UNSAFE_CHAR.sub(_json_escape, text)
