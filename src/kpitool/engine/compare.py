"""``compare``: two periods (or two folders) -> per-KPI changes and the drivers of the change.

Each side is an ordinary :func:`~kpitool.engine.compute.compute` run; the comparison is pure
on the two results. Drivers (the why) are worked out for the total: the exact splits of sales,
ACOS and TACOS into their factors' effects, and the ASINs, campaigns and search terms that
explain each change (:mod:`kpitool.engine.drivers`, which also states the rule for zeros and
missing values); and with ``by`` owner, team, asin or campaign, for each group
(:mod:`kpitool.engine.by_group`), from breakdowns planned in the same pass.

When the periods differ in length, additive KPIs are also compared per day; then ``better`` and
``--fail-on-decline`` judge the per-day change. Effects and contributors explain the change of
the totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpitool.config import Config
from kpitool.engine.by_group import breakdowns, group_drivers, summed_dims, total_frame
from kpitool.engine.compute import compute
from kpitool.engine.drivers import BREAKDOWNS, DRIVER_KPIS, build_drivers, values
from kpitool.engine.periods import against_period
from kpitool.errors import KpiToolError
from kpitool.io.model import Scan
from kpitool.kpis.catalogue import Better
from kpitool.results import ComputeResult, KpiResult, Period, Status
from kpitool.results.compare import CompareResult, Contributor, Driver, KpiChange, PerDay


def _text(p: Period) -> str:
    return f"{p.start.isoformat()}..{p.end.isoformat()}"


# ------------------------------------------------------------------ compare
def compare(
    before: Scan,
    after: Scan,
    config: Config,
    *,
    period: str | None = None,
    against: str | None = None,
    by: Sequence[str] = (),
    top: int = 5,
    groups: bool = True,
) -> CompareResult:
    """Compare the KPIs of ``after`` (period ``period``, else its folder's) with ``before``
    (period ``against``, relative to AFTER's period, else its own folder's). ``groups``: the
    drivers of each group of ``by`` too (see :mod:`kpitool.engine.by_group`)."""
    if top < 0:
        raise KpiToolError("--top must be 0 or more")
    wants = sides(top, by if groups else ())
    res_after = _side("after", after, config, period=period, by=by, **wants)
    before_period = None
    if against is not None:
        before_period = _text(against_period(against, res_after.period))
    # one folder: an undated report belongs to the period its folder names, not to both
    res_before = _side(
        "before",
        before,
        config,
        period=before_period,
        by=by,
        assume_undated=None if before is not after else False,
        **wants,
    )
    one = before is after
    return explain(res_before, res_after, config, top=top, one_folder=one, groups=groups)


def sides(top: int, by: Sequence[str] = ()) -> dict[str, Any]:
    """What ``compute`` is asked for on each side: the drivers' breakdowns (and with ``by``,
    those of each group's contributors: "owner,asin", ...; the total's by search term is
    then their sum), planned in the side's one pass over its data."""
    summed = summed_dims(by)
    wanted = (*(d for d in BREAKDOWNS if d not in summed), *breakdowns(by)) if top else ()
    return {"values_by": wanted, "value_kpis": DRIVER_KPIS}


def explain(
    res_before: ComputeResult,
    res_after: ComputeResult,
    config: Config,
    *,
    top: int = 5,
    one_folder: bool = False,
    groups: bool = False,
) -> CompareResult:
    """The comparison of two computed sides (each computed with :func:`sides`' breakdowns):
    the changes, the warnings of both sides and the drivers (``groups``: each group's too).
    ``one_folder``: both sides come from one folder (reports used for both periods are named
    in a warning)."""
    result = CompareResult(res_before, res_after)
    result.results = changes(res_before, res_after, config)
    result.warnings = [f"before: {w}" for w in res_before.warnings]
    result.warnings += [f"after: {w}" for w in res_after.warnings]
    result.notes = [f"before: {n}" for n in res_before.notes]
    result.notes += [f"after: {n}" for n in res_after.notes]
    if res_before.currency != res_after.currency:
        result.warnings.append(
            f"the periods are in different currencies ({res_before.currency} before, "
            f"{res_after.currency} after): money KPIs are not comparable"
        )
    if res_before.period == res_after.period and not one_folder:
        result.warnings.append(f"both sides cover the same period {_text(res_after.period)}")
    if one_folder and res_before.period != res_after.period:
        shared = {x.path for x in res_before.sources} & {x.path for x in res_after.sources}
        result.warnings += [
            f"{path}: used for both periods (it has no dates of its own, or spans both); "
            f"compare two folders, one per period, for a true comparison"
            for path in sorted(shared)
        ]
    facts = {}
    for dim in BREAKDOWNS if top else ():  # the total's (the groups' are group_drivers')
        pair = (total_frame(res_before, dim), total_frame(res_after, dim))
        if pair[0] is not None and pair[1] is not None:
            facts[dim] = (pair[0], pair[1])
    result.drivers = build_drivers(res_before, res_after, facts, top, result.warnings)
    if groups:
        result.drivers += group_drivers(res_before, res_after, top, result.warnings, result.notes)
    return result


def _side(name: str, scan: Scan, config: Config, **kwargs: Any) -> ComputeResult:
    """One side's compute; an input error names the side ("before: nothing covers ...")."""
    try:
        return compute(scan, config, **kwargs)
    except KpiToolError as exc:
        raise type(exc)(f"{name}: {exc}") from None


def _pct(delta: float | None, before: float | None) -> float | None:
    if delta is None or not before:
        return None
    return delta / abs(before)


def _better(delta: float | None, better: Better) -> bool | None:
    if delta is None or delta == 0 or better not in (Better.HIGHER, Better.LOWER):
        return None
    return (delta > 0) == (better is Better.HIGHER)


def _days(r: KpiResult | None, period: Period) -> int:
    """The days a value covers: its coverage, else the whole period."""
    return r.coverage.days if r is not None and r.coverage is not None else period.days


def changes(before: ComputeResult, after: ComputeResult, config: Config) -> list[KpiChange]:
    """Each KPI of ``after`` against ``before`` (per day where additive and the days differ)."""
    old = values(before)
    out: list[KpiChange] = []
    for r in after.all_results():
        b = old.get(tuple(r.group.items()), {}).get(r.kpi)
        vb = None if b is None else b.value
        va = r.value
        delta = None if vb is None or va is None else va - vb
        meta = config.kpi_meta(r.kpi)
        per_day = None
        judged = delta
        days_b, days_a = _days(b, before.period), _days(r, after.period)
        if meta.additive and days_b != days_a and days_b and days_a:
            db = None if vb is None else vb / days_b
            da = None if va is None else va / days_a
            dd = None if db is None or da is None else da - db
            per_day = PerDay(db, da, dd, _pct(dd, db))
            judged = dd
        out.append(
            KpiChange(
                r.group,
                r.kpi,
                r.unit,
                vb,
                va,
                delta,
                _pct(delta, vb),
                None if delta is None or r.unit != "ratio" else delta * 100,  # not for multiples
                _better(judged, meta.better),
                Status.NO_DATA if b is None else b.status,
                r.status,
                r.target is not None,
                per_day,
                coverage_before=None if b is None else b.coverage,
                coverage_after=r.coverage,
                partial_before=b is not None and b.partial,
                partial_after=r.partial,
            )
        )
    return out


def declined(result: CompareResult, pct: float | None) -> list[KpiChange]:
    """The targeted KPIs that moved the wrong way by more than ``pct`` percent."""
    if pct is None:
        return []
    out = []
    for c in result.results:
        rel = c.per_day.delta_pct if c.per_day is not None else c.delta_pct
        if c.targeted and c.better is False and rel is not None and abs(rel) * 100 > pct:
            out.append(c)
    return out


__all__ = [
    "CompareResult",
    "Contributor",
    "Driver",
    "KpiChange",
    "PerDay",
    "changes",
    "compare",
    "declined",
    "explain",
    "sides",
]
