"""Personal-identifier detection, redaction, deletion and permissions."""

from __future__ import annotations

import json
import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from thinkfamily import check, dates
from thinkfamily.catalog import Catalog, Loaded
from thinkfamily.cli.records import cutoff
from thinkfamily.paths import user_paths
from thinkfamily.privacy import find, masked_excerpt, nhs_check_digit_ok, redact
from thinkfamily.store import Store

from .conftest import FILE_MODES, Run, interactive_draft
from .scripted import ScriptedPrompter
from .test_walk import REFLECT

# (text, the kinds found in it): what practitioners write, identifying or not.
DETECTIONS = [
    # NHS numbers: only with a valid check digit, spaced or not
    ("NHS no 943 476 5919", ["nhs-number"]),
    ("nhs 9434765919.", ["nhs-number"]),
    ("401-023-2137", ["nhs-number"]),
    ("NHS 943 476 5918", []),  # wrong check digit
    ("ref 1111111111", []),  # one digit repeated passes the sum but is not a number
    # National Insurance numbers
    ("NI AB 12 34 56 C", ["ni-number"]),
    ("ni number: ab123456c", ["ni-number"]),
    ("GB123456A", []),  # prefixes never issued
    # Postcodes
    ("moved to E8 1DY last week", ["postcode"]),
    ("sw1a 1aa", ["postcode"]),
    ("LS1 4AP", ["postcode"]),
    # Dates of birth, only next to DOB, born or date of birth
    ("DOB 12/03/2015", ["date-of-birth"]),
    ("d.o.b: 2015-03-12", ["date-of-birth"]),
    ("born on 3rd March 2015", ["date-of-birth"]),
    ("Date of birth 1 Jan 2019", ["date-of-birth"]),
    ("dob 12032015", ["date-of-birth"]),
    ("born 20150312", ["date-of-birth"]),
    ("case 20150312", []),  # eight digits with no label are not a date of birth
    # Phone numbers and email addresses
    ("dad's mobile 07712 345678", ["phone"]),
    ("+44 7712 345678", ["phone"]),
    ("447712345678", ["phone"]),  # the international form with its + left off
    ("rang 0113 376 0336", ["phone"]),
    ("email mum@example.com", ["email"]),
    # What practitioners write that is not an identifier
    ("case ABC123", []),
    ("case AB-12_x", []),
    ("visit at 10:30 and 14.45", []),
    ("rent arrears £1,250.50", []),
    ("see question 3/16 and Q3", []),
    ("Q3 4th time this month", []),
    ("in 2024, and again in March 2025", []),
    ("next visit 12/01/2026", []),
    ("record 20261123T164029Z_practitioner_ABC123", []),
    ("ring 999 or 101", []),
    ("3 children aged 2, 5 and 11", []),
]


@pytest.mark.parametrize(("text", "kinds"), DETECTIONS)
def test_detectors(text: str, kinds: list[str]) -> None:
    assert [f.kind for f in find(text)] == kinds


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "2914177763", "3740681241"])
def test_valid_nhs_check_digits(number: str) -> None:
    assert nhs_check_digit_ok(number)


@pytest.mark.parametrize(
    "number", ["9434765918", "4010232136", "1706690743", "123456789", "0000000000", "12345678901"]
)
def test_invalid_nhs_numbers(number: str) -> None:
    assert not nhs_check_digit_ok(number)


def test_watched_names_are_whole_words_in_any_case() -> None:
    text = "Mrs SMITH and the Smiths; Smithfield"
    assert [(f.kind, text[f.start : f.end]) for f in find(text, ["Smith"])] == [("name", "SMITH")]


def test_masking_and_redaction() -> None:
    text = "Lives at E8 1DY with nan, DOB 12/03/2015."
    found = find(text)
    assert [masked_excerpt(text, f, found) for f in found] == [
        "Lives at E8 ••• with nan, DOB 12/••…",
        "…8 ••• with nan, DOB 12/••/••••.",
    ]
    assert redact(text, found) == "Lives at [redacted] with nan, DOB [redacted]."


def test_an_email_is_one_finding_not_a_name_and_an_email() -> None:
    text = "smith@example.com"
    assert [f.kind for f in find(text, ["smith"])] == ["email"]


class TestCheckText:
    def test_a_file_with_identifiers(self, run: Run, tmp_path: Path) -> None:
        path = tmp_path / "notes.txt"
        path.write_text("Visit went well.\nMum's NHS 943 476 5919, lives E8 1DY\n", "utf-8")
        result = run("check-text", str(path))
        assert result.code == 3  # findings, not a failure
        assert result.out.splitlines() == [
            f"{path}:2:11: an NHS number: Mum's NHS 94• ••• ••••, lives E8 •••",
            f"{path}:2:31: a postcode: …94• ••• ••••, lives E8 •••",
        ]
        assert result.err == "2 possible identifiers found.\n"

    def test_standard_input_and_watched_names(self, run: Run) -> None:
        result = run("check-text", "-", "--watch", "Okafor", stdin="Spoke to Mr Okafor\n")
        assert result.code == 3
        assert result.out == "<stdin>:1:13: a watched name: Spoke to Mr Ok••••\n"

    def test_nothing_found(self, run: Run) -> None:
        result = run("check-text", "-", stdin="Case ABC123 at 10:30, £20, Q3, 2024\n")
        assert (result.code, result.out) == (0, "")
        assert result.err == "Nothing that looks like an identifier was found.\n"

    def test_config_watch_names_are_used(self, run: Run) -> None:
        assert run("config", "set", "watch_names", "Okafor, Nowak").code == 0
        result = run("check-text", "-", stdin="Nowak family\n")
        assert result.out == "<stdin>:1:1: a watched name: No••• family\n"

    def test_missing_file(self, run: Run, tmp_path: Path) -> None:
        result = run("check-text", str(tmp_path / "nope.txt"))
        assert (result.code, result.err) == (1, f"Error: {tmp_path / 'nope.txt'}: no such file\n")


class TestBeforeSaving:
    def test_answers_file_warns_and_keeps(self, run: Run, tmp_path: Path, home: Path) -> None:
        answers = tmp_path / "a.json"
        answers.write_text(
            json.dumps({"curious": {"answer": "no", "note": "DOB 12/03/2015"}}), encoding="utf-8"
        )
        result = run(
            "check", "professional-curiosity", "--answers", str(answers), "--watch", "Nowak"
        )
        assert result.code == 0
        assert result.err.splitlines()[:2] == [
            "Warning: the question 1 note has a date of birth: DOB 12/••/••••",
            "Warning: kept as written; use --redact-identifiers to replace such text with "
            "[redacted].",
        ]
        (path,) = (home / "records").iterdir()
        assert (
            json.loads(path.read_text(encoding="utf-8"))["answers"][0]["note"] == "DOB 12/03/2015"
        )

    def test_answers_file_redacted_on_request(self, run: Run, tmp_path: Path, home: Path) -> None:
        answers = tmp_path / "a.json"
        answers.write_text(
            json.dumps(
                {
                    "curious": {
                        "answer": "no",
                        "note": "Nowak family, E8 1DY",
                        "action": "ring 07712 345678",
                    }
                }
            ),
            encoding="utf-8",
        )
        result = run(
            "check",
            "professional-curiosity",
            "--answers",
            str(answers),
            "--watch",
            "Nowak",
            "--redact-identifiers",
        )
        assert result.code == 0
        (path,) = (home / "records").iterdir()
        saved = json.loads(path.read_text(encoding="utf-8"))["answers"][0]
        assert (saved["note"], saved["action"]) == (
            "[redacted] family, [redacted]",
            "ring [redacted]",
        )
        assert "Nowak" not in path.read_text(encoding="utf-8")

    def test_watch_names_are_never_stored(self, run: Run, tmp_path: Path, home: Path) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: yes\n", encoding="utf-8")
        run("check", "professional-curiosity", "--answers", str(answers), "--watch", "Zielinski")
        stored = [p.read_text(encoding="utf-8") for p in home.rglob("*") if p.is_file()]
        assert not any("Zielinski" in text for text in stored)

    def test_the_walk_asks_edit_redact_or_keep(self) -> None:
        loaded = Catalog(user_paths()).load("professional-curiosity")
        store = Store(user_paths())
        review = check.REVIEW_PROMPT
        prompter = ScriptedPrompter(
            [
                ("[y/p/n/x/?/b/s/q]", "y"),
                ("Note (Enter to skip)", "Mr Nowak at home"),
                ("[y/p/n/x/?/b/s/q]", "n"),
                ("Note (Enter to skip)", "lives E8 1DY"),
                ("[y/p/n/x/?/b/s/q]", "n"),
                ("Note (Enter to skip)", "email a@b.com"),
                ("What do you want to take to supervision? (Enter to skip)", "DOB 1/2/2015"),
                (review, "e"),
                ("Type it again (Enter keeps it, - clears it)", "Dad at home"),
                (review, "r"),
                (review, "x"),
                (review, ""),  # Enter edits: the default is never to keep
                ("Type it again (Enter keeps it, - clears it)", "email the school"),
                (review, "k"),
            ]
        )
        saved = check.walk(
            loaded,
            None,
            prompter,
            store,
            {},
            resume=None,
            warn=print,
            rescue=print,
            watch_names=("Nowak",),
        )
        assert saved is not None
        assert [a.note for a in saved.record.answers] == [
            "Dad at home",
            "lives [redacted]",
            "email the school",
        ]
        assert (
            "hint",
            "Only the highlighted parts were replaced; read the rest for names, addresses and "
            "other details: lives [redacted]",
        ) in prompter.shown
        assert saved.record.reflection == "DOB 1/2/2015"
        assert ("hint", "In the question 1 note: a watched name: Mr No••• at home") in (
            prompter.shown
        )
        assert ("hint", "Please type e, r or k.") in prompter.shown


@pytest.mark.usefixtures("frozen")
def test_export_redact_masks_identifiers_too(run: Run, make_record) -> None:
    answers = json.dumps({"curious": {"answer": "no", "note": "NHS 943 476 5919 at E8 1DY"}})
    path = make_record("professional-curiosity", answers)
    out = run("export", path.stem, "--redact").out
    assert (
        "| 1 | Am I remaining CURIOUS and INQUISITIVE about what I am seeing and assessing? | "
        "no (for supervision) | NHS \\[redacted\\] at \\[redacted\\] | |" in out
    )
    assert "5919" not in out


class TestDelete:
    def test_removes_record_supervision_and_exports(
        self, run: Run, make_record, home: Path, tmp_path: Path
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        run("supervise", path.stem, "--decisions", "Refer")
        exported = tmp_path / "summary.md"
        run("export", path.stem, "-o", str(exported))
        keep = make_record("professional-curiosity", "curious: yes\n")
        result = run("delete", path.stem, "--yes")
        assert result.code == 0
        assert result.err.splitlines() == [  # the record last: a failure leaves it to retry
            f"Deleted {exported.resolve()}",
            f"Deleted {home / 'supervision' / path.name}",
            f"Deleted {path}",
        ]
        assert not exported.exists()
        assert [p.name for p in (home / "records").iterdir()] == [keep.name]

    def test_a_log_written_before_it_named_its_format_is_still_honoured(
        self, run: Run, make_record, home: Path, tmp_path: Path
    ) -> None:
        """Logs of 0.2 list each export by path, with its hash or (earlier) alone: one with
        its hash is deleted with its record; one without is kept, since it cannot be told
        from a file edited since."""
        hashed, bare = (make_record("professional-curiosity", f"curious: {a}\n") for a in "ny")
        hashed_out, bare_out = tmp_path / "hashed.md", tmp_path / "bare.md"
        run("export", hashed.stem, "-o", str(hashed_out))
        digest = json.loads((home / "exports.json").read_text("utf-8"))["exports"][hashed.stem]
        bare_out.write_text("# An export\n", encoding="utf-8")
        (home / "exports.json").write_text(
            json.dumps({hashed.stem: digest, bare.stem: [str(bare_out.resolve())]}), "utf-8"
        )
        assert run("delete", hashed.stem, "--yes").code == 0
        assert run("delete", bare.stem, "--yes").code == 0
        assert not hashed_out.exists()
        assert bare_out.exists()
        assert json.loads((home / "exports.json").read_text("utf-8")) == {
            "schema": "thinkfamily.exports/1",
            "exports": {},
        }

    def test_one_bad_entry_in_the_exports_log_loses_none_of_the_others(
        self, run: Run, make_record, home: Path, tmp_path: Path
    ) -> None:
        record = make_record("professional-curiosity", "curious: no\n")
        out = tmp_path / "summary.md"
        run("export", record.stem, "-o", str(out))
        log = json.loads((home / "exports.json").read_text("utf-8"))
        log["exports"][record.stem].append(7)  # damaged by hand
        log["exports"]["other"] = "not a list"
        (home / "exports.json").write_text(json.dumps(log), "utf-8")
        assert run("delete", record.stem, "--yes").code == 0
        assert not out.exists()

    def test_asks_when_not_given_yes_and_refuses_without_a_terminal(
        self, run: Run, make_record
    ) -> None:
        path = make_record("professional-curiosity", "curious: no\n")
        result = run("delete", path.stem)
        assert result.code == 1
        assert "Error: Nothing was deleted: there is no terminal to ask in." in result.err
        assert path.exists()


class TestPurge:
    def test_lists_then_removes_records_older_than_the_age(
        self, run: Run, make_record, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        old_time = datetime(2018, 5, 1, 9, 0, tzinfo=UTC)
        with monkeypatch.context() as patch:
            patch.setattr(dates, "now", lambda: old_time)
            old = make_record("professional-curiosity", "curious: no\n", "--case", "OLD1")
        new = make_record("professional-curiosity", "curious: no\n", "--case", "NEW1")
        result = run("purge", "--older-than", "6y", "--yes")
        assert result.code == 0
        assert result.out == (
            f"{old.stem}: 2018-05-01 09:00 UTC, professional-curiosity, case OLD1\n"
        )
        assert not old.exists()
        assert new.exists()
        assert run("purge", "--older-than", "6y").err.startswith("No records finished before ")

    @pytest.mark.parametrize("age", ["6", "six years", "6q", "-1y"])
    def test_a_bad_age(self, run: Run, age: str) -> None:
        result = run("purge", "--older-than", age)
        assert (result.code, result.err.splitlines()[0]) == (1, f"Error: '{age}' is not an age.")


def test_cutoff_counts_calendar_months() -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    assert cutoff("6y", now) == datetime(2020, 11, 23, tzinfo=UTC)
    assert cutoff("18m", now) == datetime(2025, 5, 23, tzinfo=UTC)
    assert cutoff("2w", now) == datetime(2026, 11, 9, tzinfo=UTC)
    assert cutoff("30d", now) == datetime(2026, 10, 24, tzinfo=UTC)


@FILE_MODES
class TestPermissions:
    def test_everything_is_private_under_a_permissive_umask(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\n", encoding="utf-8")
        old = os.umask(0)
        try:
            assert run("config", "set", "name", "Sam").code == 0
            assert run("check", "professional-curiosity", "--answers", str(answers)).code == 0
            assert run("supervise", "latest", "--decisions", "x").code == 0
        finally:
            os.umask(old)
        for path in [home, *home.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), path

    def test_a_loose_records_folder_gets_a_warning_with_the_fix(
        self, run: Run, home: Path, tmp_path: Path
    ) -> None:
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\n", encoding="utf-8")
        run("check", "professional-curiosity", "--answers", str(answers))
        (home / "records").chmod(0o755)
        result = run("records")
        assert result.code == 0
        assert result.err == (
            f"Warning: {home / 'records'} can be read by other users of this computer, and "
            f"records describe real families. Fix it with: chmod 700 {home / 'records'}\n"
        )
        assert "Warning" not in result.out


# --- the reliability review (F8, F11, F17) --------------------------------------------


class TestF8OldDrafts:
    """Reliability review F8: `purge` lists and removes old drafts too."""

    def test_purge_lists_and_removes_drafts_not_touched_since_the_cutoff(
        self, run: Run, store: Store, loaded: Loaded
    ) -> None:
        old = interactive_draft(store, loaded, "OLD", "Dad drinks; children alone at night")
        eight_years = (datetime.now(UTC) - timedelta(days=8 * 366)).timestamp()
        os.utime(old, (eight_years, eight_years))
        recent = interactive_draft(store, loaded, "NEW", "Seen today")
        listing = run("purge", "--older-than", "1y")
        assert (
            listing.out
            == f"draft {old.name}: unfinished, last changed before "
            + listing.out.split("before ")[1]
        )
        result = run("purge", "--older-than", "1y", "--yes")
        assert result.code == 0
        assert result.err == f"Deleted {old}\n"
        assert not old.exists()
        assert recent.exists()


class TestF11IdentifierScanIsLinear:
    """Reliability review F11: the identifier scan never hangs on long unbroken text."""

    def test_a_megabyte_note_without_an_at_sign_is_checked(self, run: Run, tmp_path: Path) -> None:
        """The e-mail pattern once retried a long run of letters from each letter: a 900 KB
        note took minutes. Bounded by a generous timeout, not timed."""
        answers = tmp_path / "n.yaml"
        answers.write_text(
            'curious: {answer: partly, note: "https://x/' + "Q" * 900_000 + '"}\n', encoding="utf-8"
        )
        finished = threading.Event()
        result: list = []

        def go() -> None:
            result.append(run("check", "professional-curiosity", "--answers", str(answers)))
            finished.set()

        thread = threading.Thread(target=go, daemon=True)
        thread.start()
        assert finished.wait(60), "the identifier scan did not finish"
        assert result[0].code == 0, result[0].err


class TestF17DeleteOnlyWhatIsOurs:
    """Reliability review F17: `delete` removes only files that are thinkfamily's own."""

    def test_delete_keeps_an_export_replaced_by_another_records(
        self, run: Run, make_record, tmp_path: Path
    ) -> None:
        a = make_record("professional-curiosity", "curious: no\n", "--case", "FAM101")
        b = make_record("professional-curiosity", "curious: yes\n", "--case", "FAM102")
        summary = tmp_path / "summary.md"
        assert run("export", a.stem, "-o", str(summary)).code == 0
        assert run("export", b.stem, "-o", str(summary), "--force").code == 0
        result = run("delete", a.stem, "--yes")
        assert result.code == 0
        assert summary.exists()
        assert "FAM102" in summary.read_text("utf-8")
        result = run("delete", b.stem, "--yes")
        assert f"Deleted {summary.resolve()}" in result.err
        assert not summary.exists()

    def test_delete_keeps_an_export_edited_since_and_says_so(
        self, run: Run, make_record, tmp_path: Path
    ) -> None:
        a = make_record("professional-curiosity", "curious: no\n")
        edited = tmp_path / "edited.md"
        run("export", a.stem, "-o", str(edited))
        edited.write_text(edited.read_text("utf-8") + "\nSupervisor's own notes.\n", "utf-8")
        listing = run("delete", a.stem)
        assert "(with 1 changed export kept)" in listing.out
        result = run("delete", a.stem, "--yes")
        assert result.code == 0
        assert result.err.splitlines() == [
            f"Deleted {a}",
            f"Warning: kept {edited.resolve()}: it has changed since thinkfamily exported it "
            "there, so it may hold someone else's work. Delete it yourself if it should go.",
        ]
        assert edited.exists()

    def test_delete_refuses_a_file_that_is_not_a_record(
        self, run: Run, make_record, tmp_path: Path
    ) -> None:
        make_record("professional-curiosity", "curious: no\n")
        package = tmp_path / "package.json"
        package.write_text("{}", encoding="utf-8")
        result = run("delete", str(package), "--yes")
        assert result.code == 1
        assert package.exists()


# --- the usability review (items 1 and 7) ---------------------------------------------


class TestU1CaseReferenceCheckedLikeANote:
    """Usability review item 1: a case reference is checked for identifiers like a note."""

    @pytest.mark.parametrize(
        ("case", "what"),
        [
            ("9434765919", "an NHS number"),
            ("AB123456C", "a National Insurance number"),
            ("E81DY", "a postcode"),
            ("07700900123", "a phone number"),
            ("born-01-02-2015", "a date of birth"),
            ("JohnSmith", "a watched name"),
            ("okafor_2", "a watched name"),
            ("NHS9434765919", "an NHS number"),
            ("943_476_5919", "an NHS number"),
            ("943-476-5919", "an NHS number"),
            ("SW1A_1AA", "a postcode"),
            ("E8_1DY", "a postcode"),
            ("DOB01022010", "a date of birth"),
            ("dob_2010-02-01", "a date of birth"),
            ("447700900123", "a phone number"),
            ("tel07700900123", "a phone number"),
            ("AB_12_34_56_C", "a National Insurance number"),
            ("JaneDoe2", "a watched name"),
            ("OBrien", "a watched name"),
            ("fam_o-brien", "a watched name"),
        ],
    )
    def test_an_identifier_is_refused_with_the_reason(
        self, run: Run, home: Path, tmp_path: Path, case: str, what: str
    ) -> None:
        run("config", "set", "watch_names", "Okafor, Jane Doe, O'Brien")
        answers = tmp_path / "a.yaml"
        answers.write_text("curious: no\n", encoding="utf-8")
        result = run(
            "check",
            "professional-curiosity",
            "--case",
            case,
            "--answers",
            str(answers),
            "--watch",
            "Smith",
        )
        assert result.code == 1
        assert result.err.startswith(
            f"Error: '{case}' looks like {what}, so it cannot be used as a case reference.\n"
            "Use a code that identifies no one outside your service"
        )
        assert not (home / "records").exists()

    @pytest.mark.parametrize(
        "case", ["ABC123", "K1", "FAM-2026-07", "9434765918", "Q3_4th", "TEAM2_2026", "SW2026"]
    )
    def test_a_pseudonymous_code_is_taken(self, make_record, case: str) -> None:
        """9434765918 has ten digits but not an NHS number's check digit."""
        assert make_record("professional-curiosity", "curious: no\n", "--case", case).exists()


class TestU7IdentifierReview:
    """Usability review item 7: at the identifier review Enter edits, and replacing says
    only the highlighted parts went."""

    def test_enter_edits_and_replace_says_only_the_highlighted_parts_went(
        self, store: Store, loaded: Loaded
    ) -> None:
        prompter = ScriptedPrompter(
            [
                (REFLECT, "y"),
                ("Note (Enter to skip)", "Seen at 14 Mare St; mum Jane Okafor NHS 943 476 5919"),
                (REFLECT, "n"),
                ("Note (Enter to skip)", ""),
                (REFLECT, "n"),
                ("Note (Enter to skip)", ""),
                ("What do you want to take to supervision? (Enter to skip)", ""),
                (check.REVIEW_PROMPT, "r"),
            ]
        )
        saved = check.walk(
            loaded,
            None,
            prompter,
            store,
            {},
            resume=None,
            warn=print,
            rescue=print,
            watch_names=("Okafor",),
        )
        assert saved is not None
        assert (
            saved.record.answers[0].note == "Seen at 14 Mare St; mum Jane [redacted] NHS [redacted]"
        )
        assert prompter.hints()[-1] == (
            "Only the highlighted parts were replaced; read the rest for names, addresses and "
            "other details: Seen at 14 Mare St; mum Jane [redacted] NHS [redacted]"
        )
        assert check.REVIEW_PROMPT.endswith("(e)")


# --- a second attack, made after the reliability review's fixes --------------------


class TestEditingAnIdentifier:
    """Second attack after the reliability review's fixes: retyping at the identifier
    review takes Enter, - and . as every other text prompt does."""

    NOTE = "Seen with mum; NHS 943 476 5919"
    AGAIN = "Type it again (Enter keeps it, - clears it)"

    def walk(self, store: Store, loaded: Loaded, review: list[tuple[str, str]]) -> check.Saved:
        prompter = ScriptedPrompter(
            [
                (REFLECT, "y"),
                ("Note (Enter to skip)", self.NOTE),
                (REFLECT, "n"),
                ("Note (Enter to skip)", ""),
                (REFLECT, "n"),
                ("Note (Enter to skip)", ""),
                ("What do you want to take to supervision? (Enter to skip)", ""),
                *review,
            ]
        )
        saved = check.walk(
            loaded, None, prompter, store, {}, resume=None, start_from=check.FRESH,
            warn=print, rescue=print,
        )  # fmt: skip
        assert saved is not None
        return saved

    def test_enter_at_the_edit_keeps_the_note_and_asks_again(
        self, store: Store, loaded: Loaded
    ) -> None:
        saved = self.walk(
            store,
            loaded,
            [(check.REVIEW_PROMPT, "e"), (self.AGAIN, ""), (check.REVIEW_PROMPT, "k")],
        )
        assert saved.record.answers[0].note == self.NOTE

    def test_a_dash_clears_it_and_a_dot_takes_several_lines(
        self, store: Store, loaded: Loaded
    ) -> None:
        saved = self.walk(
            store,
            loaded,
            [
                (check.REVIEW_PROMPT, "e"),
                (self.AGAIN, "."),
                (">", "Seen with mum."),
                (">", "She is coping."),
                (">", "."),
            ],
        )
        assert saved.record.answers[0].note == "Seen with mum.\nShe is coping."
        cleared = self.walk(store, loaded, [(check.REVIEW_PROMPT, "e"), (self.AGAIN, "-")])
        assert cleared.record.answers[0].note is None
