"""The result of a compute run: plain data, shared by the engine and the renderers.

``to_dict`` gives the JSON contract (``schema_version`` 1) documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpitool.results.period import DIGITS as DIGITS  # re-exported: defined here before
from kpitool.results.period import Coverage as Coverage  # re-exported: defined here before
from kpitool.results.period import Period as Period

if TYPE_CHECKING:
    from collections.abc import Iterator

    import polars as pl

    from kpitool.results.groups import GroupTable

SCHEMA_VERSION = 1
#: where ``to_dict(results=False)`` leaves the results (a string no label can be: the JSON
#: renderer escapes labels)
RESULTS_SLOT = "\x00results\x00"


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"


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
    #: per breakdown asked for with ``compute(values_by=...)``: a frame of ``group`` (label;
    #: of two dimensions, the second's, and ``by`` the first's) and the KPI values (not
    #: output: ``compare`` explains changes with it)
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
        return self.totals() + (list(_group_results(self.groups)) if self.groups else [])

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
            "results": [r.to_dict() for r in self.all_results()] if results else RESULTS_SLOT,
            "scores": [s.to_dict() for s in self.scores],
            "sources": [s.to_dict() for s in self.sources],
            "warnings": self.warnings,
            "notes": self.notes,
            "waterfall": [s.to_dict() for s in self.waterfall],
        }


def _group_results(groups: GroupTable) -> Iterator[KpiResult]:
    """The long layout as :class:`KpiResult` objects, one per group and KPI: for the
    library's callers that want them (the history, ``to_dict``); never on the way from
    the engine to a renderer."""
    for row in groups.long().iter_rows(named=True):
        target = None
        if row["target_min"] is not None or row["target_max"] is not None:
            target = {
                k: row[f"target_{k}"]
                for k in ("min", "max", "warn_within")
                if row[f"target_{k}"] is not None
            }
        col = groups.column(row["kpi"])
        assert col is not None
        yield KpiResult(
            {d: row[d] for d in groups.dims},
            row["kpi"],
            row["value"],
            row["unit"],
            target,
            Status(row["status"]),
            row["attainment"],
            partial=row["partial"],
            missing_costs=row["missing_costs"],
            coverage=col.coverage,
            projected=row["projected"],
            additive=row["additive"],
        )
