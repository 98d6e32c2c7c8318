"""`kpitool compute FOLDER`: the KPIs of a period, checked against the targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kpitool.cli.emit import emit, progress, report_messages, report_missed
from kpitool.cli.options import (
    ConfigOption,
    FailOn,
    FolderArgument,
    FormatOption,
    HistoryOption,
    OutputOption,
    StrictOption,
    check_by,
    complete_by,
    complete_period,
)
from kpitool.render import OutputFormat

if TYPE_CHECKING:
    pass


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
    format: FormatOption = OutputFormat.table,
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
    from kpitool.render.missed import missed_lines

    cfg = load_config(config)
    with progress(f"Reading {folder}") as bar:
        # compute counts rows as it reads them
        scan = read_folder(folder, strict=strict, on_file=bar.on_file)
        bar.status("Computing the KPIs")
        result = compute_kpis(scan, cfg, period=period, by=[by] if by else [])
    if history is not None:
        from kpitool.cli.cmd_history import record_run

        record_run(history, result, cfg, "compute")
    emit(
        output,
        format,
        result,
        inputs=Inputs(config=cfg.path, costs=cfg.costs_path(), folders=(folder,), history=history),
    )
    report_messages(result.warnings, result.notes, output)
    report_missed(missed_lines(missed_targets(result, fail_on.value), result.currency))
    raise typer.Exit(compute_exit_code(result, fail_on.value))
