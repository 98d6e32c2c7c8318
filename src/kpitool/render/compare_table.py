"""The Rich table of a CompareResult: the terminal output of ``kpitool compare``.

Apart from :mod:`kpitool.render.compare`, whose other formats (JSON, CSV, markdown) do not
need Rich: only a table imports it.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitool.render.compare import (
    CHANGE_CELL,
    arrow,
    driver_dims,
    driver_rows,
    drivers_title,
    fmt_group,
    kpi_rows,
    summary_lines,
    title,
)
from kpitool.render.fit import LEVELS, Squeeze, fit, new_table
from kpitool.render.text import escape_control, plain_text
from kpitool.render.values import STATUS_LEGEND
from kpitool.results.compare import CompareResult


def _text(value: str) -> Text:
    """A cell as Text: names from the reports are never read as Rich markup."""
    return Text(escape_control(value))


def build_table(result: CompareResult, squeeze: Squeeze = LEVELS[0]) -> Table:
    bare = squeeze.currency(result.currency) is None and result.currency
    suffix = f" ({result.currency})" if bare else ""
    table = new_table(squeeze, title(result) + suffix)
    dims = list(result.group_by)
    for d in squeeze.columns(dims):
        table.add_column(d)
    table.add_column("KPI", no_wrap=True)
    for col in ("Before", "After", "Change", "%"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    n = len(dims)
    previous: list[str] | None = None
    rows = kpi_rows(result, short=squeeze.short, currency=not bare)
    for c, row in zip(result.results, rows, strict=True):
        labels = [escape_control(x) for x in row[:n]]
        if previous is not None and labels != previous:
            table.add_section()  # one section per group, as compute does
        if labels != previous and (heading := squeeze.heading(dims, labels)) is not None:
            table.add_row(Text(heading, style="bold"))
        previous = labels
        cells = [_text(v) for v in row[n:]]
        # the change coloured good (green) or bad (red) by the KPI's direction
        cells[CHANGE_CELL] = Text(row[n + CHANGE_CELL], style=arrow(c)[1])
        table.add_row(*(Text(squeeze.name(x)) for x in squeeze.columns(labels)), *cells)
    return table


def build_drivers(result: CompareResult, squeeze: Squeeze = LEVELS[0]) -> Table:
    bare = squeeze.currency(result.currency) is None and result.currency
    suffix = f" ({result.currency})" if bare else ""
    drivers = new_table(squeeze, drivers_title(result) + suffix)
    dims = driver_dims(result)
    for d in squeeze.columns(dims):
        drivers.add_column(d)
    for col in ("KPI", "Driver", "Change", "Share", "Note"):
        right = col in ("Change", "Share")
        drivers.add_column(col, justify="right" if right else "left", no_wrap=col != "Note")
    previous: list[str] | None = None
    for i, driver in enumerate(result.drivers):
        if i:
            drivers.add_section()
        labels = [escape_control(x) for x in fmt_group(driver, dims)]
        if labels != previous and (heading := squeeze.heading(dims, labels)) is not None:
            # in the Driver column, the widest: a long label does not widen the KPI column
            drivers.add_row(Text(""), Text(heading, style="bold"))
        previous = labels
        own = [Text(squeeze.name(x)) for x in squeeze.columns(labels)]
        for kpi, name, *rest in driver_rows(driver, squeeze.currency(result.currency)):
            drivers.add_row(*own, *(_text(c) for c in (kpi, squeeze.name(name), *rest)))
    return drivers


def _longest(result: CompareResult) -> tuple[int, int]:
    """The longest group label and the longest driver name."""
    labels = [len(d) + 1 + len(x) for c in result.results for d, x in c.group.items()]
    names = [len(row[1]) for d in result.drivers for row in driver_rows(d, result.currency)]
    labels += [len(k) + 1 + len(v) for d in result.drivers for k, v in d.group.items()]
    return max(labels, default=0), max(names, default=0)


def render_compare_table(result: CompareResult, console: Console) -> None:
    labels, names = _longest(result)
    table, squeeze = fit(console, lambda s: build_table(result, s), labels)
    console.print(table)
    drivers, _ = fit(console, lambda s: build_drivers(result, s), names)
    console.print(drivers)
    lines = summary_lines(result)
    if squeeze.short:
        lines.append(STATUS_LEGEND)
    for line in lines:
        console.print(Text(escape_control(line)))


def render_compare_table_text(result: CompareResult, width: int = 120) -> str:
    return plain_text(lambda console: render_compare_table(result, console), width)
