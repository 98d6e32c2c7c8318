"""Renderers of a CompareResult: pure functions, one per output format.

Table and markdown show additive KPIs per day when the periods differ in length (and say so),
arrows for the direction of each change, coloured good (green) or bad (red) by the KPI's
direction, and the drivers under the KPIs. JSON is ``CompareResult.to_dict()``. CSV has one row
per KPI (and group): the drivers are in the other formats.
"""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpitool.compare import CompareResult, Driver, KpiChange
from kpitool.render import OutputFormat
from kpitool.render import values as fmt
from kpitool.render.csv import escape_cell
from kpitool.render.markdown import cell
from kpitool.render.text import escape_control, plain_text

#: the unit of a driver's change, effects and contributions (the unit of its KPI)
DRIVER_UNITS = {
    "sales": "currency",
    "sessions": "count",
    "conversion_rate": "ratio",
    "ad_spend": "currency",
    "acos": "ratio",
    "tacos": "ratio",
}


def signed(value: float | None, unit: str, currency: str | None) -> str:
    """+1,234.56 USD, −1.23 pp for ratios, +12 for counts."""
    if value is None:
        return fmt.MISSING
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    if unit == "ratio":
        return f"{sign}{abs(value) * 100:,.2f} pp"
    return sign + fmt.number(abs(value), unit, currency)


def _pct(value: float | None, pattern: str = "{:+,.1f} %") -> str:
    if value is None:
        return fmt.MISSING
    return pattern.format(value * 100).replace("-", "−")


def arrow(c: KpiChange) -> tuple[str, str]:
    """The arrow of a change and its style (green good, red bad, dim without a direction)."""
    delta = c.per_day.delta if c.per_day is not None else c.delta
    if delta is None:
        return fmt.MISSING, "dim"
    symbol = "▲" if delta > 0 else "▼" if delta < 0 else "="
    style = {True: "green", False: "red bold", None: "dim"}[c.better]
    return symbol, style


def change(symbol: str, delta: float | None, unit: str, currency: str | None) -> str:
    return fmt.MISSING if delta is None else f"{symbol} {signed(delta, unit, currency)}"


def _shown(c: KpiChange) -> tuple[str, float | None, float | None, float | None, float | None]:
    if c.per_day is not None:
        p = c.per_day
        return f"{c.kpi} /day", p.before, p.after, p.delta, p.delta_pct
    return c.kpi, c.before, c.after, c.delta, c.delta_pct


def title(result: CompareResult) -> str:
    a, b = result.after.period, result.before.period
    return f"KPIs {a.start}..{a.end} vs {b.start}..{b.end}"


def per_day_line(result: CompareResult) -> str | None:
    if not result.per_day:
        return None
    return (
        f"Additive KPIs are shown per day (/day): the periods have {result.before.period.days} "
        f"and {result.after.period.days} days; JSON has the totals too."
    )


def _rows(result: CompareResult) -> list[list[str | Text]]:
    rows: list[list[str | Text]] = []
    cur = result.currency
    for c in result.results:
        name, before, after, delta, pct = _shown(c)
        symbol, style = arrow(c)
        rows.append(
            [
                *fmt_group(c, result.group_by),
                name,
                fmt.number(before, c.unit, cur),
                fmt.number(after, c.unit, cur),
                Text(change(symbol, delta, c.unit, cur), style=style),
                _pct(pct),
                f"{fmt.status(c.status_before)} → {fmt.status(c.status_after)}",
            ]
        )
    return rows


def fmt_group(c: KpiChange, dims: list[str]) -> list[str]:
    return [c.group.get(d, "(total)" if not c.group else "") for d in dims]


def _driver_rows(d: Driver, currency: str | None) -> list[list[str]]:
    unit = DRIVER_UNITS.get(d.kpi, "currency")
    rows = [[d.kpi, "change in the total", signed(d.delta, unit, currency), "", ""]]
    for name, effect in (d.effects or {}).items():
        rows.append([d.kpi, f"{name} effect ({d.method})", signed(effect, unit, currency), "", ""])
    for c in d.top_contributors:
        label = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in c.group.items())
        share = fmt.MISSING if c.share is None else _pct(c.share, "{:,.0f} %")
        rows.append([d.kpi, label, signed(c.delta, unit, currency), share, c.change or ""])
    return rows


def _text(value: str | Text) -> Text:
    """A cell as Text: names from the reports are never read as Rich markup."""
    return value if isinstance(value, Text) else Text(escape_control(value))


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
    previous: list[str | Text] | None = None
    for row in _rows(result):
        if previous is not None and row[:dims] != previous:
            table.add_section()  # one section per group, as compute does
        previous = row[:dims]
        table.add_row(*(_text(c) for c in row))
    drivers = Table(title="Drivers (changes in the totals)", title_justify="left")
    for col in ("KPI", "Driver", "Change", "Share", "Note"):
        drivers.add_column(col, justify="right" if col in ("Change", "Share") else "left")
    for i, driver in enumerate(result.drivers):
        if i:
            drivers.add_section()
        for line in _driver_rows(driver, result.currency):
            drivers.add_row(*(_text(c) for c in line))
    return table, drivers


def summary_lines(result: CompareResult) -> list[str]:
    lines = [line for line in [per_day_line(result)] if line]
    for side, r in (("Before", result.before), ("After", result.after)):
        p = r.period
        lines.append(f"{side}: {p.start}..{p.end} ({p.days} days), {len(r.sources)} file(s)")
    if result.currency:
        lines.append(f"Currency: {result.currency}")
    lines.append(f"Warnings: {len(result.warnings)}")
    return lines


def render_compare_table(result: CompareResult, console: Console) -> None:
    table, drivers = build_tables(result)
    console.print(table)
    console.print(drivers)
    for line in summary_lines(result):
        console.print(Text(escape_control(line)))


def render_compare_table_text(result: CompareResult, width: int = 120) -> str:
    return plain_text(lambda console: render_compare_table(result, console), width)


def render_compare_json(result: CompareResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


CSV_COLUMNS = (
    "kpi", "unit", "before", "after", "delta", "delta_pct", "delta_pp", "better",
    "status_before", "status_after", "before_per_day", "after_per_day", "delta_per_day",
    "delta_pct_per_day",
)  # fmt: skip


def render_compare_csv(result: CompareResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    dims = list(result.group_by)
    writer.writerow([*dims, *CSV_COLUMNS])
    for c in result.results:
        d = c.to_dict()
        per_day = d["per_day"] or {}
        better = "" if c.better is None else str(c.better).lower()
        writer.writerow(
            [
                *(escape_cell(c.group.get(x, "")) for x in dims),
                escape_cell(c.kpi),
                c.unit,
                *("" if d[k] is None else d[k] for k in ("before", "after", "delta")),
                *("" if d[k] is None else d[k] for k in ("delta_pct", "delta_pp")),
                better,
                d["status_before"],
                d["status_after"],
                *("" if per_day.get(k) is None else per_day[k] for k in PER_DAY_KEYS),
            ]
        )
    return out.getvalue()


PER_DAY_KEYS = ("before", "after", "delta", "delta_pct")


def render_compare_markdown(result: CompareResult) -> str:
    dims = list(result.group_by)
    lines = [f"# {title(result)}", ""]
    header = [*dims, "KPI", "Before", "After", "Change", "%", "Status"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("| " + " | ".join(["---"] * (len(dims) + 1) + ["---:"] * 4 + ["---"]) + " |")
    for row in _rows(result):
        lines.append("| " + " | ".join(cell(str(c)) for c in row) + " |")
    lines += ["", "## Drivers (changes in the totals)", ""]
    lines += ["| KPI | Driver | Change | Share | Note |", "| --- | --- | ---: | ---: | --- |"]
    for driver in result.drivers:
        for cells in _driver_rows(driver, result.currency):
            lines.append("| " + " | ".join(cell(c) for c in cells) + " |")
    lines.append("")
    lines += [f"- {cell(line)}" for line in summary_lines(result)]
    lines += [f"- warning: {cell(w)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def render_compare(fmt_: OutputFormat, result: CompareResult) -> str:
    """The text of ``result`` in the given format (every OutputFormat member is mapped)."""
    renderers = {
        OutputFormat.table: render_compare_table_text,
        OutputFormat.json: render_compare_json,
        OutputFormat.csv: render_compare_csv,
        OutputFormat.markdown: render_compare_markdown,
    }
    return renderers[fmt_](result)
