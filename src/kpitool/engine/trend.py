"""``trend``: the KPIs of every period under a folder (one ``compute`` per period), or of the
periods a history holds, side by side, with each series' direction.

A period that nothing covers is ``no_data`` for every KPI (value None, coverage 0 of its
days): never 0 and never another period's figure. A trend of periods none of which has data
is an input error (exit 3).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from kpitool.config import Config
from kpitool.engine.compute import compute
from kpitool.engine.coverage import dated_range
from kpitool.engine.evaluate import applied_target, targets_for
from kpitool.engine.incentives import attach as attach_payouts
from kpitool.engine.periods import kind_of, label, parse_period, units_between
from kpitool.errors import InputError, KpiToolError, NothingCovers
from kpitool.io.folder import measure
from kpitool.io.model import Scan
from kpitool.kpis.catalogue import Better
from kpitool.results import ComputeResult, KpiResult, Period, Score, Status
from kpitool.results.trend import Series, TrendEntry, TrendPeriod, TrendResult, TrendScore

PERS = ("day", "week", "month", "quarter", "year")
#: a series whose fitted change over its periods is under 1 % of its mean level is flat
FLAT = 0.01


#: time breakdowns: a trend's columns are already periods
TIME_DIMS = ("day", "week", "month")


def check_trend_by(by: Sequence[str]) -> None:
    for d in by:
        if any(part.strip() in TIME_DIMS for part in d.split(",")):
            raise KpiToolError(
                f"--by {d}: a trend's columns are periods already; use --per {d.split(',')[0]}"
            )


def periods_wanted(periods: str | None, per: str | None) -> list[Period] | None:
    """``--periods A..B`` (each side a period; every ``per`` unit between, by default the
    kind of A: ``2026-01..2026-10`` is ten months), or None when not given."""
    if per is not None and per not in PERS:
        raise KpiToolError(f"unknown --per {per!r}; use one of {', '.join(PERS)}")
    if periods is None:
        return None
    first, sep, last = periods.partition("..")
    if not sep or not first or not last:
        raise KpiToolError(f"bad --periods {periods!r}; write FIRST..LAST, e.g. 2026-01..2026-10")
    a, b = parse_period(first), parse_period(last)
    if b.end < a.start:
        raise KpiToolError(f"bad --periods {periods!r}: {last} is before {first}")
    return units_between(per or kind_of(a), a.start, b.end)


def folder_periods(scan: Scan, per: str | None) -> list[Period]:
    """The periods under ROOT: its period folders (``2026-09/``, ``2026-10/``), else, or with
    ``per``, every ``per`` unit (default month) from the first dated day to the last."""
    named = sorted({r.folder_period for r in scan.reports if r.folder_period is not None})
    if per is None and named:
        return [Period(a, b) for a, b in named]
    spans = [(a, b) for a, b in named]
    errors = measure([r for r in scan.reports if not r.measured], cells=False)  # their dates
    if errors:
        raise InputError(f"{errors[0].path}: {errors[0].message}")
    found = dated_range(scan)
    if found is not None:
        spans.append(found)
    if not spans:
        raise KpiToolError(
            f"{scan.folder}: no periods: no folder names a period and the reports carry no "
            "dates; pass --periods, e.g. --periods 2026-01..2026-10"
        )
    start: date = min(a for a, _ in spans)
    end: date = max(b for _, b in spans)
    return units_between(per or "month", start, end)


def trend(
    scan: Scan,
    config: Config,
    periods: Sequence[Period],
    *,
    by: Sequence[str] = (),
    kpis: Sequence[str] = (),
    known: Mapping[Period, ComputeResult] | None = None,
) -> TrendResult:
    """One ``compute`` per period of ``scan``; a period nothing covers is no_data.

    ``known``: results of some periods already computed with the same ``by`` (``report``'s
    comparison), used as they are."""
    check_trend_by(by)
    wanted = _check_kpis(kpis, config)
    out = TrendResult([TrendPeriod(label(p), p) for p in periods], None, list(by), str(scan.folder))
    figures: dict[str, list[KpiResult]] = {}
    for p in periods:
        name = label(p)
        try:
            result = (known or {}).get(p) or compute(scan, config, period=name, by=by)
        except NothingCovers:
            out.notes.append(f"{name}: nothing covers this period: no_data")
            out.uncovered.append(name)
            continue
        out.currency = out.currency or result.currency
        figures[name] = [r for r in result.all_results() if not wanted or r.kpi in wanted]
        out.scores.extend(TrendScore(name, s) for s in result.scores)
        out.warnings.extend(f"{name}: {w}" for w in result.warnings)
        out.notes.extend(f"{name}: {n}" for n in result.notes if not other_periods(n))
    if not figures:
        asked = f"{out.periods[0].label}..{out.periods[-1].label}" if out.periods else "none"
        raise KpiToolError(f"{scan.folder}: nothing covers any of the periods ({asked})")
    cov = {
        name: [(r.coverage.days, r.coverage.period.days) if r.coverage else None for r in rs]
        for name, rs in figures.items()
    }
    _assemble(out, figures, cov, config)
    return out


def trend_from_history(
    rows: Iterable[dict[str, Any]],
    config: Config,
    periods: Sequence[Period] | None,
    *,
    per: str | None = None,
    by: Sequence[str] = (),
    kpis: Sequence[str] = (),
    source: str = "history",
) -> TrendResult:
    """The trend of the current figures of a history (``store.latest`` rows)."""
    check_trend_by(by)
    wanted = _check_kpis(kpis, config)
    dims = set(by)
    rows = [r for r in rows if not wanted or r["kpi"] in wanted]
    kept = []
    for r in rows:
        group = json.loads(r["grp"])
        if group and set(group) != dims:
            continue
        kept.append(
            (
                Period(date.fromisoformat(r["period_start"]), date.fromisoformat(r["period_end"])),
                group,
                r,
            )
        )
    if periods is None:
        found = sorted({p for p, _, _ in kept}, key=lambda p: (p.start, p.end))
        periods = [p for p in found if per is None or kind_of(p) == per]
    if not periods:
        raise KpiToolError(
            f"{source}: holds no periods for this account; record some with compute --history"
        )
    out = TrendResult([TrendPeriod(label(p), p) for p in periods], None, list(by), source)
    names = {p: label(p) for p in periods}
    figures: dict[str, list[KpiResult]] = {}
    cov: dict[str, list[tuple[int, int] | None]] = {}
    scored: set[tuple[str, str]] = set()
    for p, group, r in kept:
        if p not in names:
            continue
        name = names[p]
        out.currency = out.currency or r["currency"]
        target = {
            k: r[f"target_{k}"]
            for k in ("min", "max", "warn_within")
            if r.get(f"target_{k}") is not None
        }
        if "min" not in target and "max" not in target:
            target = {}
        figures.setdefault(name, []).append(
            KpiResult(
                group,
                r["kpi"],
                r["value"],
                r["unit"],
                target or None,
                Status(r["status"]),
                r["attainment"],
                bool(r["partial"]),
                projected=r["projected"],
                additive=r["projected"] is not None,
            )
        )
        days, of = r["coverage_days"], r["coverage_of"]
        cov.setdefault(name, []).append(None if days is None else (days, of))
        if (name, r["grp"]) not in scored:
            scored.add((name, r["grp"]))
            if r["score"] is not None:
                out.scores.append(TrendScore(name, Score(group, r["score"])))
    if not figures:
        raise KpiToolError(f"{source}: no figures for the periods asked for")
    out.uncovered = [p.label for p in out.periods if p.label not in figures]
    order = {p.label: i for i, p in enumerate(out.periods)}
    out.scores.sort(key=lambda s: order[s.period])
    for name, results in figures.items():
        attach_payouts((s.score for s in out.scores if s.period == name), config, results)
    _assemble(out, figures, cov, config)
    return out


#: compute's notes about reports of other periods: a trend reads every period by design
_OTHER_PERIODS = ("wholly outside the period", "which is not within the period")


def other_periods(note: str) -> bool:
    """A note of compute about reports of other periods (a root of months holds them)."""
    return any(text in note for text in _OTHER_PERIODS)


def _check_kpis(kpis: Sequence[str], config: Config) -> set[str]:
    known = config.kpi_ids()
    unknown = [k for k in kpis if k not in known]
    if unknown:
        raise KpiToolError(
            f"unknown KPI id(s) in --kpis: {', '.join(unknown)}; use ids from the README, KPIs"
        )
    return set(kpis)


def _assemble(
    out: TrendResult,
    figures: dict[str, list[KpiResult]],
    cov: dict[str, list[tuple[int, int] | None]],
    config: Config,
) -> None:
    """One series per (group, KPI) seen in any period; a period without it is no_data."""
    keys: dict[tuple[str, str], Series] = {}
    found: dict[tuple[str, str, str], TrendEntry] = {}
    for name, results in figures.items():
        for r, c in zip(results, cov[name], strict=True):
            key = (json.dumps(r.group, sort_keys=True), r.kpi)
            if key not in keys:
                keys[key] = Series(r.group, r.kpi, r.unit, [])
            found[(name, *key)] = TrendEntry(name, r, c)
    for key, series in keys.items():
        for tp in out.periods:
            entry = found.get((tp.label, *key))
            if entry is None:
                entry = TrendEntry(tp.label, _empty(series, tp, config), (0, tp.period.days))
            series.entries.append(entry)
        _direction(series, config)
    ids = {k: i for i, k in enumerate(config.kpi_ids())}
    # the total first, then the groups in order, each KPI in catalogue order
    out.series = sorted(
        keys.values(),
        key=lambda s: (bool(s.group), json.dumps(s.group, sort_keys=True), ids.get(s.kpi, 1 << 30)),
    )


def _empty(series: Series, tp: TrendPeriod, config: Config) -> KpiResult:
    """The figure of a period without data: no_data, with the target that period has, so a
    targeted KPI without data is judged as a missed target (never a pass)."""
    target = targets_for(config, series.group).get(series.kpi)
    applied = None
    if target is not None:
        try:
            meta = config.kpi_meta(series.kpi)
        except KeyError:
            meta = None
        if meta is not None:
            applied = applied_target(target, meta, tp.period, config.per)
    return KpiResult(series.group, series.kpi, None, series.unit, applied, Status.NO_DATA)


def _direction(series: Series, config: Config) -> None:
    """Least squares over the periods (gaps kept in place); additive KPIs per covered day,
    so a 31-day month is not a rise over a 30-day one."""
    points: list[float | None] = []
    for e in series.entries:
        v, c = e.result.value, e.coverage
        if v is None:
            points.append(None)
        elif e.result.additive and c is not None and c[0] > 0:
            points.append(v / c[0])
        else:
            points.append(v)
    series.points = points
    xy = [(float(i), y) for i, y in enumerate(points) if y is not None]
    if len(xy) < 2:
        return
    n = len(xy)
    mx, my = sum(x for x, _ in xy) / n, sum(y for _, y in xy) / n
    sxx = sum((x - mx) ** 2 for x, _ in xy)
    slope = sum((x - mx) * (y - my) for x, y in xy) / sxx
    change = slope * (xy[-1][0] - xy[0][0])
    level = sum(abs(y) for _, y in xy) / n
    if abs(change) <= FLAT * level or change == 0:
        series.direction = "flat"
        return
    series.direction = "up" if change > 0 else "down"
    try:
        better = config.kpi_meta(series.kpi).better
    except KeyError:
        return
    if better is Better.HIGHER:
        series.better = change > 0
    elif better is Better.LOWER:
        series.better = change < 0


def merge(first: TrendResult, second: TrendResult, config: Config) -> TrendResult:
    """The periods of both trends in date order; a period with data in ``first`` (the
    reports) takes its figures from there, else from ``second`` (a history)."""

    def has_data(t: TrendResult, name: str) -> bool:
        return any(
            e.period == name and e.result.value is not None for s in t.series for e in s.entries
        )

    spans = {p.label: p for p in (*second.periods, *first.periods)}
    periods = sorted(spans.values(), key=lambda p: (p.period.start, p.period.end))
    out = TrendResult(periods, first.currency or second.currency, first.group_by, first.source)
    out.source = f"{first.source} and {second.source}"
    figures: dict[str, list[KpiResult]] = {}
    cov: dict[str, list[tuple[int, int] | None]] = {}
    for p in periods:
        use = first if has_data(first, p.label) or not has_data(second, p.label) else second
        entries = [e for s in use.series for e in s.entries if e.period == p.label]
        entries = [e for e in entries if e.result.value is not None or e.result.target]
        if entries:
            figures[p.label] = [e.result for e in entries]
            cov[p.label] = [e.coverage for e in entries]
        out.scores.extend(s for s in use.scores if s.period == p.label)
    out.warnings = first.warnings + second.warnings
    out.notes = first.notes + second.notes
    _assemble(out, figures, cov, config)
    return out
