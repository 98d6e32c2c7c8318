"""`kpitool history runs|export FILE`: the runs a --history file holds, and the whole history
as Parquet or CSV; ``record_run`` is what compute and compare call with ``--history``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kpitool.config import Config
    from kpitool.results import ComputeResult

history = typer.Typer(
    name="history",
    help="The runs recorded with --history, and exports of the whole history.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

HistoryArgument = Annotated[
    Path, typer.Argument(help="The history file (SQLite).", metavar="FILE", show_default=False)
]


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


def record_run(path: Path, result: ComputeResult, cfg: Config, command: str) -> int:
    """Record ``result`` in the history at ``path``; a note on stderr names the run."""
    from kpitool import __version__
    from kpitool.store import RunMeta, config_hash, record

    meta = RunMeta(
        account=cfg.account,
        config_hash=config_hash(cfg.model_dump_json()),
        command=command,
        version=__version__,
    )
    run_id = record(path, result, meta)
    sys.stderr.write(
        f"note: recorded run {run_id} ({cfg.account}, {result.period.start}..{result.period.end})"
        f" in {path}\n"
    )
    return run_id


@history.command()
def runs(file: HistoryArgument) -> None:
    """List the runs in FILE: each one's period, when it ran, and whether it is current."""
    from kpitool.store import runs as list_runs

    sys.stdout.write(
        "run_id\taccount\tperiod\tcommand\tgroup_by\trun_at\tfigures\tstate\tsources\n"
    )
    for r in list_runs(file):
        sys.stdout.write(
            f"{r.run_id}\t{r.account}\t{r.period_start}..{r.period_end}\t{r.command}\t"
            f"{r.group_by}\t{r.run_at}\t{r.figures}\t{r.state}\t{r.sources}\n"
        )


@history.command()
def export(
    file: HistoryArgument,
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="parquet or csv.")
    ] = ExportFormat.parquet,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (atomically; parquet needs it, csv defaults to stdout).",
        ),
    ] = None,
) -> None:
    """Write every figure of every run in FILE, one row each, for DuckDB, Spark or a warehouse."""
    from kpitool.cli.output import Inputs, write_atomic
    from kpitool.errors import KpiToolError
    from kpitool.store import everything

    frame = everything(file)
    if format is ExportFormat.csv:
        text = frame.write_csv()
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text, inputs=Inputs(history=file))
        return
    if output is None:
        raise KpiToolError("parquet is binary: give --output FILE (or use -f csv for stdout)")
    _write_parquet(frame, output, file)
    sys.stderr.write(f"wrote {output} ({frame.height} rows)\n")


def _write_parquet(frame: object, output: Path, history_file: Path) -> None:
    """Parquet through a temp file in the same folder, then a rename (never half a file)."""
    import os
    import tempfile

    import polars as pl

    from kpitool.errors import KpiToolError

    assert isinstance(frame, pl.DataFrame)
    if output.exists() and output.resolve() == history_file.resolve():
        raise KpiToolError(f"{output}: refusing to overwrite the history; choose another file")
    folder = output.resolve().parent
    if not folder.is_dir():
        raise KpiToolError(f"{output}: the folder {output.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        frame.write_parquet(tmp)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
