"""Plain data to the dataclasses of `models` and back, and their JSON Schema.

One generic converter reads each model's type hints and `Rule`s, so a file format is
described once, in `models`. Converting reports every problem, each with the path
of its field (`sections[1].questions[3].scale`), so that `validate` can name them
all; a converter for each type is built once per process and reused.

Two converters are built from each type. The quick one, used first, only accepts or
rejects: it keeps no field paths, so reading thousands of records costs a fraction of
the careful one, which runs only on data the quick one rejected, to name every problem.
Both apply the same checks (`_broken` for rules, the model's own `__post_init__`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
from collections.abc import Callable
from datetime import datetime
from typing import (
    Annotated,
    Any,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

from .models.common import MOMENT_PATTERN, Invalid, Rule

T = TypeVar("T")
Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]
Convert = Callable[[Any, Loc, list[Problem]], Any]


class Problems(ValueError):  # noqa: N818 - the problems are the point
    """Everything wrong with a piece of data, each with the path of its field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            "; ".join(f"{format_loc(loc) or '(top level)'}: {m}" for loc, m in problems)
        )
        self.problems = problems


def format_loc(loc: Loc) -> str:
    """`('sections', 1, 'questions', 3, 'scale')` -> `sections[1].questions[3].scale`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_loc(path: str) -> Loc:
    """The inverse of `format_loc`, for a model's own check that names a nested field."""
    loc: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        loc.append(int(index) if index else name)
    return tuple(loc)


def convert(data: Any, cls: type[T] | Any, loc: Loc = ()) -> T:
    """`data` (from JSON or YAML) as `cls`; raises Problems naming everything wrong."""
    try:
        return quick(cls)(data)  # type: ignore[no-any-return]
    except _Rejected:
        pass
    problems: list[Problem] = []
    value = converter(cls)(data, loc, problems)
    if problems:
        raise Problems(problems)
    return value  # type: ignore[no-any-return]


def suggest(word: str, choices: list[str]) -> str | None:
    """The nearest of `choices` to a mistyped word, if one is near enough."""
    import difflib  # noqa: PLC0415 - only for a mistake

    close = difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


# --- building a converter per type ---------------------------------------------------

_BAD = object()  # what a converter returns for a value it could not convert
_built: dict[Any, Convert] = {}


def converter(tp: Any) -> Convert:
    try:
        return _built[tp]
    except KeyError:
        built = _built[tp] = _build(tp)
        return built


@dataclasses.dataclass(frozen=True, eq=False)
class _Type:
    """What a type in a model is, taken apart once for the three things built from it:
    the careful converter, the quick one and the JSON Schema."""

    kind: Literal["rules", "optional", "literal", "list", "mapping", "keys", "object", "scalar"]
    inner: Any = None  # the checked, optional, listed or mapped type; the class; the scalar
    rules: tuple[Rule, ...] = ()
    allowed: tuple[Any, ...] = ()  # a Literal's values
    keys: dict[str, Any] = dataclasses.field(default_factory=dict)  # a TypedDict's


def _read_type(tp: Any) -> _Type:  # noqa: PLR0911 - one branch per kind of type
    origin = get_origin(tp)
    if origin is Annotated:
        base, *extras = get_args(tp)
        return _Type("rules", base, rules=tuple(r for r in extras if isinstance(r, Rule)))
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) != 1 or len(get_args(tp)) != 2:  # noqa: PLR2004 - X | None only
            msg = f"only `X | None` unions are supported, not {tp!r}"
            raise TypeError(msg)
        return _Type("optional", options[0])
    if origin is Literal:
        return _Type("literal", allowed=get_args(tp))
    if origin is tuple:
        return _Type("list", get_args(tp)[0])
    if origin is dict:
        return _Type("mapping", get_args(tp)[1])
    if is_typeddict(tp):
        return _Type("keys", keys=get_type_hints(tp, include_extras=True))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _Type("object", tp)
    if tp in (str, int, bool):
        return _Type("scalar", tp)
    msg = f"no converter for {tp!r}"
    raise TypeError(msg)


def _build(tp: Any) -> Convert:  # noqa: PLR0911 - one case per kind of type
    t = _read_type(tp)
    match t.kind:
        case "rules":
            return _with_rules(converter(t.inner), list(t.rules))
        case "optional":
            return _optional(converter(t.inner))
        case "literal":
            return _literal(t.allowed)
        case "list":
            return _sequence(converter(t.inner))
        case "mapping":
            return _mapping(converter(t.inner))
        case "keys":
            return _typed_dict({k: converter(v) for k, v in t.keys.items()})
        case "object":
            return _dataclass(t.inner)
    return _SCALARS[t.inner]


def _text(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if isinstance(value, str):
        return value
    problems.append((loc, "must be text"))
    return _BAD


def _whole(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if type(value) is int:
        return value
    problems.append((loc, "must be a whole number"))
    return _BAD


def _flag(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    if isinstance(value, bool):
        return value
    problems.append((loc, "must be true or false"))
    return _BAD


_SCALARS: dict[Any, Convert] = {str: _text, int: _whole, bool: _flag}


def _with_rules(inner: Convert, rules: list[Rule]) -> Convert:
    def convert_checked(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        value = inner(value, loc, problems)
        if value is _BAD:
            return value
        for rule in rules:
            if rule.strip and isinstance(value, str):
                value = value.strip()
            problem = _broken(rule, value)
            if problem:
                problems.append((loc, problem))
                return _BAD
        return value

    return convert_checked


def _broken(rule: Rule, value: Any) -> str | None:  # noqa: PLR0911 - one branch per rule
    """What `value` breaks of `rule`, or None."""
    sized = isinstance(value, (str, tuple))
    if rule.min_length is not None and sized and len(value) < rule.min_length:
        return (
            "must not be empty"
            if rule.min_length == 1
            else (f"must have at least {rule.min_length} {_unit(value)}")
        )
    if rule.max_length is not None and sized and len(value) > rule.max_length:
        return f"must have at most {rule.max_length} {_unit(value)}"
    if (
        rule.pattern is not None
        and isinstance(value, str)
        and not _compiled(rule.pattern).fullmatch(value)
    ):
        return f"must be {rule.meaning}, not {value!r}"
    if rule.ge is not None and isinstance(value, int) and value < rule.ge:
        return f"must be at least {rule.ge}"
    if rule.le is not None and isinstance(value, int) and value > rule.le:
        return f"must be at most {rule.le}"
    if rule.moment and isinstance(value, str) and not _is_moment(value):
        return (
            f"must be a date and time with its offset, such as 2026-11-23T10:30:00Z, not {value!r}"
        )
    return None


_compiled = functools.cache(re.compile)


def _is_moment(text: str) -> bool:
    if not _compiled(MOMENT_PATTERN).fullmatch(text):
        return False
    try:
        return datetime.fromisoformat(text).utcoffset() is not None
    except ValueError:  # a month 13, a 30 February
        return False


def _unit(value: object) -> str:
    return "characters" if isinstance(value, str) else "items"


def _optional(inner: Convert) -> Convert:
    def convert_optional(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        return None if value is None else inner(value, loc, problems)

    return convert_optional


def _literal(allowed: tuple[Any, ...]) -> Convert:
    shown = [repr(a) for a in allowed]
    expected = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"

    def convert_literal(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        problems.append((loc, f"{expected} expected, not {value!r}"))
        return _BAD

    return convert_literal


def _sequence(item: Convert) -> Convert:
    def convert_sequence(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        if not isinstance(value, list | tuple):
            problems.append((loc, "must be a list"))
            return _BAD
        items = [item(v, (*loc, i), problems) for i, v in enumerate(value)]
        return _BAD if _BAD in items else tuple(items)

    return convert_sequence


def _mapping(item: Convert) -> Convert:
    def convert_mapping(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            problems.append((loc, "must be a mapping of keys to values"))
            return _BAD
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                problems.append(((*loc, str(k)), "keys must be text"))
                continue
            out[k] = item(v, (*loc, k), problems)
        return _BAD if _BAD in out.values() else out

    return convert_mapping


def _unknown(key: str, known: list[str]) -> str:
    close = suggest(key, known)
    hint = f"; did you mean '{close}'?" if close else ""
    return f"unknown key '{key}'{hint} (allowed: {', '.join(known)})"


def _typed_dict(fields: dict[str, Convert]) -> Convert:
    known = list(fields)

    def convert_typed_dict(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            problems.append((loc, "must be a mapping of keys to values"))
            return _BAD
        out = {}
        for k, v in value.items():
            if k not in fields:
                problems.append(((*loc, str(k)), _unknown(str(k), known)))
                continue
            out[k] = fields[k](v, (*loc, k), problems)
        return _BAD if _BAD in out.values() else out

    return convert_typed_dict


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class _Field:
    name: str  # the attribute
    key: str  # what files call it
    type: Any
    required: bool


def fields_of(cls: type) -> list[_Field]:
    """A model's fields in order, with the key each has in files."""
    hints = get_type_hints(cls, include_extras=True)
    return [
        _Field(
            f.name,
            f.metadata.get("key", f.name),
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
        if f.init
    ]


def keys_of(cls: type) -> list[str]:
    """The keys a file may give for a model."""
    return [f.key for f in fields_of(cls)]


def _dataclass(cls: Any) -> Convert:
    fields = [(f, converter(f.type)) for f in fields_of(cls)]
    known = [f.key for f, _ in fields]

    def convert_object(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            problems.append((loc, "must be a mapping of keys to values"))
            return _BAD
        before = len(problems)
        given: dict[str, Any] = {}
        for f, convert_field in fields:
            if f.key in value:
                given[f.name] = convert_field(value[f.key], (*loc, f.key), problems)
            elif f.required:
                problems.append(((*loc, f.key), "required but missing"))
        if len(value) > len(given):
            problems.extend(
                ((*loc, str(k)), _unknown(str(k), known)) for k in value if k not in known
            )
        if len(problems) > before:
            return _BAD
        try:
            return cls(**given)
        except Invalid as exc:
            at = (*loc, *parse_loc(exc.at)) if exc.at else loc
            problems.append((at, str(exc)))
            return _BAD

    return convert_object


# --- the quick converter: accept or reject -------------------------------------------


class _Rejected(Exception):  # noqa: N818 - not an error: the careful converter takes over
    pass


Quick = Callable[[Any], Any]
_quick: dict[Any, Quick] = {}


def quick(tp: Any) -> Quick:
    try:
        return _quick[tp]
    except KeyError:
        built = _quick[tp] = _build_quick(tp)
        return built


def _build_quick(tp: Any) -> Quick:  # noqa: PLR0911 - one case per kind of type
    t = _read_type(tp)
    match t.kind:
        case "rules":
            return _quick_rules(quick(t.inner), list(t.rules))
        case "optional":
            return _quick_optional(quick(t.inner))
        case "literal":
            return _quick_literal(t.allowed)
        case "list":
            return _quick_sequence(quick(t.inner))
        case "mapping":
            return _quick_mapping(quick(t.inner))
        case "keys":
            return _quick_mapping(None, {k: quick(v) for k, v in t.keys.items()})
        case "object":
            return _quick_dataclass(t.inner)
    return _QUICK_SCALARS[t.inner]


def _quick_text(value: Any) -> Any:
    if isinstance(value, str):
        return value
    raise _Rejected


def _quick_whole(value: Any) -> Any:
    if type(value) is int:
        return value
    raise _Rejected


def _quick_flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    raise _Rejected


_QUICK_SCALARS: dict[Any, Quick] = {str: _quick_text, int: _quick_whole, bool: _quick_flag}


def _quick_rules(inner: Quick, rules: list[Rule]) -> Quick:
    def check(value: Any) -> Any:
        value = inner(value)
        for rule in rules:
            if rule.strip and isinstance(value, str):
                value = value.strip()
            if _broken(rule, value):
                raise _Rejected
        return value

    return check


def _quick_optional(inner: Quick) -> Quick:
    def check(value: Any) -> Any:
        return None if value is None else inner(value)

    return check


def _quick_literal(allowed: tuple[Any, ...]) -> Quick:
    def check(value: Any) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        raise _Rejected

    return check


def _quick_sequence(item: Quick) -> Quick:
    if item is _quick_text:  # lists of text are common: no call for each item

        def check_texts(value: Any) -> Any:
            if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                return tuple(value)
            raise _Rejected

        return check_texts

    def check(value: Any) -> Any:
        if isinstance(value, list | tuple):
            return tuple(map(item, value))
        raise _Rejected

    return check


def _quick_mapping(item: Quick | None, fields: dict[str, Quick] | None = None) -> Quick:
    """A mapping of text keys to `item`, or (a TypedDict) of the keys `fields` names."""

    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            raise _Rejected
        out = {}
        for k, v in value.items():
            convert_item = item if fields is None else fields.get(k)
            if not isinstance(k, str) or convert_item is None:
                raise _Rejected
            out[k] = convert_item(v)
        return out

    return check


# Objects of one class converted before a function is written for it: the shipped
# checklists and contacts hold a few hundred, and writing the code would cost more than
# it saves; a listing that reads thousands of records soon makes up for it.
_WRITE_AFTER = 1000


def _quick_dataclass(cls: Any) -> Quick:
    fields = [(f.name, f.key, quick(f.type), f.required) for f in fields_of(cls)]
    written: Quick | None = None
    count = 0

    def check(value: Any) -> Any:
        nonlocal written, count
        if written is not None:
            return written(value)
        count += 1
        if count > _WRITE_AFTER:
            written = _written_for(cls)
            return written(value)
        if not isinstance(value, dict):
            raise _Rejected
        given = {}
        for name, key, convert_field, required in fields:
            v = value.get(key, _Rejected)
            if v is not _Rejected:
                given[name] = convert_field(v)
            elif required:
                raise _Rejected
        if len(value) > len(given):  # a key the model does not know
            raise _Rejected
        try:
            return cls(**given)
        except Invalid:
            raise _Rejected from None

    return check


def _written_for(cls: Any) -> Quick:
    """A function written for `cls` from its fields, so that each field costs a line of
    code, not a call: a record has some 200 values, and listings read thousands.

    A model with no `__post_init__` is made without calling its `__init__`, which for a
    frozen dataclass sets each field through `object.__setattr__`: its fields are put in
    its `__dict__` directly, the defaults first (the checks are all made above that)."""
    names: dict[str, Any] = {"cls": cls, "Invalid": Invalid, "_Rejected": _Rejected}
    lines = [
        "def check(value):",
        "    if not isinstance(value, dict):",
        "        raise _Rejected",
        "    given = {}",
    ]
    for number, f in enumerate(fields_of(cls)):
        lines.append(f"    v = value.get({f.key!r}, _Rejected)")
        if f.required:
            lines += ["    if v is _Rejected:", "        raise _Rejected"]
        else:
            lines += ["    if v is not _Rejected:"]
        indent = "    " if f.required else "        "
        test = _inline_test(f.type)
        if test is None:
            names[f"q{number}"] = quick(f.type)
            lines.append(f"{indent}given[{f.name!r}] = q{number}(v)")
            continue
        text, extra, kept = test
        names.update({f"{k}{number}": v for k, v in extra.items()})
        lines += [
            f"{indent}if {text.format(n=number)}:",
            f"{indent}    raise _Rejected",
            f"{indent}given[{f.name!r}] = {kept}",
        ]
    lines += [
        "    if len(value) > len(given):  # a key the model does not know",
        "        raise _Rejected",
    ]
    defaults = _plain_defaults(cls)
    if defaults is None:
        lines += [
            "    try:",
            "        return cls(**given)",
            "    except Invalid:",
            "        raise _Rejected from None",
        ]
    else:
        names.update(new=object.__new__, defaults=defaults)
        lines += [
            "    made = new(cls)",
            "    fields = made.__dict__",
            "    fields.update(defaults)",
            "    fields.update(given)",
            "    return made",
        ]
    exec("\n".join(lines), names)  # noqa: S102 - code written here from the model's fields
    return names["check"]  # type: ignore[no-any-return]


def _plain_defaults(cls: Any) -> dict[str, Any] | None:
    """The defaults of a dataclass whose `__init__` only sets its fields, each given or its
    default (no `__post_init__`, no default factory, no field left out of `__init__`);
    None for any other class, which is made by calling it."""
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        return None
    defaults: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init or f.default_factory is not dataclasses.MISSING:
            return None
        if f.default is not dataclasses.MISSING:
            defaults[f.name] = f.default
    return defaults


_INLINE = {
    str: "not isinstance(v, str)",
    int: "type(v) is not int",
    bool: "not isinstance(v, bool)",
}


def _inline_test(tp: Any) -> tuple[str, dict[str, Any], str] | None:
    """A test that is true when `v` is not a `tp`, for the plain types, text or numbers
    with rules (other than `strip`), literals and lists of text or of literals; the names
    it uses, and what is kept of `v`. None for any other type."""
    t = _read_type(tp)
    if t.kind == "scalar":
        return _INLINE[t.inner], {}, "v"
    if t.kind == "optional" and t.inner in _INLINE:
        return f"v is not None and {_INLINE[t.inner]}", {}, "v"
    if t.kind == "literal":
        return "not (isinstance(v, str) and v in allowed{n})", {"allowed": t.allowed}, "v"
    if t.kind == "rules" and t.inner in (str, int) and not any(r.strip for r in t.rules):
        # `_broken` is the rules' one definition; here it is called without the walk
        test = f"{_INLINE[t.inner]} or any(broken{{n}}(r, v) for r in rules{{n}})"
        return test, {"broken": _broken, "rules": tuple(t.rules)}, "v"
    return _list_test(t.inner) if t.kind == "list" else None


def _list_test(item_type: Any) -> tuple[str, dict[str, Any], str] | None:
    """As `_inline_test`, for a list of text or of a literal's values, kept as a tuple."""
    item = _read_type(item_type)
    listed = {"listed": (list, tuple)}
    if item.kind == "scalar" and item.inner is str:
        test = "not (isinstance(v, listed{n}) and all(isinstance(x, str) for x in v))"
        return test, listed, "tuple(v)"
    if item.kind == "literal":
        test = (
            "not isinstance(v, listed{n})"
            " or not all(isinstance(x, str) and x in allowed{n} for x in v)"
        )
        return test, {**listed, "allowed": item.allowed}, "tuple(v)"
    return None


# --- back to plain data --------------------------------------------------------------


def dump(value: Any) -> Any:
    """A model (or any value built of them) as plain JSON data, keys as files write them."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: dump(getattr(value, name)) for name, key in _keys(type(value))}
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


_key_cache: dict[type, list[tuple[str, str]]] = {}


def _keys(cls: type) -> list[tuple[str, str]]:
    found = _key_cache.get(cls)
    if found is None:
        found = _key_cache[cls] = [
            (f.name, f.metadata.get("key", f.name)) for f in dataclasses.fields(cls)
        ]
    return found


# --- JSON Schema ---------------------------------------------------------------------


def json_schema(cls: type, title: str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a model, from the same definition the loader reads."""
    defs: dict[str, Any] = {}
    root = _schema(cls, defs)
    return (
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            **defs.pop(cls.__name__),
            "$defs": defs,
        }
        if "$ref" in root
        else root
    )


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:  # noqa: PLR0911 - as _build
    t = _read_type(tp)
    match t.kind:
        case "rules":
            schema = dict(_schema(t.inner, defs))
            for rule in t.rules:
                schema.update(_rule_schema(rule, schema.get("type")))
            return schema
        case "optional":
            return {"anyOf": [_schema(t.inner, defs), {"type": "null"}]}
        case "literal":
            return {"enum": list(t.allowed)}
        case "list":
            return {"type": "array", "items": _schema(t.inner, defs)}
        case "mapping":
            return {"type": "object", "additionalProperties": _schema(t.inner, defs)}
        case "keys":
            return {
                "type": "object",
                "properties": {k: _schema(v, defs) for k, v in t.keys.items()},
                "additionalProperties": False,
            }
        case "object":
            return _object_schema(t.inner, defs)
    return {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"}}[t.inner]


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placed first, so a type used twice is described once
        fields = fields_of(cls)
        defs[name] = {
            "type": "object",
            "title": name,
            "properties": {f.key: _schema(f.type, defs) for f in fields},
            "required": [f.key for f in fields if f.required],
            "additionalProperties": False,
        }
    return {"$ref": f"#/$defs/{name}"}


def _rule_schema(rule: Rule, kind: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    lengths = ("minItems", "maxItems") if kind == "array" else ("minLength", "maxLength")
    if rule.min_length is not None:
        out[lengths[0]] = rule.min_length
    if rule.max_length is not None:
        out[lengths[1]] = rule.max_length
    if rule.pattern is not None:
        out["pattern"] = f"^(?:{rule.pattern})$"
    if rule.moment:
        out["format"] = "date-time"
    if rule.ge is not None:
        out["minimum"] = rule.ge
    if rule.le is not None:
        out["maximum"] = rule.le
    if rule.meaning:
        out["description"] = rule.meaning
    return out
