"""Targets -> applied target, status, attainment and score (pure functions; kpis.md "Targets").

Decisions:

- Pro-rating: an additive KPI's ``min``/``max`` is multiplied by the number of target periods
  (``per``) the evaluated period holds, calendar-exact (:func:`kpitool.engine.periods.per_units`): a
  monthly target over a whole month is unchanged, over 10 days of October it is 10/31 of itself.
  Ratios and other non-additive KPIs are never pro-rated. Values are not rounded here.
- Status boundaries are inclusive and compared with a relative tolerance of 1e-9, so a value
  exactly at ``X`` or ``X × (1 − warn_within)`` is not pushed to the worse side by floating
  point. The warn band is ``X − |X| × warn_within`` (``X + |X| × warn_within`` for ``max``),
  the kpis.md formula for positive ``X`` and still a widening band when ``X`` is negative.
- ``no_target`` wins over ``no_data``: a KPI without a target is ``no_target`` whatever its value.
  A NaN value counts as no data.
- Attainment is reported uncapped; the cap applies only inside the score. ``min`` → value/min
  (undefined, None, when min ≤ 0); ``max`` → max/value, with value ≤ 0 → the cap (nothing is
  better than zero spend) and None when max < 0. Both (a band, e.g. days_of_supply between 30
  and 90): inside the band [min, max] (its edges compared as for the status) exactly 1.0, so
  being inside never scores above 1 and overstock never raises a score; below the band
  value/min (None when min ≤ 0); above it max/value (None when max < 0), falling with the
  distance from the band.
- Score: Σ weight × clamp(attainment, 0, cap) / Σ weight over the KPIs with targets in scope.
  A KPI with a target but no data (attainment None) counts as attainment 0 with its full
  weight, so missing data never raises a score. Total weight 0 (or no targets) → None.
- Which targets apply (:func:`targets_for`): the total → top-level ``targets``; an owner →
  that owner's own targets (nothing else, no fallback to the team's); a team → ``teams.<id>``
  targets; ``(unassigned)``, unknown owners/teams and every other breakdown (asin, day, owner
  × asin, ...) → none.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from kpitool.config import Config, Target
from kpitool.engine.periods import per_units
from kpitool.kpis.catalogue import KpiMeta
from kpitool.results import ComputeResult, Coverage, KpiResult, Period, Status

REL_TOL = 1e-9


def applied_target(
    target: Target,
    kpi: KpiMeta,
    period: Period,
    default_per: str,
    coverage: Coverage | None = None,
) -> dict[str, float]:
    """The target as it applies to ``period``: e.g. ``{"min": 61935.48, "warn_within": 0.1}``.

    On a partial period (``coverage`` of fewer days than the period) an additive target is
    pro-rated to the covered days (pacing): 15 covered days of October get 15/31 of a monthly
    target."""
    per = target.per or default_per
    factor = 1.0
    if kpi.additive:
        spans = coverage.spans if coverage is not None and coverage.days else (period,)
        factor = sum(per_units(per, span) for span in spans)
    applied: dict[str, float] = {}
    if target.min is not None:
        applied["min"] = target.min * factor
    if target.max is not None:
        applied["max"] = target.max * factor
    applied["warn_within"] = target.warn_within
    return applied


def _at_least(value: float, bound: float) -> bool:
    return value >= bound - REL_TOL * max(1.0, abs(bound))


def _at_most(value: float, bound: float) -> bool:
    return value <= bound + REL_TOL * max(1.0, abs(bound))


def _has_bound(applied: Mapping[str, float] | None) -> bool:
    return applied is not None and ("min" in applied or "max" in applied)


def status(value: float | None, applied: Mapping[str, float] | None) -> Status:
    """pass / warn / fail by kpis.md "Targets"; no_target without a target, no_data without data."""
    if applied is None or not _has_bound(applied):
        return Status.NO_TARGET
    if value is None or math.isnan(value):
        return Status.NO_DATA
    w = applied.get("warn_within", 0.10)
    levels: list[Status] = []
    if "min" in applied:
        x = applied["min"]
        if _at_least(value, x):
            levels.append(Status.PASS)
        elif _at_least(value, x - abs(x) * w):
            levels.append(Status.WARN)
        else:
            levels.append(Status.FAIL)
    if "max" in applied:
        x = applied["max"]
        if _at_most(value, x):
            levels.append(Status.PASS)
        elif _at_most(value, x + abs(x) * w):
            levels.append(Status.WARN)
        else:
            levels.append(Status.FAIL)
    if Status.FAIL in levels:
        return Status.FAIL
    if Status.WARN in levels:
        return Status.WARN
    return Status.PASS


def attainment(
    value: float | None, applied: Mapping[str, float] | None, cap: float
) -> float | None:
    """value/min for a min target, max/value for a max target; for both (a band) 1.0 inside
    it, value/min below it, max/value above it (uncapped; see the module docstring)."""
    if applied is None or value is None or math.isnan(value):
        return None
    lo = applied.get("min")
    hi = applied.get("max")
    if lo is not None and hi is not None:
        if not _at_least(value, lo):
            return value / lo if lo > 0 else None
        if not _at_most(value, hi):
            return hi / value if hi >= 0 else None  # value > max >= 0 here
        return 1.0
    if lo is not None:
        return value / lo if lo > 0 else None
    if hi is not None and hi >= 0:
        return cap if value <= 0 else hi / value
    return None


def score(items: Iterable[tuple[float | None, float]], cap: float) -> float | None:
    """Σ weight × clamp(attainment, 0, cap) / Σ weight; attainment None (no data) counts as 0."""
    total_weight = 0.0
    total = 0.0
    for att, weight in items:
        total_weight += weight
        if att is not None:
            total += weight * min(max(att, 0.0), cap)
    if total_weight <= 0:
        return None
    return total / total_weight


def targets_for(config: Config, group: Mapping[str, str]) -> dict[str, Target]:
    """The targets that apply to a result group (see the module docstring)."""
    if not group:
        return dict(config.targets)
    if len(group) == 1 and "owner" in group:
        owner = config.owners.get(group["owner"])
        return dict(owner.targets) if owner is not None else {}
    if len(group) == 1 and "team" in group:
        team = config.teams.get(group["team"])
        return dict(team.targets) if team is not None else {}
    return {}


def evaluate(
    value: float | None,
    target: Target | None,
    kpi: KpiMeta,
    period: Period,
    config: Config,
    coverage: Coverage | None = None,
) -> tuple[dict[str, float] | None, Status, float | None]:
    """One KPI value against its target: (applied target, status, uncapped attainment)."""
    if target is None:
        return None, status(value, None), None
    applied = applied_target(target, kpi, period, config.per, coverage)
    return applied, status(value, applied), attainment(value, applied, config.settings.score_cap)


_MISSED: dict[str, frozenset[Status]] = {
    "fail": frozenset({Status.FAIL, Status.NO_DATA}),
    "warn": frozenset({Status.FAIL, Status.WARN, Status.NO_DATA}),
    "never": frozenset(),
}


def missed_targets(result: ComputeResult, fail_on: str) -> list[KpiResult]:
    """The results that miss their target at the ``--fail-on`` level (fail | warn | never),
    in result order: what the CLI lists on stderr when it exits 1."""
    bad = _MISSED[fail_on]
    return [r for r in result.results if r.status in bad]
