"""`kpitool compare BEFORE [AFTER]`: each KPI's change between two periods, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpitool.cli.emit import emit, emit_text, progress, report_messages, report_missed
from kpitool.cli.options import (
    ConfigOption,
    FailOn,
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


def compare(
    folders: Annotated[
        list[Path],
        typer.Argument(
            help="BEFORE AFTER (two folders), or one FOLDER holding both periods.",
            metavar="BEFORE [AFTER]",
            show_default=False,
        ),
    ],
    config: ConfigOption = None,
    period: Annotated[
        str | None,
        typer.Option(
            metavar="P",
            autocompletion=complete_period,
            help="The AFTER period: 2026, 2026-Q3, 2026-10, 2026-W43, 2026-10-05 or "
            "2026-10-01..2026-10-31 (default: the AFTER folder's).",
        ),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            help="The BEFORE period: previous, last-year or e.g. 2026-09 (default: previous "
            "with one folder, the BEFORE folder's with two)."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            metavar="DIMS",
            callback=check_by,
            autocompletion=complete_by,
            help="Breakdown, as for compute; by owner, team, asin or campaign each group also "
            "gets its own drivers.",
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            min=0, help="Top contributors (ASINs, campaigns, search terms) per KPI (and group)."
        ),
    ] = 5,
    format: FormatOption = OutputFormat.table,
    drivers: Annotated[
        bool,
        typer.Option(
            "--drivers",
            help="With -f csv: the drivers (one row per change, effect and contributor) "
            "instead of the KPI changes.",
        ),
    ] = False,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 if an AFTER target is missed at this level.")
    ] = FailOn.fail,
    fail_on_decline: Annotated[
        float | None,
        typer.Option(
            min=0, help="Exit 1 if a KPI with a target moved the wrong way by more than PCT %."
        ),
    ] = None,
    strict: StrictOption = False,
    history: HistoryOption = None,
) -> None:
    """Compare two periods: each KPI's change, and what drove it (factors, ASINs, campaigns)."""
    from kpitool.cli.exits import compare_exit_code
    from kpitool.cli.output import Inputs
    from kpitool.config import load_config
    from kpitool.engine.compare import compare as compare_kpis
    from kpitool.engine.compare import declined
    from kpitool.engine.evaluate import missed_targets
    from kpitool.engine.scan import read_folder
    from kpitool.render.missed import declined_lines, missed_lines

    if len(folders) > 2:
        raise typer.BadParameter("give one FOLDER, or BEFORE and AFTER", param_hint="FOLDERS")
    if drivers and format is not OutputFormat.csv:
        raise typer.BadParameter(
            "is for -f csv (the other formats show the drivers always)", param_hint="--drivers"
        )
    cfg = load_config(config)
    with progress(f"Reading {', '.join(map(str, folders))}") as bar:
        scans = [read_folder(f, strict=strict, on_file=bar.on_file) for f in folders]
        bar.status("Comparing")
        if len(folders) == 1 and against is None:
            against = "previous"  # one folder: the period just before AFTER's
        result = compare_kpis(
            scans[0], scans[-1], cfg, period=period, against=against, by=[by] if by else [], top=top
        )
    if history is not None:
        from kpitool.cli.cmd_history import record_run

        record_run(history, result.before, cfg, "compare")
        record_run(history, result.after, cfg, "compare")
    inputs = Inputs(
        config=cfg.path, costs=cfg.costs_path(), folders=tuple(folders), history=history
    )
    if drivers:
        from kpitool.render.compare import render_drivers_csv

        emit_text(output, render_drivers_csv(result), inputs)
    else:
        emit(output, format, result, inputs=inputs)
    report_messages(result.warnings, result.notes, output)
    report_missed(
        missed_lines(missed_targets(result.after, fail_on.value), result.after.currency)
        + declined_lines(declined(result, fail_on_decline), result, fail_on_decline or 0)
    )
    raise typer.Exit(compare_exit_code(result, fail_on.value, fail_on_decline))
