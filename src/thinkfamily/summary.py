"""What the records index keeps of each record: enough to list it and to report on it.

A summary is plain JSON, small enough that a hundred thousand of them load in a moment:

    entry: [finished, answered, questions, concerns, case or "", shape, codes, texts, stamp]
    shape: [checklist id, title, version, [[question id, text, section, scale], ...]]

Records made from the same checklist share one shape (keyed by a hash of it). `codes`
holds one character per answer: the answer word's place in `ALL_WORDS`, as a lower-case
letter, or an upper-case one when the answer is a concern. `texts` holds, for the few
answers that have them, `[position, action, currently in place, more could be in place]`.
`stamp` is the record file's size and modification time when it was read: a file changed
since (by hand, or damaged) does not match, and is read again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import Any

from thinkfamily.models.common import ALL_WORDS, MOMENT_PATTERN
from thinkfamily.models.record import Record

Entry = list[Any]
Shape = list[Any]

_ENTRY_TYPES = (str, int, int, int, str, str, str, list, str)
_FINISHED = re.compile(MOMENT_PATTERN)
_CODES = {word: chr(ord("a") + i) for i, word in enumerate(ALL_WORDS)}
_WORDS = {code: word for word, code in _CODES.items()}
_LETTERS = "".join(_CODES.values()) + "".join(_CODES.values()).upper()


def code(word: str, concern: bool) -> str:
    letter = _CODES[word]
    return letter.upper() if concern else letter


def decode(letter: str) -> tuple[str, bool]:
    """The answer word and whether it was a concern."""
    return _WORDS[letter.lower()], letter.isupper()


def stamp(size: int, mtime_ns: int) -> str:
    """What an entry keeps of its file's state (see the module's description)."""
    return f"{size}:{mtime_ns}"


def summarize(record: Record, file_stamp: str) -> tuple[Entry, str, Shape]:
    """The index entry of a record read from a file in the state `file_stamp`, the key of
    its shape, and the shape."""
    questions = tuple((a.question_id, a.text, a.section, a.scale) for a in record.answers)
    ref = record.checklist
    key, shape = _shape_of(ref.id, ref.title, ref.version, questions)
    codes = "".join(code(a.answer, a.concern) for a in record.answers)
    texts = [
        [i, a.action, a.currently_in_place, a.more_could_be_in_place]
        for i, a in enumerate(record.answers)
        if a.action or a.currently_in_place or a.more_could_be_in_place
    ]
    entry: Entry = [
        record.finished,
        record.answered,
        len(record.answers),
        len(record.concerns),
        record.case or "",
        key,
        codes,
        texts,
        file_stamp,
    ]
    return entry, key, shape


@functools.cache  # records of one checklist share a shape: hash it once per process
def _shape_of(
    checklist: str, title: str, version: str, questions: tuple[tuple[str, str, str, str], ...]
) -> tuple[str, Shape]:

    shape: Shape = [checklist, title, version, [list(q) for q in questions]]
    key = hashlib.blake2b(json.dumps(shape).encode("utf-8"), digest_size=12).hexdigest()
    return key, shape


def valid_entry(entry: object) -> bool:
    """An index entry as `summarize` makes them (an index is data from disk: check it)."""
    return (
        type(entry) is list
        and tuple(map(type, entry)) == _ENTRY_TYPES
        and _FINISHED.fullmatch(entry[0]) is not None
        and 0 <= entry[1] <= entry[2] == len(entry[6])
        and 0 <= entry[3] <= entry[2]
        and not entry[6].strip(_LETTERS)
        and all(
            type(t) is list
            and len(t) == 4  # noqa: PLR2004
            and type(t[0]) is int
            and 0 <= t[0] < entry[2]
            and all(v is None or type(v) is str for v in t[1:])
            for t in entry[7]
        )
    )


def valid_shape(shape: object) -> bool:
    return (
        type(shape) is list
        and len(shape) == 4  # noqa: PLR2004
        and all(isinstance(v, str) for v in shape[:3])
        and type(shape[3]) is list
        and all(
            type(q) is list and len(q) == 4 and all(isinstance(v, str) for v in q)  # noqa: PLR2004
            for q in shape[3]
        )
    )
