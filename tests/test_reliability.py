"""The reliability review's findings (F1-F20) and the usability review's privacy items,
each reproduced as the review found it. F1 and F2 (a draft or record that cannot be
written) are in test_failures.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import (
    PSEUDO_TERMINAL,
    installed,
)
from .test_e2e_pty import Terminal

REFLECT = "[y/p/n/x/?/b/s/q]"


# --- F6 and F9: what reaches a terminal, a spreadsheet or a Markdown reader is inert ---


# --- F10, F11, F14, F19: bad files and input get a precise message -----------------


# --- usability review items 1, 7 and 20 -----------------------------------------------


# --- a second attack, made after the fixes above -----------------------------------


WORLD = "Zażółć gęślą jaźń; اردو نوٹ; 👨‍👩‍👧 … • “quoted”"
WORLD_ANSWER = f"curious: {{answer: no, note: {json.dumps(WORLD, ensure_ascii=False)}}}\n"


class TestOutputInAnyEncoding:
    """Data sent to a file or a pipe is UTF-8 whatever the locale says; a terminal that
    cannot show a character gets a stand-in, never a crash."""

    @pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "ascii"])
    def test_export_and_show_to_a_file_are_utf8(
        self, make_record, home: Path, encoding: str
    ) -> None:
        record = make_record("professional-curiosity", WORLD_ANSWER)
        for args in (("export", record.stem), ("show", record.stem), ("records", "--json")):
            done = installed(home, *args, PYTHONIOENCODING=encoding)
            assert (done.returncode, done.stderr) == (0, ""), args
            if args[0] != "records":
                assert WORLD in done.stdout, args

    @PSEUDO_TERMINAL
    def test_a_terminal_in_latin1_shows_stand_ins(self, make_record, home: Path) -> None:
        record = make_record("professional-curiosity", WORLD_ANSWER)
        t = Terminal(home, "show", record.stem, errors="replace", PYTHONIOENCODING="latin-1")
        t.expect("Note: Za?\ufffd?? g??l? ja??; ")  # ó is a Latin-1 byte, not UTF-8
        code, rest = t.finish()
        assert code == 0
        assert "went wrong" not in rest
