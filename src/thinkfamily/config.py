"""The practitioner's settings (config.toml): name, role, organisation, area, watched names."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args, get_type_hints

from .errors import LoadError, StoreError, ThinkFamilyError
from .files import atomic_write, ensure_private_dir
from .models.common import Rule
from .models.settings import Settings
from .structure import Problems, convert, fields_of


@functools.cache  # read only by `config` and mistakes: not at every command's start
def described() -> dict[str, str]:
    """Each setting with what it is for, as the model describes it."""
    out = {}
    for name, hint in get_type_hints(Settings, include_extras=True).items():
        annotated = next(a for a in (hint, *get_args(hint)) if hasattr(a, "__metadata__"))
        out[name] = next(m.meaning or "" for m in annotated.__metadata__ if isinstance(m, Rule))
    return out


LIST_KEYS = {"watch_names"}


_FIX = "Fix the file by hand, or delete it and set values again."


def read(path: Path) -> Settings:
    """The settings in the config file; the defaults when there is no file yet."""
    from .files import MAX_FILE_BYTES, TooLargeError, read_limited  # noqa: PLC0415

    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return Settings()
    except TooLargeError as exc:
        raise LoadError([f"{path}: {exc}"], hint=_FIX) from None
    except OSError as exc:
        raise LoadError([f"{path}: cannot be read ({exc.strerror})"], hint=_FIX) from None
    import tomllib  # noqa: PLC0415 - only when there is a config file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LoadError([f"{path}: {exc}"], hint=_FIX) from None
    except RecursionError:
        raise LoadError([f"{path}: it is nested too deeply"], hint=_FIX) from None
    try:
        return convert(data, Settings)
    except Problems as exc:
        raise LoadError(
            [f"{path}: {_problem(loc, message)}" for loc, message in exc.problems]
        ) from None


def _problem(loc: tuple[Any, ...], message: str) -> str:
    key = str(loc[0]) if loc else "(top level)"
    if message.startswith("unknown key"):
        return f"{key}: unknown setting (known: {', '.join(described())})"
    if key in LIST_KEYS:
        return f"{key}: must be a list of names in quotes"
    return f"{key}: must be text in quotes"


def load(path: Path) -> dict[str, str]:
    """The settings that are set, as text; a list setting is given comma-separated."""
    settings = read(path)
    out = {}
    for f in fields_of(Settings):
        value = getattr(settings, f.name)
        if isinstance(value, tuple):
            if value:
                out[f.name] = ", ".join(value)
        elif value is not None:
            out[f.name] = value
    return out


def watch_names(path: Path) -> list[str]:
    return list(read(path).watch_names)


def save_value(path: Path, key: str, value: str | None) -> dict[str, str]:
    """Set (or, with None, remove) one setting and write the file atomically."""
    if key not in described():
        raise ThinkFamilyError(
            f"'{key}' is not a setting.",
            hint="Settings: " + ", ".join(f"{k} ({v})" for k, v in described().items()),
        )
    settings = read(path)
    new: Any
    if value is None:
        new = () if key in LIST_KEYS else None
    else:
        value = value.strip()
        if not value or "\n" in value:
            raise ThinkFamilyError(f"The value for '{key}' must be one line of text.")
        new = tuple(p.strip() for p in value.split(",") if p.strip()) if key in LIST_KEYS else value
    settings = replace(settings, **{key: new})
    import tomli_w  # noqa: PLC0415 - only when settings change

    data = {
        name: list(v) if isinstance(v, tuple) else v
        for name in described()
        if (v := getattr(settings, name)) not in (None, ())
    }
    try:
        ensure_private_dir(path.parent)
        atomic_write(path, tomli_w.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise StoreError(
            f"Cannot save the settings in {path}: {exc.strerror or exc}.",
            hint="Free some space or fix the folder's permissions, then set it again.",
        ) from None
    return load(path)
