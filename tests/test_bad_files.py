"""Bad checklist files: one clear message naming file, line and field; exit 1; no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thinkfamily.paths import shipped_dir

from .conftest import DATA, REPO, Run

BAD = DATA / "bad"

CASES = {
    "syntax-error": "syntax-error.yaml:4: YAML syntax: ",
    "unknown-key": "unknown-key.yaml:14: sections[0].questions[0].guidence: unknown key "
    "'guidence'; did you mean 'guidance'?",
    "missing-field": "missing-field.yaml:11: sections[0].questions[0].scale: required but missing",
    "duplicate-id": "duplicate-id.yaml:14: sections[0].questions[1].id: question id 'same' "
    "is already used by sections[0].questions[0]",
    "bad-concern": "bad-concern.yaml:14: sections[0].questions[0].concern: 'maybe' is not an "
    "answer of the reflect scale (yes, partly, no, na)",
    "combined-risk-factor": "combined-risk-factor.yaml:14: combined_risk.factors: 'nope' is "
    "not a question of this checklist",
    "empty-checklist": "empty-checklist.yaml:7: sections: must not be empty",
    "top-level-list": "top-level-list.yaml:1: (top level): must be a mapping with keys such as "
    "id, title and sections, not a list",
    "not-utf8": "not-utf8.yaml:2: the file is not UTF-8 text (byte 0xe9); save it as UTF-8",
    "python-tag": "python-tag.yaml:2: the tag !!python/object/apply:os.system is not allowed: "
    "files are read as plain data only",
}


class TestValidate:
    @pytest.mark.parametrize("case", sorted(CASES))
    def test_bad_file_names_file_line_and_field(self, run: Run, case: str) -> None:
        result = run("validate", str(BAD / f"{case}.yaml"))
        assert result.code == 1
        first = result.err.splitlines()[0]
        assert first.startswith(str(BAD / CASES[case].split(":", 1)[0]) + ":")
        assert CASES[case].split(":", 1)[1] in first
        assert "Traceback" not in result.err
        assert result.out == ""

    def test_every_problem_in_every_file_is_reported(self, run: Run) -> None:
        files = [str(BAD / f"{case}.yaml") for case in sorted(CASES)]
        result = run("validate", *files)
        assert result.code == 1
        lines = result.err.splitlines()
        assert lines[-1] == f"{len(CASES)} problems found."
        assert len(lines) == len(CASES) + 1

    def test_missing_fields_are_all_named(self, run: Run, tmp_path: Path) -> None:
        path = tmp_path / "bare.yaml"
        path.write_text("id: bare\n", encoding="utf-8")
        result = run("validate", str(path))
        assert result.err.splitlines() == [
            f"{path}:1: {field}: required but missing"
            for field in ("title", "audience", "version", "source", "sections")
        ] + ["5 problems found."]

    def test_valid_files_pass(self, run: Run) -> None:
        files = sorted(str(p) for p in (REPO / "checklists").glob("*.yaml"))
        result = run("validate", *files, str(DATA / "valid-user.yaml"))
        assert result.code == 0
        assert result.err == f"{len(files) + 1} files valid.\n"

    def test_missing_file_is_reported(self, run: Run, tmp_path: Path) -> None:
        result = run("validate", str(tmp_path / "nope.yaml"))
        assert result.code == 1
        assert result.err.splitlines()[0] == f"{tmp_path / 'nope.yaml'}: no such file"

    def test_id_must_match_file_name(self, run: Run, tmp_path: Path) -> None:
        path = tmp_path / "renamed.yaml"
        shutil.copy(DATA / "valid-user.yaml", path)
        result = run("validate", str(path))
        assert result.code == 1
        assert result.err.splitlines()[0] == (
            f"{path}:1: id: 'valid-user' must match the file name; rename the file to "
            "valid-user.yaml or change the id"
        )

    def test_no_arguments_is_a_usage_error(self, run: Run) -> None:
        assert run("validate").code == 2


class TestUserChecklists:
    def test_clash_with_a_shipped_id_names_both_files(self, run: Run, home: Path) -> None:
        folder = home / "checklists"
        folder.mkdir(parents=True)
        shutil.copy(REPO / "checklists" / "practitioner.yaml", folder / "practitioner.yaml")
        result = run("checklists")
        assert result.code == 1
        assert result.err == (
            f"Error: {folder / 'practitioner.yaml'}: the id 'practitioner' is already used by "
            f"the shipped checklist {shipped_dir('checklists') / 'practitioner.yaml'}; give your "
            "checklist another id (and file name)\n"
        )

    def test_bad_user_file_is_reported_and_the_rest_still_listed(
        self, run: Run, home: Path
    ) -> None:
        folder = home / "checklists"
        folder.mkdir(parents=True)
        shutil.copy(BAD / "bad-concern.yaml", folder / "bad-concern.yaml")
        result = run("checklists")
        assert result.code == 1
        assert "practitioner" in result.out
        assert result.err.startswith(f"Error: {folder / 'bad-concern.yaml'}:14: ")


# --- the reliability review (F20) -----------------------------------------------------


class TestF20Messages:
    """Reliability review F20 (the rest): one clashing user checklist leaves the others
    working."""

    def test_a_user_checklist_reusing_a_shipped_id_leaves_the_others_working(
        self, run: Run, make_record, home: Path
    ) -> None:
        folder = home / "checklists"
        folder.mkdir(parents=True)
        (folder / "practitioner.yml").write_text("id: practitioner\n", encoding="utf-8")
        make_record("professional-curiosity", "curious: no\n")  # another checklist still runs
        listing = run("checklists")
        assert listing.code == 1
        assert "family-factors" in listing.out
        result = run("check", "practitioner", "--answers", "x.yaml")
        assert result.code == 1
        assert "the id 'practitioner' is already used by the shipped checklist" in result.err
