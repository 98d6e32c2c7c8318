"""The Rich table of a CompareResult: the terminal output of ``kpitool compare``.

Apart from :mod:`kpitool.render.compare`, whose other formats (JSON, CSV, markdown) do not
need Rich: only a table imports it.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitool.render.compare import CHANGE_CELL, arrow, driver_rows, kpi_rows, summary_lines, title
from kpitool.render.text import escape_control, plain_text
from kpitool.results.compare import CompareResult


def _text(value: str) -> Text:
    """A cell as Text: names from the reports are never read as Rich markup."""
    return Text(escape_control(value))


def build_tables(result: CompareResult) -> tuple[Table, Table]:
    table = Table(title=title(result), title_justify="left")
    for d in result.group_by:
        table.add_column(d)
    table.add_column("KPI")
    table.add_column("Before", justify="right")
    table.add_column("After", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("%", justify="right")
    table.add_column("Status")
    dims = len(result.group_by)
    previous: list[str] | None = None
    for c, row in zip(result.results, kpi_rows(result), strict=True):
        if previous is not None and row[:dims] != previous:
            table.add_section()  # one section per group, as compute does
        previous = row[:dims]
        cells = [_text(value) for value in row]
        # the change coloured good (green) or bad (red) by the KPI's direction
        cells[dims + CHANGE_CELL] = Text(row[dims + CHANGE_CELL], style=arrow(c)[1])
        table.add_row(*cells)
    drivers = Table(title="Drivers (changes in the totals)", title_justify="left")
    for col in ("KPI", "Driver", "Change", "Share", "Note"):
        drivers.add_column(col, justify="right" if col in ("Change", "Share") else "left")
    for i, driver in enumerate(result.drivers):
        if i:
            drivers.add_section()
        for line in driver_rows(driver, result.currency):
            drivers.add_row(*(_text(c) for c in line))
    return table, drivers


def render_compare_table(result: CompareResult, console: Console) -> None:
    table, drivers = build_tables(result)
    console.print(table)
    console.print(drivers)
    for line in summary_lines(result):
        console.print(Text(escape_control(line)))


def render_compare_table_text(result: CompareResult, width: int = 120) -> str:
    return plain_text(lambda console: render_compare_table(result, console), width)
