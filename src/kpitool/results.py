"""The result of a compute run: plain data, shared by the engine and the renderers.

``to_dict`` gives the JSON contract (``schema_version`` 1) documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

SCHEMA_VERSION = 1


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
        if self.missing_costs is not None:
            out["missing_costs"] = self.missing_costs
        return out


@dataclass
class Score:
    group: dict[str, str]
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "score": self.score}


@dataclass
class Source:
    path: str
    kind: str
    rows: int

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "command": "compute",
            "period": self.period.to_dict(),
            "currency": self.currency,
            "group_by": self.group_by,
            "results": [r.to_dict() for r in self.results],
            "scores": [s.to_dict() for s in self.scores],
            "sources": [s.to_dict() for s in self.sources],
            "warnings": self.warnings,
            "notes": self.notes,
            "waterfall": [s.to_dict() for s in self.waterfall],
        }
