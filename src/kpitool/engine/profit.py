"""Profit facts: the payments ledger (io/ledger.py) summed by group, with unit costs per sale.

Sums are exact: amounts are Decimal until each group's sum (per currency) is known; only then
are they converted into the reporting currency as Float64. A unit cost applies from its
``effective_from`` date until the next cost of the same SKU; a refund is costed at the cost in
force on the day of its order when the order is in the same payments data, else on the day of
the refund. Nothing here collects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from kpitool.engine.dims import NONE_LABEL, TIME_DIMS, Dim, time_label
from kpitool.engine.money import Money
from kpitool.engine.owners import OwnerRule, owner_expr, team_expr
from kpitool.engine.sources import Source
from kpitool.io.kinds import SPEC_BY_KIND
from kpitool.io.ledger import AD, BALANCE, ORDER, REFUND, UNKNOWN, ledger
from kpitool.io.model import Report, Scan
from kpitool.kpis.registry import PROFIT_FACTS, Fact
from kpitool.results import Period

F64 = pl.Float64
_SRC = "_source"  # the index of each row's report in the source


@dataclass
class ProfitPiece:
    """The lazy profit queries of one breakdown."""

    source: Source
    facts: pl.LazyFrame  # dims + PROFIT_FACTS
    outside: list[tuple[Report, pl.LazyFrame]]  # per report: 1x1 "n" rows outside the period
    #: sales without a unit cost in force: dims + sku + units (empty when every sale has one)
    missing: pl.LazyFrame | None
    unknown: pl.LazyFrame  # distinct transaction types not recognised (column "type")
    unrated: pl.LazyFrame  # distinct row currencies (column "currency"), checked after collect
    #: the reports these queries read: the payments reports, and the SKU-to-ASIN ones when
    #: the breakdown needs ASINs (for the grouping of ``Batch.collect``)
    reads: list[Report]


#: the canonical column pairs that tie a SKU to its ASIN
SKU_ASIN_PAIRS = (("sku", "asin"), ("advertised_sku", "advertised_asin"))


def sku_asin_pairs(report: Report) -> list[tuple[str, str]]:
    """The (sku, asin) column pairs a report's kind has (empty: it cannot map SKUs)."""
    names = {c.name for c in SPEC_BY_KIND[report.kind].columns}
    return [(sku, asin) for sku, asin in SKU_ASIN_PAIRS if sku in names and asin in names]


def sku_to_asin(scan: Scan) -> pl.LazyFrame | None:
    """sku -> asin (the smallest ASIN where a SKU has several) from every report holding both."""
    parts = []
    for r in scan.reports:
        for sku, asin in sku_asin_pairs(r):
            pair = r.frame.select(pl.col(sku).alias("sku"), pl.col(asin).alias("asin"))
            parts.append(pair.drop_nulls())
    if not parts:
        return None
    return pl.concat(parts).group_by("sku").agg(pl.col("asin").min())


def _rows(source: Source) -> list[tuple[Report, pl.LazyFrame]]:
    return [
        (r, ledger(r).with_columns(pl.lit(r.marketplace, dtype=pl.String).alias("marketplace")))
        for r in source.reports
    ]


def _costed(lf: pl.LazyFrame, costs: pl.DataFrame) -> pl.LazyFrame:
    """Each row with ``cogs`` (Decimal, refunds negative; null where a sale has no cost in
    force) and ``cost_currency``."""
    sale = pl.col("entry").is_in([ORDER, REFUND]) & pl.col("quantity").is_not_null()
    ordered = (
        lf.filter(pl.col("entry") == ORDER)
        .group_by("order_id", "sku")
        .agg(pl.col("date").min().alias("sale_date"))
    )
    cost_day = pl.when(pl.col("entry") == REFUND).then(pl.col("sale_date")).otherwise(None)
    rows = (
        lf.join(ordered, on=["order_id", "sku"], how="left", nulls_equal=False)
        .with_columns(pl.coalesce(cost_day, pl.col("date")).alias("cost_day"))
        .sort("cost_day")
    )
    table = costs.lazy().rename({"currency": "cost_currency"}).sort("effective_from")
    joined = rows.join_asof(
        table,
        left_on="cost_day",
        right_on="effective_from",
        by="sku",
        strategy="backward",
        check_sortedness=False,
    )
    sign = pl.when(pl.col("entry") == REFUND).then(-1).otherwise(1)
    cogs = pl.when(sale).then(pl.col("quantity") * pl.col("unit_cost") * sign)
    return joined.with_columns(cogs.alias("cogs"))


@dataclass
class Ledger:
    """A run's payments rows in the period (costed when there are costs), read once: a
    cached frame that every breakdown's profit queries start from."""

    source: Source
    rows: pl.LazyFrame
    outside: list[tuple[Report, pl.LazyFrame]]  # per report: 1x1 "n" rows outside the period
    costed: bool


def prepare(source: Source, period: Period, costs: pl.DataFrame | None) -> Ledger:
    in_period = pl.col("date").is_between(period.start, period.end)
    rows = _rows(source)
    parts = [lf.with_columns(pl.lit(i).alias(_SRC)) for i, (_, lf) in enumerate(rows)]
    # every query reads the ledger from this cache: each file is parsed once per run
    lf = pl.concat(parts, how="vertical_relaxed").cache()
    n_out = (~in_period).fill_null(False).sum().alias("n")
    outside = [(r, lf.filter(pl.col(_SRC) == i).select(n_out)) for i, (r, _) in enumerate(rows)]
    if costs is not None:
        lf = _costed(lf, costs)
    return Ledger(source, lf.filter(in_period).cache(), outside, costs is not None)


def profit_piece(
    ledger: Ledger,
    dims: Sequence[Dim],
    money: Money,
    rules: Sequence[OwnerRule],
    asins: pl.LazyFrame | None,
    asin_reports: Sequence[Report] = (),
) -> ProfitPiece:
    """``asins``: sku -> asin (:func:`sku_to_asin`), read from ``asin_reports``."""
    lf = ledger.rows
    names = [d.value for d in dims]
    reads = list(ledger.source.reports)
    if {Dim.ASIN, Dim.OWNER, Dim.TEAM} & set(dims):
        if asins is None:
            lf = lf.with_columns(pl.lit(None, dtype=pl.String).alias("asin"))
        else:
            lf = lf.join(asins, on="sku", how="left")
            reads += asin_reports
    lf = lf.with_columns(_dim_exprs(dims, rules))
    # a sale's units sit on one row (the Transaction View and settlement fee rows have none)
    sale = pl.col("entry").is_in([ORDER, REFUND]) & pl.col("quantity").is_not_null()
    exact = lf.group_by([*names, "currency"]).agg(
        pl.col("product_sales").sum().alias(Fact.NET_PRODUCT_SALES.value),
        (-pl.col("product_sales").filter(pl.col("entry") == REFUND).sum()).alias(
            Fact.REFUNDS.value
        ),
        (-pl.col("fees").sum()).alias(Fact.AMAZON_FEES.value),
        pl.col("total").filter(pl.col("entry") != BALANCE).sum().alias(Fact.PAY_TOTAL.value),
        (-pl.col("total").filter(pl.col("entry") == AD).sum()).alias(Fact.AD_CHARGED.value),
    )
    money_facts = [f for f in PROFIT_FACTS if f is not Fact.COGS]
    facts = _convert(exact, names, "currency", money_facts, money)
    missing = None
    if ledger.costed:
        cost = lf.filter(sale & pl.col("cogs").is_not_null())
        by_cost = cost.group_by([*names, "cost_currency"]).agg(
            pl.col("cogs").sum().alias(Fact.COGS.value)
        )
        cogs = _convert(by_cost, names, "cost_currency", [Fact.COGS], money)
        if names:
            facts = facts.join(cogs, on=names, how="full", coalesce=True).with_columns(
                pl.col(Fact.COGS.value).fill_null(0.0)
            )
        else:
            facts = pl.concat([facts, cogs], how="horizontal")
        uncosted = lf.filter(sale & pl.col("cogs").is_null())
        keys = list(dict.fromkeys([*names, "sku"]))
        missing = uncosted.group_by(keys).agg(pl.col("quantity").sum().alias("units"))
    else:
        facts = facts.with_columns(pl.lit(None, dtype=F64).alias(Fact.COGS.value))
    facts = facts.select(*names, *[f.value for f in PROFIT_FACTS])
    unknown = lf.filter(pl.col("entry") == UNKNOWN).select("type").unique()
    unrated = lf.select("currency").unique()
    return ProfitPiece(ledger.source, facts, ledger.outside, missing, unknown, unrated, reads)


def _convert(
    exact: pl.LazyFrame, names: list[str], currency: str, facts: Sequence[Fact], money: Money
) -> pl.LazyFrame:
    """Per-currency exact sums -> Float64 in the reporting currency, summed by ``names``."""
    rate = money.rate_expr(pl.col(currency))
    cols = [(pl.col(f.value).cast(F64) * rate).alias(f.value) for f in facts]
    converted = exact.select(*names, *cols)
    aggs = [pl.col(f.value).sum() for f in facts]
    return converted.group_by(names).agg(aggs) if names else converted.select(aggs)


def _dim_exprs(dims: Sequence[Dim], rules: Sequence[OwnerRule]) -> list[pl.Expr]:
    asin = pl.col("asin") if {Dim.ASIN, Dim.OWNER, Dim.TEAM} & set(dims) else None
    owner = owner_expr(rules, asin=asin, sku=pl.col("sku"))
    exprs: dict[Dim, pl.Expr] = {
        Dim.SKU: pl.col("sku"),
        Dim.MARKETPLACE: pl.col("marketplace"),
        Dim.OWNER: owner,
        Dim.TEAM: team_expr(rules, owner),
    }
    if asin is not None:
        exprs[Dim.ASIN] = asin
    for t in TIME_DIMS:
        exprs[t] = time_label(t, pl.col("date"))
    return [exprs[d].cast(pl.String).fill_null(NONE_LABEL).alias(d.value) for d in dims]


__all__ = ["Ledger", "ProfitPiece", "prepare", "profit_piece", "sku_asin_pairs", "sku_to_asin"]
