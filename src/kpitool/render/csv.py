"""CSV output: one row per result, flat columns, safe to open in a spreadsheet.

Columns: the group dimensions (empty for the total), kpi, value, unit, target_min, target_max,
status, attainment, partial (true when some of the value's inputs are missing), coverage_days
and coverage_of (the days of the period the value's inputs cover, of its days), projected (an
additive value at the pace of those days over the whole period); when the config has
incentives, payout and payout_currency (the row's owner's payout; empty for other groups and
for an owner without a score). Numbers are written as
numbers. A *text* cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
return) is prefixed with ``'`` so that a spreadsheet
shows it instead of running it as a formula; control characters are escaped as ``\\xNN``.
"""

from __future__ import annotations

import csv
import functools
import io
import json

from kpitool.render.text import escape_control
from kpitool.results import ComputeResult, Payout, Score

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
    pays = payouts(result.scores)
    writer.writerow(header + (["payout", "payout_currency"] if pays is not None else []))
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
                *([] if pays is None else payout_cells(pays, r.group)),
            ]
        )
    return out.getvalue()


def payouts(scores: list[Score]) -> dict[str, Payout | None] | None:
    """Each group's payout by its group key (None: the config has no incentives)."""
    if not any(s.incentives for s in scores):
        return None
    return {json.dumps(s.group, sort_keys=True): s.payout for s in scores}


def payout_cells(pays: dict[str, Payout | None], group: dict[str, str]) -> list[float | str]:
    """The ``payout`` and ``payout_currency`` cells of a row: empty without a payout."""
    p = pays.get(json.dumps(group, sort_keys=True))
    return ["", ""] if p is None else [p.amount, escape_cell(p.currency or "")]
