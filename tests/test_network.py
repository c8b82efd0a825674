"""The tool makes no network connection: every flow runs with sockets blocked."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Run, guarded_env, installed_command


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    """The autouse guard is real: opening a socket fails and is recorded."""
    with pytest.raises(OSError, match="network use is blocked"):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(OSError, match="network use is blocked"):
        socket.socket()
    assert len(no_network) == 2
    no_network.clear()  # recorded on purpose here; the guard's own check stays for the rest


def test_every_command_in_process(run: Run, tmp_path: Path, no_network: list[str]) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps({"curious": {"answer": "no", "note": "E8 1DY"}}), encoding="utf-8"
    )
    # Each step with the exit code it must end with, so that a command failing before its
    # input or output cannot pass for one that made no connection.
    steps = [
        (0, "config", "set", "area", "Hackney"),
        (0, "checklists", "--json"),
        (1, "validate", str(answers.parent / "missing.yaml")),
        (0, "check", "professional-curiosity", "--case", "N1", "--answers", str(answers)),
        (0, "records", "--json"),
        (0, "show", "latest"),
        (0, "export", "latest"),
        (0, "export", "latest", "--format", "csv", "--redact"),
        (0, "export", "latest", "-o", str(tmp_path / "s.md")),
        (0, "supervise", "latest", "--decisions", "Refer"),
        (0, "contacts", "hackney", "--sources"),
        (0, "contacts", "--json"),
        (3, "check-text", "-"),
        (0, "purge", "--older-than", "1d", "--yes"),
        (0, "delete", "latest", "--yes"),
    ]
    for code, *step in steps:
        result = run(*step, stdin="NHS 943 476 5919\n")
        assert result.code == code, (step, result.err)
    assert no_network == []


def test_the_installed_command_with_python_level_blocking(tmp_path: Path) -> None:
    log = tmp_path / "net.log"
    env = guarded_env(log, THINKFAMILY_HOME=str(tmp_path / "home"), NO_COLOR="1")
    answers = tmp_path / "a.yaml"
    answers.write_text("others-at-risk: no\n", encoding="utf-8")
    command = installed_command()
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env=env,
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert "network use is blocked" in probe.stderr, "the subprocess guard is not loaded"
    log.unlink()
    for args in (
        ["config", "set", "area", "Leeds"],
        ["check", "practitioner", "--answers", str(answers)],
        ["export", "latest", "-f", "markdown"],
        ["contacts", "leeds"],
        ["records"],
    ):
        result = subprocess.run(
            [command, *args], env=env, capture_output=True, encoding="utf-8", check=False
        )
        assert result.returncode == 0, result.stderr
    assert not log.exists(), log.read_text(encoding="utf-8")
