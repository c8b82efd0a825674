"""`check --answers`, `records`, `show` and `config` through the command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from thinkfamily import check, dates
from thinkfamily import files as files_module
from thinkfamily.catalog import Catalog, Loaded
from thinkfamily.paths import user_paths
from thinkfamily.render.answers import answers_file
from thinkfamily.store import Store

from .conftest import Run, assert_private, interactive_draft

ALL_YES = (
    "\n".join(
        f"{qid}: yes"
        for qid in (
            "who-is-the-family",
            "household",
            "whole-family",
            "demands",
            "strengths",
            "resilience",
            "others-need-support",
            "others-at-risk",
            "caring-responsibilities",
            "other-practitioners",
            "support-wanted",
            "family-solutions",
            "open-and-honest",
            "assumptions",
            "family-response",
            "supervision",
        )
    )
    + "\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


class TestAnswersFile:
    def test_yaml_answers_make_a_record(self, run: Run, tmp_path: Path, home: Path) -> None:
        answers = write(
            tmp_path / "a.yaml",
            ALL_YES.replace(
                "household: yes", 'household: {answer: partly, note: "Uncle stays", action: "Ask"}'
            ).replace("whole-family: yes", "whole-family: no"),
        )
        result = run("check", "practitioner", "--case", "ABC123", "--answers", str(answers))
        assert result.code == 0, result.err
        (path,) = (home / "records").iterdir()
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["schema"] == "thinkfamily.record/1"
        assert record["case"] == "ABC123"
        assert record["id"] == path.stem
        assert path.name.endswith("_practitioner_ABC123.json")
        by_id = {a["question_id"]: a for a in record["answers"]}
        assert by_id["household"] == {
            "question_id": "household",
            "section": "Ask yourself",
            "text": "Do I know who else lives in the household / has regular contact?",
            "scale": "reflect",
            "answer": "partly",
            "concern": True,
            "note": "Uncle stays",
            "action": "Ask",
            "currently_in_place": None,
            "more_could_be_in_place": None,
            "response": None,
            "correct": None,
            "refer": [],
            "services": [],
            "act_now": None,
        }
        assert [a["question_id"] for a in record["answers"] if a["concern"]] == [
            "household",
            "whole-family",
            "assumptions",
        ]
        assert "Finished: 16 of 16 questions answered (yes 14, partly 1, no 1)." in result.out

    def test_json_answers_and_missing_questions_are_skipped(self, run: Run, tmp_path: Path) -> None:
        answers = write(tmp_path / "a.json", json.dumps({"curious": "no"}))
        result = run("check", "professional-curiosity", "--answers", str(answers))
        assert result.code == 0
        assert result.err == (
            f"Warning: 2 question(s) not in {answers}, recorded as skipped: "
            "indicators-of-harm, tipping-point\n"
        )

    def test_every_bad_answer_is_named_with_its_line(self, run: Run, tmp_path: Path) -> None:
        answers = write(
            tmp_path / "a.yaml",
            (
                "curious: maybe\n"
                "indicators-of-harms: yes\n"
                "tipping-point:\n"
                "  answer: no\n"
                "  notes: typo\n"
            ),
        )
        result = run("check", "professional-curiosity", "--answers", str(answers))
        assert result.code == 1
        assert result.err.splitlines() == [
            f"Error: {answers}:1: curious: 'maybe' is not an answer of the reflect scale: "
            "write yes (or y), partly (or p), no (or n), na (or x, not applicable, n/a), "
            "or skipped",
            f"{answers}:2: indicators-of-harms: no question has this id in "
            "'professional-curiosity'; did you mean 'indicators-of-harm'?",
            f"{answers}:5: tipping-point.notes: unknown key (allowed: action, answer, "
            "currently_in_place, more_could_be_in_place, note, response)",
        ]

    def test_in_place_fields_are_kept(self, run: Run, tmp_path: Path, home: Path) -> None:
        answers = write(
            tmp_path / "a.yaml",
            (
                "policies-and-procedures:\n"
                "  answer: not in place\n"
                "  currently_in_place: Nothing written\n"
                "  more_could_be_in_place: A Think Family policy\n"
            ),
        )
        assert run("check", "organisation", "--answers", str(answers)).code == 0
        (path,) = (home / "records").iterdir()
        area = json.loads(path.read_text(encoding="utf-8"))["answers"][2]
        assert (area["answer"], area["currently_in_place"], area["more_could_be_in_place"]) == (
            "not-in-place",
            "Nothing written",
            "A Think Family policy",
        )


class TestCheckRefuses:
    @pytest.mark.parametrize("case", ["Jane Smith", "../etc", "a/b", "x" * 41, ""])
    def test_a_case_reference_that_is_not_a_code(self, run: Run, case: str) -> None:
        result = run("check", "practitioner", "--case", case)
        assert result.code == 1
        assert result.err.startswith(f"Error: '{case}' cannot be used as a case reference.\n")
        assert "never a name" in result.err

    def test_no_terminal_and_no_answers_file(self, run: Run) -> None:
        result = run("check", "practitioner")
        assert result.code == 1
        assert result.err == (
            "Error: `thinkfamily check` asks its questions in a terminal, and there is none "
            "here.\nTo run without one, give the answers in a file: thinkfamily check "
            "practitioner --answers FILE.\n"
        )

    def test_on_windows_it_names_git_bashs_way_round(
        self, run: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(files_module, "WINDOWS", True)
        assert run("check", "practitioner").err.endswith(
            "--answers FILE. In Git Bash, start it with winpty (winpty thinkfamily check ...), "
            "or use PowerShell or Windows Terminal.\n"
        )

    def test_an_unknown_checklist_suggests_the_nearest(self, run: Run) -> None:
        result = run("check", "practioner")
        assert result.code == 1
        assert result.err == (
            "Error: There is no checklist 'practioner'.\nDid you mean practitioner? "
            "Run `thinkfamily checklists` to see them all.\n"
        )


class TestRecords:
    def make(self, run: Run, tmp_path: Path, checklist: str, case: str, answers: str) -> None:
        path = write(tmp_path / f"{checklist}-{case}.yaml", answers)
        assert run("check", checklist, "--case", case, "--answers", str(path)).code == 0

    def test_lists_newest_first_with_filters(
        self, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        march, february = (datetime(2026, m, 1, 9, 0, tzinfo=UTC) for m in (3, 2))
        times = iter([march, march, february, february])  # each check: started, finished
        monkeypatch.setattr(dates, "now", lambda: next(times))
        self.make(run, tmp_path, "professional-curiosity", "A1", "curious: no\n")
        self.make(run, tmp_path, "practitioner", "B2", ALL_YES)
        listed = json.loads(run("records", "--json").out)
        assert [
            (r["checklist"], r["case"], r["answered"], r["questions"], r["concerns"], r["finished"])
            for r in listed
        ] == [
            ("professional-curiosity", "A1", 1, 3, 1, "2026-03-01T09:00:00Z"),
            ("practitioner", "B2", 16, 16, 1, "2026-02-01T09:00:00Z"),
        ]
        assert [r["case"] for r in json.loads(run("records", "--json", "--case", "A1").out)] == [
            "A1"
        ]
        since = json.loads(run("records", "--json", "--since", "2026-02-15").out)
        assert [r["case"] for r in since] == ["A1"]
        only = json.loads(run("records", "--json", "--checklist", "practitioner").out)
        assert [r["case"] for r in only] == ["B2"]
        assert json.loads(run("records", "--json", "--since", "2999-01-01").out) == []
        table = run("records").out.splitlines()
        assert table[0].split() == [
            "finished",
            "id",
            "checklist",
            "case",
            "answered",
            "concerns",
            "supervised",
        ]

    def test_bad_since_date(self, run: Run) -> None:
        result = run("records", "--since", "last week")
        assert (result.code, result.err) == (
            1,
            "Error: 'last week' is not a date; write it as DD/MM/YYYY or YYYY-MM-DD (or today).\n",
        )

    def test_corrupt_and_foreign_files_are_skipped_with_a_warning(
        self, run: Run, tmp_path: Path, home: Path
    ) -> None:
        self.make(run, tmp_path, "professional-curiosity", "A1", "curious: no\n")
        records = home / "records"
        write(records / "20260101T000000Z_practitioner_X.json", '{"schema": "thinkfamily.rec')
        write(records / "20260102T000000Z_practitioner_Y.json", '{"hello": "world"}')
        write(records / "holiday.json", "{}")
        result = run("records")
        assert result.code == 0
        assert len(result.out.splitlines()) == 2
        assert result.err.splitlines() == [
            f"Warning: skipped {records / 'holiday.json'}: not named like a thinkfamily record",
            f"Warning: skipped {records / '20260102T000000Z_practitioner_Y.json'}: "
            "not a thinkfamily record",
            f"Warning: skipped {records / '20260101T000000Z_practitioner_X.json'}: not valid JSON",
        ]

    def test_no_records_yet(self, run: Run) -> None:
        result = run("records")
        assert (result.code, result.out) == (0, "")
        assert result.err.startswith("No records yet.")


class TestShow:
    def test_markup_and_escape_sequences_are_stored_and_shown_literally(
        self, run: Run, tmp_path: Path, home: Path
    ) -> None:
        note = "Mum said [bold]no[/] \x1b[31mred\x1b[0m [link=x]y[/link]"
        answers = write(
            tmp_path / "a.json", json.dumps({"curious": {"answer": "no", "note": note}})
        )
        assert run("check", "professional-curiosity", "--answers", str(answers)).code == 0
        (path,) = (home / "records").iterdir()
        assert json.loads(path.read_text(encoding="utf-8"))["answers"][0]["note"] == note
        out = run("show", "latest").out
        assert "    Note: Mum said [bold]no[/] \\x1b[31mred\\x1b[0m [link=x]y[/link]\n" in out
        assert "\x1b" not in out

    def test_show_by_prefix_and_path(self, run: Run, tmp_path: Path, home: Path) -> None:
        answers = write(tmp_path / "a.yaml", "curious: yes\n")
        run("check", "professional-curiosity", "--case", "P1", "--answers", str(answers))
        (path,) = (home / "records").iterdir()
        by_prefix = run("show", path.stem[:10])
        by_path = run("show", str(path))
        assert by_prefix.code == by_path.code == 0
        assert by_prefix.out == by_path.out
        assert by_prefix.out.splitlines()[:3] == [
            "Professional curiosity",
            f"Record:       {path.stem}",
            "Case:         P1",
        ]

    def test_unknown_record(self, run: Run, tmp_path: Path) -> None:
        answers = write(tmp_path / "a.yaml", "curious: yes\n")
        run("check", "professional-curiosity", "--answers", str(answers))
        result = run("show", "1999")
        assert (result.code, result.err.splitlines()[0]) == (1, "Error: No record matches '1999'.")


def test_non_ascii_notes_round_trip_under_lang_c(tmp_path: Path) -> None:
    """Welsh, Polish, Urdu and emoji survive a C locale, in the record and on screen."""
    note = "Mae'r teulu'n iach; Zażółć gęślą jaźń; بچے محفوظ ہیں 👨‍👩‍👧"
    answers = write(
        tmp_path / "a.json",
        json.dumps({"curious": {"answer": "yes", "note": note}}, ensure_ascii=False),
    )
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "THINKFAMILY_HOME": str(tmp_path / "h")}
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    cmd = [sys.executable, "-m", "thinkfamily"]
    subprocess.run(
        [*cmd, "check", "professional-curiosity", "--answers", str(answers)],
        env=env,
        check=True,
        capture_output=True,
    )
    (path,) = (tmp_path / "h" / "records").iterdir()
    assert json.loads(path.read_text(encoding="utf-8"))["answers"][0]["note"] == note
    shown = subprocess.run([*cmd, "show", "latest"], env=env, check=True, capture_output=True)
    assert f"    Note: {note}\n".encode() in shown.stdout


class TestConfig:
    def test_set_show_and_unset(self, run: Run, home: Path) -> None:
        assert run("config", "set", "name", "Sam O'Neill").code == 0
        assert run("config", "set", "role", 'Health "visitor"').code == 0
        shown = run("config")
        assert shown.out.splitlines() == [
            "name          Sam O'Neill",
            'role          Health "visitor"',
            "organisation  (not set)",
            "area          (not set)",
            "watch_names   (not set)",
        ]
        assert_private(home / "config.toml")
        assert run("config", "unset", "name").code == 0
        assert run("config").out.splitlines()[0] == "name          (not set)"

    @pytest.mark.parametrize(
        "control",
        [
            ("\x7f", "\\u007f", "\\x7f"),  # DEL
            ("\x1b", "\\u001b", "\\x1b"),  # ESC, which starts terminal control sequences
            ("\r", "\\r", "\\x0d"),
            ("\x0b", "\\u000b", "\\x0b"),
            ("\x85", "\x85", "\\x85"),  # NEL: a line break to Python, not to TOML
            ("\t", "\t", "\t"),
        ],
        ids=["DEL", "ESC", "CR", "VT", "NEL", "TAB"],
    )
    def test_a_control_character_in_a_name_is_stored_escaped_and_read_back(
        self, run: Run, home: Path, tmp_path: Path, control: tuple[str, str, str]
    ) -> None:
        """The name is kept as typed: the settings file is valid TOML that reads back to
        it, later commands work, and the terminal is shown the character as an escape."""
        char, in_file, shown = control  # typed, as TOML writes it, as the terminal shows it
        name = f"Sam{char}Jones"
        result = run("config", "set", "name", name)
        assert (result.code, result.err) == (0, f"name set to Sam{shown}Jones.\n")
        raw = (home / "config.toml").read_bytes()
        assert raw == f'name = "Sam{in_file}Jones"\n'.encode()
        assert tomllib.loads(raw.decode("utf-8")) == {"name": name}
        assert run("config", "set", "role", "Health visitor").code == 0
        assert run("config").out.splitlines()[:2] == [
            f"name          Sam{shown}Jones",
            "role          Health visitor",
        ]
        answers = write(tmp_path / "a.yaml", "curious: yes\n")
        assert run("check", "professional-curiosity", "--answers", str(answers)).code == 0
        (path,) = (home / "records").iterdir()
        assert json.loads(path.read_text(encoding="utf-8"))["practitioner"]["name"] == name
        listed = run("show", "latest")
        assert listed.code == 0
        assert f"Practitioner: Sam{shown}Jones, Health visitor\n" in listed.out

    def test_a_name_of_more_than_one_line_is_refused(self, run: Run, home: Path) -> None:
        result = run("config", "set", "name", "Sam\nJones")
        assert (result.code, result.err) == (
            1,
            "Error: The value for 'name' must be one line of text.\n",
        )
        assert not (home / "config.toml").exists()

    def test_unknown_setting(self, run: Run) -> None:
        result = run("config", "set", "colour", "blue")
        assert result.code == 1
        assert result.err.startswith("Error: 'colour' is not a setting.\nSettings: name (")

    def test_records_carry_the_configured_practitioner(
        self, run: Run, tmp_path: Path, home: Path
    ) -> None:
        run("config", "set", "name", "Sam")
        run("config", "set", "organisation", "Leeds City Council")
        answers = write(tmp_path / "a.yaml", "curious: yes\n")
        run("check", "professional-curiosity", "--answers", str(answers))
        (path,) = (home / "records").iterdir()
        assert json.loads(path.read_text(encoding="utf-8"))["practitioner"] == {
            "name": "Sam",
            "role": None,
            "organisation": "Leeds City Council",
        }

    def test_a_broken_config_file_is_reported(self, run: Run, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        write(home / "config.toml", "name = Sam\n")
        result = run("config")
        assert result.code == 1
        assert result.err.startswith(f"Error: {home / 'config.toml'}: ")


def test_a_json_answers_file_with_characters_beyond_the_basic_plane(
    run: Run, tmp_path: Path
) -> None:
    """Python's json.dump writes an emoji as two escapes, which YAML alone would refuse."""
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"curious": {"answer": "no", "note": "smile \U0001f600"}}), encoding="utf-8"
    )
    assert "\\ud83d\\ude00" in answers.read_text(encoding="utf-8")
    result = run("check", "professional-curiosity", "--answers", str(answers))
    assert result.code == 0, result.err
    assert "    Note: smile \U0001f600\n" in run("show", "latest").out


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("y", "yes"),
        ("P", "partly"),
        ("n", "no"),
        ("x", "na"),
        ("n/a", "na"),
        ("not applicable", "na"),
    ],
)
def test_an_answers_file_takes_the_walks_keys(
    run: Run, tmp_path: Path, home: Path, written: str, stored: str
) -> None:
    answers = write(tmp_path / "a.yaml", f"household: {written}\n")
    result = run("check", "practitioner", "--case", "K1", "--answers", str(answers))
    assert result.code == 0, result.err
    (path,) = (home / "records").iterdir()
    record = json.loads(path.read_text(encoding="utf-8"))
    assert {a["question_id"]: a["answer"] for a in record["answers"]}["household"] == stored


def test_the_keys_of_each_scale_in_a_file(run: Run, tmp_path: Path, home: Path) -> None:
    answers = write(tmp_path / "a.yaml", "domestic-abuse: p\npoverty: n\nbullying: u\n")
    assert run("check", "family-factors", "--answers", str(answers)).code == 0
    (path,) = (home / "records").iterdir()
    got = {a["question_id"]: a["answer"] for a in json.loads(path.read_bytes())["answers"]}
    assert (got["domestic-abuse"], got["poverty"], got["bullying"]) == (
        "present",
        "absent",
        "unknown",
    )


# --- the reliability review (F3, F20) and the usability review (item 20) -------------


class TestF3AnswersFileNeverTouchesADraft:
    """Reliability review F3: `check --answers` never deletes or changes a draft."""

    def test_check_answers_keeps_the_interactive_draft_and_says_so(
        self, run: Run, store: Store, loaded: Loaded, tmp_path: Path
    ) -> None:
        draft = interactive_draft(store, loaded, "K7", "Typed at the terminal")
        before = draft.read_bytes()
        answers = tmp_path / "answers.yaml"
        answers.write_text(
            "curious: no\nindicators-of-harm: no\ntipping-point: no\n", encoding="utf-8"
        )
        result = run("check", "professional-curiosity", "--case", "K7", "--answers", str(answers))
        assert result.code == 0, result.err
        assert draft.read_bytes() == before
        assert result.err == (
            "Your unfinished walk of this checklist for case K7 is still kept as a draft: "
            "thinkfamily check professional-curiosity --case K7 --resume\n"
        )

    def test_a_damaged_draft_is_not_deleted_either(
        self, run: Run, store: Store, tmp_path: Path
    ) -> None:
        path = store.draft_path("professional-curiosity", "K8")
        files_module.ensure_private_dir(path.parent)
        path.write_bytes(b"[" * 5000 + b"]" * 5000)
        answers = tmp_path / "answers.yaml"
        answers.write_text("curious: no\n", encoding="utf-8")
        result = run("check", "professional-curiosity", "--case", "K8", "--answers", str(answers))
        assert result.code == 0, result.err
        assert path.read_bytes() == b"[" * 5000 + b"]" * 5000


class TestF20Messages:
    """Reliability review F20 (the rest): `config set` on a failing disk says so."""

    def test_config_set_on_a_failing_disk_says_so(
        self, run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def full(*_: object, **__: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("thinkfamily.config.atomic_write", full)
        result = run("config", "set", "name", "Sam")
        assert result.code == 1
        assert result.err == (
            f"Error: Cannot save the settings in {home / 'config.toml'}: No space left on "
            "device.\nFree some space or fix the folder's permissions, then set it again.\n"
        )


class TestU20PrivacyOfTheData:
    """Usability review item 20: `config` says where watched names are kept."""

    def test_config_says_watched_names_are_kept_in_plain_text(self, run: Run, home: Path) -> None:
        result = run("config", "set", "watch_names", "Smith, Okafor")
        assert result.code == 0
        assert result.err == (
            "watch_names set to Smith, Okafor.\n"
            f"Warning: these names are kept as written in {home / 'config.toml'}, readable by "
            "you alone but in plain text. To keep them nowhere, leave this unset and give each "
            "name with --watch when you run a checklist.\n"
        )


# --- a second attack, made after the reliability review's fixes --------------------


HOSTILE_TEXT = 'a\x1b[2Jb \u202eevil\u202c \x85c \x7f \ufffe\uffff "q" \\ \n# not a comment'


class TestPrintedAnswersReadBackExactly:
    """Second attack after the reliability review's fixes: what is printed when nothing can
    be saved is an answers file that gives back every character typed, and shows none of
    them raw on the terminal."""

    @pytest.mark.usefixtures("user_checklists")
    @pytest.mark.parametrize("response", ["skipped", "Skipped", "yes", HOSTILE_TEXT])
    def test_every_field_round_trips_through_check_answers(
        self, run: Run, tmp_path: Path, home: Path, response: str
    ) -> None:
        draft = check.new_draft(Catalog(user_paths()).load("valid-user"), "K1")
        draft.answers = {
            "first": {"answer": "partly", "note": HOSTILE_TEXT, "action": "skipped"},
            "second": {"answer": "answered", "response": response},
        }
        draft.reflection = HOSTILE_TEXT
        printed = answers_file(draft)
        assert not re.search(
            "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]", printed
        )
        answers = tmp_path / "printed.yaml"
        answers.write_text(printed, "utf-8")
        result = run("check", "valid-user", "--case", "K1", "--answers", str(answers))
        assert result.code == 0, result.err
        (path,) = (home / "records").glob("*.json")
        record = json.loads(path.read_text("utf-8"))
        first, second = record["answers"]
        assert (first["answer"], first["note"], first["action"]) == (
            "partly",
            HOSTILE_TEXT.strip(),
            "skipped",
        )
        assert (second["answer"], second["response"]) == ("answered", response.strip())
        assert record["reflection"] == HOSTILE_TEXT.strip()


# --- the content review ----------------------------------------------------------------


def test_n21_the_walk_ends_with_act_now_first(run, tmp_path) -> None:
    """Content review N21: the end of a walk says to act now, first."""
    answers = tmp_path / "a.yaml"
    answers.write_text("tipping-point: yes\n", "utf-8")
    result = run("check", "professional-curiosity", "--answers", str(answers))
    assert result.code == 0, result.err
    shown = " ".join(result.out.split())  # wrapped to the terminal's width
    assert shown.split("To take to supervision:")[0] == (
        "Finished: 1 of 3 questions answered (yes 1, skipped 2). "
        "ACT NOW: Are there indicators that a tipping point may have been reached where not "
        "to intervene, poses significant risk to wellbeing and safety? (yes) Practice tip: if "
        "not intervening may put someone's wellbeing and safety at significant risk, act "
        "today rather than waiting for supervision. Talk to your safeguarding lead and "
        "contact your area's safeguarding front door, following your area's safeguarding "
        "procedures (in Hampshire, the Isle of Wight, Portsmouth and Southampton, HIPS points "
        "to its procedures, its thresholds charts and the 4LSAB Safeguarding Concerns "
        "Guidance). If anyone is in immediate danger, call 999. (The question and the "
        "procedures: HIPS Family Approach Guidance 2024, Professional curiosity; 999: Leeds "
        "protocol, Appendix A) "
    )
