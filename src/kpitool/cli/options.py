"""The options that several commands share, as Typer annotations."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kpitool.errors import KpiToolError
from kpitool.render import OutputFormat


class InspectFormat(StrEnum):
    table = "table"
    json = "json"


class FailOn(StrEnum):
    fail = "fail"
    warn = "warn"
    never = "never"


def check_by(value: str | None) -> str | None:
    from kpitool.engine.dims import parse_by

    try:
        parse_by([value] if value else [])
    except KpiToolError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


FolderArgument = Annotated[
    Path,
    typer.Argument(help="Folder of report files (searched recursively).", metavar="FOLDER"),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", help="Any row left out or cell emptied as invalid is an error (exit 3)."
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: configs/kpitool.yaml, if any)."),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")
]
HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        help="Record the results in this SQLite history file (created if missing).",
        metavar="FILE",
    ),
]
