"""`kpitool compute FOLDER`: the KPIs of a period, checked against the targets."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpitool.cli.emit import emit, progress, report_messages, report_missed
from kpitool.cli.options import (
    ConfigOption,
    FailOn,
    FolderArgument,
    HistoryOption,
    KpisOption,
    OutputOption,
    StrictOption,
    check_by,
    complete_by,
    complete_kpi,
    complete_period,
    split_kpis,
)

if TYPE_CHECKING:
    from kpitool.config import Config
    from kpitool.results.groups import View


class ComputeFormat(StrEnum):
    """compute's formats: the shared ones, and Parquet (a file: ``-o FILE``)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    parquet = "parquet"


class Layout(StrEnum):
    long = "long"
    wide = "wide"


def compute(
    folder: FolderArgument,
    config: ConfigOption = None,
    period: Annotated[
        str | None,
        typer.Option(
            metavar="P",
            autocompletion=complete_period,
            help="2026, 2026-Q3, 2026-10, 2026-W43, 2026-10-05 or 2026-10-01..2026-10-31 "
            "(default: the folder name, else the reports' dates).",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            metavar="DIMS",
            callback=check_by,
            autocompletion=complete_by,
            help="Breakdown: asin, sku, parent_asin, campaign, search_term, "
            "ad_type, marketplace, owner, team, day, week or month; two as owner,asin.",
        ),
    ] = None,
    kpis: KpisOption = None,
    where: Annotated[
        str | None,
        typer.Option(
            metavar="EXPR",
            help="Only the groups where EXPR holds: comparisons of KPI ids and numbers with "
            'and/or/not, e.g. "clicks >= 10 and ad_orders == 0".',
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            metavar="KPI",
            autocompletion=complete_kpi,
            help="Order the groups by a KPI, largest first (KPI:asc for smallest first).",
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(min=1, metavar="N", help="Only the first N groups (after --sort)."),
    ] = None,
    format: Annotated[
        ComputeFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ComputeFormat.table,
    layout: Annotated[
        Layout | None,
        typer.Option(
            help="csv and parquet: long (a row per group and KPI, the default) or wide (a "
            "row per group, a column per KPI). Tables and Markdown show breakdowns wide."
        ),
    ] = None,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 if a target is missed at this level.")
    ] = FailOn.fail,
    strict: StrictOption = False,
    history: HistoryOption = None,
) -> None:
    """Compute the KPIs of the reports in FOLDER and check them against the targets."""
    from kpitool.cli.exits import compute_exit_code
    from kpitool.cli.output import Inputs
    from kpitool.config import load_config
    from kpitool.engine.compute import compute as compute_kpis
    from kpitool.engine.evaluate import missed_targets
    from kpitool.engine.scan import read_folder
    from kpitool.render import OutputFormat
    from kpitool.render.missed import missed_lines

    cfg = load_config(config)
    view = _view(cfg, by, kpis, where, sort, top)
    wide = _layout(format, layout, output)
    with progress(f"Reading {folder}") as bar:
        # compute counts rows as it reads them
        scan = read_folder(folder, strict=strict, on_file=bar.on_file)
        bar.status("Computing the KPIs")
        result = compute_kpis(scan, cfg, period=period, by=[by] if by else [], view=view)
    if history is not None:
        from kpitool.cli.cmd_history import record_run

        record_run(history, result, cfg, "compute")
    inputs = Inputs(config=cfg.path, costs=cfg.costs_path(), folders=(folder,), history=history)
    if format is ComputeFormat.parquet:
        from kpitool.cli.output import write_atomic
        from kpitool.render.frames import parquet_bytes

        assert output is not None  # _layout insists
        write_atomic(output, parquet_bytes(result, wide), inputs=inputs)
    else:
        emit(output, OutputFormat(format.value), result, inputs=inputs, wide=wide)
    report_messages(result.warnings, result.notes, output)
    report_missed(missed_lines(missed_targets(result, fail_on.value), result.currency))
    raise typer.Exit(compute_exit_code(result, fail_on.value))


def _view(
    cfg: Config,
    by: str | None,
    kpis: str | None,
    where: str | None,
    sort: str | None,
    top: int | None,
) -> View:
    """The KPIs and groups to list, checked before anything is read (a usage error: exit 2)."""
    from kpitool.engine.groups import validate
    from kpitool.errors import UsageError
    from kpitool.results.groups import View

    view = View(tuple(split_kpis(kpis)), where, sort, top)
    try:
        validate(view, cfg, [by] if by else [])
    except UsageError as exc:
        name = str(exc).split(" ", 1)[0].rstrip(":")
        hint = name if name in ("--kpis", "--where", "--sort", "--top") else None
        raise typer.BadParameter(
            str(exc).removeprefix(f"{name} ").removeprefix(f"{name}: ") if hint else str(exc),
            param_hint=hint,
        ) from None
    return view


def _layout(format: ComputeFormat, layout: Layout | None, output: Path | None) -> bool:
    """Whether the output is wide; a usage error for a layout the format does not have."""
    if format is ComputeFormat.parquet and output is None:
        raise typer.BadParameter("parquet is a binary file: give -o FILE", param_hint="--format")
    if layout is not None and format not in (ComputeFormat.csv, ComputeFormat.parquet):
        raise typer.BadParameter(
            f"{format.value} has one layout (JSON: the long results of the contract; table "
            "and Markdown: a row per group); --layout is for csv and parquet",
            param_hint="--layout",
        )
    return layout is Layout.wide
