"""`kpitool suggest ROOT|--history FILE --period P`: next period's targets as a config file,
each with a comment giving its basis (README, Suggested targets)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kpitool.cli.emit import progress, report_messages
from kpitool.cli.options import (
    ConfigOption,
    HistorySourceOption,
    OutputOption,
    StrictOption,
    complete_period,
)


def suggest(
    period: Annotated[
        str,
        typer.Option(
            metavar="P",
            autocompletion=complete_period,
            help="The period to suggest targets for: 2026-11, 2026-Q1, 2026-W45 or 2027.",
            show_default=False,
        ),
    ],
    root: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of period folders or dated reports; leave it out with --history.",
            metavar="[ROOT]",
            show_default=False,
        ),
    ] = None,
    history: HistorySourceOption = None,
    stretch: Annotated[
        float,
        typer.Option(metavar="S", help="Raise each min and lower each max by this fraction."),
    ] = 0.05,
    config: ConfigOption = None,
    output: OutputOption = None,
    strict: StrictOption = False,
) -> None:
    """Suggest next period's targets from the periods before it; prints a config file."""
    from kpitool.cli.output import Inputs, write_atomic
    from kpitool.config import load_config
    from kpitool.engine import suggest as engine
    from kpitool.engine import trend as trends
    from kpitool.engine.periods import kind_of
    from kpitool.render.suggest import render_suggestion

    if (root is None) == (history is None):
        raise typer.BadParameter("give ROOT, or --history FILE (not both)", param_hint="ROOT")
    cfg = load_config(config)
    target = engine.target_period(period)
    by, kpis = engine.plan(cfg)
    if root is not None:
        from kpitool.engine.scan import read_folder

        with progress(f"Reading {root}") as bar:
            scan = read_folder(root, strict=strict, on_file=bar.on_file)
            bar.status("Computing each period")
            spans = engine.periods_before(scan, target)
            found = trends.trend(scan, cfg, spans, by=by, kpis=kpis)
    else:
        from kpitool.store import latest

        assert history is not None
        rows = latest(history, cfg.account)
        found = trends.trend_from_history(
            rows, cfg, None, per=kind_of(target), by=by, kpis=kpis, source=f"history:{history}"
        )
    result = engine.suggest(found, cfg, target, stretch=stretch)
    costs = cfg.costs_path()
    if costs is not None and output is not None:
        costs_text: str | None = os.path.relpath(costs.resolve(), output.resolve().parent)
    else:
        costs_text = None if costs is None else str(cfg.costs)
    text = render_suggestion(result, costs=costs_text)
    inputs = Inputs(config=cfg.path, costs=costs, folders=(root,) if root else (), history=history)
    if output is not None:
        write_atomic(output, text, inputs=inputs)
    else:
        sys.stdout.write(text)
    report_messages(result.warnings, result.notes, output)
