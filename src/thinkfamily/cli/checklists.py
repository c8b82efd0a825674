"""Commands about checklists: list, validate, walk one, the quiz, and file schemas."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from thinkfamily import check, config, files, privacy
from thinkfamily.answers import read_answers
from thinkfamily.catalog import Catalog, guide_intro
from thinkfamily.convert import json_schema
from thinkfamily.errors import ExitCode, Interrupted, ThinkFamilyError
from thinkfamily.loading import validate_files
from thinkfamily.models.checklist import Checklist
from thinkfamily.models.contacts import Area
from thinkfamily.models.record import Record
from thinkfamily.models.supervision import Supervision
from thinkfamily.paths import user_paths
from thinkfamily.render.answers import answers_file
from thinkfamily.render.casefile import changes_lines
from thinkfamily.render.checklist_doc import checklist_doc
from thinkfamily.render.text import summary_lines
from thinkfamily.walk import run_quiz

from .app import CASE_HELP, App, app, open_store, print_json, show_lines, ui
from .formats import ExportFormat, ForceOption, OutputOption, export_format, writing_to, written
from .terminal import TerminalPrompter, stopped_as_by_ctrl_c

checklists_app = App(
    help="The checklists you can run, and each one blank, to read or print.",
    epilog="Example: thinkfamily checklists show practitioner -o practitioner.docx",
    invoke_without_command=True,
)
app.add_typer(checklists_app, name="checklists")


@checklists_app.callback()
def checklists_cmd(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the checklists you can run: id, title, audience, questions, source.

    Example: thinkfamily checklists --json
    """
    if ctx.invoked_subcommand is not None:
        return
    _list_checklists(as_json=as_json)


def _list_checklists(*, as_json: bool) -> None:

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
        print_json(data)
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


@checklists_app.command("show")
def checklists_show(
    checklist_id: Annotated[str, typer.Argument(metavar="ID", help="The checklist to show.")],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown (the default), html or docx (needs -o); with -o, the file name's "
            "ending says it.",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """A checklist, blank, to read or print: its sections and questions with their ids (as
    answers files use them), the answers to choose from, guidance and sources.

    Example: thinkfamily checklists show practitioner -o practitioner.html
    """

    documents = (ExportFormat.markdown, ExportFormat.html, ExportFormat.docx)
    chosen = export_format(fmt, output, documents)
    paths = user_paths()
    data = written(checklist_doc(Catalog(paths).load(checklist_id).checklist), chosen)
    if output is None:
        ui.stdout.write(data.decode("utf-8"))
        return
    with writing_to(output):
        open_store(paths).write_outside(output, data, force=force)
    ui.note(f"Wrote {output}")


@app.command("validate")
def validate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Checklist files to check.")],
) -> None:
    """Check checklist files and report every problem, with file, line and field.

    Example: thinkfamily validate my-checklist.yaml
    """

    problems = validate_files(files)
    for problem in problems:
        ui.note(problem)
    if problems:
        count = len(problems)
        ui.note(f"{count} problem{'s' if count != 1 else ''} found.")
        raise typer.Exit(ExitCode.FAILED)
    ui.note(f"{len(files)} file{'s' if len(files) != 1 else ''} valid.")


@app.command("check")
def check_cmd(
    checklist_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The checklist to run; none lists them.")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help=CASE_HELP)] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="Take the answers from a YAML or JSON file; no prompts."),
    ] = None,
    resume: Annotated[
        bool | None,
        typer.Option(
            "--resume/--new", help="Resume a saved draft, or start again, without asking."
        ),
    ] = None,
    start_from: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="RECORD",
            help="Start from an earlier walk's answers (latest, or a record), without asking.",
        ),
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start with no answers, without asking.")
    ] = False,
    watch: Annotated[
        list[str] | None,
        typer.Option(
            "--watch", help="A name to look for in your notes (e.g. the family's); never stored."
        ),
    ] = None,
    redact_identifiers: Annotated[
        bool,
        typer.Option(
            "--redact-identifiers",
            help="With --answers: replace anything identifying in notes with [redacted].",
        ),
    ] = False,
) -> None:
    """Walk through a checklist about one family and save a reflection record. When you have
    walked it for the same case before, it offers to start from those answers.

    Example: thinkfamily check practitioner --case ABC123
    """
    if checklist_id is None:
        _list_checklists(as_json=False)
        ui.note("Run one with: thinkfamily check ID --case REF")
        return
    paths = user_paths()
    names = (*config.watch_names(paths.config_file), *(watch or ()))
    case = check.check_case(case, names)
    loaded = Catalog(paths).load(checklist_id)
    settings = config.load(paths.config_file)
    store = open_store(paths)
    if start_from is not None and fresh:
        raise ThinkFamilyError("Give --from or --fresh, not both.")
    if answers is not None:
        if start_from is not None or fresh:
            raise ThinkFamilyError(
                "--from and --fresh are for a walk at the terminal; an answers file holds "
                "every answer itself."
            )

        given = read_answers(answers, loaded.checklist)
        saved, places = check.run_answers(
            loaded,
            case,
            given.answers,
            store,
            settings,
            reflection=given.reflection,
            watch_names=names,
            redact_identifiers=redact_identifiers,
        )
        _report_identifiers(places, redacted=redact_identifiers)
        if given.missing:
            ui.warn(
                f"{len(given.missing)} question(s) not in {answers}, recorded as skipped: "
                + ", ".join(given.missing)
            )
        if store.has_draft(checklist_id, case):
            ui.note(
                "Your unfinished walk of this checklist"
                + (f" for case {case}" if case else "")
                + " is still kept as a draft: "
                + check.resume_hint(checklist_id, case)
            )
    else:
        if not ui.interactive:
            mintty = (  # Git Bash's window is not a console to Windows programs
                " In Git Bash, start it with winpty (winpty thinkfamily check ...), or use "
                "PowerShell or Windows Terminal."
                if files.WINDOWS
                else ""
            )
            raise ThinkFamilyError(
                "`thinkfamily check` asks its questions in a terminal, and there is none here.",
                hint=f"To run without one, give the answers in a file: "
                f"thinkfamily check {checklist_id} --answers FILE.{mintty}",
            )
        prompter = TerminalPrompter(ui.out, plain=ui.plain)
        with stopped_as_by_ctrl_c():
            result = check.walk(
                loaded,
                case,
                prompter,
                store,
                settings,
                resume=resume,
                start_from=check.FRESH if fresh else (start_from or check.ASK),
                warn=ui.warn,
                rescue=lambda draft: ui.note(answers_file(draft)),
                watch_names=names,
                guide=lambda guide_id: guide_intro(paths, guide_id),
                intro=True,
            )
        if result is None:
            ui.note("Saved as a draft. To carry on: " + check.resume_hint(checklist_id, case))
            return
        saved = result

    end = check.finished(paths, store, saved)
    show_lines(summary_lines(saved.record, saved.path, end.referral))
    if end.since is not None:  # what moved since (for a self-assessment, per area)
        ui.line()
        show_lines(changes_lines(end.since, since=True))


def _report_identifiers(places: "list[privacy.Place]", *, redacted: bool) -> None:

    for place in places:
        for finding in place.findings:
            excerpt = privacy.masked_excerpt(place.text, finding, place.findings)
            ui.warn(f"the {place.describe()} has {finding.label()}: {excerpt}")
    if places and not redacted:
        ui.warn("kept as written; use --redact-identifiers to replace such text with [redacted].")


@app.command("quiz")
def quiz_cmd(
    seed: Annotated[
        int | None, typer.Option("--seed", help="Fix the order of the statements.")
    ] = None,
) -> None:
    """The HIPS training's true-or-false statements, in a random order, with a score.

    Example: thinkfamily quiz --seed 4
    """

    if not ui.interactive:
        raise ThinkFamilyError("The quiz asks its questions in a terminal, and there is none.")
    paths = user_paths()
    loaded = Catalog(paths).load("quiz")
    prompter = TerminalPrompter(ui.out, plain=ui.plain)
    try:
        right, answered, total = run_quiz(
            loaded.checklist, prompter, seed=seed, guide=lambda gid: guide_intro(paths, gid)
        )
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("Quiz stopped.") from None
    if answered == total:
        ui.line(f"Score: {right} of {total}.")
    elif answered:
        ui.line(f"Quiz stopped. Score: {right} of the {answered} you answered (of {total}).")
    else:
        ui.line("Quiz stopped.")


class SchemaName(StrEnum):
    record = "record"
    checklist = "checklist"
    contacts = "contacts"
    supervision = "supervision"


@app.command("schema")
def schema_cmd(
    name: Annotated[SchemaName, typer.Argument(help="record, checklist, contacts or supervision.")],
) -> None:
    """Print the JSON Schema of a file format, so other systems can check and ingest files.

    Example: thinkfamily schema record > record.schema.json
    """

    formats: dict[SchemaName, type] = {
        SchemaName.record: Record,
        SchemaName.checklist: Checklist,
        SchemaName.contacts: Area,
        SchemaName.supervision: Supervision,
    }
    print_json(json_schema(formats[name], formats[name].__name__))
