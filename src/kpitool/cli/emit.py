"""What a command writes: the artifact (to ``--output`` atomically, else stdout) and its
messages on stderr (notes, warnings, errors, missed targets, a spinner while reading)."""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from kpitool.render import OutputFormat

if TYPE_CHECKING:
    from rich.console import Console

    from kpitool.cli.output import Inputs
    from kpitool.results import ComputeResult
    from kpitool.results.compare import CompareResult
    from kpitool.results.trend import TrendResult


def emit(
    output: Path | None,
    format: OutputFormat,
    result: ComputeResult | CompareResult | TrendResult,
    inputs: Inputs,
    wide: bool = False,
) -> None:
    """The artifact: to ``output`` (never over one of ``inputs``: the config, the cost file,
    any file below the scanned folders), else to stdout (a Rich table in a terminal)."""
    from kpitool.cli.output import write_atomic
    from kpitool.render import chunks, draw

    if output is not None:
        write_atomic(output, chunks(format, result, wide=wide), inputs=inputs)
    elif format is OutputFormat.table:
        draw(result, stdout())
    else:
        for piece in chunks(format, result, wide=wide):
            if isinstance(piece, bytes):
                sys.stdout.flush()  # what was written as text first
                sys.stdout.buffer.write(piece)
            else:
                sys.stdout.write(piece)


def report_messages(warnings: list[str], notes: list[str], output: Path | None) -> None:
    from kpitool.render.text import escape_control

    for note in notes:
        sys.stderr.write(f"note: {escape_control(note)}\n")
    for warning in warnings:
        sys.stderr.write(f"warning: {escape_control(warning)}\n")
    if warnings:  # quiet on success: a summary only when there is something to say
        sys.stderr.write(f"{len(warnings)} warning(s)\n")
    if output is not None:
        sys.stderr.write(f"wrote {escape_control(str(output))}\n")


def report_missed(lines: list[str]) -> None:
    """What made the exit code 1, after the warnings: one line per missed target or decline."""
    from kpitool.render.text import escape_control

    for line in lines:
        sys.stderr.write(f"{escape_control(line)}\n")


def report_errors(lines: list[str]) -> None:
    from kpitool.render.text import escape_control

    for line in (part for text in lines for part in text.splitlines()):
        sys.stderr.write(f"error: {escape_control(line)}\n")


def stdout() -> Console:
    from rich.console import Console

    # a terminal's own width; a pipe or a file gets $COLUMNS (Rich reads it) or else 120
    # columns, in plain text (Rich drops colour when not a terminal)
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit() else 120
    return Console(highlight=False, markup=False, width=width)


def progress(message: str) -> AbstractContextManager[object]:
    """A spinner on stderr while files are read; nothing when stderr is not a terminal."""
    if not ({"TTY_COMPATIBLE", "FORCE_COLOR"} & set(os.environ) or sys.stderr.isatty()):
        return nullcontext()  # what Rich would decide, without importing it (~0.1 s)
    from rich.console import Console
    from rich.text import Text

    from kpitool.render.text import escape_control

    err = Console(stderr=True)
    if not err.is_terminal:
        return nullcontext()
    return err.status(Text(escape_control(message)), spinner="dots")
