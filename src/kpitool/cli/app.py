"""The Typer app: one command per module (``cmd_*``), registered here; ``main`` turns input
problems into one line each and exit 3, and any other exception into a bug report (exit 70).

Heavy modules (polars, pydantic) are imported inside the commands so that ``--help`` and
``--version`` stay fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kpitool import __version__
from kpitool.cli import (
    cmd_compare,
    cmd_compute,
    cmd_config,
    cmd_history,
    cmd_inspect,
    cmd_kpis,
    cmd_report,
    cmd_suggest,
    cmd_trend,
)
from kpitool.cli.emit import report_errors
from kpitool.cli.usage import Command
from kpitool.errors import ExitCode, KpiToolError

app = typer.Typer(
    name="kpitool",
    help="KPIs for Amazon seller teams, from the report files you download.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
for command in (
    cmd_inspect.inspect,
    cmd_compute.compute,
    cmd_compare.compare,
    cmd_trend.trend,
    cmd_suggest.suggest,
    cmd_report.report,
    cmd_config.validate,
    cmd_config.init,
    cmd_kpis.kpis,
):
    app.command(cls=Command)(command)
app.add_typer(cmd_history.history)


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
        report_errors([str(exc)])
        sys.exit(exc.exit_code)
    except Exception:
        traceback.print_exc()
        sys.stderr.write(f"{BUG_REPORT}\n")
        sys.exit(ExitCode.BUG)
