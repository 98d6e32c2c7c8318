"""Lazy fact tables: one report family -> rows of (group dimensions, facts), period-filtered,
converted to the reporting currency, and summed by the requested dimensions.

Nothing here collects; :mod:`kpitool.engine.compute` collects every frame at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from kpitool.engine.collect import Grouped
from kpitool.engine.dims import NONE_LABEL, PRODUCT_DIMS, TIME_DIMS, UNDATED_LABEL, Dim, time_label
from kpitool.engine.money import Money
from kpitool.engine.owners import OwnerRule, owner_expr, team_expr
from kpitool.engine.sources import AGE_COLUMNS_ALL, Source, ad_type_of
from kpitool.io.kinds import SPEC_BY_KIND
from kpitool.io.model import Report
from kpitool.kpis.registry import (
    AD_FACTS,
    AGE_FACTS,
    INVENTORY_FACTS,
    SALES_FACTS,
    Fact,
    KpiContext,
    nsum,
    sku_flags,
)
from kpitool.results import Period

F64 = pl.Float64


@dataclass
class Piece:
    """A lazily built, aggregated fact table of one source, plus its bookkeeping queries."""

    source: Source
    facts: pl.LazyFrame | Grouped  # dims + fact columns, summed by dims
    #: rows of each dated report outside the period: (report, 1x1 frame "n")
    outside: list[tuple[Report, pl.LazyFrame]]
    #: 1x1 frame "n": rows with no usable date in a time breakdown (ads summary rows)
    undated: pl.LazyFrame | None = None
    #: distinct row currencies that have no fx rate or are converted (column "currency"):
    #: compute stops on the first, notes the others
    unrated: pl.LazyFrame | None = None


def _col(report: Report, name: str, dtype: pl.DataType | type[pl.DataType] = pl.String) -> pl.Expr:
    """A canonical column, or a null literal where the report kind has no such column."""
    names = {c.name for c in SPEC_BY_KIND[report.kind].columns}
    return pl.col(name) if name in names else pl.lit(None, dtype=dtype)


def _label(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).fill_null(NONE_LABEL)


def _sums(facts: Sequence[Fact]) -> list[pl.Expr]:
    return [nsum(pl.col(f.value)).cast(F64).alias(f.value) for f in facts]


def _sum_by(lf: pl.LazyFrame, dims: Sequence[Dim], facts: Sequence[Fact]) -> pl.LazyFrame:
    if not dims:
        return lf.select(_sums(facts))
    return lf.group_by([d.value for d in dims]).agg(_sums(facts))


def _grouped(
    lf: pl.LazyFrame, dims: Sequence[Dim], facts: Sequence[Fact]
) -> pl.LazyFrame | Grouped:
    """:func:`_sum_by`; by search term (a group per term) as a :class:`Grouped`."""
    if Dim.SEARCH_TERM not in dims:
        return _sum_by(lf, dims, facts)
    return Grouped(lf, [d.value for d in dims], _sums(facts))


def _dim_columns(dims: Sequence[Dim], exprs: dict[Dim, pl.Expr]) -> list[pl.Expr]:
    return [exprs[d].alias(d.value) for d in dims]


def _outside(report: Report, in_period: pl.Expr) -> tuple[Report, pl.LazyFrame]:
    n = (~in_period).fill_null(False).sum().cast(pl.Int64).alias("n")
    return report, report.frame.select(n)


# ------------------------------------------------------------------ Business Reports
def sales_piece(
    source: Source, dims: Sequence[Dim], period: Period, money: Money, rules: Sequence[OwnerRule]
) -> Piece:
    parts: list[pl.LazyFrame] = []
    outside: list[tuple[Report, pl.LazyFrame]] = []
    for r in source.reports:
        lf = r.frame
        if source.dated:
            in_period = pl.col("date").is_between(period.start, period.end)
            outside.append(_outside(r, in_period))
            lf = lf.filter(in_period)
        rate = money.rate(r.currency)
        owner = owner_expr(rules, asin=_col(r, "asin"), sku=_col(r, "sku"))
        exprs: dict[Dim, pl.Expr] = {
            Dim.ASIN: _label(_col(r, "asin")),
            Dim.SKU: _label(_col(r, "sku")),
            Dim.PARENT_ASIN: _label(_col(r, "parent_asin")),
            Dim.MARKETPLACE: _label(pl.lit(r.marketplace, dtype=pl.String)),
            Dim.OWNER: owner,
            Dim.TEAM: team_expr(rules, owner),
        }
        for t in TIME_DIMS:
            exprs[t] = _label(time_label(t, pl.col("date")))
        pv = pl.col("page_views").cast(F64)
        bb = pl.col("buy_box_pct")
        parts.append(
            lf.select(
                *_dim_columns(dims, exprs),
                (pl.col("sales") * rate).alias(Fact.SALES.value),
                pl.col("units").cast(F64).alias(Fact.UNITS.value),
                pl.col("order_items").cast(F64).alias(Fact.ORDER_ITEMS.value),
                pl.col("sessions").cast(F64).alias(Fact.SESSIONS.value),
                pv.alias(Fact.PAGE_VIEWS.value),
                (pv * bb).alias(Fact.BB_WEIGHTED.value),
                pl.when(bb.is_not_null()).then(pv).alias(Fact.BB_PAGE_VIEWS.value),
                (pl.col("sales_b2b") * rate).alias(Fact.B2B_SALES.value),
            )
        )
    return Piece(source, _sum_by(pl.concat(parts), dims, SALES_FACTS), outside)


# ------------------------------------------------------------------ Ads console
def _ads_day(r: Report) -> pl.Expr:
    start, end = pl.col("start_date"), pl.col("end_date")
    return pl.coalesce(pl.col("date"), pl.when(start == end).then(start))


def _ads_in_period(period: Period) -> pl.Expr:
    d, start, end = pl.col("date"), pl.col("start_date"), pl.col("end_date")
    return (
        pl.when(d.is_not_null())
        .then(d.is_between(period.start, period.end))
        .when(start.is_not_null() & end.is_not_null())
        .then((start >= period.start) & (end <= period.end))
        .otherwise(pl.lit(True))
    )


def ads_piece(
    source: Source, dims: Sequence[Dim], period: Period, money: Money, rules: Sequence[OwnerRule]
) -> Piece:
    """One ad type's facts from one report kind. Owners: by advertised ASIN/SKU when the
    breakdown has asin or sku, else by campaign pattern."""
    parts: list[pl.LazyFrame] = []
    outside: list[tuple[Report, pl.LazyFrame]] = []
    undated: list[pl.LazyFrame] = []
    unrated: list[pl.LazyFrame] = []
    by_product = bool(PRODUCT_DIMS & set(dims))
    for r in source.reports:
        in_period = _ads_in_period(period)
        outside.append(_outside(r, in_period))
        lf = r.frame.filter(in_period)
        cur = pl.coalesce(pl.col("currency"), pl.lit(r.currency, dtype=pl.String))
        rate = money.rate_expr(cur)
        # currencies to check for a rate, and to note as converted (a report in two currencies);
        # a currency without a rate is never the reporting one: no need to compute the rate
        other = cur.ne_missing(pl.lit(money.reporting, dtype=pl.String))
        unrated.append(lf.filter(other).select(cur.alias("currency")).unique())
        day = _ads_day(r)
        undated.append(lf.select(day.is_null().sum().cast(pl.Int64).alias("n")))
        asin, sku = _col(r, "advertised_asin"), _col(r, "advertised_sku")
        if by_product:
            owner = owner_expr(rules, asin=asin, sku=sku)
        else:
            owner = owner_expr(rules, campaign=pl.col("campaign"))
        ad_type = ad_type_of(r)
        exprs: dict[Dim, pl.Expr] = {
            Dim.ASIN: _label(asin),
            Dim.SKU: _label(sku),
            Dim.CAMPAIGN: _label(pl.col("campaign")),
            Dim.SEARCH_TERM: _label(_col(r, "search_term")),
            Dim.AD_TYPE: _label(pl.lit(ad_type, dtype=pl.String)),
            Dim.MARKETPLACE: _label(pl.lit(r.marketplace, dtype=pl.String)),
            Dim.OWNER: owner,
            Dim.TEAM: team_expr(rules, owner),
        }
        for t in TIME_DIMS:
            exprs[t] = time_label(t, day).fill_null(UNDATED_LABEL)
        parts.append(
            lf.select(
                *_dim_columns(dims, exprs),
                (pl.col("spend") * rate).alias(Fact.AD_SPEND.value),
                (pl.col("ad_sales") * rate).alias(Fact.AD_SALES.value),
                pl.col("ad_orders").cast(F64).alias(Fact.AD_ORDERS.value),
                pl.col("ad_units").cast(F64).alias(Fact.AD_UNITS.value),
                pl.col("impressions").cast(F64).alias(Fact.IMPRESSIONS.value),
                pl.col("clicks").cast(F64).alias(Fact.CLICKS.value),
            )
        )
    return Piece(
        source,
        _grouped(pl.concat(parts), dims, AD_FACTS),
        outside,
        undated=pl.concat(undated).select(pl.col("n").sum()),
        unrated=pl.concat(unrated).unique(),
    )


# ------------------------------------------------------------------ FBA inventory
def _snapshots(
    source: Source, period: Period, columns: dict[str, Callable[[Report], pl.Expr]]
) -> pl.LazyFrame:
    """The source's rows with a ``snapshot_date`` in the period (an undated snapshot stands at
    the end of the period it covers: its folder's)."""
    parts = []
    for r in source.reports:
        undated_at = r.covers[1] if r.covers is not None else period.end
        snap = _col(r, "snapshot_date", pl.Date).fill_null(pl.lit(undated_at))
        mk = pl.lit(r.marketplace, dtype=pl.String)
        parts.append(
            r.frame.filter(snap.is_between(period.start, period.end)).select(
                snap.alias("snapshot_date"),
                pl.col("sku"),
                _col(r, "asin"),
                mk.alias("marketplace"),
                *[make(r) for make in columns.values()],
            )
        )
    return pl.concat(parts, how="vertical_relaxed")


def _nearest(day: pl.Expr, to: object) -> pl.Expr:
    """The snapshot date nearest ``to`` (latest on a tie), as a scalar expression."""
    dist = (day - pl.lit(to)).abs()
    return day.filter(dist == dist.min()).max()


def _start_end(lf: pl.LazyFrame, period: Period) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Rows of the snapshot nearest the period end, and of a distinct snapshot nearest the
    start (empty unless such a snapshot exists and lies nearer the start than the end)."""
    snap = pl.col("snapshot_date")
    end_snap = _nearest(snap, period.end)
    start_snap = _nearest(snap, period.start)
    start_ok = (start_snap != end_snap) & (
        (start_snap - pl.lit(period.start)).abs() < (start_snap - pl.lit(period.end)).abs()
    )
    return lf.filter(snap == end_snap), lf.filter((snap == start_snap) & start_ok)


def inventory_piece(
    source: Source,
    dims: Sequence[Dim],
    period: Period,
    ctx: KpiContext,
    rules: Sequence[OwnerRule],
    sold_by: tuple[pl.LazyFrame, pl.LazyFrame] | None,
) -> Piece:
    """Per-SKU on-hand, inbound and stock flags at the snapshot nearest the period end.

    ``sold_by``: units sold in the period by SKU and by ASIN (columns sku|asin, sold) from the
    by-item Business Report, or None (then units-shipped-t30 stands in: t30 / 30 per day).
    """

    def inbound(r: Report) -> pl.Expr:
        parts = [
            _col(r, c, pl.Int64) for c in ("inbound_working", "inbound_shipped", "inbound_received")
        ]
        known = pl.any_horizontal([p.is_not_null() for p in parts])
        return (
            pl.when(known)
            .then(pl.sum_horizontal(parts))
            .otherwise(_col(r, "inbound_quantity", pl.Int64))
            .cast(F64)
            .alias("inbound")
        )

    columns: dict[str, Callable[[Report], pl.Expr]] = {
        "available": lambda r: pl.col("available").cast(F64).alias("available"),
        "inbound": inbound,
        "t30": lambda r: _col(r, "units_shipped_t30", pl.Int64).cast(F64).alias("t30"),
    }
    rows = _snapshots(source, period, columns)
    end, start = _start_end(rows, period)
    per_sku = end.group_by("sku").agg(
        pl.col("asin").drop_nulls().first(),
        pl.col("marketplace").first(),
        nsum(pl.col("available")).alias("available"),
        nsum(pl.col("inbound")).alias("inbound"),
        nsum(pl.col("t30")).alias("t30"),
    )
    start_sku = start.group_by("sku").agg(nsum(pl.col("available")).alias("start_available"))
    per_sku = per_sku.join(start_sku, on="sku", how="left")
    t30 = pl.col("t30")
    if sold_by is not None:
        by_sku, by_asin = sold_by
        per_sku = per_sku.join(by_sku.rename({"sold": "sold_sku"}), on="sku", how="left").join(
            by_asin.rename({"sold": "sold_asin"}), on="asin", how="left"
        )
        sold = pl.coalesce(pl.col("sold_sku"), pl.col("sold_asin"), pl.lit(0.0))
        daily = sold / ctx.days
        ever_sold = pl.max_horizontal(sold, t30.fill_null(0.0))
    else:
        daily = t30 / 30.0
        ever_sold = t30
    available = pl.col("available")
    has_start = pl.col("start_available").is_not_null().any()
    onhand = (
        pl.when(has_start)
        .then((pl.col("start_available").fill_null(0.0) + available.fill_null(0.0)) / 2)
        .otherwise(available)
    )
    exprs = _inventory_dims(rules)
    flags = sku_flags(available, ever_sold, daily, ctx)
    table = per_sku.select(
        *_dim_columns(dims, exprs),
        available.alias(Fact.AVAILABLE.value),
        pl.col("inbound").alias(Fact.INBOUND.value),
        t30.alias(Fact.SHIPPED_T30.value),
        onhand.alias(Fact.ONHAND_AVG.value),
        *[e.alias(name) for name, e in flags.items()],
    )
    return Piece(source, _sum_by(table, dims, INVENTORY_FACTS), [])


def _inventory_dims(rules: Sequence[OwnerRule]) -> dict[Dim, pl.Expr]:
    """The breakdown columns of an inventory snapshot (owners by ASIN, then SKU)."""
    owner = owner_expr(rules, asin=pl.col("asin"), sku=pl.col("sku"))
    return {
        Dim.SKU: _label(pl.col("sku")),
        Dim.ASIN: _label(pl.col("asin")),
        Dim.MARKETPLACE: _label(pl.col("marketplace")),
        Dim.OWNER: owner,
        Dim.TEAM: team_expr(rules, owner),
    }


def _age_column(name: str) -> Callable[[Report], pl.Expr]:
    def make(r: Report) -> pl.Expr:
        return _col(r, name, pl.Int64).cast(F64).alias(name)

    return make


def age_piece(
    source: Source, dims: Sequence[Dim], period: Period, rules: Sequence[OwnerRule]
) -> Piece:
    """Units aged over 90 days and units in all age buckets, at the snapshot nearest the end."""
    columns: dict[str, Callable[[Report], pl.Expr]] = {c: _age_column(c) for c in AGE_COLUMNS_ALL}
    rows = _snapshots(source, period, columns)
    end, _ = _start_end(rows, period)
    buckets = [pl.col(c) for c in AGE_COLUMNS_ALL]
    known = pl.any_horizontal([b.is_not_null() for b in buckets])
    exprs = _inventory_dims(rules)
    table = end.select(
        *_dim_columns(dims, exprs),
        pl.when(known).then(pl.sum_horizontal(buckets[1:])).alias(Fact.AGED_90_PLUS.value),
        pl.when(known).then(pl.sum_horizontal(buckets)).alias(Fact.AGED_TOTAL.value),
    )
    return Piece(source, _sum_by(table, dims, AGE_FACTS), [])


def sold_by_product(source: Source) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Units sold by SKU and by ASIN from by-item Business Reports (the period's)."""
    rows = pl.concat(
        [r.frame.select("sku", "asin", pl.col("units").cast(F64)) for r in source.reports]
    )
    by_sku = (
        rows.filter(pl.col("sku").is_not_null())
        .group_by("sku")
        .agg(pl.col("units").sum().alias("sold"))
    )
    by_asin = (
        rows.filter(pl.col("asin").is_not_null())
        .group_by("asin")
        .agg(pl.col("units").sum().alias("sold"))
    )
    return by_sku, by_asin
