"""The result of a compare run: plain data; ``CompareResult.to_dict()`` is the JSON contract
(``schema_version`` 1, ``"command": "compare"``) documented in the README."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kpitool.results.compute import DIGITS, SCHEMA_VERSION, ComputeResult, Coverage, Status


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, DIGITS) + 0.0  # + 0.0: no -0.0


@dataclass
class PerDay:
    before: float | None
    after: float | None
    delta: float | None
    delta_pct: float | None

    def to_dict(self) -> dict[str, Any]:
        return {k: _r(v) for k, v in vars(self).items()}


@dataclass
class KpiChange:
    group: dict[str, str]
    kpi: str
    unit: str
    before: float | None
    after: float | None
    delta: float | None
    delta_pct: float | None  # relative change; None when before is 0 or missing
    delta_pp: float | None  # percentage points, ratios only
    better: bool | None  # by the KPI's direction; None: no direction or no change
    status_before: Status
    status_after: Status
    targeted: bool = False  # the AFTER period has a target for it
    per_day: PerDay | None = None  # additive KPIs over different numbers of days covered
    coverage_before: Coverage | None = None
    coverage_after: Coverage | None = None
    partial_before: bool = False
    partial_after: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "kpi": self.kpi,
            "unit": self.unit,
            "before": self.before,
            "after": self.after,
            "delta": _r(self.delta),
            "delta_pct": _r(self.delta_pct),
            "delta_pp": _r(self.delta_pp),
            "better": self.better,
            "status_before": str(self.status_before),
            "status_after": str(self.status_after),
            "per_day": None if self.per_day is None else self.per_day.to_dict(),
            "coverage_before": _cov(self.coverage_before),
            "coverage_after": _cov(self.coverage_after),
            "partial_before": self.partial_before,
            "partial_after": self.partial_after,
        }


def _cov(c: Coverage | None) -> dict[str, int] | None:
    return None if c is None else c.to_dict()


@dataclass
class Contributor:
    group: dict[str, str]
    before: float | None
    after: float | None
    delta: float
    share: float | None
    change: str | None  # "new" (absent before), "gone" (absent after) or None

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "before": _r(self.before),
            "after": _r(self.after),
            "delta": _r(self.delta),
            "share": _r(self.share),
            "change": self.change,
        }


@dataclass
class Driver:
    group: dict[str, str]
    kpi: str
    delta: float | None  # the change of the KPI's total
    effects: dict[str, float] | None  # sums to delta; None: no split
    method: str | None  # "lmdi" or "shapley"
    top_contributors: list[Contributor] = field(default_factory=list)
    #: a group's contributor dimensions its group dimension cannot split (by asin: no
    #: search terms, the search term reports carry no ASIN)
    contributors_not_split: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        effects = None if self.effects is None else {k: _r(v) for k, v in self.effects.items()}
        return {
            "group": self.group,
            "kpi": self.kpi,
            "delta": _r(self.delta),
            "effects": effects,
            "method": self.method,
            "top_contributors": [c.to_dict() for c in self.top_contributors],
            "contributors_not_split": self.contributors_not_split,
        }


@dataclass
class CompareResult:
    before: ComputeResult
    after: ComputeResult
    results: list[KpiChange] = field(default_factory=list)
    drivers: list[Driver] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def group_by(self) -> list[str]:
        return self.after.group_by

    @property
    def currency(self) -> str | None:
        return self.after.currency

    @property
    def per_day(self) -> bool:
        """True when an additive KPI is compared per day: the two sides cover different
        numbers of days (periods of different lengths, or a partial side)."""
        return any(r.per_day is not None for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        def side(r: ComputeResult) -> dict[str, Any]:
            return {
                "period": r.period.to_dict(),
                "currency": r.currency,
                "sources": [s.to_dict() for s in r.sources],
                "coverage": {family: c.detail() for family, c in r.coverage.items()},
            }

        return {
            "schema_version": SCHEMA_VERSION,
            "command": "compare",
            "before": side(self.before),
            "after": side(self.after),
            "group_by": self.group_by,
            "per_day": self.per_day,
            "results": [r.to_dict() for r in self.results],
            "drivers": [d.to_dict() for d in self.drivers],
            "warnings": self.warnings,
            "notes": self.notes,
        }
