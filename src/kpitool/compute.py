"""``compute``: reports + config -> KPI values, target statuses and scores (a ComputeResult).

The steps: resolve the period; choose the source of each family of facts (engine/sources.py);
build every table lazily (engine/frames.py, engine/facts.py); collect all of them at once;
evaluate the KPI expressions (kpis/registry.py and the config's custom formulas) on the small
per-group facts tables; then targets, statuses and scores (evaluate.py).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from kpitool.config import Config
from kpitool.engine.collect import Batch
from kpitool.engine.coverage import (
    SNAPSHOT_KINDS,
    assign_folder_periods,
    covered,
    dated_range,
    grouped,
    is_undated,
    place_undated,
    relative,
    report_spans,
)
from kpitool.engine.dims import NONE_LABEL, UNDATED_LABEL, Dim, parse_by
from kpitool.engine.facts import Breakdown, Sources, assemble, plan_breakdown
from kpitool.engine.kpi_coverage import (
    Common,
    common_days,
    family_coverage,
    kpi_coverage,
    kpi_families,
)
from kpitool.engine.money import Money, plan_money
from kpitool.engine.profit import prepare, sku_asin_pairs, sku_to_asin
from kpitool.engine.sources import (
    PAYMENTS_PREFERENCE,
    ad_sources,
    ad_type_of,
    age_sources,
    inventory_source,
    pick,
    profit_source,
    sales_sources,
)
from kpitool.errors import ExitCode, InputError
from kpitool.evaluate import evaluate, score, targets_for
from kpitool.io.combine import resolve_overlaps, same_origin
from kpitool.io.folder import apply_measure, measure, measure_query, unmeasured
from kpitool.io.kinds import ReportKind
from kpitool.io.model import Report, Scan
from kpitool.kpis.catalogue import BUILTIN
from kpitool.kpis.registry import PROFIT_FACTS, REGISTRY, Fact, KpiContext, ad_cost, kpi_expr
from kpitool.owners import UNASSIGNED, OwnerRule, rules_from_owners
from kpitool.periods import period_from_name, resolve_period
from kpitool.results import (
    ComputeResult,
    Coverage,
    KpiResult,
    Period,
    Score,
    Source,
    Status,
    Step,
)

#: KPIs that read the Business Report besides their own family (for the ``partial`` flag)
_USES_SALES = frozenset(
    {
        "tacos",
        "ad_sales_share",
        "organic_sales",
        "days_of_supply",
        "weeks_of_cover",
        "inventory_turnover",
    }
)
#: profit KPIs that read the unit costs, and those that also read the ads reports
COST_BASED = frozenset({"cogs", "net_profit", "net_margin", "break_even_acos", "roi"})
_USES_ADS = frozenset({"net_profit", "net_margin", "roi"})
DIGITS = 9  # values are rounded to 9 decimals: no float noise such as 43850.61000000002
_LAST = (UNASSIGNED, NONE_LABEL, UNDATED_LABEL)


def compute(
    scan: Scan,
    config: Config,
    *,
    period: str | None = None,
    by: Sequence[str] = (),
    values_by: Sequence[str] = (),
    value_kpis: Sequence[str] = (),
    assume_undated: bool | None = None,
) -> ComputeResult:
    """Compute every built-in and custom KPI for the total and for the ``by`` breakdown.

    ``values_by``: one-dimension breakdowns (e.g. ``compare``'s drivers: asin, campaign,
    search_term) of which only the built-in ``value_kpis`` are wanted, per group, in
    ``result.values_by``; planned in the same pass over the data, without a KpiResult per
    group and KPI (a search term breakdown has one group per search term).

    ``assume_undated``: an undated report that no folder places in a period is taken to cover
    the period asked for (default: when ``period`` is given; ``compare`` says no for the
    BEFORE side of one folder, whose period it worked out itself)."""
    if scan.errors:
        # one line per problem, each naming its file
        from kpitool.render.text import escape_control  # a name cannot start a line

        raise InputError(
            "\n".join(f"{escape_control(str(e.path))}: {e.message}" for e in scan.errors)
        )
    if not scan.reports:
        raise InputError(_no_reports(scan))
    assign_folder_periods(scan)
    dims = parse_by(by)
    value_dims = [parse_by([d]) for d in values_by]
    whole = scan
    errors = measure(
        _measure_first(scan, period), cells=False
    )  # what the plan needs: dates, row counts
    if errors:
        raise InputError(f"{errors[0].path}: {errors[0].message}")
    per = resolve_period(period, scan.folder, dated_range(scan))
    warnings = list(scan.warnings)
    notes: list[str] = []
    scan = _within(scan, per, warnings, notes)
    assume = period is not None if assume_undated is None else assume_undated
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
    # the reports used but not yet counted are counted in the same pass over their data
    later = [
        (r, batch.add(measure_query(r, cells=False), [r]))
        for r in unmeasured(_planned(breakdowns + extra, mapped))
    ]
    try:
        batch.collect()
    except (OSError, pl.exceptions.PolarsError):
        errors = measure([r for r, _ in later], cells=False)  # which file, if one cannot be read
        if errors:
            raise InputError("\n".join(f"{e.path}: {e.message}" for e in errors)) from None
        raise
    for report, ticket in later:
        apply_measure(report, batch[ticket])
    if any(_wholly_outside(r, per) for r, _ in later):
        # planned before its dates were known: plan again without it (it is measured now)
        return compute(
            whole,
            config,
            period=period,
            by=by,
            values_by=values_by,
            value_kpis=value_kpis,
            assume_undated=assume_undated,
        )

    tables = [assemble(b, batch) for b in breakdowns]
    extra_tables = [assemble(b, batch) for b in extra]
    _check_row_currencies(breakdowns + extra, batch, money)
    families = kpi_families(config)
    covs = [family_coverage(b, per) for b in breakdowns]
    if not any(c.days for c in covs[0].values()):
        raise InputError(_nothing_covers(whole, per, warnings))
    commons = [
        common_days(b, families, cov, _sales_dated(b))
        for b, cov in zip(breakdowns, covs, strict=True)
    ]
    narrowed = _narrowed(breakdowns, commons, sources, config, ctx_for, money, rules)
    result = ComputeResult(per, money.reporting, [d.value for d in dims])
    for b, table, cov, common, restricted in zip(
        breakdowns, tables, covs, commons, narrowed, strict=True
    ):
        missing = _missing_costs(b, batch)
        shape = _Shape(families, cov, common, restricted)
        result.results.extend(_results(table, b, config, ctx_for(b.dims, per), per, missing, shape))
    for name, b, table in zip(values_by, extra, extra_tables, strict=True):
        result.values_by[name] = _group_values(table, b, ctx_for(b.dims, per), value_kpis)
    result.waterfall = _waterfall(tables[0], ctx_for([], per))
    result.scores = _scores(result.results, config, bool(dims))
    result.sources = _sources(breakdowns, scan.folder)
    result.coverage = {f: c for f, c in covs[0].items() if breakdowns[0].family_used.get(f)}
    result.warnings = _warnings(warnings, breakdowns, batch, per, config, scan.folder)
    for common in commons:
        result.warnings.extend(w for w in common.warnings if w not in result.warnings)
    result.notes = notes + list(money.notes) + _narrow_notes(commons, covs[0])
    return result


#: the statuses that miss a target at each ``--fail-on`` level; ``no_data`` is only ever the
#: status of a KPI with a target (kpis.md: a targeted KPI with no data is a missed target)
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


def fail_level_missed(result: ComputeResult, fail_on: str) -> bool:
    """True if a result is at or beyond the ``--fail-on`` level (fail | warn | never)."""
    return bool(missed_targets(result, fail_on))


def exit_code(result: ComputeResult, fail_on: str) -> ExitCode:
    return ExitCode.TARGETS_MISSED if fail_level_missed(result, fail_on) else ExitCode.OK


# ------------------------------------------------------------------ helpers
def _measure_first(scan: Scan, period: str | None) -> list[Report]:
    """The reports whose dates the plan needs before the collect: all of them when the period
    comes from the reports' dates; else the by-date Business Reports and the payments reports
    (do they cover the period?) and the files whose downloads may overlap (the later one
    wins). The others are counted in the compute's own pass over their data, if used (see
    ``_wholly_outside``), as are the reports profit maps SKUs to ASINs from: counting them
    here would parse them once more (~30 ms in a 5k month)."""
    if period is None and period_from_name(os.path.basename(os.path.abspath(scan.folder))) is None:
        return scan.reports
    covering = scan.of_kind(ReportKind.BUSINESS_REPORT_BY_DATE, *PAYMENTS_PREFERENCE)
    first = {id(r): r for r in covering}
    first.update({id(r): r for r in same_origin(scan.reports)})
    return list(first.values())


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


def _wholly_outside(r: Report, per: Period) -> bool:
    """A dated report of a kind kpitool uses whose dates all lie outside the period
    (``_within`` leaves it out)."""
    used = (
        r.kind in (ReportKind.BUSINESS_REPORT_BY_DATE, *PAYMENTS_PREFERENCE)
        or r.kind in SNAPSHOT_KINDS
        or ad_type_of(r) is not None
    )
    spans = report_spans(r)
    if not used or is_undated(r) or not spans:
        return False
    return all(end < per.start or start > per.end for start, end in spans)


def _within(scan: Scan, per: Period, warnings: list[str], notes: list[str]) -> Scan:
    """The scan without the dated reports that lie wholly outside the period. A note names
    them (a root of many months holds other periods by design); a warning names those that
    also lie outside the period of the folder they sit in (misfiled: September's ads in
    ``2026-10/``)."""
    kept: list[Report] = []
    outside: list[tuple[str, str]] = []
    misfiled: list[tuple[str, str]] = []
    for r in scan.reports:
        if not _wholly_outside(r, per):
            kept.append(r)
            continue
        dated = f"{r.start}" if r.start == r.end else f"{r.start}..{r.end}"
        (misfiled if _misfiled(r) else outside).append((relative(r.path, scan.folder), dated))
    what = f"wholly outside the period {per.start}..{per.end}; not used"
    _name_them(outside, what, notes)
    _name_them(misfiled, f"outside the period of its folder, and {what}", warnings)
    return Scan(scan.folder, kept, scan.skipped, scan.errors, [])


def _misfiled(r: Report) -> bool:
    """A dated report none of whose days lie in the period its folder names."""
    if r.folder_period is None:
        return False
    start, end = r.folder_period
    return all(e < start or s > end for s, e in report_spans(r))


def _name_them(found: list[tuple[str, str]], what: str, out: list[str]) -> None:
    if len(found) <= 3:
        out.extend(f"{name}: dated {dated}, {what}" for name, dated in found)
    else:
        out.extend(grouped([f"{name} (dated {dated})" for name, dated in found], what))


def _no_reports(scan: Scan) -> str:
    """FOLDER holds no report kpitool reads: what was there, and what to do."""
    if not scan.skipped:
        return f"{scan.folder}: the folder is empty: download the reports into it (README, Reports)"
    shown = "; ".join(f"{s.path.name}: {s.reason}" for s in scan.skipped[:5])
    more = f" and {len(scan.skipped) - 5} more" if len(scan.skipped) > 5 else ""
    return (
        f"{scan.folder}: no report files kpitool reads ({len(scan.skipped)} skipped: {shown}"
        f"{more}); see README, Reports, for the reports to download"
    )


def _nothing_covers(scan: Scan, per: Period, warnings: list[str]) -> str:
    """No report covers a day of the period: the period asked, what the folder covers."""
    spans = dated_range(scan)
    folders = sorted({r.folder_period for r in scan.reports if is_undated(r) and r.folder_period})
    parts = []
    if spans is not None:
        parts.append(f"its dated reports cover {spans[0]}..{spans[1]}")
    if folders:
        named = ", ".join(f"{a}..{b}" for a, b in folders)
        parts.append(f"its undated reports sit in folders for {named}")
    if not parts:
        parts.append("its reports carry no dates and no folder names their period")
    skipped = f"; {len(scan.skipped)} file(s) skipped" if scan.skipped else ""
    return (
        f"{scan.folder}: nothing covers the period {per.start}..{per.end}: "
        f"{' and '.join(parts)} ({len(scan.reports)} report(s){skipped}); "
        f"pass a --period the reports cover, or the folder of that period"
    )


def _sales_dated(b: Breakdown) -> bool:
    return b.sales is not None and b.sales.piece.source.dated


@dataclass
class _Shape:
    """How a breakdown's results are shaped: the families each KPI reads, what each family
    covers, the KPIs narrowed to common days (and those that cannot be)."""

    families: dict[str, frozenset[str]]
    coverage: dict[str, Coverage]
    common: Common
    #: (facts over the common days, their context, the KPIs taken from them)
    narrowed: list[tuple[pl.DataFrame, KpiContext, list[str]]]


def _narrowed(
    breakdowns: list[Breakdown],
    commons: list[Common],
    sources: Sources,
    config: Config,
    ctx_for: Callable[[list[Dim], Period], KpiContext],
    money: Money,
    rules: Sequence[OwnerRule],
) -> list[list[tuple[pl.DataFrame, KpiContext, list[str]]]]:
    """Per breakdown: the facts over each span of common days two families must share, from
    one more pass over the data (only when families of a KPI cover different days)."""
    if not any(c.restrict for c in commons):
        return [[] for _ in breakdowns]
    batch = Batch()
    plans: list[list[tuple[Breakdown, KpiContext, list[str]]]] = []
    for b, common in zip(breakdowns, commons, strict=True):
        mine = []
        for days, kpis in common.restrict.items():
            narrow = replace(sources)
            if sources.profit is not None:
                narrow.ledger = prepare(sources.profit, days, sources.costs)
            ctx = ctx_for(b.dims, days)
            nb = plan_breakdown(batch, b.dims, narrow, days, ctx, money, rules)
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
    from kpitool.costs import load_costs

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


def _kpi_ids(config: Config) -> list[str]:
    return [k.id for k in BUILTIN if k.id in REGISTRY] + list(config.kpis)


_CUSTOM = "__custom__"  # the column of a custom KPI while the others are computed


def _kpi_values(
    table: pl.DataFrame, dims: list[str], config: Config, ctx: KpiContext, kpis: list[str]
) -> pl.DataFrame:
    """The ``dims`` and the value of each KPI of ``kpis``, per row of the facts ``table``.

    Custom KPIs are evaluated as a DAG: each one once, as a column, in dependency order, and
    a formula naming another custom KPI reads that column (inlining it instead would double
    the expression with each KPI that uses the previous one twice)."""
    exprs = {k: kpi_expr(k, ctx) for k in REGISTRY}
    if config.kpis:
        from kpitool.formula import parse, to_expr  # only a config's custom KPIs have formulas

        def resolve(name: str) -> pl.Expr:
            if name in config.kpis:
                return pl.col(_CUSTOM + name)
            return exprs.get(name, pl.lit(None, dtype=pl.Float64))  # profit KPIs: no data yet

        for cid in config.custom_order():
            expr = to_expr(parse(config.kpis[cid].formula), resolve).cast(pl.Float64)
            table = table.with_columns(expr.alias(_CUSTOM + cid))
    return table.select(
        *dims, *[(pl.col(_CUSTOM + k) if k in config.kpis else exprs[k]).alias(k) for k in kpis]
    )


def _sort_key(dim: str) -> pl.Expr:
    return pl.col(dim).is_in(list(_LAST))


def _results(
    table: pl.DataFrame,
    b: Breakdown,
    config: Config,
    ctx: KpiContext,
    per: Period,
    missing: dict[tuple[str, ...], list[str]],
    shape: _Shape,
) -> list[KpiResult]:
    dims = [d.value for d in b.dims]
    ids = _kpi_ids(config)
    values = _kpi_values(table, dims, config, ctx, ids)
    for narrow, nctx, kpis in shape.narrowed:
        part = _kpi_values(narrow, dims, config, nctx, kpis)
        if dims:
            values = values.drop(kpis).join(part, on=dims, how="left", nulls_equal=True)
        else:
            values = pl.concat([values.drop(kpis), part], how="horizontal")
    if dims:
        values = values.sort([*[_sort_key(d) for d in dims], *[pl.col(d) for d in dims]])
    # what does not change from group to group, once (a breakdown by search term has a
    # group per search term)
    metas = {kpi: config.kpi_meta(kpi) for kpi in ids}
    units = {kpi: str(meta.unit) for kpi, meta in metas.items()}
    cover = {k: kpi_coverage(shape.families.get(k, frozenset()), shape.coverage, per) for k in ids}
    for days, kpis in shape.common.restrict.items():
        cover.update({k: Coverage.of(per, [(days.start, days.end)]) for k in kpis})
    blank = {k for k in ids if not cover[k].days} | shape.common.no_data
    partial = {
        (kpi, uncosted): _partial(b, metas[kpi].group, kpi, uncosted) or cover[kpi].partial
        for kpi in ids
        for uncosted in (False, True)
    }
    costed = {kpi: kpi in COST_BASED and b.profit is not None for kpi in ids}
    out: list[KpiResult] = []
    for row in values.iter_rows(named=True):
        group = {d: str(row[d]) for d in dims}
        uncosted = missing.get(tuple(group.values()), [])
        targets = targets_for(config, group)
        for kpi in ids:
            value = None if kpi in blank else _value(row[kpi])
            meta = metas[kpi]
            applied, status, att = evaluate(
                value, targets.get(kpi), meta, per, config, coverage=cover[kpi]
            )
            att = None if att is None else round(att, DIGITS)
            out.append(
                KpiResult(
                    group,
                    kpi,
                    value,
                    units[kpi],
                    applied,
                    status,
                    att,
                    partial=partial[kpi, bool(uncosted)],
                    missing_costs=uncosted if costed[kpi] else None,
                    coverage=cover[kpi],
                    projected=_projected(value, cover[kpi]) if meta.additive else None,
                    additive=meta.additive,
                )
            )
    return out


def _projected(value: float | None, cover: Coverage) -> float | None:
    """The value at the pace of the covered days, over the whole period."""
    if value is None or not cover.days:
        return None
    return _tidy(value * cover.period.days / cover.days)


def _group_values(
    table: pl.DataFrame, b: Breakdown, ctx: KpiContext, kpis: Sequence[str]
) -> pl.DataFrame:
    """One row per group of a one-dimension breakdown: ``group`` (its label) and the value of
    each KPI in ``kpis``, null for no data, NaN or infinity, else tidied as results are (by
    Polars, which may round a 15th significant digit the other way: a group per search term
    is too many for Python's ``round``)."""
    dim = b.dims[0].value

    def tidy(expr: pl.Expr) -> pl.Expr:
        value = expr.cast(pl.Float64)
        return pl.when(value.is_finite()).then(value.round(DIGITS).round_sig_figs(15))

    return table.select(
        pl.col(dim).cast(pl.String).alias("group"),
        *[tidy(kpi_expr(k, ctx)).alias(k) for k in kpis],
    )


def _value(value: float | None) -> float | None:
    """A KPI value as results show it: None for no data, NaN or infinity; else tidied."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return _tidy(value)


def _tidy(value: float) -> float:
    """Rounded to 9 decimals and 15 significant digits: no float noise such as
    43850.61000000002 or 7261988.889999999 from adding exact sums as floats."""
    return float(f"{round(value, DIGITS):.15g}")


def _waterfall(total: pl.DataFrame, ctx: KpiContext) -> list[Step]:
    """Product sales down to net profit, for the total; the bars add up to net profit (the
    registry's ``net_profit`` and its ``ad_cost``: one formula for both)."""
    if not total.height:
        return []
    row = total.select(
        *[pl.col(f.value) for f in PROFIT_FACTS],
        ad_cost(ctx).alias("ads"),
        kpi_expr("net_profit", ctx).alias("net"),
    ).row(0, named=True)
    nps, refunds = row[Fact.NET_PRODUCT_SALES.value], row[Fact.REFUNDS.value]
    fees, paid = row[Fact.AMAZON_FEES.value], row[Fact.PAY_TOTAL.value]
    charged, cogs, ads = row[Fact.AD_CHARGED.value], row[Fact.COGS.value], row["ads"]
    if nps is None or refunds is None or fees is None or paid is None or charged is None:
        return []
    # everything else in the payments totals: shipping and gift wrap credits, promotional
    # rebates, taxes collected less taxes withheld, adjustments and reimbursements
    other = paid + charged - nps + fees
    net = row["net"]
    steps = [
        ("product_sales", nps + refunds),
        ("refunds", -refunds),
        ("amazon_fees", -fees),
        ("other", other),
        ("cogs", None if cogs is None else -cogs),
        ("advertising", -ads),
        ("net_profit", net),
    ]
    return [Step(name, None if v is None else _tidy(v)) for name, v in steps]


def _partial(b: Breakdown, family: str, kpi: str, uncosted: bool) -> bool:
    if family == "sales" or (kpi in _USES_SALES and b.sales_partial):
        return b.sales_partial
    if family == "profit":
        return (
            b.profit_partial
            or (kpi in COST_BASED and uncosted)
            or (kpi in _USES_ADS and b.ads_partial)
        )
    return family == "advertising" and b.ads_partial


def _scores(results: list[KpiResult], config: Config, grouped: bool) -> list[Score]:
    groups: dict[tuple[tuple[str, str], ...], list[KpiResult]] = {}
    for r in results:
        groups.setdefault(tuple(r.group.items()), []).append(r)
    out: list[Score] = []
    cap = config.settings.score_cap
    for key, rows in groups.items():
        group = dict(key)
        targets = targets_for(config, group)
        items = [(r.attainment, targets[r.kpi].weight) for r in rows if r.kpi in targets]
        if items:
            value = score(items, cap)
            out.append(Score(group, None if value is None else _tidy(value)))
    return out


def _sources(breakdowns: list[Breakdown], folder: Path) -> list[Source]:
    seen: dict[str, Source] = {}
    for b in breakdowns:
        for r in b.used:
            key = str(r.path)
            if key not in seen:
                seen[key] = Source(relative(r.path, folder), str(r.kind), r.rows_used)
    return sorted(seen.values(), key=lambda s: s.path)


def _warnings(
    scan_warnings: list[str],
    breakdowns: list[Breakdown],
    batch: Batch,
    per: Period,
    config: Config,
    folder: Path,
) -> list[str]:
    out = list(scan_warnings)
    used: dict[str, Report] = {}
    outside: dict[str, tuple[Report, int]] = {}
    for b in breakdowns:
        used.update({str(r.path): r for r in b.used})
        outside.update(b.outside)
        out.extend(b.warnings)
        for ticket in b.conflicts:
            out.extend(batch[ticket].get_column("warning").to_list())
    for r in used.values():
        out.extend(f"{relative(r.path, folder)}: {w}" for w in r.warnings)
    for key in sorted(outside):
        report, ticket = outside[key]
        n = int(batch[ticket].item() or 0)
        if n:
            out.append(
                f"{relative(report.path, folder)}: {n} row(s) dated outside the period "
                f"{per.start}..{per.end} were left out"
            )
    for b in breakdowns[:1]:  # the total holds every SKU and every type
        out.extend(_profit_warnings(b, batch))
    return list(dict.fromkeys(out))


def _profit_warnings(b: Breakdown, batch: Batch) -> list[str]:
    out: list[str] = []
    if b.profit_missing is not None:
        df = batch[b.profit_missing]
        skus = sorted({s or NONE_LABEL for s in df.get_column("sku").to_list()})
        if skus:
            units = int(df.get_column("units").sum() or 0)
            shown = ", ".join(skus[:20]) + (f" and {len(skus) - 20} more" if len(skus) > 20 else "")
            out.append(
                f"no unit cost in force for {len(skus)} SKU(s) sold in the period ({units:,} "
                f"units): {shown}; {', '.join(sorted(COST_BASED))} are partial: add them to "
                f"the cost file"
            )
    if b.profit_unknown is not None:
        types = sorted(t or "" for t in batch[b.profit_unknown].get_column("type").to_list())
        if types:
            names = ", ".join(repr(t) for t in types)
            out.append(
                f"payments: transaction type(s) {names} not recognised: counted in net_profit "
                f"through their total only (not as sales, refunds or fees)"
            )
    return out


__all__ = ["Dim", "compute", "exit_code", "fail_level_missed"]
