"""``compute``: reports + config -> KPI values, target statuses and scores (a ComputeResult).

The steps: resolve the period; choose the source of each family of facts (engine/sources.py);
build every table lazily (engine/frames.py, engine/facts.py); collect all of them at once;
evaluate the KPI expressions (kpis/registry.py and the config's custom formulas) on the small
per-group facts tables; then targets, statuses and scores (engine/evaluate.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from kpitool.config import Config
from kpitool.engine.collect import Batch, side_by_side
from kpitool.engine.coverage import (
    assign_folder_periods,
    covered,
    dated_range,
    place_undated,
    relative,
)
from kpitool.engine.dims import NONE_LABEL, Dim, parse_by
from kpitool.engine.facts import Breakdown, Sources, assemble, plan_breakdown
from kpitool.engine.findings import run_warnings
from kpitool.engine.groups import check_view, group_table
from kpitool.engine.incentives import attach as attach_payouts
from kpitool.engine.kpi_coverage import (
    Common,
    common_days,
    family_coverage,
    kpi_families,
)
from kpitool.engine.money import Money, plan_money
from kpitool.engine.owners import OwnerRule, rules_from_owners
from kpitool.engine.periods import resolve_period
from kpitool.engine.profit import prepare, sku_asin_pairs, sku_to_asin
from kpitool.engine.scope import (
    measure_first,
    no_reports,
    nothing_covers,
    wholly_outside,
    within,
)
from kpitool.engine.shape import (
    COST_BASED,
    Shape,
    group_values,
    kpi_results,
    scores,
    waterfall,
)
from kpitool.engine.sources import (
    ad_sources,
    age_sources,
    inventory_source,
    pick,
    profit_source,
    sales_sources,
)
from kpitool.errors import InputError, NothingCovers, escape_control
from kpitool.io.combine import resolve_overlaps
from kpitool.io.folder import (
    apply_measure,
    kept_in_memory,
    measure,
    measure_query,
    stream_repeats,
    unmeasured,
)
from kpitool.io.model import FileError, Report, Scan
from kpitool.kpis.registry import KpiContext
from kpitool.results import (
    ComputeResult,
    Coverage,
    Period,
    Source,
)
from kpitool.results.groups import View


def compute(
    scan: Scan,
    config: Config,
    *,
    period: str | None = None,
    by: Sequence[str] = (),
    values_by: Sequence[str] = (),
    value_kpis: Sequence[str] = (),
    assume_undated: bool | None = None,
    view: View | None = None,
) -> ComputeResult:
    """Compute every built-in and custom KPI for the total and for the ``by`` breakdown.

    ``values_by``: breakdowns of one or two dimensions (e.g. ``compare``'s drivers: asin,
    campaign, search_term; per owner: "owner,asin", ...) of which only the built-in
    ``value_kpis`` are wanted, per group, in ``result.values_by``; planned in the same pass
    over the data, without a KpiResult per group and KPI (a search term breakdown has one
    group per search term).

    ``assume_undated``: an undated report that no folder places in a period is taken to cover
    the period asked for (default: when ``period`` is given; ``compare`` says no for the
    BEFORE side of one folder, whose period it worked out itself).

    ``view``: the KPIs listed (the total's too; scores count every KPI), and the groups of the
    ``by`` breakdown listed (``--where``, ``--sort``, ``--top``), checked before reading."""
    if scan.errors:
        # one line per problem, each naming its file
        # (a name is escaped: a newline in it cannot start a line of its own)
        raise InputError(
            "\n".join(f"{escape_control(str(e.path))}: {e.message}" for e in scan.errors)
        )
    if not scan.reports:
        raise InputError(no_reports(scan))
    assign_folder_periods(scan)
    dims = parse_by(by)
    view = view or View()
    if not dims:
        check_view(view, config, dims, [])
    value_dims = [parse_by([d]) for d in values_by]
    errors = measure(measure_first(scan, period), cells=False)  # what the plan needs: dates
    if errors:
        raise InputError(f"{errors[0].path}: {errors[0].message}")
    per = resolve_period(period, scan.folder, dated_range(scan))
    assume = period is not None if assume_undated is None else assume_undated
    # a report used but not yet counted may turn out to lie outside the period: it is counted
    # in the first plan's pass over the data, and the run is planned once more without it
    plan = _plan(scan, config, per, assume, dims, value_dims)
    if plan.replan:
        plan = _plan(scan, config, per, assume, dims, value_dims)
    return _result(plan, config, dims, values_by, value_kpis, view)


@dataclass
class _Plan:
    """A run's collected plan: its period, scan, sources, breakdowns (the total first, then
    ``by``), the values-only breakdowns, and their collected batch."""

    per: Period
    whole: Scan
    scan: Scan
    sources: Sources
    money: Money
    rules: Sequence[OwnerRule]
    breakdowns: list[Breakdown]
    extra: list[Breakdown]
    batch: Batch
    warnings: list[str]
    notes: list[str]
    ctx_for: Callable[[list[Dim], Period], KpiContext]
    replan: bool = False


def _plan(
    whole: Scan,
    config: Config,
    per: Period,
    assume: bool,
    dims: list[Dim],
    value_dims: list[list[Dim]],
) -> _Plan:
    """Choose the reports and sources of the period, plan every breakdown and collect them in
    one pass over the data."""
    warnings = list(whole.warnings)
    notes: list[str] = []
    scan = within(whole, per, warnings, notes)
    scan = place_undated(scan, per, assume, warnings, notes)
    # two downloads of one kind covering the same days: each row counts once
    scan = replace(scan, reports=resolve_overlaps(scan.reports))
    sources = Sources(
        sales_sources(scan, per),
        ad_sources(scan),
        inventory_source(scan, warnings),
        age_sources(scan),
        profit_source(scan, per, warnings),
    )
    mapped: list[Report] = []  # the reports profit maps SKUs to ASINs from
    if sources.profit is not None:
        sources.costs = _costs(config, warnings)
        sources.asins = sku_to_asin(scan)
        mapped = [r for r in scan.reports if sku_asin_pairs(r)]
        sources.asin_reports = mapped
        sources.ledger = prepare(sources.profit, per, sources.costs)
    money = plan_money(_money_currencies(sources), config.currency, config.fx)
    rules = rules_from_owners(config.owners)

    def ctx_for(d: list[Dim], days: Period) -> KpiContext:
        # units per day (days of supply, turnover) over the days the sales facts cover
        chosen = pick(sources.sales, d)
        n = covered(chosen.reports, days).days if chosen is not None else 0
        s = config.settings
        return KpiContext(n or days.days, s.lead_time_days, s.max_days_of_supply)

    batch = Batch()
    plans = [[], dims] if dims else [[]]
    breakdowns = [
        plan_breakdown(batch, d, sources, per, ctx_for(d, per), money, rules) for d in plans
    ]
    # values only: their warnings, sources and scores are not the result's
    extra = [
        plan_breakdown(batch, d, sources, per, ctx_for(d, per), money, rules) for d in value_dims
    ]
    planned = _planned(breakdowns + extra, mapped)
    small = [r for r in unmeasured(planned) if kept_in_memory(r)]
    # a big file used has its repeated rows found now (a streamed pass, io/repeats.py), not
    # when the plan reads it (which held the file); small files used are counted now, cleaned
    # once and kept in memory (io/folder.py), so that the plan's queries of each (a
    # transactions report has five) read those rows. The two side by side (other reports):
    # counting small files leaves a core mostly idle. Then planned again on the new frames.
    streamed, errors = side_by_side(
        lambda: stream_repeats(planned), lambda: measure(small, cells=False)
    )
    if errors:
        raise _file_errors(errors)
    if streamed or small:
        return _plan(whole, config, per, assume, dims, value_dims)
    # the reports used but not yet counted are counted in the same pass over their data
    later = [(r, batch.add(measure_query(r, cells=False), [r])) for r in unmeasured(planned)]
    try:
        batch.collect()
    except (OSError, pl.exceptions.PolarsError):
        errors = measure([r for r, _ in later], cells=False)  # which file, if one cannot be read
        if errors:
            raise _file_errors(errors) from None
        raise
    for report, ticket in later:
        apply_measure(report, batch[ticket])
    plan = _Plan(
        per, whole, scan, sources, money, rules, breakdowns, extra, batch, warnings, notes, ctx_for
    )
    plan.replan = any(wholly_outside(r, per) for r, _ in later)
    return plan


def _result(
    plan: _Plan,
    config: Config,
    dims: list[Dim],
    values_by: Sequence[str],
    value_kpis: Sequence[str],
    view: View,
) -> ComputeResult:
    """The collected plan, brought to common days where families differ, as a result."""
    per, breakdowns, batch, ctx_for = plan.per, plan.breakdowns, plan.batch, plan.ctx_for
    tables = [assemble(b, batch) for b in breakdowns]
    extra_tables = [assemble(b, batch) for b in plan.extra]
    _check_row_currencies(breakdowns + plan.extra, batch, plan.money)
    families = kpi_families(config)
    covs = [family_coverage(b, per) for b in breakdowns]
    if not any(c.days for c in covs[0].values()):
        raise NothingCovers(nothing_covers(plan.whole, per, plan.warnings))
    commons = [
        common_days(b, families, cov, _sales_dated(b))
        for b, cov in zip(breakdowns, covs, strict=True)
    ]
    narrowed = _narrowed(plan, commons, config)
    result = ComputeResult(per, plan.money.reporting, [d.value for d in dims])
    for b, table, cov, common, restricted in zip(
        breakdowns, tables, covs, commons, narrowed, strict=True
    ):
        shape = Shape(families, cov, common, restricted)
        missing = _missing_costs(b, batch)
        ctx = ctx_for(b.dims, per)
        if not b.dims:
            result.results.extend(kpi_results(table, b, config, ctx, per, missing, shape))
            continue
        groups, targeted, left_out = group_table(table, b, config, ctx, per, missing, shape, view)
        result.groups = groups
        result.results.extend(targeted)
        plan.notes.extend([left_out] if left_out else [])
    for name, b, table in zip(values_by, plan.extra, extra_tables, strict=True):
        result.values_by[name] = group_values(table, b, ctx_for(b.dims, per), value_kpis)
    result.waterfall = waterfall(tables[0], ctx_for([], per))
    result.scores = scores(result.results, config, bool(dims))
    attach_payouts(result.scores, config, result.results)
    if view.kpis:  # scored on every KPI, listed for these, in their order
        seen = {tuple(r.group.items()): None for r in result.results}
        rank = {key: i for i, key in enumerate(seen)}
        listed = [r for r in result.results if r.kpi in view.kpis]
        order = {k: i for i, k in enumerate(view.kpis)}
        result.results = sorted(listed, key=lambda r: (rank[tuple(r.group.items())], order[r.kpi]))
    result.sources = _sources(breakdowns, plan.scan.folder)
    result.coverage = {f: c for f, c in covs[0].items() if breakdowns[0].family_used.get(f)}
    result.warnings = run_warnings(plan.warnings, breakdowns, batch, per, config, plan.scan.folder)
    for common in commons:
        result.warnings.extend(w for w in common.warnings if w not in result.warnings)
    result.notes = plan.notes + list(plan.money.notes) + _narrow_notes(commons, covs[0])
    return result


def _file_errors(errors: list[FileError]) -> InputError:
    """The files that cannot be read, a line each."""
    return InputError("\n".join(f"{e.path}: {e.message}" for e in errors))


def _planned(breakdowns: list[Breakdown], mapped: list[Report]) -> list[Report]:
    """The reports the plan reads: its pieces' sources, and ``mapped`` (SKUs to ASINs)."""
    regs = [reg for b in breakdowns for reg in (b.sales, b.inventory, b.profit, *b.ages) if reg]
    regs += [reg for b in breakdowns for regs_ in b.ads.values() for reg in regs_]
    regs += [reg for b in breakdowns for pairs in b.ad_fallbacks.values() for reg, _ in pairs]
    out: dict[int, Report] = {}
    for reg in regs:
        out.update({id(r): r for r in reg.piece.source.reports})
    out.update({id(r): r for r in mapped})
    return list(out.values())


def _sales_dated(b: Breakdown) -> bool:
    return b.sales is not None and b.sales.piece.source.dated


def _narrowed(
    plan: _Plan, commons: list[Common], config: Config
) -> list[list[tuple[pl.DataFrame, KpiContext, list[str]]]]:
    """Per breakdown: the facts over each span of common days two families must share, from
    one more pass over the data (only when families of a KPI cover different days)."""
    if not any(c.restrict for c in commons):
        return [[] for _ in plan.breakdowns]
    batch = Batch()
    sources = plan.sources
    plans: list[list[tuple[Breakdown, KpiContext, list[str]]]] = []
    for b, common in zip(plan.breakdowns, commons, strict=True):
        mine = []
        for days, kpis in common.restrict.items():
            narrow = replace(sources)
            if sources.profit is not None:
                narrow.ledger = prepare(sources.profit, days, sources.costs)
            ctx = plan.ctx_for(b.dims, days)
            nb = plan_breakdown(batch, b.dims, narrow, days, ctx, plan.money, plan.rules)
            mine.append((nb, ctx, kpis))
        plans.append(mine)
    batch.collect()
    return [[(assemble(nb, batch), ctx, kpis) for nb, ctx, kpis in mine] for mine in plans]


def _narrow_notes(commons: list[Common], cov: dict[str, Coverage]) -> list[str]:
    out = []
    for days, kpis in commons[0].restrict.items() if commons else ():
        out.append(
            f"{', '.join(kpis)}: computed over {days.start}..{days.end} ({days.days} days), the "
            f"days all their reports cover, so that no figure mixes two periods"
        )
    return out


def _money_currencies(sources: Sources) -> list[str | None]:
    reports: list[Report] = [r for s in sources.sales for r in s.reports]
    reports += [r for cands in sources.ads.values() for s in cands for r in s.reports]
    if sources.profit is not None:
        reports += list(sources.profit.reports)
    found: list[str | None] = [r.currency for r in reports]
    if sources.costs is not None:
        found += sources.costs.get_column("currency").unique().to_list()
    return found


def _costs(config: Config, warnings: list[str]) -> pl.DataFrame | None:
    """The unit costs named by the config, or None (then cost-based KPIs have no data)."""
    path = config.costs_path()
    if path is None:
        warnings.append(
            f"no unit costs: {', '.join(sorted(COST_BASED))} have no data; name a cost file "
            f"in the config (costs: costs.csv, columns sku,unit_cost,currency,effective_from)"
        )
        return None
    from kpitool.io.costs import load_costs

    return load_costs(path)


def _missing_costs(b: Breakdown, batch: Batch) -> dict[tuple[str, ...], list[str]]:
    """Per group (a tuple of its dimension values; () for the total): SKUs sold without a
    unit cost in force."""
    if b.profit_missing is None:
        return {}
    df = batch[b.profit_missing]
    dims = [d.value for d in b.dims]
    out: dict[tuple[str, ...], list[str]] = {}
    for row in df.sort("sku", nulls_last=True).iter_rows(named=True):
        key = tuple(str(row[d]) for d in dims)
        out.setdefault(key, []).append(row["sku"] or NONE_LABEL)
    return out


def _check_row_currencies(breakdowns: list[Breakdown], batch: Batch, money: Money) -> None:
    found: set[str] = set()
    for b in breakdowns:
        for ticket in b.unrated:
            found |= {c for c in batch[ticket].get_column("currency").to_list() if c}
    if found:
        money.check(found | {money.reporting or ""} - {""})


def _sources(breakdowns: list[Breakdown], folder: Path) -> list[Source]:
    seen: dict[str, Source] = {}
    for b in breakdowns:
        for r in b.used:
            key = str(r.path)
            if key not in seen:
                seen[key] = Source(relative(r.path, folder), str(r.kind), r.rows_used, r.path)
    return sorted(seen.values(), key=lambda s: s.path)


__all__ = ["Dim", "compute"]
