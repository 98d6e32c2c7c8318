"""The stderr lines that explain an exit 1 (pure): each target missed at the ``--fail-on``
level, and for compare each KPI that moved the wrong way past ``--fail-on-decline``.

``target missed: sales 86,663.22 USD < 108,329.02 USD (fail)``;
``target missed: owner=alice: acos 31.20 % > 25.00 % (warn)``;
``target missed: net_margin has no data (no_data)``;
``declined: conversion_rate 13.45 % -> 11.60 % (-13.75 %, more than 10 % the wrong way)``
(values per day, ``/day``, when the periods differ in length and the KPI is additive).
Values and targets are formatted as in the table (:func:`kpitool.render.values.number`);
the target is the one applied to the period (pro-rated where additive).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kpitool.render.values import number, per_day_unit, target
from kpitool.results import KpiResult
from kpitool.results.compare import CompareResult, KpiChange


def _where(group: Mapping[str, str]) -> str:
    """``owner=alice: `` for a group, nothing for the total."""
    return ", ".join(f"{k}={v}" for k, v in group.items()) + ": " if group else ""


def missed_line(r: KpiResult, currency: str | None) -> str:
    """One target missed, with the bound it is on the wrong side of."""
    head = f"target missed: {_where(r.group)}{r.kpi}"
    if r.value is None:
        return f"{head} has no data ({r.status})"
    applied = r.target or {}
    lo, hi = applied.get("min"), applied.get("max")
    if lo is not None and r.value < lo:
        side = f"< {number(lo, r.unit, currency)}"
    elif hi is not None and r.value > hi:
        side = f"> {number(hi, r.unit, currency)}"
    else:  # pragma: no cover - a missed target is outside a bound
        side = f"vs {target(r, currency)}"
    return f"{head} {number(r.value, r.unit, currency)} {side} ({r.status})"


def missed_lines(missed: Iterable[KpiResult], currency: str | None) -> list[str]:
    return [missed_line(r, currency) for r in missed]


def declined_line(c: KpiChange, result: CompareResult, pct: float) -> str:
    """One KPI that moved the wrong way by more than ``pct`` percent (per day when judged so)."""
    cur_before, cur_after = result.before.currency, result.after.currency
    before, after, rel, per, unit = c.before, c.after, c.delta_pct, "", c.unit
    if c.per_day is not None:
        before, after, rel, per = c.per_day.before, c.per_day.after, c.per_day.delta_pct, "/day"
        unit = per_day_unit(c.unit)
    change = "–" if rel is None else f"{rel * 100:+,.2f} %"
    return (
        f"declined: {_where(c.group)}{c.kpi} {number(before, unit, cur_before)}{per} -> "
        f"{number(after, unit, cur_after)}{per} ({change}, more than {pct:g} % the wrong way)"
    )


def declined_lines(changes: Iterable[KpiChange], result: CompareResult, pct: float) -> list[str]:
    return [declined_line(c, result, pct) for c in changes]
