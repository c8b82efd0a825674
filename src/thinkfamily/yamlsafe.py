"""Reading YAML as untrusted input: plain data only, with the line of every value.

The file is composed into nodes (never constructed by PyYAML), then turned into
plain dicts, lists and scalars here, so that tags, merge keys, duplicate keys,
non-text keys, alias bombs and deep nesting are refused with a line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .files import MAX_FILE_BYTES as MAX_BYTES

MAX_DEPTH = 40
MAX_ALIASES = 50
MAX_NODES = 200_000
_SHOWN = 40  # characters of a bad value shown in a message

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_SCALARS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _BOOL,
    "tag:yaml.org,2002:null",
}

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def _tag_refused(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"the tag {shown} is not allowed: files are read as plain data only"


class YamlError(Exception):
    """A problem in the text itself, at a line (1-based) when one is known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Document:
    """Plain data read from a file, and the line each value stands on."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of the value at `path`, or of its nearest parent that exists."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def decode(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is allowed), or a YamlError naming the line."""
    if len(raw) > MAX_BYTES:
        msg = f"the file is {len(raw):,} bytes; files over {MAX_BYTES:,} bytes are refused"
        raise YamlError(msg)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        msg = f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        raise YamlError(msg, line) from None


_PAIR = re.compile(r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _joined(match: re.Match[str]) -> str:
    high, low = int(match[1], 16) - 0xD800, int(match[2], 16) - 0xDC00
    return chr(0x10000 + (high << 10) + low)


def parse(text: str, *, bools_as_text: bool = False) -> Document:
    """Parse one YAML document into plain data.

    `bools_as_text` keeps `yes`/`no`/`true`/`false` as the words written, for answer
    files where `no` is an answer rather than YAML 1.1's false.
    """
    try:
        try:
            node = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            # JSON writes a character beyond U+FFFF as two escapes (Python's json.dump
            # does, for an emoji), which YAML does not read: join them and try again.
            if "escape" not in str(exc.problem) or not _PAIR.search(text):
                raise
            node = yaml.compose(_PAIR.sub(_joined, text), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise YamlError(f"YAML syntax: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {exc}") from None
    if node is None:
        raise YamlError("the file is empty", 1)
    builder = _Builder(bools_as_text=bools_as_text)
    data = builder.build(node, (), 0)
    return Document(data, builder.lines)


class _Builder:
    def __init__(self, *, bools_as_text: bool) -> None:
        self.lines: dict[Path, int] = {}
        self.bools_as_text = bools_as_text
        self.seen: set[int] = set()
        self.aliases = 0
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        self.nodes += 1
        if depth > MAX_DEPTH:
            raise YamlError(f"nested more than {MAX_DEPTH} levels deep", line)
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                msg = f"anchors and aliases are repeated more than {MAX_ALIASES} times"
                raise YamlError(msg, line)
        self.seen.add(id(node))
        if self.nodes > MAX_NODES:
            raise YamlError(f"more than {MAX_NODES:,} values", line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise YamlError(_tag_refused(node.tag), line)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if not isinstance(node, yaml.ScalarNode):
            raise YamlError("an unexpected kind of YAML value", line)
        return self._scalar(node, line)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        line = node.start_mark.line + 1
        if node.tag != _MAP:
            raise YamlError(_tag_refused(node.tag), line)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("merge keys (<<) are not allowed", key_line)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                msg = f"the key {shown!r} is not text; quote it"
                raise YamlError(msg, key_line)
            key = key_node.value
            if key in result:
                raise YamlError(f"the key '{key}' appears twice in the same mapping", key_line)
            self.lines[(*path, key)] = value_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, line: int) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value  # a date such as a version stays as written
        if node.tag not in _PLAIN_SCALARS:
            raise YamlError(_tag_refused(node.tag), line)
        if node.tag == _BOOL and self.bools_as_text:
            return node.value.lower()
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            raise YamlError(f"value {node.value!r}: {exc}", line) from None
        except (ValueError, IndexError, KeyError, TypeError, OverflowError):
            # `!!int abc`, `!!bool maybe`, `!!int` alone, an int of 5,000 digits ...
            kind = node.tag.rpartition(":")[2]
            shown = node.value if len(node.value) <= _SHOWN else node.value[:_SHOWN] + "..."
            raise YamlError(
                f"value {shown!r} is not a valid {kind}; quote it to give text", line
            ) from None
