"""Validating checklist and contacts files: YAML in, pydantic models, precise errors.

This is the slow path (pydantic and YAML); commands normally read the validated
data from the cache (`cache`) and reach here only when a file is new or changed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from . import yamlsafe
from .errors import LoadError, NotFoundError
from .models import Area, Checklist, Glossary, Guide


def format_loc(loc: Iterable[str | int]) -> str:
    """`('sections', 1, 'questions', 3, 'scale')` -> `sections[1].questions[3].scale`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _where(name: str, line: int | None) -> str:
    return f"{name}:{line}" if line is not None else name


def _describe(error: ErrorDetails, model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return (
            f"unknown key '{key}'{hint} (allowed: {', '.join(known)})"
            if known
            else (f"unknown key '{key}'")
        )
    if kind == "missing":
        return "required but missing"
    if kind == "too_short":
        return "must not be empty"
    if kind == "literal_error":
        return f"{error['msg'].removeprefix('Input should be ')} expected, not {error['input']!r}"
    msg = str(error["msg"])
    return msg.removeprefix("Value error, ")


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed by the model found by following `loc` from `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _model_in(origin) if origin not in (None, annotation) else None


def validation_problems(
    name: str, doc: yamlsafe.Document, exc: ValidationError, model: type[BaseModel]
) -> list[str]:
    """One line per pydantic error: file, line, field path and what is wrong."""
    errors = exc.errors(include_url=False)
    failed = [tuple(e["loc"]) for e in errors]
    found: list[tuple[int, str]] = []
    for error in errors:
        loc = tuple(error["loc"])
        # A list whose items failed is also reported as too short; the items say why.
        if error["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in failed
        ):
            continue
        line = doc.line_of(loc)
        where = format_loc(loc) or "(top level)"
        found.append((line or 0, f"{_where(name, line)}: {where}: {_describe(error, model, loc)}"))
    return [text for _, text in sorted(found, key=lambda item: item[0])]


def by_line(problems: list[str]) -> list[str]:
    """Problems of one file in the order of their lines (`file:LINE: ...`)."""

    def line(problem: str) -> int:
        head = problem.split(": ", 1)[0].rsplit(":", 1)
        return int(head[1]) if len(head) == 2 and head[1].isdigit() else 0  # noqa: PLR2004

    return sorted(problems, key=line)


def read_document(path: Path, *, bools_as_text: bool = False) -> tuple[yamlsafe.Document, bytes]:
    """Read and parse a YAML file, turning every failure into a LoadError."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise LoadError([f"{name}: is a folder, not a file"]) from None
    except OSError as exc:
        raise LoadError([f"{name}: cannot be read ({exc.strerror})"]) from None
    try:
        doc = yamlsafe.parse(yamlsafe.decode(raw), bools_as_text=bools_as_text)
    except yamlsafe.YamlError as exc:
        raise LoadError([f"{_where(name, exc.line)}: {exc.message}"]) from None
    return doc, raw


def checklist_data(path: Path) -> dict[str, Any]:
    """Validate one checklist file: its data as the model accepts it.

    Every problem found is in the LoadError.
    """
    name = str(path)
    doc, _ = read_document(path)
    require_mapping(doc, name, "id, title and sections")
    problems: list[str] = []
    try:
        checklist = Checklist.model_validate(doc.data)
    except ValidationError as exc:
        problems = validation_problems(name, doc, exc, Checklist) + _duplicate_ids(name, doc)
        raise LoadError(by_line(problems)) from None
    problems = _duplicate_ids(name, doc)
    problem = id_problem(name, doc, checklist.id, path)
    if problem:
        problems.append(problem)
    if problems:
        raise LoadError(by_line(problems))
    return checklist.model_dump(mode="json")


def id_problem(name: str, doc: yamlsafe.Document, item_id: str, path: Path) -> str | None:
    """A file's id must be its name, so look-ups need not open every file."""
    if item_id == path.stem:
        return None
    return (
        f"{_where(name, doc.line_of(('id',)))}: id: '{item_id}' must match the file name; "
        f"rename the file to {item_id}{path.suffix} or change the id"
    )


def require_mapping(doc: yamlsafe.Document, name: str, keys: str) -> None:
    if not isinstance(doc.data, dict):
        kind = _yaml_kind(type(doc.data).__name__)
        message = f"must be a mapping with keys such as {keys}, not a {kind}"
        raise LoadError([f"{_where(name, 1)}: (top level): {message}"])


def _yaml_kind(python_kind: str) -> str:
    return {"list": "list", "str": "single value", "int": "number", "float": "number"}.get(
        python_kind, python_kind
    )


def _duplicate_ids(name: str, doc: yamlsafe.Document) -> list[str]:
    """Question ids and section ids must be unique within a checklist."""
    problems = []
    sections = doc.data.get("sections") if isinstance(doc.data, dict) else None
    if not isinstance(sections, list):
        return []
    seen_sections: dict[str, int] = {}
    seen_questions: dict[str, str] = {}
    for i, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        sid = section.get("id")
        if isinstance(sid, str):
            if sid in seen_sections:
                loc: tuple[str | int, ...] = ("sections", i, "id")
                problems.append(
                    f"{_where(name, doc.line_of(loc))}: {format_loc(loc)}: section id '{sid}' "
                    f"is already used by sections[{seen_sections[sid]}]"
                )
            seen_sections.setdefault(sid, i)
        questions = section.get("questions")
        if not isinstance(questions, list):
            continue
        for j, question in enumerate(questions):
            qid = question.get("id") if isinstance(question, dict) else None
            if not isinstance(qid, str):
                continue
            loc = ("sections", i, "questions", j, "id")
            if qid in seen_questions:
                problems.append(
                    f"{_where(name, doc.line_of(loc))}: {format_loc(loc)}: question id '{qid}' "
                    f"is already used by {seen_questions[qid]}"
                )
            else:
                seen_questions[qid] = format_loc(loc[:-1])
    return problems


def area_data(path: Path) -> dict[str, Any]:
    """Validate one contacts file: its data as the model accepts it."""
    name = str(path)
    doc, _ = read_document(path)
    require_mapping(doc, name, "id, name and contacts")
    try:
        area = Area.model_validate(doc.data)
    except ValidationError as exc:
        raise LoadError(by_line(validation_problems(name, doc, exc, Area))) from None
    problem = id_problem(name, doc, area.id, path)
    if problem:
        raise LoadError([problem])
    return area.model_dump(mode="json", by_alias=True)


def guide_data(path: Path) -> dict[str, Any]:
    """Validate one guide file: its data as the model accepts it."""
    return _model_data(path, Guide, "id, title, sources and body")


def glossary_data(path: Path) -> dict[str, Any]:
    """Validate the glossary file: its data as the model accepts it."""
    return _model_data(path, Glossary, "terms")


def _model_data(path: Path, model: type[BaseModel], keys: str) -> dict[str, Any]:
    name = str(path)
    doc, _ = read_document(path)
    require_mapping(doc, name, keys)
    try:
        item = model.model_validate(doc.data)
    except ValidationError as exc:
        raise LoadError(by_line(validation_problems(name, doc, exc, model))) from None
    item_id = getattr(item, "id", None)
    problem = id_problem(name, doc, item_id, path) if item_id else None
    if problem:
        raise LoadError([problem])
    data: dict[str, Any] = item.model_dump(mode="json")
    return data


def validate_files(paths: Iterable[Path]) -> list[str]:
    """Problems in each checklist or contacts file (empty when all are valid).

    A file with a top-level `contacts` key is read as an area's contacts, any other
    as a checklist.
    """
    problems: list[str] = []
    for path in paths:
        try:
            doc, _ = read_document(path)
            is_area = isinstance(doc.data, dict) and "contacts" in doc.data
            (area_data if is_area else checklist_data)(path)
        except (LoadError, NotFoundError) as exc:
            problems.extend(exc.problems if isinstance(exc, LoadError) else [exc.message])
    return problems
