"""The command line: parse arguments, call one library function, render, exit.

Heavy modules (polars, pydantic) are imported inside the commands so that ``--help`` and
``--version`` stay fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kpitool import __version__
from kpitool.errors import ExitCode, KpiToolError

app = typer.Typer(
    name="kpitool",
    help="KPIs for Amazon seller teams, from the report files you download.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpitool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """KPIs for Amazon seller teams, from the report files you download."""


class InspectFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def inspect(
    folder: Annotated[Path, typer.Argument(help="Folder of report files (searched recursively).")],
    format: Annotated[
        InspectFormat, typer.Option("--format", "-f", help="Output format.")
    ] = InspectFormat.table,
) -> None:
    """List every report file found in FOLDER: its kind, rows, dates, currency and warnings."""
    from kpitool.inspect import inspect_folder
    from kpitool.render.inspect import render_inspect_json, render_inspect_table

    scan = inspect_folder(folder)
    if format is InspectFormat.json:
        typer.echo(render_inspect_json(scan))
    else:
        render_inspect_table(scan, _stdout())
    _report_errors([f"{e.path}: {e.message}" for e in scan.errors])
    if scan.errors:
        raise typer.Exit(ExitCode.BAD_INPUT)


def _stdout() -> object:
    from rich.console import Console

    # a pipe or a file gets a wide, plain table (Rich drops colour when not a terminal)
    width = None if sys.stdout.isatty() else 200
    return Console(highlight=False, markup=False, width=width)


def _report_errors(lines: list[str]) -> None:
    from kpitool.render.text import escape_control

    for line in lines:
        sys.stderr.write(f"error: {escape_control(line)}\n")


def main() -> None:
    """Console-script entry point: user errors become one line on stderr and exit 3."""
    try:
        app()
    except KpiToolError as exc:
        _report_errors([str(exc)])
        sys.exit(exc.exit_code)
