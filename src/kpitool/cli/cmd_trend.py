"""`kpitool trend [ROOT]`: the KPIs of every period under ROOT, or in a --history file, side by
side: one column per period, a sparkline and the direction of each KPI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpitool.cli.emit import emit, progress, report_messages, report_missed
from kpitool.cli.options import (
    ConfigOption,
    FailOn,
    FormatOption,
    HistorySourceOption,
    KpisOption,
    OutputOption,
    StrictOption,
    check_by,
    split_kpis,
)
from kpitool.render import OutputFormat


def trend(
    root: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of period folders (2026-09/, 2026-10/) or dated reports; leave it "
            "out with --history.",
            metavar="[ROOT]",
            show_default=False,
        ),
    ] = None,
    config: ConfigOption = None,
    history: HistorySourceOption = None,
    per: Annotated[
        str | None,
        typer.Option(help="Split into periods of this length: day, week, month, quarter, year."),
    ] = None,
    periods: Annotated[
        str | None,
        typer.Option(help="FIRST..LAST, e.g. 2026-01..2026-10 (every month between)."),
    ] = None,
    by: Annotated[
        str | None, typer.Option(callback=check_by, help="Breakdown, as for compute.")
    ] = None,
    kpis: KpisOption = None,
    format: FormatOption = OutputFormat.table,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 if a target of the last period is missed.")
    ] = FailOn.fail,
    strict: StrictOption = False,
) -> None:
    """Show each KPI over the periods under ROOT (or in --history FILE): values, statuses, trend."""
    from kpitool.cli.emit import report_errors
    from kpitool.cli.exits import trend_exit_code, trend_missed, trend_uncovered
    from kpitool.cli.output import Inputs
    from kpitool.config import load_config
    from kpitool.engine import trend as engine
    from kpitool.render.missed import missed_lines

    if (root is None) == (history is None):
        raise typer.BadParameter("give ROOT, or --history FILE (not both)", param_hint="ROOT")
    cfg = load_config(config)
    dims = [by] if by else []
    wanted = split_kpis(kpis)
    asked = engine.periods_wanted(periods, per)
    if root is not None:
        from kpitool.engine.scan import read_folder

        with progress(f"Reading {root}") as bar:
            scan = read_folder(root, strict=strict, on_file=bar.on_file)
            bar.status("Computing each period")
            spans = asked if asked is not None else engine.folder_periods(scan, per)
            result = engine.trend(scan, cfg, spans, by=dims, kpis=wanted)
    else:
        from kpitool.store import latest

        assert history is not None
        rows = latest(history, cfg.account)
        result = engine.trend_from_history(
            rows, cfg, asked, per=per, by=dims, kpis=wanted, source=f"history:{history}"
        )
    emit(
        output,
        format,
        result,
        inputs=Inputs(
            config=cfg.path,
            costs=cfg.costs_path(),
            folders=(root,) if root is not None else (),
            history=history,
        ),
    )
    report_messages(result.warnings, result.notes, output)
    uncovered = trend_uncovered(result)
    if uncovered is not None:
        report_errors([uncovered])
    else:
        report_missed(missed_lines(trend_missed(result, fail_on.value), result.currency))
    raise typer.Exit(trend_exit_code(result, fail_on.value))
