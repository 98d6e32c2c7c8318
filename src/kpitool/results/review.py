"""What ``kpitool report`` shows: the results of one period gathered for the review pack.

Plain data, built by :func:`kpitool.engine.review.review` from compute, compare and trend
results, and turned into one HTML file by :func:`kpitool.report.build_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpitool.results.compare import CompareResult
from kpitool.results.compute import ComputeResult
from kpitool.results.trend import TrendResult


@dataclass(frozen=True)
class Person:
    """An owner or a team as the config names them."""

    id: str
    name: str
    team: str | None = None


@dataclass(frozen=True)
class DayFigures:
    """Sales and ad spend of one day of the period (None: no report covers that day)."""

    day: str
    sales: float | None
    ad_spend: float | None


@dataclass
class Review:
    account: str
    #: the FOLDER or ROOT the report was made from
    source: str
    #: the period's label (``2026-10``)
    label: str
    #: the period's results: the total, and each owner when the config has owners
    current: ComputeResult
    #: the comparison, None when nothing holds the period compared against
    compare: CompareResult | None = None
    #: what the comparison is against (``2026-09, the previous period``), or why there is none
    against: str = ""
    #: the comparison's BEFORE figures come from the history (no drivers then)
    against_from_history: bool = False
    #: each team against its own targets (None: the config has no teams)
    teams: ComputeResult | None = None
    #: the period by ASIN (ACOS against break-even ACOS), None without ads or profit data
    products: ComputeResult | None = None
    #: the targeted KPIs of the total over the periods available
    trend: TrendResult | None = None
    daily: list[DayFigures] = field(default_factory=list)
    owners: list[Person] = field(default_factory=list)
    team_names: list[Person] = field(default_factory=list)
    #: KPI id -> its family (sales, advertising, inventory, profit, custom)
    families: dict[str, str] = field(default_factory=dict)
    #: the KPIs that have a target for the total
    targeted: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
