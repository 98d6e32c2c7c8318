"""`kpitool inspect FOLDER`: what kpitool makes of every file in a folder."""

from __future__ import annotations

from typing import Annotated

import typer

from kpitool.cli.emit import progress, report_errors, stdout
from kpitool.cli.options import FolderArgument, InspectFormat, StrictOption
from kpitool.errors import ExitCode, escape_control


def inspect(
    folder: FolderArgument,
    format: Annotated[
        InspectFormat, typer.Option("--format", "-f", help="Output format.")
    ] = InspectFormat.table,
    strict: StrictOption = False,
) -> None:
    """List every report file found in FOLDER: its kind, rows, dates, currency and warnings."""
    from kpitool.engine.scan import inspect_folder
    from kpitool.render import draw
    from kpitool.render.inspect import render_inspect_json

    with progress(f"Reading {folder}") as bar:
        scan = inspect_folder(folder, strict=strict, on_file=bar.on_file)
    if format is InspectFormat.json:
        typer.echo(render_inspect_json(scan))
    else:
        draw(scan, stdout())
    report_errors([f"{escape_control(str(e.path))}: {e.message}" for e in scan.errors])
    if scan.errors:
        raise typer.Exit(ExitCode.BAD_INPUT)
