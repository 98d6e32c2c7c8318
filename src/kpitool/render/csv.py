"""CSV output: one row per result, flat columns, safe to open in a spreadsheet.

Columns: the group dimensions (empty for the total), kpi, value, unit, target_min, target_max,
status, attainment, partial (true when some of the value's inputs are missing), coverage_days
and coverage_of (the days of the period the value's inputs cover, of its days), projected (an
additive value at the pace of those days over the whole period). Numbers are written as
numbers. A *text* cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
return) is prefixed with ``'`` so that a spreadsheet
shows it instead of running it as a formula; control characters are escaped as ``\\xNN``.
"""

from __future__ import annotations

import csv
import functools
import io

from kpitool.render.text import escape_control
from kpitool.results import ComputeResult

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@functools.lru_cache(maxsize=4096)  # a breakdown repeats each group's cells for every KPI
def escape_cell(text: str) -> str:
    """Neutralise spreadsheet formulas in a text cell (CSV/formula injection), and escape
    control characters (a CSV printed to a terminal cannot rewrite it)."""
    text = escape_control(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _num(value: float | None) -> float | str:
    return "" if value is None else value


def render_csv(result: ComputeResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    dims = list(result.group_by)
    header = [
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
        "projected",
    ]
    writer.writerow(header)
    for r in result.results:
        t = r.target or {}
        writer.writerow(
            [
                *(escape_cell(r.group.get(d, "")) for d in dims),
                escape_cell(r.kpi),
                _num(r.value),
                escape_cell(r.unit),
                _num(t.get("min")),
                _num(t.get("max")),
                str(r.status),
                _num(r.attainment),
                "true" if r.partial else "false",
                "" if r.coverage is None else r.coverage.days,
                "" if r.coverage is None else r.coverage.period.days,
                _num(r.projected),
            ]
        )
    return out.getvalue()
