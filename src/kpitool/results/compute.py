"""The result of a compute run: plain data, shared by the engine and the renderers.

``to_dict`` gives the JSON contract (``schema_version`` 1) documented in the README.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from kpitool.results.groups import GroupTable

SCHEMA_VERSION = 1
#: values are rounded to 9 decimals: no float noise such as 43850.61000000002
DIGITS = 9


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days}


@dataclass(frozen=True)
class Coverage:
    """The days of ``period`` that some data covers: disjoint, sorted spans inside it."""

    period: Period
    spans: tuple[Period, ...] = ()
    #: a stock (an inventory snapshot): the date it was taken; it stands for the period
    at: date | None = None

    @classmethod
    def of(cls, period: Period, spans: Iterable[tuple[date, date]]) -> Coverage:
        """The union of ``spans`` (inclusive start, end) clipped to ``period``."""
        clipped = sorted(
            (max(a, period.start), min(b, period.end))
            for a, b in spans
            if a <= period.end and b >= period.start and a <= b
        )
        merged: list[list[date]] = []
        for a, b in clipped:
            if merged and a <= merged[-1][1] + timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        return cls(period, tuple(Period(a, b) for a, b in merged))

    @classmethod
    def full(cls, period: Period) -> Coverage:
        return cls(period, (period,))

    @property
    def days(self) -> int:
        return sum(s.days for s in self.spans)

    @property
    def partial(self) -> bool:
        return self.days < self.period.days

    def intersect(self, other: Coverage) -> Coverage:
        pairs = [
            (max(a.start, b.start), min(a.end, b.end)) for a in self.spans for b in other.spans
        ]
        return Coverage.of(self.period, pairs)

    def union(self, other: Coverage) -> Coverage:
        spans = [(s.start, s.end) for s in (*self.spans, *other.spans)]
        return Coverage.of(self.period, spans)

    def text(self) -> str:
        """``2026-10-01..2026-10-15, 15 of 31 days`` (``no data`` when it covers nothing)."""
        if not self.spans:
            return f"no data, 0 of {self.period.days} days"
        if self.at is not None:
            return f"snapshot of {self.at}"
        spans = ", ".join(f"{s.start}..{s.end}" for s in self.spans)
        return f"{spans}, {self.days} of {self.period.days} days"

    def to_dict(self) -> dict[str, Any]:
        return {"days": self.days, "of": self.period.days}

    def detail(self) -> dict[str, Any]:
        """``to_dict`` with the spans (and the snapshot date of a stock)."""
        out = {**self.to_dict(), "spans": [s.to_dict() for s in self.spans]}
        if self.at is not None:
            out["snapshot"] = self.at.isoformat()
        return out


@dataclass
class KpiResult:
    group: dict[str, str]  # {} for the total; {"owner": "alice"} ...
    kpi: str
    value: float | None
    unit: str
    #: the target as applied to this period (pro-rated where additive), or None
    target: dict[str, float] | None = None
    status: Status = Status.NO_TARGET
    attainment: float | None = None
    #: some of the value's inputs are missing (a report not covering the period, a breakdown
    #: that an ad type cannot give, SKUs sold without a unit cost)
    partial: bool = False
    #: cost-based profit KPIs: the SKUs sold without a unit cost in force (else None)
    missing_costs: list[str] | None = None
    #: the days of the period the value's inputs cover (None: hand-built, unknown)
    coverage: Coverage | None = None
    #: additive KPIs: the value at the pace of the covered days over the whole period
    projected: float | None = None
    additive: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "group": self.group,
            "kpi": self.kpi,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "status": str(self.status),
            "attainment": self.attainment,
            "partial": self.partial,
        }
        if self.coverage is not None:
            out["coverage"] = self.coverage.to_dict()
        if self.additive:
            out["projected"] = self.projected
        if self.missing_costs is not None:
            out["missing_costs"] = self.missing_costs
        return out


@dataclass(frozen=True)
class Payout:
    """What a score pays: the payout of the highest tier it reaches (0 below every tier)."""

    amount: float
    currency: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency}


@dataclass
class Score:
    group: dict[str, str]
    score: float | None
    #: an owner's payout (None: no incentives for the group, or no score: never a tier)
    payout: Payout | None = None
    #: the config has incentives: every score says what it pays (``"payout"``, maybe null)
    incentives: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"group": self.group, "score": self.score}
        if self.incentives:
            out["payout"] = None if self.payout is None else self.payout.to_dict()
        return out


@dataclass
class Source:
    path: str
    kind: str
    rows: int
    #: the file itself (not in the JSON: the history hashes it)
    file: Path | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "rows": self.rows}


@dataclass
class Step:
    """One bar of the profit waterfall (the total): sales, then each deduction, then profit."""

    step: str  # product_sales, refunds, amazon_fees, other, cogs, advertising, net_profit
    amount: float | None  # in the reporting currency; deductions negative; None: unknown

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "amount": self.amount}


@dataclass
class ComputeResult:
    period: Period
    currency: str | None
    group_by: list[str]
    results: list[KpiResult] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: e.g. "EUR converted at 1.08 USD" when fx rates were applied
    notes: list[str] = field(default_factory=list)
    #: the profit waterfall of the total (empty without a payments report)
    waterfall: list[Step] = field(default_factory=list)
    #: per one-dimension breakdown asked for with ``compute(values_by=...)``: a frame of
    #: ``group`` (label) and the KPI values (not output: ``compare`` explains changes with it)
    values_by: dict[str, pl.DataFrame] = field(default_factory=dict)
    #: what each family of facts of the total covers ("sales", "advertising", ...)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    #: the breakdown (``by``) as one frame: a row per group, a column per KPI (None: totals
    #: only). ``results`` holds the total's KPIs, and the groups of an owner or team
    #: breakdown (their targets, statuses and scores apply); every breakdown is in ``groups``
    groups: GroupTable | None = None

    def totals(self) -> list[KpiResult]:
        """The total's results (all of ``results`` when there is no ``groups`` frame: a
        result built by hand)."""
        return [r for r in self.results if not r.group or self.groups is None]

    def all_results(self) -> list[KpiResult]:
        """The total's results, then one per group and KPI of the breakdown (built from
        ``groups``: for a few groups; a renderer writes the frame itself)."""
        return self.totals() + (list(self.groups.kpi_results()) if self.groups else [])

    def group_table(self) -> GroupTable | None:
        """``groups``, or the frame of the group results of a result built by hand."""
        if self.groups is not None or not any(r.group for r in self.results):
            return self.groups
        from kpitool.results.groups import from_results

        return from_results([r for r in self.results if r.group], self.group_by)

    def to_dict(self, results: bool = True) -> dict[str, Any]:
        """The JSON contract; ``results=False``: a placeholder for the results, which the
        JSON renderer writes from the frame of the breakdown."""
        return {
            "schema_version": SCHEMA_VERSION,
            "command": "compute",
            "period": self.period.to_dict(),
            "currency": self.currency,
            "group_by": self.group_by,
            "coverage": {family: c.detail() for family, c in self.coverage.items()},
            "results": [r.to_dict() for r in self.all_results()] if results else "\x00results\x00",
            "scores": [s.to_dict() for s in self.scores],
            "sources": [s.to_dict() for s in self.sources],
            "warnings": self.warnings,
            "notes": self.notes,
            "waterfall": [s.to_dict() for s in self.waterfall],
        }
