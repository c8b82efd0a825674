"""The command line: thin commands that parse options, call the modules and render.

Only this package knows Typer, prints, or asks questions at the terminal.
"""

from . import actions, checklists, records, reference  # noqa: F401 - importing registers the commands
from .app import app, main

__all__ = ["app", "main"]
