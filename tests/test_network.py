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
    steps = [
        ("config", "set", "area", "Hackney"),
        ("checklists", "--json"),
        ("validate", str(answers.parent / "missing.yaml")),
        ("check", "professional-curiosity", "--case", "N1", "--answers", str(answers)),
        ("records", "--json"),
        ("show", "latest"),
        ("export", "latest"),
        ("export", "latest", "--format", "csv", "--redact"),
        ("export", "latest", "-o", str(tmp_path / "s.md")),
        ("supervise", "latest", "--decisions", "Refer"),
        ("contacts", "hackney", "--sources"),
        ("contacts", "--json"),
        ("check-text", "-"),
        ("purge", "--older-than", "1d", "--yes"),
        ("delete", "latest", "--yes"),
    ]
    for step in steps:
        run(*step, stdin="NHS 943 476 5919\n")
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
