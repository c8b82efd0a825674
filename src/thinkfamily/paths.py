"""The one place that decides where data, config and shipped files live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "thinkfamily"
HOME_ENV = "THINKFAMILY_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Paths:
    """Where one user's records, drafts, config and own checklists live."""

    data: Path
    config_dir: Path

    @property
    def records(self) -> Path:
        return self.data / "records"

    @property
    def drafts(self) -> Path:
        return self.data / "drafts"

    @property
    def cache(self) -> Path:
        """Validated copies of checklists and contacts; safe to delete at any time."""
        return self.data / "cache"

    @property
    def supervision(self) -> Path:
        return self.data / "supervision"

    @property
    def actions_log(self) -> Path:
        """Which agreed actions are done (`thinkfamily actions done`)."""
        return self.data / "actions.json"

    @property
    def exports_log(self) -> Path:
        """Which files `export -o` wrote for each record, so deleting a record can find them."""
        return self.data / "exports.json"

    @property
    def user_checklists(self) -> Path:
        return self.config_dir / "checklists"

    @property
    def user_contacts(self) -> Path:
        return self.config_dir / "contacts"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"


def user_paths() -> Paths:
    """THINKFAMILY_HOME when set (one folder for everything), else platformdirs."""
    home = os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser()
        return Paths(data=root, config_dir=root)

    return Paths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def shipped_dir(kind: str) -> Path:
    """The shipped `checklists` or `contacts` folder.

    In a wheel they sit inside the package (`thinkfamily/data/`); in a source
    checkout or an editable install they are read from the repository's top level.
    """
    packaged = _PACKAGE_DIR / "data" / kind
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent.parent / kind
