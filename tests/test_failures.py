"""When things go wrong under a practitioner: a full disk mid-walk, damaged drafts and
supervision files, Ctrl-C at the last question. Nothing typed is lost without being told."""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from thinkfamily import check, files
from thinkfamily.catalog import Loaded
from thinkfamily.errors import ExitCode, Interrupted, StoreError
from thinkfamily.store import Store
from thinkfamily.walk import ACTION_PROMPT, CLOSING_PROMPT, NOTE_PROMPT

from .conftest import Run
from .scripted import CTRL_C, ScriptedPrompter
from .test_e2e_pty import Terminal

REFLECT = "[y/p/n/x/?/b/s/q]"
FULL = "No space left on device"

# --- a draft that cannot be written mid-walk -----------------------------------------


@dataclass
class Disk:
    """The disk under the drafts folder: while `full`, every draft write fails as a full
    disk makes it fail; records and everything else are written as usual."""

    drafts: Path
    full: bool = False
    room: int | None = None  # when set, the disk fills after this many more draft writes

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = files.atomic_write

        def write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
            if path.parent == self.drafts:
                if self.room is not None:
                    self.full = self.room == 0
                    self.room = max(self.room - 1, 0)
                if self.full:
                    raise OSError(errno.ENOSPC, FULL)
            real(path, data, overwrite=overwrite)

        monkeypatch.setattr(files, "atomic_write", write)


FILL = ("disk", "fills up")  # script entries that change the disk before the next prompt
FREE = ("disk", "has room again")


@dataclass
class DiskPrompter(ScriptedPrompter):
    disk: Disk = field(default_factory=lambda: Disk(Path()))

    def ask(self, prompt: str) -> str:
        while self.script and self.script[0] in (FILL, FREE):
            self.disk.full = self.script.pop(0) == FILL
        return super().ask(prompt)


@pytest.fixture
def disk(store: Store, monkeypatch: pytest.MonkeyPatch) -> Disk:
    disk = Disk(store.drafts)
    disk.install(monkeypatch)
    return disk


PRINTED: list[str] = []  # what the last walk printed for the user to copy


def walk_d1(loaded: Loaded, store: Store, disk: Disk, script: list) -> tuple[list[str], object]:
    """Walk professional-curiosity for case D1; the warnings, and what the walk returned
    or raised. What it printed for the user to copy is in PRINTED."""
    warned: list[str] = []
    PRINTED.clear()
    prompter = DiskPrompter(list(script), disk=disk)
    try:
        outcome: object = check.walk(
            loaded,
            "D1",
            prompter,
            store,
            {},
            resume=None,
            warn=warned.append,
            rescue=PRINTED.append,
        )
    except (Interrupted, StoreError) as exc:
        outcome = exc
    assert prompter.script == [], f"the walk ended before the script did: {outcome!r}"
    return warned, outcome


def draft_answers(store: Store) -> dict:
    draft = store.draft_path("professional-curiosity", "D1")
    return json.loads(draft.read_text(encoding="utf-8"))["answers"]


def warning(store: Store) -> str:
    return (
        f"Cannot save your answers as a draft in {store.drafts}: {FULL}. "
        "Carrying on: your answers are held here, and will be saved or shown to you when "
        "you finish or leave."
    )


FIRST = [(REFLECT, "y"), (NOTE_PROMPT, "Asked about dad")]
SECOND = [(REFLECT, "y"), (NOTE_PROMPT, "Bruise on arm"), (ACTION_PROMPT, "Ring the school")]
FIRST_SAVED = {"curious": {"answer": "yes", "note": "Asked about dad"}}
SECOND_SAVED = {
    "indicators-of-harm": {"answer": "yes", "note": "Bruise on arm", "action": "Ring the school"}
}


def test_a_draft_write_that_fails_mid_walk_is_reported_once_and_the_walk_goes_on(
    loaded: Loaded, store: Store, disk: Disk
) -> None:
    """The disk fills while question 2 is answered and has room again by question 3:
    the walk asks every question, warns once, and the next save keeps everything, so
    Ctrl-C loses only the text being typed."""
    warned, outcome = walk_d1(
        loaded,
        store,
        disk,
        [
            *FIRST,
            FILL,
            *SECOND,
            FREE,
            (REFLECT, "p"),
            (NOTE_PROMPT, "Not sure yet"),
            (ACTION_PROMPT, CTRL_C),
        ],
    )
    assert warned == [warning(store)]
    assert isinstance(outcome, Interrupted)
    assert (outcome.message, outcome.hint, outcome.exit_code) == (
        "Stopped. Your answers so far are saved as a draft.",
        "To carry on: thinkfamily check professional-curiosity --case D1 --resume",
        ExitCode.INTERRUPTED,
    )
    assert draft_answers(store) == {
        **FIRST_SAVED,
        **SECOND_SAVED,
        "tipping-point": {"answer": "partly", "note": "Not sure yet"},
    }


def test_answers_held_while_the_draft_cannot_be_written_are_saved_in_the_record(
    loaded: Loaded, store: Store, disk: Disk
) -> None:
    warned, saved = walk_d1(
        loaded,
        store,
        disk,
        [*FIRST, FILL, *SECOND, (REFLECT, "n"), (NOTE_PROMPT, ""), (CLOSING_PROMPT, "Dad")],
    )
    assert warned == [warning(store)]
    assert isinstance(saved, check.Saved)
    assert [(a.question_id, a.answer, a.note, a.action) for a in saved.record.answers] == [
        ("curious", "yes", "Asked about dad", None),
        ("indicators-of-harm", "yes", "Bruise on arm", "Ring the school"),
        ("tipping-point", "no", None, None),
    ]
    assert saved.record.reflection == "Dad"
    assert not store.draft_path("professional-curiosity", "D1").exists()


def test_ctrl_c_tries_the_draft_once_more_and_keeps_everything_if_there_is_room(
    loaded: Loaded, store: Store, disk: Disk
) -> None:
    warned, outcome = walk_d1(loaded, store, disk, [*FIRST, FILL, *SECOND, FREE, (REFLECT, CTRL_C)])
    assert warned == [warning(store)]
    assert isinstance(outcome, Interrupted)
    assert outcome.message == "Stopped. Your answers so far are saved as a draft."
    assert draft_answers(store) == {**FIRST_SAVED, **SECOND_SAVED}


COPY_HINT = (
    "Everything you typed is printed above, between the two marker lines. Copy it into a "
    "file (for example answers.yaml), free some space or fix the folder's permissions, then "
    "run: thinkfamily check professional-curiosity --case D1 --answers answers.yaml"
)
PRINTED_FIRST_TWO = (
    "# --- thinkfamily answers: copy from this line ---\n"
    "# checklist: professional-curiosity\n"
    "# case: D1\n"
    'curious: {answer: "yes", note: "Asked about dad"}\n'
    'indicators-of-harm: {answer: "yes", note: "Bruise on arm", action: "Ring the school"}\n'
    "# --- to this line ---\n"
)


@pytest.mark.parametrize("leave", ["q", "ctrl-c"])
def test_leaving_while_the_draft_cannot_be_written_prints_everything_typed(
    loaded: Loaded, store: Store, disk: Disk, leave: str
) -> None:
    """`q` means save and quit, and Ctrl-C promises a saved draft: neither may claim a draft
    it could not write, and what the draft lacks is printed for the user to keep."""
    warned, outcome = walk_d1(
        loaded, store, disk, [*FIRST, FILL, *SECOND, (REFLECT, "q" if leave == "q" else CTRL_C)]
    )
    assert warned == [warning(store)]
    failed = (
        f"Cannot save your answers as a draft in {store.drafts}: {FULL}. "
        "Your answers could not be saved."
    )
    assert isinstance(outcome, StoreError if leave == "q" else Interrupted)
    assert outcome.message == (failed if leave == "q" else f"Stopped. {failed}")
    assert outcome.exit_code == (ExitCode.FAILED if leave == "q" else ExitCode.INTERRUPTED)
    assert outcome.hint == COPY_HINT
    assert PRINTED == [PRINTED_FIRST_TWO]
    assert draft_answers(store) == FIRST_SAVED


RETRY = (
    "Free some space or fix the folder's permissions, then press Enter to try again; "
    "or type p to print your answers to copy"
)


def fill_records(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """Make the records folder's disk full until the returned flag is turned off."""
    real = store.save_record
    full = {"on": True}

    def save_record(record):  # type: ignore[no-untyped-def]
        if full["on"]:
            raise StoreError(f"Cannot save the record in {store.records}: {FULL}.")
        return real(record)

    monkeypatch.setattr(store, "save_record", save_record)
    return full


def test_what_is_printed_saves_the_whole_walk_with_check_answers(  # noqa: PLR0917
    run: Run,
    loaded: Loaded,
    store: Store,
    disk: Disk,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The disk fills after the first answer and stays full to the end, so neither the
    record nor the draft can be written: the user is asked to free space, declines, and
    everything typed, reflection included, is printed, and saves the record later."""
    records_full = fill_records(store, monkeypatch)
    warned, outcome = walk_d1(
        loaded,
        store,
        disk,
        [
            *FIRST,
            FILL,
            *SECOND,
            (REFLECT, "p"),
            (NOTE_PROMPT, 'Said "no" twice\\ then: ok'),
            (ACTION_PROMPT, ""),
            (CLOSING_PROMPT, "Dad's drinking; ask the school"),
            (RETRY, "p"),
        ],
    )
    assert warned == [warning(store)]
    assert isinstance(outcome, StoreError)
    assert outcome.hint == COPY_HINT
    assert draft_answers(store) == FIRST_SAVED
    (printed,) = PRINTED
    disk.full = records_full["on"] = False
    answers = tmp_path / "answers.yaml"
    answers.write_text(printed, encoding="utf-8")
    result = run("check", "professional-curiosity", "--case", "D1", "--answers", str(answers))
    assert result.code == 0, result.err
    (path,) = (store.records).glob("*.json")
    record = json.loads(path.read_text("utf-8"))
    assert [(a["answer"], a["note"], a["action"]) for a in record["answers"]] == [
        ("yes", "Asked about dad", None),
        ("yes", "Bruise on arm", "Ring the school"),
        ("partly", 'Said "no" twice\\ then: ok', None),
    ]
    assert record["reflection"] == "Dad's drinking; ask the school"


def test_at_the_end_the_user_can_free_space_and_save(
    loaded: Loaded, store: Store, disk: Disk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the record nor the draft can be written at the end: the walk waits for the
    user to free some space, then saves the record."""
    full = fill_records(store, monkeypatch)

    class Freeing(DiskPrompter):
        def ask(self, prompt: str) -> str:
            if prompt == RETRY:
                full["on"] = self.disk.full = False
            return super().ask(prompt)

    prompter = Freeing(
        [
            *FIRST,
            FILL,
            *SECOND,
            (REFLECT, "n"),
            (NOTE_PROMPT, ""),
            (CLOSING_PROMPT, ""),
            (RETRY, ""),
        ],
        disk=disk,
    )
    saved = check.walk(loaded, "D1", prompter, store, {}, resume=None, warn=print, rescue=print)
    assert isinstance(saved, check.Saved)
    assert [a.answer for a in saved.record.answers] == ["yes", "yes", "no"]
    assert prompter.script == []


@pytest.mark.usefixtures("terminal")
def test_q_while_the_draft_cannot_be_written_fails_and_says_so_at_the_command_line(
    run: Run, store: Store, disk: Disk
) -> None:
    disk.room = 1  # the draft the walk starts with is written, and nothing after it
    result = run("check", "professional-curiosity", "--case", "D1", stdin="y\nAsked\nq\n")
    assert result.code == ExitCode.FAILED
    assert result.err == (
        f"Warning: {warning(store)}\n"
        "# --- thinkfamily answers: copy from this line ---\n"
        "# checklist: professional-curiosity\n"
        "# case: D1\n"
        'curious: {answer: "yes", note: "Asked"}\n'
        "# --- to this line ---\n\n"
        f"Error: Cannot save your answers as a draft in {store.drafts}: {FULL}. "
        "Your answers could not be saved.\n"
        f"{COPY_HINT}\n"
    )
    assert "Saved as a draft" not in result.out
    assert draft_answers(store) == {}


# --- a damaged draft -------------------------------------------------------------------


# --- a damaged supervision file ------------------------------------------------------

DAMAGED_SUPERVISION = {
    "invalid JSON": b'{"record_id": "x", "sessions": [',
    "a JSON list": b"[]\n",
    "a wrong shape": b'{"schema": "thinkfamily.supervision/1", "sessions": "none"}\n',
}


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("damage", sorted(DAMAGED_SUPERVISION))
class TestDamagedSupervision:
    @pytest.fixture
    def notes(self, make_record, home: Path, damage: str) -> Path:
        """A record whose supervision file is damaged; the file."""
        record = make_record("professional-curiosity", "curious: {answer: no, note: Dad}\n")
        path = home / "supervision" / f"{record.stem}.json"
        path.parent.mkdir(mode=0o700)
        path.write_bytes(DAMAGED_SUPERVISION[damage])
        return path

    def message(self, notes: Path) -> str:
        return (
            f"Error: {notes} is not a readable supervision file.\n"
            "Move it aside; `thinkfamily supervise` will start a new one.\n"
        )

    def test_export_names_the_file(self, run: Run, notes: Path) -> None:
        result = run("export", "latest")
        assert (result.code, result.out, result.err) == (1, "", self.message(notes))

    def test_supervise_names_the_file_and_leaves_it_as_it_was(
        self, run: Run, notes: Path, damage: str
    ) -> None:
        result = run("supervise", "latest", "--decisions", "Refer")
        assert (result.code, result.out, result.err) == (1, "", self.message(notes))
        assert notes.read_bytes() == DAMAGED_SUPERVISION[damage]

    def test_show_and_json_and_csv_exports_do_not_read_it(self, run: Run, notes: Path) -> None:
        """The supervision notes are only in the Markdown summary and `show`; the record
        itself is still shown (with a warning naming the notes) and exported."""
        shown = run("show", "latest")
        assert (shown.code, shown.err) == (
            0,
            f"Warning: {notes} is not a readable supervision file. Move it aside; "
            "`thinkfamily supervise` will start a new one.\n",
        )
        assert "    Note: Dad\n" in shown.out
        for fmt in ("json", "csv"):
            exported = run("export", "latest", "--format", fmt)
            assert (exported.code, exported.err) == (0, ""), fmt
        listed = json.loads(run("records", "--json").out)
        assert listed[0]["supervised"] is True


# --- Ctrl-C at the identifier review ---------------------------------------------------

REVIEW = check.REVIEW_PROMPT


def test_ctrl_c_at_the_identifier_review_keeps_the_draft_and_says_how_to_resume(
    home: Path,
) -> None:
    t = Terminal(home, "check", "professional-curiosity", "--case", "R1", "--watch", "Nowak")
    t.answer(REFLECT, "y")
    t.answer(NOTE_PROMPT, "Mr Nowak at home")
    t.answer(REFLECT, "n")
    t.answer(NOTE_PROMPT, "")
    t.answer(REFLECT, "n")
    t.answer(NOTE_PROMPT, "")
    t.answer(CLOSING_PROMPT, "email dad@example.com")
    t.answer(REVIEW, "e")
    t.answer("Type it again (Enter keeps it, - clears it)", "Dad at home")
    t.expect("In the closing reflection: an email address")
    t.expect(REVIEW)
    t.child.sendintr()
    code, out = t.finish()
    assert code == ExitCode.INTERRUPTED
    assert out.replace("\r\n", "\n").endswith(
        "\nStopped before saving. Your answers are saved as a draft.\n"
        "To carry on: thinkfamily check professional-curiosity --case R1 --resume\n"
    )
    assert "Traceback" not in out
    assert not (home / "records").exists()
    (draft,) = (home / "drafts").iterdir()
    kept = json.loads(draft.read_text(encoding="utf-8"))
    assert kept["answers"] == {
        "curious": {"answer": "yes", "note": "Dad at home"},
        "indicators-of-harm": {"answer": "no"},
        "tipping-point": {"answer": "no"},
    }
    assert (kept["reflection"], kept["current"]) == ("email dad@example.com", None)

    t = Terminal(home, "check", "professional-curiosity", "--case", "R1", "--resume")
    t.expect("Earlier: email dad@example.com")
    t.answer("What do you want to take to supervision? (Enter keeps it, - clears it)", "")
    t.answer(REVIEW, "r")
    code, _ = t.finish()
    assert code == ExitCode.OK
    (saved,) = (home / "records").iterdir()
    record = json.loads(saved.read_text(encoding="utf-8"))
    assert [a["note"] for a in record["answers"]] == ["Dad at home", None, None]
    assert record["reflection"] == "email [redacted]"
    assert list((home / "drafts").iterdir()) == []
