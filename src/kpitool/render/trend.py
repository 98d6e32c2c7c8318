"""Renderers of a trend: a table with one column per period (value and status), a sparkline
and the direction of each KPI; JSON (the contract), CSV (one row per period and KPI) and
Markdown (the table)."""

from __future__ import annotations

import csv
import functools
import io
import json
from typing import TYPE_CHECKING

from kpitool.render import values as fmt
from kpitool.render.csv import escape_cell, number_cell, payout_cells, payouts
from kpitool.render.fit import Squeeze, fit, new_table, width_of
from kpitool.render.markdown import cell
from kpitool.render.text import escape_control, plain_text
from kpitool.results import Payout
from kpitool.results.trend import Series, TrendEntry, TrendPeriod, TrendResult

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

BARS = "▁▂▃▄▅▆▇█"
ARROWS = {"up": "↑ up", "down": "↓ down", "flat": "→ flat", "none": "–"}


def sparkline(points: list[float | None]) -> str:
    """One bar per period, scaled from the lowest to the highest value; a gap for no data."""
    known = [p for p in points if p is not None]
    if not known:
        return " " * len(points)
    low, high = min(known), max(known)
    out = []
    for p in points:
        if p is None:
            out.append(" ")
        elif high == low:
            out.append(BARS[3])
        else:
            out.append(BARS[round((p - low) / (high - low) * (len(BARS) - 1))])
    return "".join(out)


def _cell(e: TrendEntry, currency: str | None) -> str:
    value = fmt.value(e.result, currency)
    return f"{value} {fmt.SYMBOLS[e.result.status]}"


def _direction(s: Series, short: bool = False) -> str:
    text = ARROWS[s.direction]
    if short:  # the arrow, and whether it is better or worse
        text = text.split()[0]
    if s.better is True:
        return f"{text} (better)"
    if s.better is False:
        return f"{text} (worse)"
    return text


def _labels(s: Series, dims: list[str]) -> list[str]:
    return [s.group.get(d, "(total)" if not s.group else "") for d in dims]


def _score_rows(
    result: TrendResult, periods: list[TrendPeriod] | None = None
) -> list[tuple[str, list[str]]]:
    groups: dict[str, dict[str, float | None]] = {}
    for ts in result.scores:
        name = ", ".join(f"{k}={v}" for k, v in ts.score.group.items()) or "total"
        groups.setdefault(name, {})[ts.period] = ts.score.score
    order = sorted(groups, key=lambda name: name != "total")  # the total first
    return [
        (name, [fmt.attainment(groups[name].get(p.label)) for p in periods or result.periods])
        for name in order
    ]


def _payout_rows(
    result: TrendResult, periods: list[TrendPeriod] | None = None
) -> list[tuple[str, list[str]]]:
    """Each owner's payout per period and their sum (``–``: no score, no payout)."""
    sums = result.payouts()
    if not sums:
        return []
    by: dict[str, dict[str, str]] = {}
    for ts in result.scores:
        if "owner" in ts.score.group:
            by.setdefault(ts.score.group["owner"], {})[ts.period] = fmt.payout(ts.score)
    rows = []
    for total in sums:
        owner = total.group["owner"]
        cells = [by.get(owner, {}).get(p.label, fmt.MISSING) for p in periods or result.periods]
        paid = None if total.amount is None else fmt.money(Payout(total.amount, total.currency))
        rows.append((f"owner={owner}", [*cells, paid or fmt.MISSING]))
    return rows


def _footer(result: TrendResult) -> list[str]:
    spans = ", ".join(f"{p.label} ({p.period.days} days)" for p in result.periods)
    return [
        f"Periods: {spans}",
        f"From: {result.source}",
        f"{fmt.STATUS_LEGEND}; * partial: its inputs cover part of the period; the direction "
        "judges additive KPIs per covered day",
        f"Warnings: {len(result.warnings)}",
    ]


def _build(result: TrendResult, squeeze: Squeeze, *, shown: int) -> Table:
    from rich.text import Text

    dims = list(result.group_by)
    periods = result.periods[-shown:]
    cur = squeeze.currency(result.currency)
    first, last = periods[0].label, periods[-1].label
    suffix = f" ({result.currency})" if result.currency and cur is None else ""
    table = new_table(squeeze, f"KPIs {first}..{last}{suffix}")
    for d in squeeze.columns(dims):
        table.add_column(d)
    table.add_column("KPI", no_wrap=True)
    for p in periods:
        table.add_column(p.label, justify="right", no_wrap=True)
    table.add_column("Trend", no_wrap=True)
    table.add_column("Direction", no_wrap=True)
    previous: list[str] | None = None
    for s in result.series:
        labels = [escape_control(x) for x in _labels(s, dims)]
        if previous is not None and labels != previous:
            table.add_section()
        if labels != previous and (heading := squeeze.heading(dims, labels)) is not None:
            table.add_row(Text(heading, style="bold"))
        previous = labels
        table.add_row(
            *(Text(squeeze.name(x)) for x in squeeze.columns(labels)),
            Text(escape_control(s.kpi)),
            *(Text(_cell(e, cur), style=fmt.COLOURS[e.result.status]) for e in s.entries[-shown:]),
            sparkline(s.points),
            _direction(s, squeeze.short),
        )
    return table


def render_trend_table(result: TrendResult, console: Console) -> None:
    """The trend table, fitted to the console: squeezed (see render.fit), then, if a row of
    every period is still too wide, the latest periods that fit (the sparkline keeps all)."""
    from rich.text import Text

    dims = list(result.group_by)
    longest = max(
        (
            len(d) + 1 + len(x)
            for s in result.series
            for d, x in zip(dims, _labels(s, dims), strict=True)
        ),
        default=0,
    )
    for shown in range(len(result.periods), 0, -1):
        table, squeeze = fit(console, functools.partial(_build, result, shown=shown), longest)
        if shown <= 2 or width_of(console, table) <= console.width:
            break
    console.print(table)
    periods = result.periods[-shown:]
    for title, rows, extra in (
        ("Scores", _score_rows(result, periods), []),
        ("Payouts", _payout_rows(result, periods), ["Sum"]),
    ):
        if rows:
            console.print(_period_table(title, periods, rows, extra, squeeze))
    footer = _footer(result)
    if shown < len(result.periods):
        footer.insert(
            0,
            f"Shown: the last {shown} of {len(result.periods)} periods (the trend has all; "
            "Sum is of every period); a wider terminal, or -f csv or markdown, shows them all",
        )
    for line in footer:
        console.print(Text(escape_control(line)))


def _period_table(
    title: str,
    periods: list[TrendPeriod],
    rows: list[tuple[str, list[str]]],
    extra: list[str],
    squeeze: Squeeze,
) -> Table:
    """A table of one row per group and one column per period (and ``extra`` columns)."""
    from rich.text import Text

    table = new_table(squeeze, title)
    table.add_column("group")
    for name in [p.label for p in periods] + extra:
        table.add_column(name, justify="right", no_wrap=True)
    for name, cells in rows:
        table.add_row(Text(squeeze.name(escape_control(name))), *cells)
    return table


def render_trend_text(result: TrendResult, width: int = 160) -> str:
    return plain_text(lambda console: render_trend_table(result, console), width)


def render_trend_json(result: TrendResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_trend_csv(result: TrendResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    dims = list(result.group_by)
    writer.writerow(
        [
            "period",
            "start",
            "end",
            *dims,
            "kpi",
            "value",
            "unit",
            "target_min",
            "target_max",
            "status",
            "attainment",
            "partial",
            "coverage_days",
            "coverage_of",
            *(["payout", "payout_currency"] if fmt.paid([t.score for t in result.scores]) else []),
        ]
    )
    spans = {p.label: p.period for p in result.periods}
    pays = payouts([t.score for t in result.scores])
    by_period = {
        name: payouts([t.score for t in result.scores if t.period == name]) or {} for name in spans
    }
    for e in result.entries():
        r, t, c = e.result, e.result.target or {}, e.coverage
        writer.writerow(
            [
                escape_cell(e.period),
                spans[e.period].start.isoformat(),
                spans[e.period].end.isoformat(),
                *(escape_cell(r.group.get(d, "")) for d in dims),
                escape_cell(r.kpi),
                number_cell(r.value),
                escape_cell(r.unit),
                number_cell(t.get("min")),
                number_cell(t.get("max")),
                str(r.status),
                number_cell(r.attainment),
                "true" if r.partial else "false",
                "" if c is None else c[0],
                "" if c is None else c[1],
                *([] if pays is None else payout_cells(by_period[e.period], r.group)),
            ]
        )
    return out.getvalue()


def render_trend_markdown(result: TrendResult) -> str:
    dims = list(result.group_by)
    first, last = result.periods[0].label, result.periods[-1].label
    lines = [f"# KPIs {first}..{last}", ""]
    header = [*dims, "KPI", *(p.label for p in result.periods), "Trend", "Direction"]
    lines.append("| " + " | ".join(cell(h) for h in header) + " |")
    aligns = ["---"] * (len(dims) + 1) + ["---:"] * len(result.periods) + ["---", "---"]
    lines.append("| " + " | ".join(aligns) + " |")
    for s in result.series:
        row = [
            *_labels(s, dims),
            s.kpi,
            *(_cell(e, result.currency) for e in s.entries),
            sparkline(s.points),
            _direction(s),
        ]
        lines.append("| " + " | ".join(cell(x) for x in row) + " |")
    rows = _score_rows(result)
    if rows:
        lines += ["", "| score | " + " | ".join(p.label for p in result.periods) + " |"]
        lines.append("| --- | " + " | ".join("---:" for _ in result.periods) + " |")
        lines += ["| " + " | ".join(cell(x) for x in [n, *c]) + " |" for n, c in rows]
    pays = _payout_rows(result)
    if pays:
        lines += ["", "| payout | " + " | ".join(p.label for p in result.periods) + " | Sum |"]
        lines.append("| --- | " + " | ".join("---:" for _ in result.periods) + " | ---: |")
        lines += ["| " + " | ".join(cell(x) for x in [n, *c]) + " |" for n, c in pays]
    lines += ["", *(cell(line) for line in _footer(result))]
    return "\n".join(lines) + "\n"
