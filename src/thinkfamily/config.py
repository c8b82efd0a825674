"""The practitioner's settings (config.toml): name, role, organisation, area, watched names."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from .convert import Problems, convert
from .errors import LoadError, StoreError, ThinkFamilyError
from .files import MAX_FILE_BYTES, TooLargeError, atomic_write, ensure_private_dir, read_limited
from .models.settings import Settings


@functools.cache
def described() -> dict[str, str]:
    """Each setting with what it is for, as the model describes it."""
    return {name: f.description or "" for name, f in Settings.model_fields.items()}


LIST_KEYS = {"watch_names"}


_FIX = "Fix the file by hand, or delete it and set values again."


def read(path: Path) -> Settings:
    """The settings in the config file; the defaults when there is no file yet."""
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return Settings()
    except TooLargeError as exc:
        raise LoadError([f"{path}: {exc}"], hint=_FIX) from None
    except OSError as exc:
        raise LoadError([f"{path}: cannot be read ({exc.strerror})"], hint=_FIX) from None
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
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if isinstance(value, tuple):
            if value:
                out[name] = ", ".join(value)
        elif value is not None:
            out[name] = value
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
    settings = settings.model_copy(update={key: new})

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
