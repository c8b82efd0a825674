"""Commands that follow a case through: agreed actions, and the story of one case."""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from thinkfamily import dates
from thinkfamily.actions import Action, collect, find, mark_done, ordered, short_ids
from thinkfamily.casefile import changes, story
from thinkfamily.errors import ExitCode, ThinkFamilyError
from thinkfamily.models.common import moment_text
from thinkfamily.render.actions import action_data, action_row, status_text
from thinkfamily.render.casefile import changes_data, changes_lines, story_data, story_lines
from thinkfamily.store import Store

from .app import RECORD_HELP, App, app, open_store, print_json, show_lines, ui
from .terminal import clean

actions_app = App(
    help="Agreed actions across records: what is due, what is overdue, what is done.",
    epilog="Example: thinkfamily actions --overdue",
    invoke_without_command=True,
)
app.add_typer(actions_app, name="actions")

_WINDOW = re.compile(r"(\d{1,4})\s*([dw]?)")


def due_window(text: str) -> int:
    """Days in a `--due-within` window: 14, 14d or 2w."""
    match = _WINDOW.fullmatch(text.strip().lower())
    if not match:
        raise ThinkFamilyError(
            f"--due-within '{text}' is not a number of days; write it as 14d or 2w."
        )
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


@actions_app.callback()
def actions_list(
    ctx: typer.Context,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only actions past their day.")
    ] = False,
    due_within: Annotated[
        str | None,
        typer.Option(
            "--due-within",
            metavar="DAYS",
            help="Only actions due within this many days (14d, 2w), and those overdue.",
        ),
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Only this case reference.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include actions done.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List agreed actions, overdue first: those supervision agreed (`supervise --action`) and
    those written at a concern during a walk. Exit 3 when one listed is overdue.

    Example: thinkfamily actions --due-within 14d
    """
    if ctx.invoked_subcommand is not None:
        return

    today = dates.today()
    window = due_window(due_within) if due_within is not None else None
    found, warnings = collect(open_store())
    for warning in warnings:
        ui.warn(warning)
    wanted = case.strip().casefold() if case else None

    def keep(action: Action) -> bool:
        status = action.status(today)
        if wanted is not None and (action.case or "").casefold() != wanted:
            return False
        if overdue:
            return status == "overdue"
        if window is not None:
            return status == "overdue" or (
                status == "due" and action.due is not None and (action.due - today).days <= window
            )
        return show_all or status != "done"

    listed = ordered([a for a in found if keep(a)], today)
    _show(listed, found, today, as_json=as_json)
    if any(a.status(today) == "overdue" for a in listed):
        raise typer.Exit(ExitCode.FINDINGS)


def _show(listed: "list[Action]", every: "list[Action]", today: "date", *, as_json: bool) -> None:

    shown = short_ids(every)
    if as_json:
        print_json([action_data(a, today) for a in listed])
        return
    if not listed:
        ui.note("No actions to show." if every else "No agreed actions yet.")
        return
    ui.table(
        ["id", "due", "status", "action", "case", "checklist"],
        [action_row(a, shown[a.id], today) for a in listed],
    )
    counts = [
        status_text(s, n) for s in ("overdue", "due", "open") if (n := _count(listed, s, today))
    ]
    if counts:
        ui.note(", ".join(counts) + ". Mark one done with: thinkfamily actions done ID")


def _count(listed: "list[Action]", status: str, today: "date") -> int:
    return sum(1 for a in listed if a.status(today) == status)


@actions_app.command("done")
def actions_done(
    action_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The action's id, as `thinkfamily actions` shows it."),
    ],
    note: Annotated[
        str | None, typer.Option("--note", help="What was done, or why it is closed.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the action, as now marked, as JSON.")
    ] = False,
) -> None:
    """Mark one agreed action done. The record and supervision notes are not changed: the
    action log says it is done.

    Example: thinkfamily actions done 3f9a1c --note "Referral made"
    """

    store = open_store()
    found, warnings = collect(store)
    for warning in warnings:
        ui.warn(warning)
    action = find(found, action_id)
    if action.done:
        kept = "; the note given now is not kept (the first marking stands)" if note else ""
        ui.note(clean(f"Already done ({action.done.done[:10]}): {action.action}{kept}"))
    else:
        done = mark_done(
            store, action, note=(note or "").strip() or None, when=moment_text(dates.now())
        )
        action = replace(action, done=done)
        ui.note(clean(f"Done: {action.action} (case {action.case or 'none'}, {action.checklist})"))
    if as_json:
        print_json(action_data(action, dates.today()))


@app.command("case")
def case_cmd(
    reference: Annotated[str, typer.Argument(metavar="REF", help="The case reference.")],
    changes: Annotated[
        bool,
        typer.Option(
            "--changes", help="What changed between the last two walks of each checklist."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """The story of one case, in date order: every record, supervision discussion and action,
    and any unfinished walk. With --changes, what moved between the last two walks.

    Example: thinkfamily case ABC123
    """

    store = open_store()
    told, warnings = story(store, reference)
    for warning in warnings:
        ui.warn(warning)
    if changes:
        _case_changes(store, told.case, as_json=as_json)
        return
    today = dates.today()
    if as_json:
        print_json(story_data(told, today))
    else:
        show_lines(story_lines(told, today))


def _case_changes(store: Store, case: str, *, as_json: bool) -> None:

    listed, _ = store.list_records(case=case)
    pairs: dict[str, list[str]] = {}
    for record in listed:  # newest first
        pairs.setdefault(record.checklist, []).append(record.path)
    found = [
        changes(store.read_record(Path(paths[1])), store.read_record(Path(paths[0])))
        for paths in pairs.values()
        if len(paths) > 1
    ]
    if as_json:
        print_json([changes_data(c) for c in found])
        return
    if not found:
        ui.note(f"Case {case} has no checklist walked twice yet, so there is nothing to compare.")
        return
    for number, each in enumerate(found):
        if number:
            ui.line()
        show_lines(changes_lines(each))


@app.command("compare")
def compare_cmd(
    first: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    second: Annotated[str, typer.Argument(metavar="RECORD", help=RECORD_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """What changed between two walks of the same checklist: answers that moved, concerns
    raised or resolved, and notes that changed.

    Example: thinkfamily compare 20261012T0930 latest
    """

    store = open_store()
    found = changes(
        store.read_record(store.resolve(first)), store.read_record(store.resolve(second))
    )
    if as_json:
        print_json(changes_data(found))
    else:
        show_lines(changes_lines(found))
