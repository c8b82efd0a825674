"""The command line: thin commands that parse options, call the modules and render.

Feature modules are imported inside the commands so that `--help` and quick
look-ups do not pay for loading pydantic, YAML or Rich. Only this package knows Typer.
"""

from . import checklists, records, reference  # noqa: F401 - importing registers the commands
from .app import app, main

__all__ = ["app", "main"]
