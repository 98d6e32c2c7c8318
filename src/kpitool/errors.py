"""One error base class for input problems, and the process exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes (a contract, documented in the README)."""

    OK = 0
    TARGETS_MISSED = 1
    USAGE = 2  # Typer's own usage errors
    BAD_INPUT = 3
    BUG = 70  # EX_SOFTWARE: an unexpected exception, a bug in kpitool (traceback shown)


class KpiToolError(Exception):
    """An input, config or data problem the user can fix. Printed as one line, exit 3."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class InputError(KpiToolError):
    """A report file that cannot be read or understood."""


class NothingCovers(InputError):
    """Nothing in the folder covers a day of the period asked for (``trend``: no_data)."""


class ConfigError(KpiToolError):
    """A config file that is not valid."""
