"""Commands about saved records: list, show, export, supervision, reports, deletion."""

import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from thinkfamily import config, dates, privacy
from thinkfamily import report as reporting
from thinkfamily.actions import done_by_id, supervision_actions
from thinkfamily.casefile import summary_of
from thinkfamily.catalog import Catalog
from thinkfamily.dates import parse_day
from thinkfamily.errors import StoreError, ThinkFamilyError
from thinkfamily.models.common import moment_text
from thinkfamily.models.supervision import AgreedAction, SupervisionSession
from thinkfamily.paths import user_paths
from thinkfamily.render import tables
from thinkfamily.render.record_doc import summary_doc
from thinkfamily.render.report_doc import report_doc
from thinkfamily.render.text import record_lines, report_lines, supervision_lines
from thinkfamily.render.wording import by_when, plural
from thinkfamily.store import Store, parse_record_name, record_day

from .app import (
    RECORD_HELP,
    app,
    confirm,
    open_store,
    print_json,
    progress,
    show_lines,
    ui,
)
from .formats import ExportFormat, ForceOption, OutputOption, export_format, writing_to, written
from .terminal import clean


@app.command("records")
def records_cmd(
    checklist: Annotated[
        str | None, typer.Option("--checklist", help="Only this checklist.")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Only this case reference.")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only records finished on or after this day: DD/MM/YYYY or YYYY-MM-DD."
        ),
    ] = None,
    drafts: Annotated[
        bool, typer.Option("--drafts", help="List unfinished walks (drafts) instead.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List saved records, newest first; with --drafts, the walks not yet finished.

    Example: thinkfamily records --case ABC123 --since 2026-01-01
    """
    if drafts:
        _list_drafts(case, as_json=as_json)
        return
    day = parse_day(since) if since else None
    listed, warnings = open_store().list_records(checklist=checklist, case=case, since=day)
    for warning in warnings:
        ui.warn(warning)
    if as_json:
        rows = [r._asdict() for r in listed]
        print_json(rows)
        return
    if not listed and checklist:  # a typo gets a suggestion, not "no records"
        Catalog(user_paths()).known(checklist)
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
            (  # a tuple of text: the garbage collector stops following it at once
                r.finished[:16].replace("T", " "),
                r.id,
                r.checklist,
                r.case or "",
                f"{r.answered}/{r.questions}",
                str(r.concerns),
                "yes" if r.supervised else "no",
            )
            for r in listed
        ],
        key=1,  # the id, which show, export and supervise take
    )


def _list_drafts(case: str | None, *, as_json: bool) -> None:
    found, warnings = open_store().open_drafts()
    for warning in warnings:
        ui.warn(warning)
    wanted = case.strip().casefold() if case else None
    rows = [
        {
            "started": draft.started,
            "checklist": draft.checklist_id,
            "case": draft.case,
            "answered": len(draft.answers),
            "questions": len(draft.questions) or None,
            "path": str(path),
        }
        for path, draft in found
        if wanted is None or (draft.case or "").casefold() == wanted
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        ui.note("No unfinished walks.")
        return
    ui.table(
        ["started", "checklist", "case", "answered", "carry on with"],
        [
            [
                str(r["started"])[:16].replace("T", " "),
                str(r["checklist"]),
                str(r["case"] or ""),
                f"{r['answered']}/{r['questions'] or '?'}",
                f"thinkfamily check {r['checklist']}"
                + (f" --case {r['case']}" if r["case"] else ""),
            ]
            for r in rows
        ],
        key=4,  # the command to type
    )


@app.command("show")
def show_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
) -> None:
    """Show one saved record.

    Example: thinkfamily show latest
    """

    store = open_store()
    loaded = store.read_record(store.resolve(record))
    try:
        supervision = store.read_supervision(loaded.id)
    except StoreError as exc:  # the record is still shown
        ui.warn(f"{exc.message} {exc.hint or ''}".strip())
        supervision = None
    actions = (
        supervision_actions(
            supervision,
            loaded.checklist.id,
            loaded.case,
            record_day(loaded.finished),
            done_by_id(store),
        )
        if supervision
        else []
    )
    lines = record_lines(loaded) + supervision_lines(supervision, actions, dates.today())
    ui.paragraphs(lines)


@app.command("export")
def export_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown (the default), html, docx (needs -o), json or csv; with -o, the "
            "file name's ending says it.",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Leave out your name and the case reference, and mask identifiers in notes.",
        ),
    ] = False,
) -> None:
    """Export a record: a summary for supervision (Markdown, HTML or Word), or JSON or CSV.
    With -o the format follows the file name: .md, .html, .docx, .json or .csv.

    Example: thinkfamily export latest -o summary.docx
    """

    chosen = export_format(fmt, output)
    paths = user_paths()
    store = open_store(paths)
    loaded = shown = store.read_record(store.resolve(record))
    if redact:
        shown = privacy.redact_record(loaded, tuple(config.watch_names(paths.config_file)))
    if chosen in (ExportFormat.json, ExportFormat.csv):
        text = (
            tables.record_json(shown) if chosen is ExportFormat.json else tables.record_csv(shown)
        )
        data = text.encode("utf-8")
    else:
        summary = summary_of(paths, store, loaded, shown)
        doc = summary_doc(
            summary.record, summary.supervision, referral=summary.referral, since=summary.since
        )
        data = written(doc, chosen)
    if output is None:
        ui.stdout.write(data.decode("utf-8"))
        return
    with writing_to(output):
        store.write_export(output, data, force=force, record_id=loaded.id)
    ui.note(f"Wrote {output}")


@app.command("supervise")
def supervise_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    date: Annotated[
        str | None,
        typer.Option("--date", help="Date of the supervision: DD/MM/YYYY or YYYY-MM-DD (today)."),
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
        typer.Option(
            "--by",
            help="By when, for the --action in the same position: DD/MM/YYYY, YYYY-MM-DD, "
            "a weekday, or +3d, +2w, +1m from the supervision; repeat.",
        ),
    ] = None,
    amend: Annotated[
        int | None,
        typer.Option(
            "--amend",
            metavar="N",
            help="Correct discussion N (from 1, as show lists them) with the options given; "
            "the entry as first written is kept. Needs --reason.",
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the discussion is corrected.")
    ] = None,
) -> None:
    """Record what supervision discussed and agreed about a record, or correct an entry.

    Example: thinkfamily supervise latest --supervisor "J. Patel" --decisions "Refer to ASC"
    --action "Make the referral" --by 2026-12-01
    """

    store = open_store()
    loaded = store.read_record(store.resolve(record))
    actions = list(action or [])
    due = list(by or [])
    if len(due) > len(actions):
        raise ThinkFamilyError(
            "There are more --by dates than --action texts.",
            hint="Give one --by after each --action it belongs to.",
        )
    pairs: list[tuple[str, str | None]] = [
        (a, due[i] if i < len(due) else None) for i, a in enumerate(actions)
    ]
    given = any(v is not None for v in (date, supervisor, decisions, action))
    corrected = _corrected(store, loaded.id, amend, reason, given=given)
    if corrected is not None:
        date = date or corrected.date
        supervisor = supervisor if supervisor is not None else corrected.supervisor
        decisions = decisions if decisions is not None else corrected.decisions
    elif not given:
        if not ui.interactive:
            raise ThinkFamilyError(
                "Nothing to record: give --decisions or --action (and --supervisor, --date), "
                "or run this in a terminal to be asked.",
            )
        date, supervisor, decisions, pairs = _ask_supervision()
    held = parse_day(date) if date else dates.today()
    agreed = tuple(
        AgreedAction(action=a, by=b, due=_due(b, held).isoformat() if b else None)
        for a, b in ((a, (b or "").strip() or None) for a, b in pairs)
    )
    if corrected is not None and action is None:
        agreed = corrected.actions  # kept as they were, with what was marked done
    session = SupervisionSession(
        date=held.isoformat(),
        supervisor=supervisor or None,
        decisions=decisions or None,
        actions=agreed,
        recorded=moment_text(dates.now()),
        amends=amend,
        reason=(reason or "").strip() or None if amend is not None else None,
    )
    saved, path = store.add_supervision(loaded.id, session)
    count = len(saved.discussions())
    ui.note(
        f"Discussion {amend} of {loaded.id} corrected in {path}"
        if amend is not None
        else f"Supervision of {loaded.id} recorded ({plural(count, 'discussion')}) in {path}"
    )
    for agreed_action in agreed:
        when = by_when(agreed_action.by, agreed_action.due)
        ui.note(clean(f"  {agreed_action.action}" + (f": by {when}" if when else "")))


def _write_report(
    built: "reporting.Report",
    chosen: ExportFormat,
    output: Path | None,
    *,
    details: bool,
    force: bool,
) -> None:
    """The report in a document format (HTML with its charts), or as data, to a file or
    the terminal."""

    if chosen is ExportFormat.json:
        data = tables.json_text(tables.report_data(built, details=details)).encode("utf-8")
    elif chosen is ExportFormat.csv:
        data = tables.report_csv(built).encode("utf-8")
    else:
        charts = chosen is ExportFormat.html
        data = written(report_doc(built, details=details, charts=charts), chosen)
    if output is None:
        ui.stdout.write(data.decode("utf-8"))
        return
    with writing_to(output):
        open_store().write_outside(output, data, force=force)
    ui.note(f"Wrote {output}")


def _corrected(
    store: Store, record_id: str, amend: int | None, reason: str | None, *, given: bool
) -> SupervisionSession | None:
    """The discussion `--amend N` corrects, as it now stands; None without --amend."""

    if amend is None:
        if reason is not None:
            raise ThinkFamilyError("--reason goes with --amend N, the discussion it corrects.")
        return None
    if not (reason or "").strip():
        raise ThinkFamilyError(
            "Say why the discussion is corrected: give --reason.",
            hint='For example: --amend 1 --reason "Wrong date" --date 02/12/2026',
        )
    if not given:
        raise ThinkFamilyError(
            "Nothing to correct: give the --date, --supervisor, --decisions or --action "
            "as they should read."
        )
    current = store.read_supervision(record_id)
    discussions = current.discussions() if current else []
    if not 1 <= amend <= len(discussions):
        held = plural(len(discussions), "discussion")
        raise ThinkFamilyError(
            f"There is no discussion {amend} of {record_id}: it has {held}.",
            hint=f"See them with: thinkfamily show {record_id}",
        )
    return discussions[amend - 1].session


def _due(by: str, held: date) -> date:
    """The day an action's "by when" names, counted from the supervision's day."""
    try:
        return parse_day(by, relative=True, base=held)
    except ThinkFamilyError as exc:
        raise ThinkFamilyError(f"--by {exc.message}") from None


def _ask_supervision() -> tuple[str, str | None, str | None, list[tuple[str, str | None]]]:
    def ask(prompt: str) -> str:
        return ui.ask(prompt, stopped="Stopped; nothing was recorded.")

    today = dates.today()
    while True:
        day = ask(f"Date of supervision (Enter for {dates.day_text(today)})")
        try:
            held = parse_day(day) if day else today
            break
        except ThinkFamilyError as exc:
            ui.note(exc.message)
    supervisor = ask("Supervisor (Enter to skip)") or None
    decisions = ask("What did supervision decide? (Enter to skip)") or None
    pairs: list[tuple[str, str | None]] = []
    while text := ask("Agreed action (Enter when there are no more)"):
        while True:
            by = ask("By when? (a date, a weekday or +2w; Enter to skip)") or None
            try:
                if by:
                    ui.note(f"  by {dates.day_text(parse_day(by, relative=True, base=held))}")
                break
            except ThinkFamilyError as exc:
                ui.note(exc.message)
        pairs.append((text, by))
    return held.isoformat(), supervisor, decisions, pairs


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"
    docx = "docx"
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
        str | None,
        typer.Option(
            "--since", help="Only records finished on or after this day: DD/MM/YYYY or YYYY-MM-DD."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", help="Only records finished on or before this day: DD/MM/YYYY or YYYY-MM-DD."
        ),
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
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (default), markdown, html (with charts), docx (needs -o), csv or json; "
            "with -o, the file name's ending says it.",
        ),
    ] = ReportFormat.text,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Patterns across many records: which questions are most often a concern.

    Example: thinkfamily report team-records/ --checklist practitioner -o report.html
    """

    filters = reporting.Filters(
        checklist=checklist,
        case=case,
        since=parse_day(since) if since else None,
        until=parse_day(until) if until else None,
    )
    with progress("Reading records") as tick:
        built = reporting.report_on(
            paths or open_store(), filters, min_records=min_records, progress=tick
        )
    chosen = ReportFormat.json if as_json else fmt
    if output is not None or chosen in (ReportFormat.html, ReportFormat.docx):
        asked = None if chosen is ReportFormat.text else ExportFormat(chosen.value)
        _write_report(built, export_format(asked, output), output, details=details, force=force)
    elif chosen is ReportFormat.json:
        print_json(tables.report_data(built, details=details))
    elif chosen is ReportFormat.csv:
        ui.stdout.write(tables.report_csv(built))
    elif chosen is ReportFormat.markdown:
        _write_report(built, ExportFormat.markdown, None, details=details, force=force)
    else:
        show_lines(report_lines(built, details=details, bars=ui.rich_output))
    if built.skipped:
        ui.warn(f"{len(built.skipped)} file(s) skipped, not thinkfamily records:")
        for path, reason in built.skipped:
            ui.note(f"  {path}: {reason}")


@app.command("delete")
def delete_cmd(
    record: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a record, its supervision notes and any export written of it.

    Example: thinkfamily delete 20261123T164029Z_practitioner_ABC123
    """
    store = open_store()
    path = store.resolve(record)
    _describe(store, [path])
    confirm("Delete it?", yes=yes)
    _delete(store, [path])


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
    before = cutoff(older_than)
    store = open_store()
    old = store.older_than(before)
    drafts = store.draft_files(before)
    if not old and not drafts:
        ui.note(f"No records finished before {before:%Y-%m-%d}, and no drafts left since then.")
        return
    _describe(store, old)
    for draft in drafts:
        ui.line(clean(f"draft {draft.name}: unfinished, last changed before {before:%Y-%m-%d}"))

    what = " and ".join(
        plural(len(found), kind) for found, kind in ((old, "record"), (drafts, "draft")) if found
    )
    confirm(f"Delete these {what}, from before {before:%Y-%m-%d}?", yes=yes)
    _delete(store, [*old, *drafts])


def _delete(store: Store, paths: list[Path]) -> None:
    removed, kept = store.delete(paths)
    for path in removed:
        ui.note(f"Deleted {path}")
    for path in kept:
        ui.warn(
            f"kept {path}: it has changed since thinkfamily exported it there, so it may hold "
            "someone else's work. Delete it yourself if it should go."
        )


def _describe(store: Store, paths: list[Path]) -> None:
    """One line for each record about to be deleted, with what goes with it."""

    for path, supervised, same, changed in store.extras(paths):
        parsed = parse_record_name(path)
        extra = ["supervision notes"] * supervised
        if same:
            extra.append(plural(len(same), "export"))
        if changed:
            extra.append(f"{plural(len(changed), 'changed export')} kept")
        when = f"{parsed.when:%Y-%m-%d %H:%M} UTC, " if parsed else ""
        what = f"{parsed.checklist}, case {parsed.case or '(none)'}" if parsed else str(path)
        extras = f" (with {', '.join(extra)})" if extra else ""
        ui.line(clean(f"{path.stem}: {when}{what}{extras}"))


_AGE = re.compile(r"^(\d{1,3})([ymwd])$")


def cutoff(age: str, now: datetime | None = None) -> datetime:
    """The moment `age` (6y, 18m, 8w, 30d) before now; months and years by the calendar."""
    match = _AGE.match(age.strip().lower())
    if not match:
        raise ThinkFamilyError(
            f"'{age}' is not an age.", hint="Write it as a number and y, m, w or d: 6y, 18m, 30d."
        )
    count, unit = int(match[1]), match[2]
    now = now or datetime.now(UTC)
    if unit == "d":
        return now - timedelta(days=count)
    if unit == "w":
        return now - timedelta(weeks=count)
    months = count * 12 if unit == "y" else count
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, 28)  # a day every month has; retention is not that precise
    return now.replace(year=year, month=month + 1, day=day)
