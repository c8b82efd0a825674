"""The Typer app, its global options, the helpers commands share, and `main`."""

import codecs
import contextlib
import errno
import itertools
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from thinkfamily import __version__, dates, files
from thinkfamily.actions import collect
from thinkfamily.errors import ExitCode, ThinkFamilyError, UsageError
from thinkfamily.paths import Paths, user_paths
from thinkfamily.render.tables import json_text
from thinkfamily.render.text import Line
from thinkfamily.render.wording import plural
from thinkfamily.store import Store

from .terminal import UI, repair, stream_is_terminal


class Command(typer.core.TyperCommand):
    """A command whose usage line names its arguments plainly: `show [OPTIONS] RECORD`,
    not Typer's `{RECORD}`, which a reader takes for something to type."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


class App(typer.Typer):
    """The app and its groups: every command is a `Command`."""

    # The same call as Typer's, with `cls` defaulting to Command.
    def command(  # type: ignore[override]
        self, name: str | None = None, *, cls: type[Command] = Command, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return super().command(name, cls=cls, **kwargs)


# Options of the whole tool, which may also come after the command (`records --plain`).
GLOBAL_FLAGS = ("--plain", "--no-color", "--debug")


def globals_first(args: list[str], takes_value: Callable[[list[str]], set[str]]) -> list[str]:
    """The arguments with the global flags moved before the command, as Typer wants them.
    Nothing after `--` moves, nor the value of an option (`--decisions --plain` records
    "--plain"); `takes_value` gives the options of the command named that take one."""
    end = args.index("--") if "--" in args else len(args)
    if not any(a in GLOBAL_FLAGS for a in args[:end]):
        return args
    command = list(itertools.takewhile(lambda a: not a.startswith("-"), args[:end]))
    valued = takes_value(command)
    flags, rest, skip = [], [], False
    for arg in args[:end]:
        if skip:
            rest.append(arg)
            skip = False
        elif arg in GLOBAL_FLAGS:
            flags.append(arg)
        else:
            rest.append(arg)
            skip = arg in valued
    return flags + rest + args[end:]


def _subcommand(command: Any, name: str) -> Any:
    """The command `name` of a group, or None (a command that is not a group has none)."""
    return getattr(command, "commands", {}).get(name)


def options_with_values(command: list[str]) -> set[str]:
    """The options of `thinkfamily COMMAND...` that take a value (`--case`, `--note`)."""
    current: Any = typer.main.get_command(app)
    for name in command:
        found = _subcommand(current, name)
        if found is None:
            break
        current = found
    return {
        opt
        for param in current.params
        if param.param_type_name == "option" and not param.is_flag and not param.count
        for opt in (*param.opts, *param.secondary_opts)
    }


app = App(
    name="thinkfamily",
    help="Think Family reflection checklists, records and supervision summaries.",
    epilog="Example: thinkfamily check practitioner --case ABC123",
    add_completion=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ui = UI()
T = TypeVar("T")


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
    version: Annotated[  # noqa: ARG001 - handled by its eager callback
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[  # noqa: ARG001 - read by main() before Typer runs
        bool, typer.Option("--debug", help="Show a traceback when something goes wrong.")
    ] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Plain text for screen readers: no colour, drawing or "
            "tables; also THINKFAMILY_PLAIN=1, and TERM=dumb.",
        ),
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour (as NO_COLOR does).")
    ] = False,
) -> None:
    """Think Family reflection checklists, records and supervision summaries.

    Example: thinkfamily check practitioner --case ABC123
    """
    ui.force_plain = plain
    ui.no_color = no_color
    if ctx.invoked_subcommand is None:
        ui.line(WELCOME.format(version=__version__).rstrip())
        for line in _waiting():
            ui.line(line)


@app.command("help")
def help_cmd(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None,
        typer.Argument(metavar="[COMMAND]...", help="A command, such as check or actions done."),
    ] = None,
) -> None:
    """Show the help of thinkfamily, or of one command.

    Example: thinkfamily help check
    """
    names = command or []
    where = ctx.parent or ctx  # a command always runs inside the tool
    current = where.command
    for depth, name in enumerate(names):
        found = _subcommand(current, name)
        if found is None:
            raise UsageError(
                f"There is no command '{' '.join(names[: depth + 1])}'.",
                hint="Run `thinkfamily help` to list them.",
            )
        where = found.make_context(name, [], parent=where, resilient_parsing=True)
        current = found
    ui.stdout.write(current.get_help(where) + "\n")


def _waiting() -> list[str]:
    """What is waiting for the user: overdue actions and unfinished walks."""

    try:
        store = open_store()
        actions, _ = collect(store)
        drafts = len(store.draft_files())
    except ThinkFamilyError:
        return []  # the welcome never fails: the commands themselves say what is wrong
    today = dates.today()
    overdue = sum(1 for a in actions if a.status(today) == "overdue")
    return [
        "",
        "Waiting for you:",
        f"  {plural(overdue, 'overdue action'):<22} thinkfamily actions --overdue",
        f"  {plural(drafts, 'unfinished walk'):<22} thinkfamily records --drafts",
    ]


RECORD_HELP = (
    "A record id, a unique start of one, latest, a case reference (in any letter case) that "
    "names one record, or a path to a record file."
)


CASE_HELP = (
    "A pseudonymous case reference (letters, digits, - and _), never a name. "
    "It becomes part of the record's file name."
)


def open_store(paths: Paths | None = None) -> Store:
    """The store, after refusing folders other users could change and warning about any
    they could read; temporary copies a killed command left are removed."""

    store = Store(paths or user_paths())
    for warning in store.check_folders():
        ui.warn(warning)
    store.tidy()
    return store


def confirm(question: str, *, yes: bool) -> None:
    if yes:
        return
    if not ui.interactive:
        raise ThinkFamilyError(
            "Nothing was deleted: there is no terminal to ask in.",
            hint="Add --yes to delete without being asked.",
        )
    reply = ui.ask(f"{question} [y/N]", stopped="Nothing was deleted.").lower()
    if reply not in ("y", "yes"):
        ui.note("Nothing was deleted.")
        raise typer.Exit(ExitCode.OK)


@contextlib.contextmanager
def progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A `tick(done, total)` that shows a progress bar on stderr once a terminal is kept
    waiting on more than 300 files; nothing in a pipe or in plain mode."""
    shown = stream_is_terminal(sys.stderr) and not ui.plain
    bar: Any = None
    task: Any = None

    def tick(done: int, total: int) -> None:
        nonlocal bar, task
        if not shown or total <= 300:  # noqa: PLR2004
            return
        if bar is None:
            from rich.progress import Progress  # noqa: PLC0415 - heavy, long listings only

            bar = Progress(console=ui.err, transient=True)
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done)

    try:
        yield tick
    finally:
        if bar is not None:
            bar.stop()


def print_json(data: object) -> None:

    ui.stdout.write(json_text(data))


def show_lines(lines: "list[Line]") -> None:
    """Lines from `render.text`, wrapped to the terminal and styled."""
    ui.wrapped(lines)


def _fail(exc: ThinkFamilyError) -> NoReturn:
    if exc.exit_code == ExitCode.INTERRUPTED:
        ui.note("\n" + exc.message + (f"\n{exc.hint}" if exc.hint else ""))
    else:
        ui.error(exc.message, exc.hint)
    sys.exit(int(exc.exit_code))


def _encode_output() -> None:
    """Data sent to a file or a pipe is UTF-8, whatever the locale or the Windows code page
    (a Polish or emoji note must not stop `export > summary.md`), with its line ends as
    written (the same bytes as `-o` writes); a terminal keeps its own
    encoding, with a stand-in for what it cannot show. A closed standard output is said."""
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - kept open
    if sys.stdout is None:
        ui.error(
            "Cannot write the output: standard output is closed.",
            "Run it again with the output going to the terminal, a file or a pipe.",
        )
        sys.exit(int(ExitCode.FAILED))
    for stream, stand_in in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        encoding = getattr(stream, "encoding", None)
        if not encoding or not hasattr(stream, "reconfigure"):
            continue  # a test's capture, or a stream someone else replaced
        with contextlib.suppress(OSError, ValueError):
            if stream.isatty():
                if codecs.lookup(encoding).name != "utf-8":
                    stream.reconfigure(errors=stand_in)
            else:  # as `-o` writes it: no `\r` added on Windows, so CSV keeps one `\r\n`
                stream.reconfigure(encoding="utf-8", newline="")


def _drop_output() -> None:
    """Send what is left of standard output nowhere, so that exiting does not try again."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _closed_pipe_on_windows(exc: OSError) -> bool:
    """Windows says a reader closed the pipe (`thinkfamily records | more`, then q) with
    EINVAL, where POSIX raises BrokenPipeError."""

    return files.WINDOWS and exc.errno == errno.EINVAL and exc.filename is None


def main() -> None:  # noqa: C901 - every kind of failure, in one place
    """Run the command line; the one place errors become messages and exit codes."""
    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("THINKFAMILY_DEBUG"))
    # What no file could hold is repaired; global options may come after the command.
    sys.argv[1:] = globals_first([repair(arg) for arg in sys.argv[1:]], options_with_values)
    _encode_output()
    try:
        try:
            app(prog_name="thinkfamily")
        finally:
            if sys.stdout is not None:  # a full disk under `> file` shows here, not at exit
                sys.stdout.flush()
    except ThinkFamilyError as exc:
        if debug:
            traceback.print_exc()
        _fail(exc)
    except KeyboardInterrupt:
        ui.note("Interrupted.")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        # The reader went away (`thinkfamily records | head`); that is not an error.
        _drop_output()
        sys.exit(int(ExitCode.OK))
    except OSError as exc:
        if _closed_pipe_on_windows(exc):
            _drop_output()
            sys.exit(int(ExitCode.OK))
        if debug:
            raise
        # Files of the store are reported where they are used; what is left is the output
        # (`> summary.md` on a full disk) or a file given on the command line.
        if exc.filename is None:
            _drop_output()
        where = "the output" if exc.filename is None else exc.filename
        ui.error(
            f"Cannot write {where}: {exc.strerror or exc}.",
            "Free some space there, or send the output somewhere else.",
        )
        sys.exit(int(ExitCode.FAILED))
    except Exception as exc:
        if debug:
            raise
        ui.error(
            f"something went wrong inside thinkfamily ({type(exc).__name__}: {exc}).",
            "Nothing you typed has been lost. Run the command again with --debug to see the "
            "details, and report them.",
        )
        sys.exit(int(ExitCode.FAILED))
