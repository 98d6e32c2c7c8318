"""One error base class for input problems, and the process exit codes."""

from __future__ import annotations

import re
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes (a contract, documented in the README)."""

    OK = 0
    TARGETS_MISSED = 1
    USAGE = 2  # Typer's own usage errors
    BAD_INPUT = 3
    BUG = 70  # EX_SOFTWARE: an unexpected exception, a bug in kpitool (traceback shown)
    #: stdout's reader went away before the output was written whole (``| head``): 128 +
    #: SIGPIPE, what a shell reports for a program a closed pipe stops
    OUTPUT_CLOSED = 141


class OutputClosed(Exception):
    """stdout's reader went away (a closed pipe): the run ends silently, exit 141."""


class KpiToolError(Exception):
    """An input, config or data problem the user can fix. Printed as one line, exit 3."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class InputError(KpiToolError):
    """A report file that cannot be read or understood."""


class NothingCovers(InputError):
    """Nothing in the folder covers a day of the period asked for (``trend``: no_data)."""


class UsageError(KpiToolError):
    """An option that cannot be used as given (a ``--where`` that does not parse): exit 2."""

    exit_code = ExitCode.USAGE


class ConfigError(KpiToolError):
    """A config file that is not valid."""


#: C0 controls (tab and newline included: a name or cell cannot start a line of its own),
#: DEL and C1 controls, bidi overrides, embeddings, isolates and marks (which reorder what a
#: terminal shows), line and paragraph separators, and lone surrogates (the bytes of a file
#: name that is not UTF-8)
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c <= 0xFF:
        return f"\\x{c:02x}"
    if 0xDC80 <= c <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte: that byte
        return f"\\x{c - 0xDC00:02x}"
    return f"\\u{c:04x}"


def escape_control(text: str) -> str:
    """Escape control characters (ANSI escape sequences, tabs and newlines included), bidi
    controls and the undecodable bytes of a file name as ``\\xNN`` / ``\\uNNNN``."""
    return _CONTROL.sub(_escape, text)
