"""The project's errors and exit codes: feature code raises, the CLI translates."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the command line contract (see the README)."""

    OK = 0
    FAILED = 1  # not found, invalid input, or a write that could not be made
    USAGE = 2  # wrong options or arguments (Typer's own)
    FINDINGS = 3  # done, and found something to act on: identifiers, overdue actions
    INTERRUPTED = 130  # Ctrl-C; any draft is kept


class ThinkFamilyError(Exception):
    """An error with a message written for the user; the CLI prints it and exits."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ThinkFamilyError):
    """A command or option that does not exist, found by the tool rather than by Typer."""

    exit_code = ExitCode.USAGE


class NotFoundError(ThinkFamilyError):
    """A checklist, record or file that was asked for does not exist."""


class LoadError(ThinkFamilyError):
    """One or more problems in a data file, each naming the file, line and field."""

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        super().__init__("\n".join(problems), hint=hint)
        self.problems = problems


class StoreError(ThinkFamilyError):
    """A record or draft could not be written or read."""


class Interrupted(ThinkFamilyError):  # noqa: N818 - named for what the user did
    """The user pressed Ctrl-C or closed input; whatever was typed has been kept."""

    exit_code = ExitCode.INTERRUPTED
