"""``suggest``: next period's targets from what happened (a trend), each with its basis.

The method (README, Suggested targets), for each KPI the current config targets (the team's
and each owner's; without a config, :data:`DEFAULT_KPIS` for the team):

1. The comparable periods are those of the target period's kind (months for a month) that end
   before it; the last :data:`WINDOW` of them with data are the trailing periods. An additive
   KPI is taken per covered day (a partial period counts at its daily rate, so a month half
   downloaded never drags the median down); other KPIs as they are (a ratio does not depend on
   the days). Periods without data are left out.
2. The level is the median of the trailing periods. When they trend up or down (the
   least-squares change over them is more than 1 % of their mean level, as ``trend`` judges),
   the median is carried along that slope to the target period; not when that would cross
   zero.
3. When the figures have the same period a year earlier and the trailing periods before that
   one, the seasonal index (last year's period / the median of its own trailing periods)
   multiplies the median instead of the trend: a November that was 1.5 times its August to
   October is expected to be so again.
4. An additive level is scaled to the target period's days; then the stretch is applied in
   the direction of the bound: a ``min`` goes up by ``stretch`` of the level, a ``max`` down.
   A fraction's ``min`` stretched past 100 % is capped at the best trailing period (a share
   such as the buy box rate cannot pass 100 %).
   A band (both bounds) is recentred on the level with its width in proportion, unstretched;
   the targets of band KPIs (days of supply, weeks of cover) are a stock policy and are kept.
5. No data in any comparable period: no target is suggested, and the basis says why.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence

from kpitool.config import Config, Target
from kpitool.engine.periods import against_period, kind_of, label, parse_period, units_between
from kpitool.engine.trend import FLAT, folder_periods
from kpitool.errors import KpiToolError
from kpitool.io.model import Scan
from kpitool.kpis.catalogue import Better, KpiMeta, Unit
from kpitool.results import Period
from kpitool.results.suggest import Basis, Point, Suggestion, SuggestResult
from kpitool.results.trend import Series, TrendResult

#: the median takes the last this many comparable periods with data (a quarter of months)
WINDOW = 3
#: without a config: the team's targets suggested, and the bound each gets
DEFAULT_KPIS: dict[str, str] = {
    "sales": "min",
    "conversion_rate": "min",
    "acos": "max",
    "tacos": "max",
    "net_margin": "min",
}
KINDS = ("week", "month", "quarter", "year")


def target_period(text: str) -> Period:
    """The period to suggest targets for: a calendar week, month, quarter or year."""
    period = parse_period(text)
    if kind_of(period) not in KINDS:
        raise KpiToolError(
            f"--period {text}: suggest takes a week, month, quarter or year "
            "(2026-W45, 2026-11, 2026-Q1, 2027): its comparable periods are the ones before it"
        )
    return period


def periods_before(scan: Scan, target: Period) -> list[Period]:
    """The periods of the target's kind under a folder that end before it."""
    kind = kind_of(target)
    spans = [p for p in folder_periods(scan, kind) if p.end < target.start]
    if not spans:
        raise KpiToolError(f"{scan.folder}: no {kind} before {label(target)} to go by")
    return spans


def _defaults(config: Config) -> bool:
    """No config file and no targets: the documented default set."""
    return (
        config.path is None
        and not config.targets
        and not any(o.targets for o in config.owners.values())
    )


def plan(config: Config) -> tuple[list[str], list[str]]:
    """The breakdown and the KPIs a suggestion needs from a trend."""
    kpis = dict.fromkeys(DEFAULT_KPIS if _defaults(config) else config.targets)
    owned = False
    for owner in config.owners.values():
        kpis.update(dict.fromkeys(owner.targets))
        owned = owned or bool(owner.targets)
    return (["owner"] if owned else []), list(kpis)


def suggest(
    trend: TrendResult,
    config: Config,
    period: Period,
    *,
    stretch: float = 0.05,
    window: int = WINDOW,
) -> SuggestResult:
    """The targets of ``config`` (team and owners) for ``period``, from ``trend``."""
    if not 0 <= stretch < 1:
        raise KpiToolError(f"--stretch {stretch:g}: give a fraction from 0 to below 1 (0.05 = 5 %)")
    out = SuggestResult(period, label(period), trend.source, stretch, window, trend.currency)
    if config.path is not None:
        out.config = config.model_dump(mode="json", exclude_unset=True)
        out.config_path = str(config.path)
    out.warnings, out.notes = list(trend.warnings), list(trend.notes)
    index = {(json.dumps(s.group, sort_keys=True), s.kpi): s for s in trend.series}
    team: dict[str, Target | str] = dict(DEFAULT_KPIS if _defaults(config) else config.targets)
    wanted: list[tuple[dict[str, str], dict[str, Target | str]]] = [({}, team)]
    wanted += [({"owner": o}, dict(owner.targets)) for o, owner in config.owners.items()]
    for group, targets in wanted:
        for kpi, target in targets.items():
            series = index.get((json.dumps(group, sort_keys=True), kpi))
            out.suggestions.append(_one(series, group, kpi, target, config, out))
    return out


def _one(
    series: Series | None,
    group: dict[str, str],
    kpi: str,
    target: Target | str,
    config: Config,
    out: SuggestResult,
) -> Suggestion:
    meta = config.kpi_meta(kpi)
    period, kind = out.period, kind_of(out.period)
    basis = Basis(per_day=meta.additive, days=period.days, last_year="")
    keep = _keep(target, meta, kind, config)
    suggestion = Suggestion(group, kpi, str(meta.unit), {}, keep, basis)
    points = _points(series, kind, meta)
    before = [(p, pt) for p, pt in points if p.end < period.start]
    basis.points = [pt for _, pt in before[-out.window :]]
    ly = against_period("last-year", period)
    basis.last_year = label(ly)
    if not basis.points and meta.better is Better.BAND and isinstance(target, Target):
        basis.kept = f"kept as written: a stock band is a policy (no {kpi} data to show)"
        suggestion.bounds = _written(target)
        return suggestion
    if not basis.points:
        whose = ", ".join(f"{k}={v}" for k, v in group.items()) or "the team"
        basis.none = (
            f"no target suggested: {out.source} has no {kpi} of {whose} for any {kind} "
            f"before {out.label}"
        )
        return suggestion
    values = [pt.value for pt in basis.points]
    basis.median = statistics.median(values)
    basis.base = basis.median
    _apply_trend(basis, [p for p, _ in before[-out.window :]], period, kind)
    _apply_season(basis, points, ly, kind, out.window)
    level = basis.base
    assert level is not None
    basis.scaled = level * period.days if meta.additive else level
    suggestion.bounds = _bounds(basis, target, meta, out.stretch)
    return suggestion


def _keep(target: Target | str, meta: KpiMeta, kind: str, config: Config) -> dict[str, object]:
    """The weight, warn band and period length of the current target, kept as written; an
    additive target is stated for the target period's kind when the config's ``per`` is not."""
    keep: dict[str, object] = {}
    if isinstance(target, Target):
        for key in ("warn_within", "weight", "per"):
            if key in target.model_fields_set:
                keep[key] = getattr(target, key)
    if meta.additive:
        keep.pop("per", None)
        if kind != config.per:
            keep["per"] = kind
    return keep


def _points(series: Series | None, kind: str, meta: KpiMeta) -> list[tuple[Period, Point]]:
    """The periods of ``kind`` with data, in order, each with its figure (per covered day for
    an additive KPI)."""
    if series is None:
        return []
    out: list[tuple[Period, Point]] = []
    for e in series.entries:
        p, value = parse_period(e.period), e.result.value
        if value is None or kind_of(p) != kind:
            continue
        days, of = e.coverage if e.coverage is not None else (None, None)
        if meta.additive:
            covered = days if days is not None else p.days
            if covered <= 0:
                continue
            value = value / covered
        out.append((p, Point(e.period, value, days, of)))
    return out


def _position(origin: Period, p: Period, kind: str) -> int:
    """How many ``kind`` periods ``p`` is after ``origin`` (0 for origin itself)."""
    if p.start < origin.start:
        return -_position(p, origin, kind)
    return len(units_between(kind, origin.start, p.start)) - 1


def _fit(xs: Sequence[float], ys: Sequence[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def _apply_trend(basis: Basis, periods: list[Period], target: Period, kind: str) -> None:
    if len(periods) < 2:
        return
    xs = [float(_position(periods[0], p, kind)) for p in periods]
    ys = [pt.value for pt in basis.points]
    slope = _fit(xs, ys)
    basis.slope = slope
    level = sum(abs(y) for y in ys) / len(ys)
    change = slope * (xs[-1] - xs[0])
    if change == 0 or abs(change) <= FLAT * level:
        basis.trend = "flat"
        return
    basis.trend = "up" if change > 0 else "down"
    assert basis.median is not None
    ahead = _position(periods[0], target, kind) - sum(xs) / len(xs)
    projected = basis.median + slope * ahead
    if (basis.median > 0 and projected <= 0) or (basis.median < 0 and projected >= 0):
        basis.trend_note = "not applied: carried to the target period it would cross zero"
        return
    basis.projected = projected
    basis.base = projected


def _apply_season(
    basis: Basis, points: list[tuple[Period, Point]], ly: Period, kind: str, window: int
) -> None:
    found = [pt for p, pt in points if p == ly]
    if not found:
        return
    basis.last_year_value = found[0].value
    earlier = [
        pt.value for p, pt in points if p.end < ly.start and _position(p, ly, kind) <= window
    ]
    if not earlier:
        basis.seasonal_note = "shown, not used: no periods before it to compare it with"
        return
    ly_median = statistics.median(earlier[-window:])
    assert basis.median is not None
    if ly_median == 0 or (ly_median > 0) != (found[0].value > 0):
        basis.seasonal_note = "shown, not used: its periods before it do not give a ratio"
        return
    basis.seasonal_index = found[0].value / ly_median
    basis.base = basis.median * basis.seasonal_index
    basis.projected = None  # the season replaces the trend


def _bounds(basis: Basis, target: Target | str, meta: KpiMeta, stretch: float) -> dict[str, float]:
    level = basis.scaled
    assert level is not None
    lo = target.min if isinstance(target, Target) else (0.0 if target == "min" else None)
    hi = target.max if isinstance(target, Target) else (0.0 if target == "max" else None)
    if meta.better is Better.BAND and isinstance(target, Target):
        basis.kept = "kept as written: a stock band is a policy (lead time, days of cover)"
        return _written(target)
    if lo is not None and hi is not None:
        centre = (lo + hi) / 2
        if centre <= 0 or level <= 0:
            basis.kept = "kept as written: the band cannot be recentred on a level of 0 or less"
            return {"min": lo, "max": hi}
        factor = level / centre
        basis.kept = f"band recentred on the level ({factor:.3f} of its centre), no stretch"
        return {"min": _round(lo * factor, meta), "max": _round(hi * factor, meta)}
    if lo is not None:
        basis.stretch = stretch
        raised = level + abs(level) * stretch
        best = max(pt.value for pt in basis.points)
        if meta.unit is Unit.RATIO and raised > 1 >= best:
            basis.capped = best  # a share cannot pass 100 %: no higher than the best seen
            raised = best
        return {"min": _round(raised, meta)}
    basis.stretch = -stretch
    return {"max": _round(level - abs(level) * stretch, meta)}


def _written(target: Target) -> dict[str, float]:
    return {k: v for k, v in (("min", target.min), ("max", target.max)) if v is not None}


def _round(value: float, meta: KpiMeta) -> float:
    """Targets at a sensible precision: whole amounts and counts for sums, 4 decimals for a
    fraction (12.34 %), 2 for a multiple or a price, 1 for days and weeks."""
    if meta.additive and meta.unit in (Unit.CURRENCY, Unit.COUNT):
        return float(round(value))
    digits = {Unit.RATIO: 4, Unit.MULTIPLE: 2, Unit.CURRENCY: 2, Unit.DAYS: 1, Unit.WEEKS: 1}
    return round(value, digits.get(meta.unit, 4))
