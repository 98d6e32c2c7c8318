"""The result of ``kpitool suggest``: next period's targets and the basis of each.

Plain data: :mod:`kpitool.engine.suggest` fills it from a trend, :mod:`kpitool.render.suggest`
writes it as a config file (YAML, each target with a comment giving its basis).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kpitool.results.compute import Period


@dataclass(frozen=True)
class Point:
    """One comparable period's figure: ``value`` per covered day for an additive KPI."""

    period: str
    value: float
    #: the days its inputs cover, of the period's days (None: unknown)
    days: int | None
    of: int | None

    @property
    def partial(self) -> bool:
        return self.days is not None and self.of is not None and self.days < self.of


@dataclass
class Basis:
    """How a suggested target was reached (README, Suggested targets)."""

    #: the trailing comparable periods with data, oldest first
    points: list[Point] = field(default_factory=list)
    #: an additive KPI is judged per covered day, and scaled to the target period's days
    per_day: bool = False
    median: float | None = None
    #: up | down | flat | none (fewer than two periods) over the trailing periods
    trend: str = "none"
    #: the least-squares change per period (per day for an additive KPI)
    slope: float | None = None
    #: the median carried along the trend to the target period, when the trend was applied
    projected: float | None = None
    #: why the trend was not applied although it is up or down
    trend_note: str | None = None
    #: the same period a year earlier, its figure (None: no data) and, when used, the seasonal
    #: index (last year's period / the median of its own trailing periods)
    last_year: str = ""
    last_year_value: float | None = None
    seasonal_index: float | None = None
    seasonal_note: str | None = None
    #: the level for the target period (per day for an additive KPI)
    base: float | None = None
    #: the target period's days, and the level scaled to them (additive) or the level itself
    days: int = 0
    scaled: float | None = None
    #: the stretch applied, signed (+0.05 raises a min, -0.05 lowers a max; 0: none)
    stretch: float = 0.0
    #: a fraction's min stretched past 100 %: capped at the best trailing value (this one)
    capped: float | None = None
    #: why the current target was kept as written (band KPIs), or why none is suggested
    kept: str | None = None
    none: str | None = None


@dataclass
class Suggestion:
    group: dict[str, str]  # {} for the team (the total), {"owner": id}
    kpi: str
    unit: str
    #: the suggested min and/or max (empty: no target suggested, see ``basis.none``)
    bounds: dict[str, float]
    #: weight, warn_within and per, as the current target has them (per: as needed)
    keep: dict[str, Any]
    basis: Basis


@dataclass
class SuggestResult:
    period: Period
    label: str
    #: where the figures come from: the ROOT folder, or ``history:FILE``
    source: str
    stretch: float
    #: how many trailing comparable periods the median takes
    window: int
    currency: str | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    #: the current config as written (plain data), whose targets the suggestions replace;
    #: empty without a config file
    config: dict[str, Any] = field(default_factory=dict)
    #: the file it was read from (named in the header), None without one
    config_path: str | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def for_group(self, group: dict[str, str]) -> list[Suggestion]:
        return [s for s in self.suggestions if s.group == group]
