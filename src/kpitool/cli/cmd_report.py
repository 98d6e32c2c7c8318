"""`kpitool report FOLDER|ROOT -o review.html`: the review pack, one self-contained HTML file
with KPI cards, scorecards, the drivers of the change, trends and charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpitool.cli.emit import progress, report_messages, report_missed
from kpitool.cli.options import (
    ConfigOption,
    FailOn,
    StrictOption,
    complete_period,
)


def report(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A period's folder of reports, or a ROOT of period folders (2026-09/, 2026-10/).",
            metavar="FOLDER|ROOT",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write (atomically)."),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            metavar="P",
            autocompletion=complete_period,
            help="The period to review, as for compute (default: the latest period folder "
            "under a ROOT, else the folder name, else the reports' dates).",
        ),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            metavar="A",
            help="Compare with: previous (default), last-year, a period such as 2026-09, or "
            "a BEFORE folder.",
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            metavar="FILE",
            help="Also take the trend, and a comparison the reports lack, from this history.",
        ),
    ] = None,
    config: ConfigOption = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Exit 1 if a target of the period is missed at this level.")
    ] = FailOn.fail,
    strict: StrictOption = False,
) -> None:
    """Write the review pack of a period: one HTML file with cards, scorecards and charts."""
    from kpitool.cli.exits import compute_exit_code
    from kpitool.cli.output import Inputs, write_atomic
    from kpitool.config import load_config
    from kpitool.engine.evaluate import missed_targets
    from kpitool.engine.review import review
    from kpitool.engine.scan import read_folder
    from kpitool.render.missed import missed_lines
    from kpitool.report import build_report

    cfg = load_config(config)
    before_folder = _before_folder(against)
    rows = None
    if history is not None:
        from kpitool.store import latest

        rows = latest(history, cfg.account)
    with progress(f"Reading {folder}") as bar:
        scan = read_folder(folder, strict=strict, on_file=bar.on_file)
        before = (
            read_folder(before_folder, strict=strict, on_file=bar.on_file)
            if before_folder
            else None
        )
        bar.status("Computing the review")
        found = review(
            scan,
            cfg,
            period=period,
            against=None if before_folder else against,
            before=before,
            history=rows,
            history_name=str(history) if history is not None else "history",
        )
        html = build_report(found)
    folders = (folder, before_folder) if before_folder else (folder,)
    inputs = Inputs(config=cfg.path, costs=cfg.costs_path(), folders=folders, history=history)
    write_atomic(output, html, inputs=inputs)
    report_messages(found.warnings, found.notes, output)
    current = found.current
    report_missed(missed_lines(missed_targets(current, fail_on.value), current.currency))
    raise typer.Exit(compute_exit_code(current, fail_on.value))


def _before_folder(against: str | None) -> Path | None:
    """``--against FOLDER``: a folder that is not a period's name (``2026-09`` is a period)."""
    if against is None or against.strip().lower() in ("previous", "last-year", "last_year"):
        return None
    from kpitool.engine.periods import parse_period
    from kpitool.errors import KpiToolError

    try:
        parse_period(against)
    except KpiToolError:
        if Path(against).is_dir():
            return Path(against)
        raise typer.BadParameter(
            f"{against!r} is neither previous, last-year, a period (2026-09) nor a folder",
            param_hint="--against",
        ) from None
    return None
