"""The command line: parse arguments, call one library function, render, exit.

Heavy modules (polars, pydantic) are imported inside the commands so that ``--help`` and
``--version`` stay fast.
"""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kpitool import __version__
from kpitool.errors import ExitCode, KpiToolError
from kpitool.render import OutputFormat

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from kpitool.compare_results import CompareResult
    from kpitool.output import Inputs
    from kpitool.results import ComputeResult

app = typer.Typer(
    name="kpitool",
    help="KPIs for Amazon seller teams, from the report files you download.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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


StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", help="Any row left out or cell emptied as invalid is an error (exit 3)."
    ),
]


class InspectFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def inspect(
    folder: Annotated[
        Path,
        typer.Argument(help="Folder of report files (searched recursively).", metavar="FOLDER"),
    ],
    format: Annotated[
        InspectFormat, typer.Option("--format", "-f", help="Output format.")
    ] = InspectFormat.table,
    strict: StrictOption = False,
) -> None:
    """List every report file found in FOLDER: its kind, rows, dates, currency and warnings."""
    from kpitool.inspect import inspect_folder
    from kpitool.render.inspect import render_inspect_json, render_inspect_table

    with _progress(f"Reading {folder}"):
        scan = inspect_folder(folder, strict=strict)
    if format is InspectFormat.json:
        typer.echo(render_inspect_json(scan))
    else:
        render_inspect_table(scan, _stdout())
    _report_errors([f"{_name(e.path)}: {e.message}" for e in scan.errors])
    if scan.errors:
        raise typer.Exit(ExitCode.BAD_INPUT)


class FailOn(StrEnum):
    fail = "fail"
    warn = "warn"
    never = "never"


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: configs/kpitool.yaml, if any)."),
]


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE (atomically).")
]


def _check_by(value: str | None) -> str | None:
    from kpitool.engine.dims import parse_by

    try:
        parse_by([value] if value else [])
    except KpiToolError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


@app.command()
def compute(
    folder: Annotated[
        Path,
        typer.Argument(help="Folder of report files (searched recursively).", metavar="FOLDER"),
    ],
    config: ConfigOption = None,
    period: Annotated[
        str | None,
        typer.Option(
            help="2026-10, 2026-Q3, 2026-W43 or 2026-10-01..2026-10-31 (default: "
            "the folder name, else the reports' dates)."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            callback=_check_by,
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
) -> None:
    """Compute the KPIs of the reports in FOLDER and check them against the targets."""
    from kpitool.compute import compute as compute_kpis
    from kpitool.compute import exit_code, missed_targets
    from kpitool.config import load_config
    from kpitool.inspect import read_folder
    from kpitool.output import Inputs
    from kpitool.render import render
    from kpitool.render.missed import missed_lines

    cfg = load_config(config)
    with _progress(f"Reading {folder}"):
        scan = read_folder(folder, strict=strict)  # compute counts rows as it reads them
        result = compute_kpis(scan, cfg, period=period, by=[by] if by else [])
    _emit(
        output,
        format,
        lambda: render(format, result),
        lambda console: _table(result, console),
        inputs=Inputs(config=cfg.path, costs=cfg.costs_path(), folders=(folder,)),
    )
    _report_messages(result.warnings, result.notes, output)
    _report_missed(missed_lines(missed_targets(result, fail_on.value), result.currency))
    raise typer.Exit(exit_code(result, fail_on.value))


@app.command()
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
        typer.Option(help="The AFTER period, e.g. 2026-10 (default: the AFTER folder's)."),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            help="The BEFORE period: previous, last-year or e.g. 2026-09 (default: previous "
            "with one folder, the BEFORE folder's with two)."
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option(callback=_check_by, help="Breakdown, as for compute.")
    ] = None,
    top: Annotated[
        int, typer.Option(min=0, help="Top contributors (ASINs, campaigns, search terms) per KPI.")
    ] = 5,
    format: FormatOption = OutputFormat.table,
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
) -> None:
    """Compare two periods: each KPI's change, and what drove it (factors, ASINs, campaigns)."""
    from kpitool.compare import compare as compare_kpis
    from kpitool.compare import declined, exit_code
    from kpitool.compute import missed_targets
    from kpitool.config import load_config
    from kpitool.inspect import read_folder
    from kpitool.output import Inputs
    from kpitool.render.compare import render_compare
    from kpitool.render.missed import declined_lines, missed_lines

    if len(folders) > 2:
        raise typer.BadParameter("give one FOLDER, or BEFORE and AFTER", param_hint="FOLDERS")
    cfg = load_config(config)
    with _progress(f"Reading {', '.join(map(str, folders))}"):
        scans = [read_folder(f, strict=strict) for f in folders]
        before, after = scans[0], scans[-1]
        if len(folders) == 1 and against is None:
            against = "previous"
        result = compare_kpis(
            before, after, cfg, period=period, against=against, by=[by] if by else [], top=top
        )
    _emit(
        output,
        format,
        lambda: render_compare(format, result),
        lambda console: _compare_table(result, console),
        inputs=Inputs(config=cfg.path, costs=cfg.costs_path(), folders=tuple(folders)),
    )
    _report_messages(result.warnings, result.notes, output)
    _report_missed(
        missed_lines(missed_targets(result.after, fail_on.value), result.after.currency)
        + declined_lines(declined(result, fail_on_decline), result, fail_on_decline or 0)
    )
    raise typer.Exit(exit_code(result, fail_on.value, fail_on_decline))


@app.command()
def validate(config: ConfigOption = None) -> None:
    """Check a config file without reading any data; every problem is listed (exit 3)."""
    from kpitool.config import load_config

    loaded = load_config(config)
    where = loaded.path or "no config file: built-in defaults (no targets)"
    sys.stderr.write(f"config OK: {where}\n")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Project folder.", metavar="DIR")] = Path("."),
) -> None:
    """Write a commented starter config to DIR/configs/kpitool.yaml (never overwrites)."""
    from kpitool.output import write_new
    from kpitool.starter import starter_config

    path = directory / "configs" / "kpitool.yaml"
    write_new(path, starter_config())
    sys.stderr.write(f"wrote {path}; edit it, then run: kpitool validate --config {path}\n")


def _emit(
    output: Path | None,
    format: OutputFormat,
    text: Callable[[], str],
    table: Callable[[Console], None],
    inputs: Inputs,
) -> None:
    """The artifact: to ``output`` (never over one of ``inputs``: the config, the cost file,
    any file below the scanned folders), else to stdout (a Rich table in a terminal)."""
    from kpitool.output import write_atomic

    if output is not None:
        write_atomic(output, text(), inputs=inputs)
    elif format is OutputFormat.table:
        table(_stdout())
    else:
        sys.stdout.write(text())


def _table(result: ComputeResult, console: Console) -> None:
    from kpitool.render.table import render_table  # Rich: only when a table is printed

    render_table(result, console)


def _compare_table(result: CompareResult, console: Console) -> None:
    from kpitool.render.compare_table import render_compare_table  # as _table

    render_compare_table(result, console)


def _report_messages(warnings: list[str], notes: list[str], output: Path | None) -> None:
    from kpitool.render.text import escape_control

    for note in notes:
        sys.stderr.write(f"note: {escape_control(note)}\n")
    for warning in warnings:
        sys.stderr.write(f"warning: {escape_control(warning)}\n")
    sys.stderr.write(f"{len(warnings)} warning(s)\n")
    if output is not None:
        sys.stderr.write(f"wrote {escape_control(str(output))}\n")


def _report_missed(lines: list[str]) -> None:
    """What made the exit code 1, after the warnings: one line per missed target or decline."""
    from kpitool.render.text import escape_control

    for line in lines:
        sys.stderr.write(f"{escape_control(line)}\n")


def _stdout() -> Console:
    from rich.console import Console

    # a pipe or a file gets a wide, plain table (Rich drops colour when not a terminal)
    width = None if sys.stdout.isatty() else 200
    return Console(highlight=False, markup=False, width=width)


def _progress(message: str) -> AbstractContextManager[object]:
    """A spinner on stderr while files are read; nothing when stderr is not a terminal."""
    if not ({"TTY_COMPATIBLE", "FORCE_COLOR"} & set(os.environ) or sys.stderr.isatty()):
        return nullcontext()  # what Rich would decide, without importing it (~0.1 s)
    from rich.console import Console
    from rich.text import Text

    from kpitool.render.text import escape_control

    err = Console(stderr=True)
    if not err.is_terminal:
        return nullcontext()
    return err.status(Text(escape_control(message)), spinner="dots")


def _name(path: Path) -> str:
    """A file name as shown: escaped, so that a newline in it cannot forge a line."""
    from kpitool.render.text import escape_control

    return escape_control(str(path))


def _report_errors(lines: list[str]) -> None:
    from kpitool.render.text import escape_control

    for line in (part for text in lines for part in text.splitlines()):
        sys.stderr.write(f"error: {escape_control(line)}\n")


BUG_REPORT = "this is a bug in kpitool: please report it with the command you ran"


def _stop(signum: int, frame: object) -> None:
    """SIGINT/SIGTERM: unwind (a half-written output's temp file is removed), exit 128+n."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point.

    Input problems (KpiToolError) become one line each on stderr and exit 3. Any other
    exception is a bug: its traceback, a request to report it, exit 70 (EX_SOFTWARE).
    SIGINT and SIGTERM stop the run cleanly with exit 130 / 143.
    """
    import signal
    import traceback

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _stop)
    try:
        app()
    except KpiToolError as exc:
        _report_errors([str(exc)])
        sys.exit(exc.exit_code)
    except Exception:
        traceback.print_exc()
        sys.stderr.write(f"{BUG_REPORT}\n")
        sys.exit(ExitCode.BUG)
