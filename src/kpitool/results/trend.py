"""The result of ``kpitool trend``: the KPIs of several periods, side by side.

``to_dict`` gives the JSON contract (``"command": "trend"``, ``schema_version`` 1): the
``periods`` (label, start, end, days), every figure with the ``period`` it belongs to, the
``scores`` per group and period (each with its ``payout`` when the config has incentives, and
then ``payouts``: each owner's sum over the periods), and each series' ``direction``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kpitool.results.compute import DIGITS, SCHEMA_VERSION, KpiResult, Period, Score


@dataclass(frozen=True)
class TrendPeriod:
    label: str  # 2026-09, 2026-Q3, 2026-W43, 2026-10-01..2026-10-15
    period: Period

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, **self.period.to_dict()}


@dataclass
class TrendEntry:
    """One figure of one period; ``coverage`` is (days covered, days of the period), None
    when unknown. A period without data has an entry with value None and status no_data."""

    period: str
    result: KpiResult
    coverage: tuple[int, int] | None

    def to_dict(self) -> dict[str, Any]:
        out = {"period": self.period, **self.result.to_dict()}
        if self.coverage is not None:
            out["coverage"] = {"days": self.coverage[0], "of": self.coverage[1]}
        return out


@dataclass
class Series:
    """One (group, KPI) across the periods: its entries in period order, and its direction."""

    group: dict[str, str]
    kpi: str
    unit: str
    entries: list[TrendEntry]
    #: up | down | flat, or none (fewer than two periods with data)
    direction: str = "none"
    #: whether the direction is the good one for this KPI (None: flat, none, no direction)
    better: bool | None = None
    #: the values the direction is judged on (additive KPIs per covered day), None: no data
    points: list[float | None] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "kpi": self.kpi,
            "direction": self.direction,
            "better": self.better,
        }


@dataclass
class TrendScore:
    period: str
    score: Score

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, **self.score.to_dict()}


@dataclass
class PayoutSum:
    """An owner's payouts over the trend's periods: their sum, and the periods that paid
    (a period without a score has no payout and is not counted, never as 0)."""

    group: dict[str, str]
    #: None when no period paid (no data is never a payout of 0)
    amount: float | None
    currency: str | None
    periods: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "amount": self.amount,
            "currency": self.currency,
            "periods": self.periods,
        }


@dataclass
class TrendResult:
    periods: list[TrendPeriod]
    currency: str | None
    group_by: list[str]
    #: where the figures come from: the ROOT folder, or ``history:FILE``
    source: str
    series: list[Series] = field(default_factory=list)
    scores: list[TrendScore] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the labels of the periods nothing covers (every figure no_data)
    uncovered: list[str] = field(default_factory=list)

    def entries(self) -> list[TrendEntry]:
        """Every figure, period by period (the order of ``periods``), then group and KPI."""
        order = {p.label: i for i, p in enumerate(self.periods)}
        flat = [e for s in self.series for e in s.entries]
        return sorted(flat, key=lambda e: order[e.period])

    def payouts(self) -> list[PayoutSum] | None:
        """Each owner's payouts summed over the periods; None when the config has none."""
        if not any(ts.score.incentives for ts in self.scores):
            return None
        sums: dict[str, PayoutSum] = {}
        for ts in self.scores:
            p = ts.score.payout
            if "owner" not in ts.score.group:
                continue
            key = json.dumps(ts.score.group, sort_keys=True)
            total = sums.setdefault(key, PayoutSum(ts.score.group, None, None, 0))
            if p is not None:
                total.amount = round((total.amount or 0.0) + p.amount, DIGITS)
                total.currency = total.currency or p.currency
                total.periods += 1
        return list(sums.values())

    def to_dict(self) -> dict[str, Any]:
        pays = self.payouts()
        extra = {} if pays is None else {"payouts": [p.to_dict() for p in pays]}
        return {
            "schema_version": SCHEMA_VERSION,
            "command": "trend",
            "source": self.source,
            "periods": [p.to_dict() for p in self.periods],
            "currency": self.currency,
            "group_by": self.group_by,
            "results": [e.to_dict() for e in self.entries()],
            "scores": [s.to_dict() for s in self.scores],
            "trends": [s.to_dict() for s in self.series],
            **extra,
            "warnings": self.warnings,
            "notes": self.notes,
        }
