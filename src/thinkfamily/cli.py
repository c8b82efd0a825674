"""The command line: thin commands that parse options, call the modules and render.

Feature modules are imported inside the commands so that `--help` and quick
look-ups do not pay for loading pydantic, YAML or Rich.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import ExitCode, ThinkFamilyError
from .ui import UI

app = typer.Typer(
    name="thinkfamily",
    help="Think Family reflection checklists, records and supervision summaries.",
    add_completion=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ui = UI()

WELCOME = """\
thinkfamily {version}: see the whole family, before supervision.

Start here:
  thinkfamily checklists                     the checklists you can run
  thinkfamily check practitioner --case REF  reflect on one family, question by question
  thinkfamily records                        what you have saved

Every command has --help. Records stay on this computer; nothing is sent anywhere.
"""


def _version(value: bool) -> None:
    if value:
        print(f"thinkfamily {__version__}")
        raise typer.Exit


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something goes wrong.")
    ] = False,
) -> None:
    """Think Family reflection checklists, records and supervision summaries.

    Example: thinkfamily check practitioner --case ABC123
    """
    if ctx.invoked_subcommand is None:
        ui.line(WELCOME.format(version=__version__).rstrip())


@app.command("checklists")
def checklists_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the checklists you can run: id, title, audience, questions, source.

    Example: thinkfamily checklists --json
    """
    from .catalog import Catalog  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    loaded, problems = Catalog(user_paths()).load_all()
    if as_json:
        data = [
            {
                "id": item.checklist.id,
                "title": item.checklist.title,
                "audience": item.checklist.audience,
                "questions": item.checklist.question_count,
                "version": item.checklist.version,
                "source": item.checklist.source.cite(),
                "file": str(item.path),
                "shipped": item.shipped,
            }
            for item in loaded
        ]
        ui.line(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        ui.table(
            ["id", "title", "audience", "questions", "source"],
            [
                [
                    item.checklist.id,
                    item.checklist.title,
                    item.checklist.audience,
                    str(item.checklist.question_count),
                    item.checklist.source.short or item.checklist.source.document,
                ]
                for item in loaded
            ],
        )
    if problems:
        for problem in problems:
            ui.error(problem)
        raise typer.Exit(ExitCode.FAILED)


@app.command("validate")
def validate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Checklist files to check.")],
) -> None:
    """Check checklist files and report every problem, with file, line and field.

    Example: thinkfamily validate my-checklist.yaml
    """
    from .catalog import validate_files  # noqa: PLC0415

    problems = validate_files(files)
    for problem in problems:
        ui.note(problem)
    if problems:
        count = len(problems)
        ui.note(f"{count} problem{'s' if count != 1 else ''} found.")
        raise typer.Exit(ExitCode.FAILED)
    ui.note(f"{len(files)} file{'s' if len(files) != 1 else ''} valid.")


def _fail(exc: ThinkFamilyError) -> NoReturn:
    ui.error(exc.message, exc.hint)
    sys.exit(int(exc.exit_code))


def main() -> None:
    """Run the command line; the one place errors become messages and exit codes."""
    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("THINKFAMILY_DEBUG"))
    try:
        app(prog_name="thinkfamily")
    except ThinkFamilyError as exc:
        if debug:
            traceback.print_exc()
        _fail(exc)
    except KeyboardInterrupt:
        ui.note("Interrupted.")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # The reader went away (`thinkfamily records | head`); that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(int(ExitCode.OK))
    except Exception as exc:
        if debug:
            raise
        ui.error(
            f"something went wrong inside thinkfamily ({type(exc).__name__}: {exc}).",
            "Nothing you typed has been lost. Run the command again with --debug to see the "
            "details, and report them.",
        )
        sys.exit(int(ExitCode.FAILED))
