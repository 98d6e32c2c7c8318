"""The Rich table: a row per KPI (and group), status in colour *and* symbol, then a summary.

Pure given the console: colour, width and terminal detection are the console's business
(Rich honours ``NO_COLOR`` and prints plain text when the output is not a terminal).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitool.render import profit
from kpitool.render import values as fmt
from kpitool.render.fit import LEVELS, Squeeze, fit, new_table
from kpitool.render.text import escape_control, plain_text
from kpitool.results import ComputeResult


def build_table(result: ComputeResult, squeeze: Squeeze = LEVELS[0]) -> Table:
    dims = list(result.group_by)
    p = result.period
    cur = squeeze.currency(result.currency)
    suffix = f" ({result.currency})" if result.currency and cur is None else ""
    table = new_table(squeeze, f"KPIs {p.start}..{p.end}{suffix}")
    for d in squeeze.columns(dims):
        table.add_column(d)
    table.add_column("KPI", no_wrap=True)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Attainment", justify="right", no_wrap=True)
    previous: list[str] | None = None
    for r in result.results:
        labels = [escape_control(x) for x in fmt.group_label(r, dims)]
        if previous is not None and labels != previous:
            table.add_section()
        if labels != previous and (heading := squeeze.heading(dims, labels)) is not None:
            table.add_row(Text(heading, style="bold"))
        previous = labels
        table.add_row(
            *(Text(squeeze.name(x)) for x in squeeze.columns(labels)),
            Text(escape_control(r.kpi)),
            fmt.value(r, cur),
            fmt.target(r, cur),
            Text(fmt.status(r.status, squeeze.short), style=fmt.COLOURS[r.status]),
            fmt.attainment(r.attainment),
        )
    return table


def _longest_label(result: ComputeResult) -> int:
    dims = list(result.group_by)
    return max(
        (
            len(d) + 1 + len(x)
            for r in result.results
            for d, x in zip(dims, fmt.group_label(r, dims), strict=True)
        ),
        default=0,
    )


def _waterfall(result: ComputeResult) -> Table | None:
    rows = profit.waterfall_rows(result)
    if not rows:
        return None
    table = Table(title="Profit waterfall (total)", title_justify="left")
    table.add_column("Step")
    table.add_column("Amount", justify="right")
    table.add_column("Of product sales", justify="right")
    for i, row in enumerate(rows):
        if i == len(rows) - 1:
            table.add_section()
        table.add_row(*row)
    return table


def _breakeven(result: ComputeResult) -> Table | None:
    rows = profit.breakeven_rows(result)
    if not rows:
        return None
    dim = profit.breakeven_dim(result) or ""
    table = Table(title=f"ACOS vs break-even ACOS by {dim}", title_justify="left")
    table.add_column(" / ".join(result.group_by))
    table.add_column("acos", justify="right")
    table.add_column("break_even_acos", justify="right")
    table.add_column("Ads")
    for label, acos, even, verdict in rows:
        style = "red" if verdict == "ads lose money" else ""
        table.add_row(Text(escape_control(label)), acos, even, Text(verdict, style=style))
    return table


def render_table(result: ComputeResult, console: Console) -> None:
    """Print the table, the profit views, the scores and the summary to ``console``."""
    table, squeeze = fit(console, lambda s: build_table(result, s), _longest_label(result))
    console.print(table)
    for extra in (_waterfall(result), _breakeven(result)):
        if extra is not None:
            console.print(extra)
    for s in result.scores:
        name = ", ".join(f"{k}={v}" for k, v in s.group.items()) or "total"
        pays = f", payout {fmt.payout(s)}" if s.incentives and "owner" in s.group else ""
        console.print(Text(f"Score ({escape_control(name)}): {fmt.attainment(s.score)}{pays}"))
    for line in fmt.summary_lines(result) + ([fmt.STATUS_LEGEND] if squeeze.short else []):
        console.print(Text(escape_control(line)))


def render_table_text(result: ComputeResult, width: int = 120) -> str:
    """The table as plain text (no colour): for ``--output FILE`` and tests."""
    return plain_text(lambda console: render_table(result, console), width)
