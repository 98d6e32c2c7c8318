"""What a command writes: the artifact (to ``--output`` atomically, else stdout) and its
messages on stderr (notes, warnings, errors, missed targets, a spinner while reading)."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from kpitool.errors import OutputClosed
from kpitool.render import OutputFormat

if TYPE_CHECKING:
    from rich.console import Console

    from kpitool.cli.output import Content, Inputs
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
    from kpitool.render import chunks, draw

    if output is None and format is OutputFormat.table:
        with _closed_pipe():
            draw(result, stdout())
    else:
        emit_text(output, chunks(format, result, wide=wide), inputs)


def emit_text(output: Path | None, text: Content, inputs: Inputs) -> None:
    """Text already rendered (or its pieces, text or UTF-8 bytes, written as they come): to
    ``output`` (as :func:`emit` writes it), else to stdout."""
    from kpitool.cli.output import write_atomic

    if output is not None:
        write_atomic(output, text, inputs=inputs)
        return
    with _closed_pipe():
        for piece in [text] if isinstance(text, str | bytes) else text:
            if isinstance(piece, bytes):
                sys.stdout.flush()  # what was written as text first
                sys.stdout.buffer.write(piece)
            else:
                sys.stdout.write(piece)


@contextmanager
def _closed_pipe() -> Iterator[None]:
    """A write to a stdout whose reader went away (``kpitool ... | head``) ends the run as
    :class:`OutputClosed` (exit 141, silent), not as the exit 1 of a missed target that click
    would make of it."""
    try:
        yield
    except BrokenPipeError:
        raise OutputClosed from None


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

    class Stdout(Console):
        def on_broken_pipe(self) -> None:
            """Rich's own ends the run as exit 1, a missed target's code: see _closed_pipe."""
            self.quiet = True
            raise OutputClosed

    # a terminal's own width; a pipe or a file gets $COLUMNS (Rich reads it) or else 120
    # columns, in plain text (Rich drops colour when not a terminal)
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit() else 120
    return Stdout(highlight=False, markup=False, width=width)


#: a read shorter than this shows nothing
PROGRESS_AFTER = 1.0


class Quiet:
    """No progress display (stderr is not a terminal)."""

    def on_file(self, path: Path, i: int, n: int) -> None:
        """Told of each file before it is read; shows nothing."""

    def status(self, message: str) -> None:
        """Told that reading is over and ``message`` is being done; shows nothing."""


class Bar(Quiet):
    """A Rich progress bar on stderr: the file being read and how many are done, shown only
    once the work has taken :data:`PROGRESS_AFTER` seconds, and cleared when it ends."""

    def __init__(self, console: Console, message: str) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[file]}"),
            console=console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task(_plain(message), total=None, file="", count="")
        self._lock = threading.Lock()
        self._timer = threading.Timer(PROGRESS_AFTER, self._show)
        self._timer.daemon = True
        self._state = "waiting"  # -> shown -> closed, or waiting -> closed

    def on_file(self, path: Path, i: int, n: int) -> None:
        self._progress.update(
            self._task, completed=i - 1, total=n, count=f"{i}/{n}", file=_plain(path.name)
        )

    def status(self, message: str) -> None:
        """The files are read: a line of its own for what is done now (``message``)."""
        n = self._progress.tasks[-1].total
        count = "" if n is None else f"{int(n)}/{int(n)}"
        self._progress.update(self._task, completed=n, count=count, file="")
        self._task = self._progress.add_task(_plain(message), total=None, file="", count="")

    def _show(self) -> None:
        with self._lock:
            if self._state == "waiting":
                self._progress.start()
                self._state = "shown"

    def __enter__(self) -> Bar:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            if self._state == "shown":
                self._progress.stop()
            self._state = "closed"


def _plain(text: str) -> str:
    """``text`` as Rich shows it literally: controls escaped, no markup."""
    from rich.markup import escape

    from kpitool.render.text import escape_control

    return escape(escape_control(text))


def settle() -> None:
    """Move the objects made so far (those of some 600 imported modules) out of the garbage
    collector's sight (``gc.freeze``): its collections during the run no longer walk them
    each time. A run's own objects are collected as before. A 1M-row compute: ~30 ms of
    collections, ~0.05 s of wall time (interleaved runs, medians 1.15 -> 1.09 s). Once per
    process: a process running many commands (the tests) freezes only what its first left."""
    if gc.get_freeze_count() == 0:
        gc.freeze()


def progress(message: str) -> AbstractContextManager[Quiet]:
    """A progress bar on stderr while files are read (see :class:`Bar`); nothing when stderr
    is not a terminal. Every command that reads reports calls it once its modules are
    imported, when the reading starts: the objects made so far are frozen then (see
    :func:`settle`)."""
    settle()
    if not ({"TTY_COMPATIBLE", "FORCE_COLOR"} & set(os.environ) or sys.stderr.isatty()):
        return nullcontext(Quiet())  # what Rich would decide, without importing it (~0.1 s)
    from rich.console import Console

    err = Console(stderr=True)
    if not err.is_terminal:
        return nullcontext(Quiet())
    return Bar(err, message)
