"""The Rich table: a row per KPI (and group), status in colour *and* symbol, then a summary.

Pure given the console: colour, width and terminal detection are the console's business
(Rich honours ``NO_COLOR`` and prints plain text when the output is not a terminal).
"""

from __future__ import annotations

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitool.render import profit, wide
from kpitool.render import values as fmt
from kpitool.render.fit import LEVELS, Squeeze, fit, new_table
from kpitool.render.frames import group_table
from kpitool.render.text import escape_control, plain_text
from kpitool.results import ComputeResult


def build_table(result: ComputeResult, squeeze: Squeeze = LEVELS[0]) -> Table:
    """The total: a row per KPI, with its target, status and attainment."""
    p = result.period
    cur = squeeze.currency(result.currency)
    suffix = f" ({result.currency})" if result.currency and cur is None else ""
    table = new_table(squeeze, f"KPIs {p.start}..{p.end}{suffix}")
    table.add_column("KPI", no_wrap=True)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Attainment", justify="right", no_wrap=True)
    for r in result.results:
        if r.group and result.groups is not None:
            continue  # a breakdown's groups: their own table
        table.add_row(
            Text(escape_control(r.kpi)),
            fmt.value(r, cur),
            fmt.target(r, cur),
            Text(fmt.status(r.status, squeeze.short), style=fmt.COLOURS[r.status]),
            fmt.attainment(r.attainment),
        )
    return table


def build_groups(view: wide.WideView, squeeze: Squeeze = LEVELS[0]) -> Table:
    """The breakdown: a row per group, a column per KPI of its wide layout."""
    table = new_table(squeeze, view.title)
    for d in squeeze.columns(view.dims):
        table.add_column(d)
    for k in view.kpis:
        table.add_column(k, justify="right", no_wrap=True)
    previous: list[str] | None = None
    for labels, cells in view.rows:
        labels = [escape_control(x) for x in labels]
        if (heading := squeeze.heading(view.dims, labels)) is not None:
            if previous is not None:
                table.add_section()
            table.add_row(Text(heading, style="bold"))
        previous = labels
        table.add_row(
            *(Text(squeeze.name(x)) for x in squeeze.columns(labels)),
            *(Text(c.text, style=fmt.COLOURS[c.status] if c.status else "") for c in cells),
        )
    return table


def _longest_label(result: ComputeResult) -> int:
    groups = group_table(result)
    if groups is None or not groups.values.height:
        return 0
    lengths = [
        groups.values.select(pl.col(d).str.len_chars().max()).item() + len(d) + 1
        for d in groups.dims
    ]
    return int(max(lengths))


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
    table, squeeze = fit(console, lambda s: build_table(result, s))
    console.print(table)
    view = wide.rows(result)  # the breakdown's rows, once: each fit attempt draws them
    if view is not None:
        groups, _ = fit(console, lambda s: build_groups(view, s), _longest_label(result))
        console.print(groups)
        if view.legend:
            console.print(Text(view.legend))
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
