"""Shaping a breakdown's facts into results: each KPI's value per group (the registry's
expressions and the config's formulas), its coverage, target status, attainment, partial flag
and projection; the scores; the profit waterfall."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from kpitool.config import UNASSIGNED, Config
from kpitool.engine.dims import NONE_LABEL, UNDATED_LABEL
from kpitool.engine.evaluate import evaluate, score, targets_for
from kpitool.engine.facts import Breakdown
from kpitool.engine.kpi_coverage import Common, kpi_coverage
from kpitool.kpis.catalogue import BUILTIN
from kpitool.kpis.registry import PROFIT_FACTS, REGISTRY, Fact, KpiContext, ad_cost, kpi_expr
from kpitool.results import DIGITS, Coverage, KpiResult, Period, Score, Step
from kpitool.results.groups import tidy as tidy_expr

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
_LAST = (UNASSIGNED, NONE_LABEL, UNDATED_LABEL)


@dataclass
class Shape:
    """How a breakdown's results are shaped: the families each KPI reads, what each family
    covers, the KPIs narrowed to common days (and those that cannot be)."""

    families: dict[str, frozenset[str]]
    coverage: dict[str, Coverage]
    common: Common
    #: (facts over the common days, their context, the KPIs taken from them)
    narrowed: list[tuple[pl.DataFrame, KpiContext, list[str]]]


def kpi_ids(config: Config) -> list[str]:
    return [k.id for k in BUILTIN if k.id in REGISTRY] + list(config.kpis)


_CUSTOM = "__custom__"  # the column of a custom KPI while the others are computed


def kpi_values(
    table: pl.DataFrame, dims: list[str], config: Config, ctx: KpiContext, kpis: list[str]
) -> pl.DataFrame:
    """The ``dims`` and the value of each KPI of ``kpis``, per row of the facts ``table``.

    Custom KPIs are evaluated as a DAG: each one once, as a column, in dependency order, and
    a formula naming another custom KPI reads that column (inlining it instead would double
    the expression with each KPI that uses the previous one twice)."""
    exprs = {k: kpi_expr(k, ctx) for k in REGISTRY}
    if config.kpis:
        from kpitool.kpis.formula import parse, to_expr  # only a config's custom KPIs

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


def sort_key(dim: str) -> pl.Expr:
    return pl.col(dim).is_in(list(_LAST))


def shaped_values(
    table: pl.DataFrame,
    dims: list[str],
    config: Config,
    ctx: KpiContext,
    shape: Shape,
    kpis: list[str],
) -> pl.DataFrame:
    """The value of each KPI of ``kpis`` per group (one row without ``dims``): those that
    span two families of reports taken from their common days (``shape.narrowed``)."""
    values = kpi_values(table, dims, config, ctx, kpis)
    for narrow, nctx, narrowed in shape.narrowed:
        mine = [k for k in narrowed if k in kpis]
        if not mine:
            continue
        part = kpi_values(narrow, dims, config, nctx, mine)
        if dims:
            values = values.drop(mine).join(
                part, on=dims, how="left", nulls_equal=True, maintain_order="left"
            )
        else:
            values = pl.concat([values.drop(mine), part], how="horizontal")
    return values


def shaped_coverage(
    shape: Shape, per: Period, kpis: Sequence[str]
) -> tuple[dict[str, Coverage], set[str]]:
    """What each KPI of ``kpis`` covers, and the KPIs without data (shown as no data)."""
    cover = {k: kpi_coverage(shape.families.get(k, frozenset()), shape.coverage, per) for k in kpis}
    for days, restricted in shape.common.restrict.items():
        cover.update(
            {k: Coverage.of(per, [(days.start, days.end)]) for k in restricted if k in cover}
        )
    blank = {k for k in kpis if not cover[k].days} | shape.common.no_data
    return cover, blank


def kpi_results(
    table: pl.DataFrame,
    b: Breakdown,
    config: Config,
    ctx: KpiContext,
    per: Period,
    missing: dict[tuple[str, ...], list[str]],
    shape: Shape,
) -> list[KpiResult]:
    """The total's results (``b`` without a dimension: a breakdown is a frame, see
    engine/groups.py; compute calls this for the total only)."""
    dims = [d.value for d in b.dims]
    ids = kpi_ids(config)
    values = shaped_values(table, dims, config, ctx, shape, ids)
    # what does not change from group to group, once (a breakdown by search term has a
    # group per search term)
    metas = {kpi: config.kpi_meta(kpi) for kpi in ids}
    units = {kpi: str(meta.unit) for kpi, meta in metas.items()}
    cover, blank = shaped_coverage(shape, per, ids)
    partial = {
        (kpi, uncosted): partial_flag(b, metas[kpi].group, kpi, uncosted) or cover[kpi].partial
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
                    projected=projected(value, cover[kpi]) if meta.additive else None,
                    additive=meta.additive,
                )
            )
    return out


def projected(value: float | None, cover: Coverage | None) -> float | None:
    """The value at the pace of the covered days, over the whole period."""
    if value is None or cover is None or not cover.days:
        return None
    return tidy(value * cover.period.days / cover.days)


def group_values(
    table: pl.DataFrame, b: Breakdown, ctx: KpiContext, kpis: Sequence[str]
) -> pl.DataFrame:
    """One row per group of a one- or two-dimension breakdown: ``group`` (the label of its
    last dimension; of two, the first is ``by``) and the value of each KPI in ``kpis``, null
    for no data, NaN or infinity, else tidied as results are (by Polars, which may round a
    15th significant digit the other way: a group per search term is too many for Python's
    ``round``)."""
    *first, dim = [d.value for d in b.dims]
    return table.select(
        *[pl.col(d).cast(pl.String).alias("by") for d in first],
        pl.col(dim).cast(pl.String).alias("group"),
        *[tidy_expr(kpi_expr(k, ctx)).alias(k) for k in kpis],
    )


def _value(value: float | None) -> float | None:
    """A KPI value as results show it: None for no data, NaN or infinity; else tidied."""
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return tidy(value)


def tidy(value: float) -> float:
    """Rounded to 9 decimals and 15 significant digits: no float noise such as
    43850.61000000002 or 7261988.889999999 from adding exact sums as floats."""
    return float(f"{round(value, DIGITS):.15g}")


def waterfall(total: pl.DataFrame, ctx: KpiContext) -> list[Step]:
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
    return [Step(name, None if v is None else tidy(v)) for name, v in steps]


def partial_flag(b: Breakdown, family: str, kpi: str, uncosted: bool) -> bool:
    if family == "sales" or (kpi in _USES_SALES and b.sales_partial):
        return b.sales_partial
    if family == "profit":
        return (
            b.profit_partial
            or (kpi in COST_BASED and uncosted)
            or (kpi in _USES_ADS and b.ads_partial)
        )
    return family == "advertising" and b.ads_partial


def scores(results: list[KpiResult], config: Config, grouped: bool) -> list[Score]:
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
            out.append(Score(group, None if value is None else tidy(value)))
    return out
