"""Plain data to the pydantic models of `models` and back, and their JSON Schema.

pydantic validates; this module only says what it found in the product's words. Every
problem in a piece of data is reported, each with the path of its field
(`sections[1].questions[3].scale`), so that `validate` can name them all and the
loader can put a YAML line beside each.
"""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, is_typeddict

from pydantic import BaseModel, TypeAdapter, ValidationError

from .models.common import Invalid

T = TypeVar("T")
Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]


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


_adapters: dict[Any, TypeAdapter[Any]] = {}


def _adapter(cls: Any) -> TypeAdapter[Any]:
    """pydantic's validator of a type, built once per process."""
    found = _adapters.get(cls)
    if found is None:
        found = _adapters[cls] = TypeAdapter(cls)
    return found


def convert(data: Any, cls: type[T]) -> T:
    """`data` (from YAML, TOML or JSON) as `cls`; raises Problems naming everything wrong."""
    try:
        return _adapter(cls).validate_python(data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise Problems([_problem(cls, error) for error in exc.errors()]) from None


def convert_json(raw: bytes | str, cls: type[T]) -> T:
    """JSON text as `cls`, parsed and checked in one pass; Problems as `convert`."""
    try:
        return _adapter(cls).validate_json(raw)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise Problems([_problem(cls, error) for error in exc.errors()]) from None


def dump(value: Any) -> Any:
    """A model, or a list of them, as plain JSON data, keys as files write them."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    return value


def json_schema(cls: type[BaseModel], title: str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a model, as pydantic gives it."""
    schema = cls.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}


def suggest(word: str, choices: list[str]) -> str | None:
    """The nearest of `choices` to a mistyped word, if one is near enough."""
    close = difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


# --- pydantic's errors in the product's words ------------------------------------------

_MESSAGES = {
    "missing": "required but missing",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "typed_dict_type": "must be a mapping of keys to values",
}


def _problem(cls: Any, error: Any) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if loc and loc[-1] == "[key]":  # a mapping's key that is not text
        return (*loc[:-2], str(loc[-2])), "keys must be text"
    if kind == "extra_forbidden":
        known = _keys_at(cls, loc[:-1])
        close = suggest(str(loc[-1]), known)
        hint = f"; did you mean '{close}'?" if close else ""
        return loc, f"unknown key '{loc[-1]}'{hint} (allowed: {', '.join(known)})"
    if kind == "literal_error":
        return loc, f"{error['ctx']['expected']} expected, not {error['input']!r}"
    ctx = error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, Invalid):  # a model's own check, which may name a field of it
        return (*loc, *cause.at), str(cause)
    if kind in _MESSAGES:
        return loc, _MESSAGES[kind]
    return loc, str(cause) if isinstance(cause, Exception) else error["msg"]


def _keys_at(cls: Any, loc: Loc) -> list[str]:
    """The keys the model found at `loc` of `cls` accepts, as files write them."""
    tp = cls
    for part in (*loc, None):
        tp = _bare(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {f.alias or name: f.annotation for name, f in tp.model_fields.items()}
            if part is None:
                return list(fields)
            tp = fields.get(str(part))
        elif get_origin(tp) is tuple:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        elif part is None and is_typeddict(tp):
            return list(tp.__annotations__)  # a TypedDict
    return []


def _bare(tp: Any) -> Any:
    """A type without its annotations and without `| None`."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif get_origin(tp) in (Union, types.UnionType):
            tp = next(a for a in get_args(tp) if a is not type(None))
        else:
            return tp
