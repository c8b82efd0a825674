"""The command line: thin commands that parse options, call the modules and render.

Feature modules are imported inside the commands so that `--help` and quick
look-ups do not pay for loading pydantic, YAML or Rich.
"""

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from . import __version__
from .errors import ExitCode, Interrupted, ThinkFamilyError
from .ui import UI

if TYPE_CHECKING:
    from . import privacy
    from .contact_spec import Contact
    from .contacts import LoadedArea
    from .paths import Paths
    from .store import Store

app = typer.Typer(
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
        _print_json(data)
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
    from .validation import validate_files  # noqa: PLC0415

    problems = validate_files(files)
    for problem in problems:
        ui.note(problem)
    if problems:
        count = len(problems)
        ui.note(f"{count} problem{'s' if count != 1 else ''} found.")
        raise typer.Exit(ExitCode.FAILED)
    ui.note(f"{len(files)} file{'s' if len(files) != 1 else ''} valid.")


RECORD_HELP = "A record id, a unique start of one, latest, or a path to a record file."
CASE_HELP = (
    "A pseudonymous case reference (letters, digits, - and _), never a name. "
    "It becomes part of the record's file name."
)


@app.command("check")
def check_cmd(
    checklist_id: Annotated[str, typer.Argument(metavar="ID", help="The checklist to run.")],
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
    """Walk through a checklist about one family and save a reflection record.

    Example: thinkfamily check practitioner --case ABC123
    """
    from . import config, session  # noqa: PLC0415
    from .catalog import Catalog  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415
    from .prompts import TerminalPrompter  # noqa: PLC0415
    from .render import summary_lines  # noqa: PLC0415

    case = session.check_case(case)
    paths = user_paths()
    loaded = Catalog(paths).load(checklist_id)
    settings = config.load(paths.config_file)
    names = (*config.watch_names(paths.config_file), *(watch or ()))
    store = _store(paths)
    if answers is not None:
        from .answers import read_answers  # noqa: PLC0415 - YAML, only for an answers file

        given, missing = read_answers(answers, loaded.checklist)
        saved, places = session.run_answers(
            loaded,
            case,
            given,
            store,
            settings,
            watch_names=names,
            redact_identifiers=redact_identifiers,
        )
        _report_identifiers(places, redacted=redact_identifiers)
        if missing:
            ui.warn(
                f"{len(missing)} question(s) not in {answers}, recorded as skipped: "
                + ", ".join(missing)
            )
    else:
        if not ui.interactive:
            raise ThinkFamilyError(
                "`thinkfamily check` asks its questions in a terminal, and there is none here.",
                hint=f"To run without one, give the answers in a file: "
                f"thinkfamily check {checklist_id} --answers FILE",
            )
        checklist = loaded.checklist
        prompter = TerminalPrompter(ui.out, plain=ui.plain)
        prompter.show(checklist.title, "heading")
        if checklist.intro:
            prompter.show(checklist.intro)
        prompter.show(f"Source: {checklist.source.cite()}", "hint")
        first = checklist.questions[0][1].scale
        from .walk import key_legend  # noqa: PLC0415

        prompter.show(f"Keys: {key_legend(first)}.", "hint")
        result = session.walk(
            loaded,
            case,
            prompter,
            store,
            settings,
            resume=resume,
            warn=ui.warn,
            watch_names=names,
        )
        if result is None:
            ui.note("Saved as a draft. To carry on: " + session.resume_hint(checklist_id, case))
            return
        saved = result
    lines = summary_lines(saved.record, saved.path)
    if saved.record.refer:
        lines += _referrals(paths, saved.record.area, saved.record.refer)
    ui.wrapped([(len(line) - len(line.lstrip()), line.strip(), "") for line in lines])


def _report_identifiers(places: "list[privacy.Place]", *, redacted: bool) -> None:
    from . import privacy  # noqa: PLC0415

    for place in places:
        for finding in place.findings:
            excerpt = privacy.masked_excerpt(place.text, finding, place.findings)
            ui.warn(f"the {place.describe()} has {finding.label()}: {excerpt}")
    if places and not redacted:
        ui.warn("kept as written; use --redact-identifiers to replace such text with [redacted].")


def _referrals(paths: "Paths", area: str | None, audiences: list[str]) -> list[str]:
    """Who to contact about this record's concerns, for the practitioner's area."""
    from . import contacts as lookup  # noqa: PLC0415
    from .contacts_view import referral_lines  # noqa: PLC0415

    item = lookup.area_for_record(paths, area)
    if item is None:
        what = f"No contacts are known for '{area}'" if area else "No area is set"
        return [
            (
                f"{what}: run `thinkfamily config set area NAME` to see who to contact "
                "about these concerns."
            )
        ]
    front = lookup.front_doors(item.area, audiences)
    return [
        f"Who to contact in {item.area.name}:",
        *(f"  - {line}" for line in referral_lines(item, audiences, front)),
    ]


def _store(paths: "Paths") -> "Store":
    """The record store, after warning about any folder other users could read."""
    from .store import Store, loose_permissions  # noqa: PLC0415

    for folder in (paths.data, paths.records, paths.drafts, paths.supervision):
        if loose_permissions(folder):
            ui.warn(
                f"{folder} can be read by other users of this computer, and records describe "
                f"real families. Fix it with: chmod 700 {folder}"
            )
    return Store(paths.records, paths.drafts)


@app.command("records")
def records_cmd(
    checklist: Annotated[
        str | None, typer.Option("--checklist", help="Only this checklist.")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Only this case reference.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only records finished on or after YYYY-MM-DD.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List saved records, newest first.

    Example: thinkfamily records --case ABC123 --since 2026-01-01
    """
    from .paths import user_paths  # noqa: PLC0415
    from .records import list_records  # noqa: PLC0415
    from .store import parse_day  # noqa: PLC0415
    from .supervision import supervised_ids  # noqa: PLC0415

    day = parse_day(since) if since else None
    paths = user_paths()
    listed, warnings = list_records(
        _store(paths),
        checklist=checklist,
        case=case,
        since=day,
        supervised=supervised_ids(paths.supervision),
    )
    for warning in warnings:
        ui.warn(warning)
    if as_json:
        rows = [r._asdict() for r in listed]
        _print_json(rows)
        return
    if not listed:
        ui.note(
            "No records found."
            if (checklist or case or since)
            else "No records yet. Run a checklist: thinkfamily check practitioner --case REF"
        )
        return
    ui.table(
        ["finished", "id", "checklist", "case", "answered", "concerns", "supervised"],
        [
            [
                r.finished[:16].replace("T", " "),
                r.id,
                r.checklist,
                r.case or "",
                f"{r.answered}/{r.questions}",
                str(r.concerns),
                "yes" if r.supervised else "no",
            ]
            for r in listed
        ],
    )


@app.command("show")
def show_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
) -> None:
    """Show one saved record.

    Example: thinkfamily show latest
    """
    from .paths import user_paths  # noqa: PLC0415
    from .records import load_record  # noqa: PLC0415
    from .render import record_lines  # noqa: PLC0415

    store = _store(user_paths())
    loaded = load_record(store.resolve(record))
    for line in record_lines(loaded):
        ui.line(ui_clean(line))


def ui_clean(text: str) -> str:
    from .ui import clean  # noqa: PLC0415

    return clean(text)


class ExportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    csv = "csv"


@app.command("export")
def export_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="markdown (default), json or csv.")
    ] = ExportFormat.markdown,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Leave out your name and the case reference, and mask identifiers in notes.",
        ),
    ] = False,
) -> None:
    """Export a record: a Markdown summary for supervision, or JSON or CSV.

    Example: thinkfamily export latest -o summary.md
    """
    from . import config, export, supervision  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415
    from .records import load_record  # noqa: PLC0415

    paths = user_paths()
    loaded = load_record(_store(paths).resolve(record))
    notes = supervision.load(paths.supervision, loaded.id)
    shown = (
        export.redact(loaded, tuple(config.watch_names(paths.config_file))) if redact else loaded
    )
    area = loaded.area or config.load(paths.config_file).get("area")
    referrals = _referrals(paths, area, loaded.refer) if loaded.refer else None
    text = export.render(shown, fmt.value, notes, contacts=referrals)
    if output is None:
        ui.stdout.write(text)
        return
    export.write_file(output, text, force=force, log=paths.exports_log, record_id=loaded.id)
    ui.note(f"Wrote {output}")


@app.command("supervise")
def supervise_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    date: Annotated[
        str | None, typer.Option("--date", help="Date of the supervision, YYYY-MM-DD (today).")
    ] = None,
    supervisor: Annotated[str | None, typer.Option("--supervisor", help="Who supervised.")] = None,
    decisions: Annotated[
        str | None, typer.Option("--decisions", help="What supervision decided.")
    ] = None,
    action: Annotated[
        list[str] | None, typer.Option("--action", help="An agreed action; repeat for more.")
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="By when, for the --action in the same position; repeat."),
    ] = None,
) -> None:
    """Record what supervision discussed and agreed about a record.

    Example: thinkfamily supervise latest --supervisor "J. Patel" --decisions "Refer to ASC"
    --action "Make the referral" --by 2026-12-01
    """
    from . import supervision  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415
    from .records import load_record  # noqa: PLC0415
    from .store import parse_day  # noqa: PLC0415

    paths = user_paths()
    loaded = load_record(_store(paths).resolve(record))
    actions = list(action or [])
    dates = list(by or [])
    if len(dates) > len(actions):
        raise ThinkFamilyError(
            "There are more --by dates than --action texts.",
            hint="Give one --by after each --action it belongs to.",
        )
    pairs: list[tuple[str, str | None]] = [
        (a, dates[i] if i < len(dates) else None) for i, a in enumerate(actions)
    ]
    given = any(v is not None for v in (date, supervisor, decisions, action))
    if not given:
        if not ui.interactive:
            raise ThinkFamilyError(
                "Nothing to record: give --decisions or --action (and --supervisor, --date), "
                "or run this in a terminal to be asked.",
            )
        date, supervisor, decisions, pairs = _ask_supervision()
    day = parse_day(date).isoformat() if date else _today()
    saved, path = supervision.add_session(
        paths.supervision,
        loaded.id,
        date=day,
        supervisor=supervisor,
        decisions=decisions,
        actions=pairs,
    )
    ui.note(
        f"Supervision of {loaded.id} recorded ({len(saved.sessions)} discussion"
        f"{'s' if len(saved.sessions) != 1 else ''}) in {path}"
    )


def _today() -> str:
    from .clock import aware_now  # noqa: PLC0415

    return aware_now().date().isoformat()


def _ask_supervision() -> tuple[str, str | None, str | None, list[tuple[str, str | None]]]:
    from .store import parse_day  # noqa: PLC0415

    def ask(prompt: str) -> str:
        try:
            return input(f"{prompt} ").strip()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted("Stopped; nothing was recorded.") from None

    while True:
        day = ask(f"Date of supervision (Enter for {_today()})") or _today()
        try:
            parse_day(day)
            break
        except ThinkFamilyError as exc:
            ui.note(exc.message)
    supervisor = ask("Supervisor (Enter to skip)") or None
    decisions = ask("What did supervision decide? (Enter to skip)") or None
    pairs: list[tuple[str, str | None]] = []
    while text := ask("Agreed action (Enter when there are no more)"):
        pairs.append((text, ask("By when? (Enter to skip)") or None))
    return day, supervisor, decisions, pairs


class Audience(StrEnum):
    children = "children"
    adults = "adults"


@app.command("contacts")
def contacts_cmd(
    area: Annotated[
        str | None,
        typer.Argument(help="Area name, alias or the start of one; default: your config's area."),
    ] = None,
    audience: Annotated[
        Audience | None, typer.Option("--for", help="Only contacts for children or for adults.")
    ] = None,
    need: Annotated[
        str | None,
        typer.Option("--need", help="Only contacts for one need, e.g. mental-health."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    sources: Annotated[
        bool, typer.Option("--sources", help="Show the full web address of each source.")
    ] = False,
) -> None:
    """Who to ring: referral contacts for an area, with where each number came from.

    Example: thinkfamily contacts hackney --for adults
    """
    from . import config  # noqa: PLC0415
    from . import contacts as lookup  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    paths = user_paths()
    areas, problems = lookup.load_all(paths)
    for problem in problems:
        ui.warn(problem)
    topic = lookup.check_topic(need) if need else None
    typed = area or config.load(paths.config_file).get("area")
    if not typed:
        _list_areas(areas, as_json=as_json)
        return
    item = lookup.find_area(areas, typed)
    chosen = [
        c
        for c in item.area.contacts
        if lookup.matches(c, audience.value if audience else None, topic)
    ]
    if as_json:
        _print_json(_area_json(item, chosen))
        return
    _print_area(item, chosen, with_url=sources)


def _list_areas(areas: "list[LoadedArea]", *, as_json: bool) -> None:
    if as_json:
        _print_json([_area_json(a, None) for a in areas])
        return
    ui.table(
        ["area", "also matches", "contacts", "file"],
        [
            [
                a.area.name,
                ", ".join(a.area.aliases),
                str(len(a.area.contacts)),
                f"local: {a.path}" if a.local else "shipped",
            ]
            for a in areas
        ],
    )
    ui.note("Look one up with: thinkfamily contacts AREA")


def _area_json(item: "LoadedArea", chosen: "list[Contact] | None") -> dict[str, object]:
    data: dict[str, object] = item.area.to_dict()
    if chosen is not None:
        data["contacts"] = [c.to_dict() for c in chosen]
    else:
        data.pop("contacts")
        data["contact_count"] = len(item.area.contacts)
    data["file"] = str(item.path)
    data["local"] = item.local
    return data


def _print_area(item: "LoadedArea", chosen: "list[Contact]", *, with_url: bool) -> None:
    from .contacts_view import area_lines  # noqa: PLC0415

    ui.wrapped(area_lines(item, chosen, with_url=with_url))


@app.command("check-text")
def check_text_cmd(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A text file, or - for standard input.")
    ],
    watch: Annotated[
        list[str] | None, typer.Option("--watch", help="A name to look for as well; repeat.")
    ] = None,
) -> None:
    """Look for personal identifiers in a text: NHS and NI numbers, postcodes, dates of birth,
    phone numbers, email addresses and watched names. Exit 1 if any are found.

    Example: thinkfamily check-text notes.txt --watch Smith
    """
    from . import config, privacy  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    name = "<stdin>" if file == "-" else file
    text = _read_text(file)
    names = (*config.watch_names(user_paths().config_file), *(watch or ()))
    count = 0
    for number, line in enumerate(text.splitlines(), 1):
        found = privacy.find(line, names)
        for finding in found:
            count += 1
            excerpt = privacy.masked_excerpt(line, finding, found)
            ui.line(ui_clean(f"{name}:{number}:{finding.start + 1}: {finding.label()}: {excerpt}"))
    if count:
        ui.note(f"{count} possible identifier{'s' if count != 1 else ''} found.")
        raise typer.Exit(ExitCode.FAILED)
    ui.note("Nothing that looks like an identifier was found.")


def _read_text(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ThinkFamilyError(f"{file}: no such file") from None
    except UnicodeDecodeError:
        raise ThinkFamilyError(f"{file}: is not UTF-8 text") from None
    except OSError as exc:
        raise ThinkFamilyError(f"{file}: cannot be read ({exc.strerror})") from None


@app.command("delete")
def delete_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a record, its supervision notes and any export written of it.

    Example: thinkfamily delete 20261123T164029Z_practitioner_ABC123
    """
    from .paths import user_paths  # noqa: PLC0415
    from .retention import delete_record, describe  # noqa: PLC0415

    paths = user_paths()
    path = _store(paths).resolve(record)
    ui.line(ui_clean(describe(paths, path)))
    _confirm("Delete it?", yes=yes)
    for removed in delete_record(paths, path):
        ui.note(f"Deleted {removed}")


@app.command("purge")
def purge_cmd(
    older_than: Annotated[
        str, typer.Option("--older-than", help="An age such as 6y, 18m, 8w or 30d.")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every record older than an age, for your retention policy; lists them first.

    Example: thinkfamily purge --older-than 6y
    """
    from .paths import user_paths  # noqa: PLC0415
    from .retention import cutoff, delete_record, describe, older_than_cutoff  # noqa: PLC0415

    paths = user_paths()
    before = cutoff(older_than)
    old = older_than_cutoff(_store(paths), before)
    if not old:
        ui.note(f"No records finished before {before:%Y-%m-%d}.")
        return
    for path in old:
        ui.line(ui_clean(describe(paths, path)))
    _confirm(f"Delete these {len(old)} record(s), finished before {before:%Y-%m-%d}?", yes=yes)
    for path in old:
        for removed in delete_record(paths, path):
            ui.note(f"Deleted {removed}")


def _confirm(question: str, *, yes: bool) -> None:
    if yes:
        return
    if not ui.interactive:
        raise ThinkFamilyError(
            "Nothing was deleted: there is no terminal to ask in.",
            hint="Add --yes to delete without being asked.",
        )
    try:
        reply = input(f"{question} [y/N] ").strip().lower()
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("Nothing was deleted.") from None
    if reply not in ("y", "yes"):
        ui.note("Nothing was deleted.")
        raise typer.Exit(ExitCode.OK)


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@app.command("report")
def report_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Record files or folders of them (default: your saved records)."),
    ] = None,
    checklist: Annotated[
        str | None, typer.Option("--checklist", help="Only this checklist.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only records finished on or after YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only records finished on or before YYYY-MM-DD.")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Only this case reference.")] = None,
    min_records: Annotated[
        int,
        typer.Option(
            "--min-records", min=1, help="Withhold a question's figures below this many records."
        ),
    ] = 5,
    details: Annotated[
        bool, typer.Option("--details", help="List the actions written, not just count them.")
    ] = False,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (default), markdown, csv or json.")
    ] = ReportFormat.text,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Patterns across many records: which questions are most often a concern.

    Example: thinkfamily report team-records/ --checklist practitioner --since 2026-01-01
    """
    from . import report as reporting  # noqa: PLC0415
    from . import report_view  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415
    from .store import parse_day  # noqa: PLC0415

    filters = reporting.Filters(
        checklist=checklist,
        case=case,
        since=parse_day(since) if since else None,
        until=parse_day(until) if until else None,
    )
    if paths:
        files, missing = reporting.record_files(paths)
        if missing:
            raise ThinkFamilyError(
                "; ".join(f"{p}: {why}" for p, why in missing),
                hint="Give record files, or folders that hold them.",
            )
    else:
        records, _ = _store(user_paths()).record_files()
        files = [
            r.path
            for r in records
            if (not checklist or r.checklist == checklist) and (not case or r.case == case)
        ]
    built = _with_progress(
        len(files),
        lambda tick: reporting.build(files, filters, min_records=min_records, progress=tick),
    )
    chosen = ReportFormat.json if as_json else fmt
    if chosen is ReportFormat.json:
        _print_json(report_view.json_data(built, details=details))
    elif chosen is ReportFormat.csv:
        ui.stdout.write(report_view.csv_text(built))
    elif chosen is ReportFormat.markdown:
        ui.stdout.write(report_view.markdown_text(built, details=details))
    else:
        for line, style in report_view.terminal_lines(
            built, details=details, bars=ui.rich_output, width=ui.width
        ):
            ui.styled(line, style)
    if built.skipped:
        ui.warn(f"{len(built.skipped)} file(s) skipped, not thinkfamily records:")
        for path, reason in built.skipped:
            ui.note(f"  {path}: {reason}")


def _with_progress(total: int, work: "Callable[[Callable[[int], None] | None], T]") -> "T":
    """Run `work`, showing a progress bar on stderr when a terminal waits on many files."""
    from .ui import stream_is_terminal  # noqa: PLC0415

    if total <= 300 or not stream_is_terminal(sys.stderr) or ui.plain:  # noqa: PLR2004
        return work(None)
    from rich.progress import Progress  # noqa: PLC0415

    with Progress(console=ui.err, transient=True) as progress:
        task = progress.add_task("Reading records", total=total)
        return work(lambda done: progress.update(task, completed=done))


@app.command("guide")
def guide_cmd(
    topic: Annotated[
        str | None, typer.Argument(help="A topic, or the start of one; none lists them.")
    ] = None,
) -> None:
    """Short guides to what the guidance asks, each citing its source.

    Example: thinkfamily guide mental-capacity-act
    """
    from .guides import find_guide, load_guides  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    guides = load_guides(user_paths())
    if topic is None:
        ui.table(["topic", "guide"], [[g.id, g.title] for g in guides])
        ui.note("Read one with: thinkfamily guide TOPIC")
        return
    guide = find_guide(guides, topic)
    sources = [f"- {document}, {section}" for document, section in guide.sources]
    if ui.rich_output:
        from rich.markdown import Markdown  # noqa: PLC0415

        ui.styled(guide.title, "heading")
        ui.rich(Markdown(guide.body))
    else:
        ui.line(ui_clean(guide.title))
        ui.line()
        body = guide.body.rstrip()
        if ui.plain:  # emphasis marks mean nothing read aloud
            body = body.replace("**", "").replace("`", "").replace("*", "")
        ui.line(ui_clean(body))
    ui.line()
    ui.line("Sources:")
    for line in sources:
        ui.line(ui_clean(line))


@app.command("glossary")
def glossary_cmd(
    term: Annotated[
        str | None, typer.Argument(help="A term or acronym; none lists them all.")
    ] = None,
) -> None:
    """What the terms and acronyms of the guidance mean, in children's and adults' words.

    Example: thinkfamily glossary MASH
    """
    from .guides import find_term, load_glossary  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    terms = load_glossary(user_paths())
    chosen = terms if term is None else [find_term(terms, term)]
    lines: list[tuple[int, str, str]] = []
    for entry in chosen:
        lines += [(0, "", ""), (0, entry.term, "heading"), (2, entry.meaning, "")]
        if entry.children:
            lines.append((2, f"Children's services say: {entry.children}", ""))
        if entry.adults:
            lines.append((2, f"Adults' services say: {entry.adults}", ""))
        lines.append((2, f"Source: {entry.source}", "hint"))
    ui.wrapped(lines[1:])


@app.command("quiz")
def quiz_cmd(
    seed: Annotated[
        int | None, typer.Option("--seed", help="Fix the order of the statements.")
    ] = None,
) -> None:
    """The HIPS training's true-or-false statements, in a random order, with a score.

    Example: thinkfamily quiz --seed 4
    """
    from .catalog import Catalog  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415
    from .prompts import TerminalPrompter  # noqa: PLC0415
    from .quiz import run_quiz  # noqa: PLC0415

    if not ui.interactive:
        raise ThinkFamilyError("The quiz asks its questions in a terminal, and there is none.")
    loaded = Catalog(user_paths()).load("quiz")
    prompter = TerminalPrompter(ui.out, plain=ui.plain)
    try:
        right, total = run_quiz(loaded.checklist, prompter, seed=seed)
    except (KeyboardInterrupt, EOFError):
        raise Interrupted("Quiz stopped.") from None
    ui.line(f"Score: {right} of {total}.")


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
    from pydantic import BaseModel  # noqa: PLC0415

    from . import models  # noqa: PLC0415

    formats: dict[SchemaName, type[BaseModel]] = {
        SchemaName.record: models.Record,
        SchemaName.checklist: models.Checklist,
        SchemaName.contacts: models.Area,
        SchemaName.supervision: models.Supervision,
    }
    schema = formats[name].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _print_json(schema)


config_app = typer.Typer(
    help="Show or change your settings: name, role, organisation, area, watch_names.",
    epilog="Example: thinkfamily config set area Hackney",
    invoke_without_command=True,
)
app.add_typer(config_app, name="config")


@config_app.callback()
def config_show(ctx: typer.Context) -> None:
    """Show your settings (name, role, organisation, default area).

    Example: thinkfamily config
    """
    if ctx.invoked_subcommand is not None:
        return
    from . import config  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    path = user_paths().config_file
    settings = config.load(path)
    for key in config.KEYS:
        ui.line(f"{key:<13} {ui_clean(settings.get(key, '(not set)'))}")
    ui.note(f"Settings file: {path}")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="name, role, organisation or area.")],
    value: Annotated[str, typer.Argument(help="The value; quote it if it has spaces.")],
) -> None:
    """Set one setting.

    Example: thinkfamily config set role "Health visitor"
    """
    from . import config  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    paths = user_paths()
    if key == "area":  # store the area's own name, so a typo is caught now, not mid-call
        from . import contacts as lookup  # noqa: PLC0415

        value = lookup.find_area(lookup.load_all(paths)[0], value).area.name
    config.save_value(paths.config_file, key, value)
    ui.note(f"{key} set to {value}.")


@config_app.command("unset")
def config_unset(
    key: Annotated[str, typer.Argument(help="name, role, organisation or area.")],
) -> None:
    """Remove one setting.

    Example: thinkfamily config unset name
    """
    from . import config  # noqa: PLC0415
    from .paths import user_paths  # noqa: PLC0415

    config.save_value(user_paths().config_file, key, None)
    ui.note(f"{key} removed.")


def _print_json(data: object) -> None:
    import json  # noqa: PLC0415 - only --json output needs it

    ui.line(json.dumps(data, indent=2, ensure_ascii=False))


def _fail(exc: ThinkFamilyError) -> NoReturn:
    if exc.exit_code == ExitCode.INTERRUPTED:
        ui.note("\n" + exc.message + (f"\n{exc.hint}" if exc.hint else ""))
    else:
        ui.error(exc.message, exc.hint)
    sys.exit(int(exc.exit_code))


def main() -> None:
    """Run the command line; the one place errors become messages and exit codes."""
    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("THINKFAMILY_DEBUG"))
    try:
        app(prog_name="thinkfamily")
    except ThinkFamilyError as exc:
        if debug:
            import traceback  # noqa: PLC0415

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
