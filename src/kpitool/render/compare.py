"""Renderers of a CompareResult: pure functions, one per output format.

Table and markdown show additive KPIs per day when the periods differ in length (and say so),
arrows for the direction of each change, coloured good (green) or bad (red) by the KPI's
direction, and the drivers under the KPIs (the total's, then each group's). JSON is
``CompareResult.to_dict()``. CSV has one row per KPI (and group), or with ``--drivers`` one
row per driver line (:func:`render_drivers_csv`). The table, which needs Rich, is in
:mod:`kpitool.render.compare_table`.
"""

from __future__ import annotations

import csv
import io
import json

from kpitool.render import values as fmt
from kpitool.render.csv import escape_cell, number_cell
from kpitool.render.markdown import cell
from kpitool.render.text import escape_tree
from kpitool.render.values import PARTIAL, PARTIAL_NOTE
from kpitool.results.compare import CompareResult, Driver, KpiChange

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
    """``▲ +73.31 USD``; without ``symbol`` (narrow tables), the sign alone."""
    if delta is None:
        return fmt.MISSING
    return f"{symbol} {signed(delta, unit, currency)}".lstrip()


def _shown(
    c: KpiChange,
) -> tuple[str, str, float | None, float | None, float | None, float | None]:
    """The row's name, the unit its values are shown in, and its values: per day for
    additive KPIs when the sides cover different days."""
    if c.per_day is not None:
        p = c.per_day
        return f"{c.kpi} /day", fmt.per_day_unit(c.unit), p.before, p.after, p.delta, p.delta_pct
    return c.kpi, c.unit, c.before, c.after, c.delta, c.delta_pct


def title(result: CompareResult) -> str:
    a, b = result.after.period, result.before.period
    return f"KPIs {a.start}..{a.end} vs {b.start}..{b.end}"


def per_day_line(result: CompareResult) -> str | None:
    if not result.per_day:
        return None
    if result.before.period.days != result.after.period.days:
        why = f"the periods have {result.before.period.days} and {result.after.period.days} days"
    else:
        why = "the two sides cover different numbers of days (see Coverage)"
    return f"Additive KPIs are shown per day covered (/day): {why}; JSON has the totals too."


#: where the Change cell is in a row of :func:`kpi_rows`, after the group's own cells
CHANGE_CELL = 3


def kpi_rows(
    result: CompareResult, *, short: bool = False, currency: bool = True
) -> list[list[str]]:
    """One row of cells per KPI change, as the table and markdown show them (``short``:
    statuses as symbols; ``currency=False``: money without its code, for narrow tables)."""
    rows: list[list[str]] = []
    cur = result.currency if currency else None
    for c in result.results:
        name, unit, before, after, delta, pct = _shown(c)
        symbol, _ = arrow(c)
        rows.append(
            [
                *fmt_group(c, result.group_by),
                name,
                fmt.number(before, unit, cur) + (PARTIAL if c.partial_before else ""),
                fmt.number(after, unit, cur) + (PARTIAL if c.partial_after else ""),
                change("" if short else symbol, delta, unit, cur),
                _pct(pct, "{:+,.1f}%" if short else "{:+,.1f} %"),
                f"{fmt.status(c.status_before, short)} → {fmt.status(c.status_after, short)}",
            ]
        )
    return rows


def fmt_group(c: KpiChange | Driver, dims: list[str]) -> list[str]:
    return [c.group.get(d, "(total)" if not c.group else "") for d in dims]


def driver_dims(result: CompareResult) -> list[str]:
    """The group columns of the drivers: ``--by``'s when groups have drivers of their own."""
    return list(result.group_by) if any(d.group for d in result.drivers) else []


def drivers_title(result: CompareResult) -> str:
    dims = driver_dims(result)
    return "Drivers (changes in the totals" + (f", and per {dims[0]})" if dims else ")")


def driver_rows(d: Driver, currency: str | None) -> list[list[str]]:
    unit = DRIVER_UNITS.get(d.kpi, "currency")
    whose = "the group" if d.group else "the total"
    rows = [[d.kpi, f"change in {whose}", signed(d.delta, unit, currency), "", ""]]
    for name, effect in (d.effects or {}).items():
        rows.append([d.kpi, f"{name} effect ({d.method})", signed(effect, unit, currency), "", ""])
    for c in d.top_contributors:
        label = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in c.group.items())
        share = fmt.MISSING if c.share is None else _pct(c.share, "{:,.0f} %")
        rows.append([d.kpi, label, signed(c.delta, unit, currency), share, c.change or ""])
    return rows


def unsplit_line(result: CompareResult) -> str | None:
    """What the groups' drivers leave out: a contributor dimension the group's cannot split."""
    left = list(dict.fromkeys(c for d in result.drivers for c in d.contributors_not_split))
    if not left:
        return None
    names = " or ".join(c.replace("_", " ") + "s" for c in left)
    dim = driver_dims(result)[0]
    return (
        f"Drivers per {dim} list no {names}: the reports do not split them by {dim} (see the notes)"
    )


def summary_lines(result: CompareResult) -> list[str]:
    lines = [line for line in [per_day_line(result), unsplit_line(result)] if line]
    for side, r in (("Before", result.before), ("After", result.after)):
        p = r.period
        lines.append(f"{side}: {p.start}..{p.end} ({p.days} days), {len(r.sources)} file(s)")
        lines += [f"  {family}: {c.text()}" for family, c in r.coverage.items() if c.partial]
    if any(c.partial_before or c.partial_after for c in result.results):
        lines.append(f"*: {PARTIAL_NOTE}")
    if result.currency:
        lines.append(f"Currency: {result.currency}")
    lines.append(f"Warnings: {len(result.warnings)}")
    return lines


def render_compare_json(result: CompareResult) -> str:
    return (
        json.dumps(escape_tree(result.to_dict()), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


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
                *(number_cell(d[k]) for k in ("before", "after", "delta", "delta_pct", "delta_pp")),
                better,
                d["status_before"],
                d["status_after"],
                *(number_cell(per_day.get(k)) for k in PER_DAY_KEYS),
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
    for row in kpi_rows(result):
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    lines += ["", f"## {drivers_title(result)}", ""]
    ddims = driver_dims(result)
    lines.append("| " + " | ".join([*ddims, "KPI", "Driver", "Change", "Share", "Note"]) + " |")
    lines.append("| " + " | ".join(["---"] * (len(ddims) + 2) + ["---:"] * 2 + ["---"]) + " |")
    for driver in result.drivers:
        labels = fmt_group(driver, ddims)
        for cells in driver_rows(driver, result.currency):
            lines.append("| " + " | ".join(cell(c) for c in [*labels, *cells]) + " |")
    lines.append("")
    lines += [f"- {cell(line)}" for line in summary_lines(result)]
    lines += [f"- warning: {cell(w)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


DRIVER_CSV_COLUMNS = (
    "kpi", "unit", "row", "factor", "dimension", "key", "before", "after", "delta", "share",
    "change", "method",
)  # fmt: skip


def render_drivers_csv(result: CompareResult) -> str:
    """One row per line of the drivers: ``row`` is ``change`` (of the total or the group),
    ``effect`` (of ``factor``, by ``method``), ``contributor`` (``key`` of ``dimension``) or
    ``not_split`` (a ``dimension`` the group's cannot split); figures in the KPI's unit, as
    in JSON (ratios as fractions)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    dims = list(result.group_by)
    writer.writerow([*dims, *DRIVER_CSV_COLUMNS])

    for d in result.drivers:
        doc = d.to_dict()
        head = [*(escape_cell(d.group.get(x, "")) for x in dims), d.kpi]
        head.append(DRIVER_UNITS.get(d.kpi, "currency"))
        writer.writerow(
            [*head, "change", "", "", "", "", "", number_cell(doc["delta"]), "", "", ""]
        )
        for factor, effect in (doc["effects"] or {}).items():
            row = ["effect", factor, "", "", "", "", number_cell(effect), "", "", d.method]
            writer.writerow([*head, *row])
        for c in doc["top_contributors"]:
            ((dim, key),) = c["group"].items()
            figures = [number_cell(c[k]) for k in ("before", "after", "delta", "share")]
            row = ["contributor", "", dim, escape_cell(key), *figures, c["change"] or "", ""]
            writer.writerow([*head, *row])
        for dim in d.contributors_not_split:  # the group's dimension cannot split them
            writer.writerow([*head, "not_split", "", dim, "", "", "", "", "", "", ""])
    return out.getvalue()
