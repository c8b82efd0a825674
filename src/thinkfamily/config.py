"""The practitioner's settings: name, role, organisation and default area (all optional)."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import LoadError, ThinkFamilyError
from .store import atomic_write, ensure_private_dir

KEYS = {
    "name": "your name, as it should appear on records and summaries",
    "role": "your role, e.g. health visitor",
    "organisation": "the organisation you work for",
    "area": "your default area for referral contacts, e.g. Hackney",
    "watch_names": "names to look for in notes before a record is saved, comma-separated",
}
LIST_KEYS = {"watch_names"}


def load(path: Path) -> dict[str, str]:
    """The settings as text; a list setting is given comma-separated."""
    return {k: ", ".join(v) if isinstance(v, list) else v for k, v in _read(path).items()}


def watch_names(path: Path) -> list[str]:
    value = _read(path).get("watch_names", [])
    return list(value) if isinstance(value, list) else []


def _read(path: Path) -> dict[str, str | list[str]]:
    """The settings in the config file; none when there is no file yet."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise LoadError([f"{path}: cannot be read ({exc.strerror})"]) from None
    import tomllib  # noqa: PLC0415 - only when there is a config file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LoadError(
            [f"{path}: {exc}"], hint="Fix the file by hand, or delete it and set values again."
        ) from None
    problems = [
        f"{path}: {key}: unknown setting (known: {', '.join(KEYS)})"
        for key in data
        if key not in KEYS
    ]
    problems += [
        f"{path}: {key}: must be a list of names in quotes"
        if key in LIST_KEYS
        else f"{path}: {key}: must be text in quotes"
        for key, value in data.items()
        if key in KEYS and not _valid(key, value)
    ]
    if problems:
        raise LoadError(problems)
    return data


def _valid(key: str, value: object) -> bool:
    if key in LIST_KEYS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def save_value(path: Path, key: str, value: str | None) -> dict[str, str]:
    """Set (or, with None, remove) one setting and write the file atomically."""
    if key not in KEYS:
        raise ThinkFamilyError(
            f"'{key}' is not a setting.",
            hint="Settings: " + ", ".join(f"{k} ({v})" for k, v in KEYS.items()),
        )
    settings = _read(path)
    if value is None:
        settings.pop(key, None)
    else:
        value = value.strip()
        if not value or "\n" in value:
            raise ThinkFamilyError(f"The value for '{key}' must be one line of text.")
        if key in LIST_KEYS:
            settings[key] = [part.strip() for part in value.split(",") if part.strip()]
        else:
            settings[key] = value
    ensure_private_dir(path.parent)
    # TOML basic strings and arrays take JSON's form, so json.dumps quotes any text safely.
    text = "".join(
        f"{k} = {json.dumps(settings[k], ensure_ascii=False)}\n" for k in KEYS if k in settings
    )
    atomic_write(path, text.encode("utf-8"))
    return load(path)
