"""The floor the start-up budgets are measured against: the least an app on this stack does.

One Typer command (current Typer) that reads one YAML file and validates it with one
pydantic model, then prints a line. `bench.py` runs it alternately with each command,
as `python benchmarks/floor.py FILE`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from pydantic import BaseModel, ConfigDict


class Listed(BaseModel):
    """A checklist file's heading, as a listing would show it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    title: str
    version: str


app = typer.Typer(add_completion=False)


@app.command()
def main(file: Annotated[Path, typer.Argument(help="a YAML file to read")]) -> None:
    """Read one YAML file, validate it and print its title."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as the product reads YAML
    data = yaml.load(file.read_bytes(), Loader=loader)
    listed = Listed.model_validate(data)
    print(f"{listed.id}: {listed.title} ({listed.version})")


if __name__ == "__main__":
    app()
