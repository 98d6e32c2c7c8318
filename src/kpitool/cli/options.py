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


def complete_by(incomplete: str) -> list[str]:
    """``--by`` completions: the dimensions, and ``owner,asin`` style pairs after a comma."""
    from kpitool.engine.dims import Dim

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [prefix + d.value for d in Dim if d.value.startswith(last) and d.value != head]


def complete_period(incomplete: str) -> list[str]:
    """``--period`` completions: this month, quarter and year, and the forms."""
    from datetime import date

    today = date.today()
    quarter = (today.month - 1) // 3 + 1
    forms = [f"{today:%Y-%m}", f"{today.year}-Q{quarter}", str(today.year), f"{today:%G-W%V}"]
    return [f for f in forms if f.startswith(incomplete)]


def complete_kpi(incomplete: str) -> list[str]:
    from kpitool.kpis.catalogue import BUILTIN

    return [k.id for k in BUILTIN if k.id.startswith(incomplete)]


def complete_kpis(incomplete: str) -> list[str]:
    """``--kpis`` completions: KPI ids, ``ad_spend,acos`` style lists after a comma."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    before = set(head.split(","))
    return [prefix + k for k in complete_kpi(last) if k not in before]


def split_kpis(value: str | None) -> list[str]:
    """``"sales, acos"`` -> ``["sales", "acos"]``."""
    return [k.strip() for k in value.split(",") if k.strip()] if value else []


def check_by(value: str | None) -> str | None:
    from kpitool.engine.dims import parse_by

    try:
        parse_by([value] if value else [])
    except KpiToolError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


KpisOption = Annotated[
    str | None,
    typer.Option(
        metavar="IDS",
        autocompletion=complete_kpis,
        help="Only these KPIs, comma-separated ids (custom KPIs too): sales,acos.",
    ),
]
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
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        help="Config file (default: configs/kpitool.yaml, if any).",
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically)."),
]
HistoryOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        help="Record the results in this SQLite history file (created if missing).",
        metavar="FILE",
    ),
]

#: trend and suggest: the periods from a history instead of report files
HistorySourceOption = Annotated[
    Path | None,
    typer.Option(
        "--history",
        metavar="FILE",
        help="Read the periods from this history file instead of report files.",
    ),
]
