"""The built-in KPIs as Polars expressions: one registered function per id of kpis.md.

Each function takes a :class:`KpiContext` (the period length and the inventory settings) and
returns an expression over the *facts* table, one row per group, whose columns are the sums
named in :class:`Fact`. The engine builds that table from the reports (choosing one source per
fact, so nothing is counted twice) and then selects ``kpi_expr(id, ctx)`` for every id.

Adding a KPI is one function here and one row in the catalogue (``catalogue.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from kpitool.kpis.catalogue import BUILTIN_BY_ID


class Fact(StrEnum):
    """Per-group sums the engine computes; the inputs of every built-in KPI."""

    # Business Reports
    SALES = "f_sales"
    UNITS = "f_units"
    ORDER_ITEMS = "f_order_items"
    SESSIONS = "f_sessions"
    PAGE_VIEWS = "f_page_views"
    BB_WEIGHTED = "f_bb_weighted"  # Σ page_views × buy box fraction
    BB_PAGE_VIEWS = "f_bb_page_views"  # Σ page_views where the buy box % is known
    B2B_SALES = "f_b2b_sales"
    # Ads console
    AD_SPEND = "f_ad_spend"
    AD_SALES = "f_ad_sales"
    AD_ORDERS = "f_ad_orders"
    AD_UNITS = "f_ad_units"
    IMPRESSIONS = "f_impressions"
    CLICKS = "f_clicks"
    # FBA inventory (snapshot nearest the period end)
    AVAILABLE = "f_available"
    INBOUND = "f_inbound"
    SHIPPED_T30 = "f_shipped_t30"
    ONHAND_AVG = "f_onhand_avg"
    STOCKOUT_SKUS = "f_stockout_skus"
    LOW_STOCK_SKUS = "f_low_stock_skus"
    EXCESS_UNITS = "f_excess_units"
    AGED_90_PLUS = "f_aged_90_plus"
    AGED_TOTAL = "f_aged_total"
    # payments (exact sums, converted to the reporting currency) and unit costs
    NET_PRODUCT_SALES = "f_net_product_sales"  # Σ product sales, Order and Refund rows
    REFUNDS = "f_refunds"  # −Σ product sales, Refund rows
    AMAZON_FEES = "f_amazon_fees"  # −Σ fees (fee columns of sales, fee-type rows)
    PAY_TOTAL = "f_pay_total"  # Σ total, rows other than Transfer/Debt
    AD_CHARGED = "f_ad_charged"  # −Σ total, Cost of Advertising rows
    COGS = "f_cogs"  # Σ units × unit cost in force, refunds negative


SALES_FACTS: tuple[Fact, ...] = (
    Fact.SALES,
    Fact.UNITS,
    Fact.ORDER_ITEMS,
    Fact.SESSIONS,
    Fact.PAGE_VIEWS,
    Fact.BB_WEIGHTED,
    Fact.BB_PAGE_VIEWS,
    Fact.B2B_SALES,
)
AD_FACTS: tuple[Fact, ...] = (
    Fact.AD_SPEND,
    Fact.AD_SALES,
    Fact.AD_ORDERS,
    Fact.AD_UNITS,
    Fact.IMPRESSIONS,
    Fact.CLICKS,
)
INVENTORY_FACTS: tuple[Fact, ...] = (
    Fact.AVAILABLE,
    Fact.INBOUND,
    Fact.SHIPPED_T30,
    Fact.ONHAND_AVG,
    Fact.STOCKOUT_SKUS,
    Fact.LOW_STOCK_SKUS,
    Fact.EXCESS_UNITS,
)
AGE_FACTS: tuple[Fact, ...] = (Fact.AGED_90_PLUS, Fact.AGED_TOTAL)
PROFIT_FACTS: tuple[Fact, ...] = (
    Fact.NET_PRODUCT_SALES,
    Fact.REFUNDS,
    Fact.AMAZON_FEES,
    Fact.PAY_TOTAL,
    Fact.AD_CHARGED,
    Fact.COGS,
)


@dataclass(frozen=True)
class KpiContext:
    """What a KPI needs besides the facts: the period length and the config settings."""

    days: int
    lead_time_days: float = 30.0
    max_days_of_supply: float = 90.0


KpiFn = Callable[[KpiContext], pl.Expr]
REGISTRY: dict[str, KpiFn] = {}


def register(id_: str) -> Callable[[KpiFn], KpiFn]:
    """Register the expression of a built-in KPI (its id must be in the catalogue)."""
    if id_ not in BUILTIN_BY_ID:
        raise ValueError(f"{id_!r} is not in the KPI catalogue")

    def wrap(fn: KpiFn) -> KpiFn:
        REGISTRY[id_] = fn
        return fn

    return wrap


def kpi_expr(id_: str, ctx: KpiContext) -> pl.Expr:
    """The expression of a built-in KPI over the facts table, cast to Float64."""
    return REGISTRY[id_](ctx).cast(pl.Float64)


def safe_div(numerator: pl.Expr, divisor: pl.Expr) -> pl.Expr:
    """``numerator / divisor`` as Float64; null where the divisor is 0 or null (never inf/NaN)."""
    return (
        pl.when(divisor.is_null() | (divisor == 0))
        .then(pl.lit(None, dtype=pl.Float64))
        .otherwise(numerator.cast(pl.Float64) / divisor.cast(pl.Float64))
    )


def nsum(expr: pl.Expr) -> pl.Expr:
    """Σ expr, but null (not 0) when every value is null: a missing input is no data."""
    return pl.when(expr.is_not_null().any()).then(expr.sum())


def _f(fact: Fact) -> pl.Expr:
    return pl.col(fact.value)


def _k(id_: str, ctx: KpiContext) -> pl.Expr:
    return REGISTRY[id_](ctx)


# ------------------------------------------------------------------ sales and traffic
@register("sales")
def _sales(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.SALES)


@register("units")
def _units(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.UNITS)


@register("order_items")
def _order_items(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.ORDER_ITEMS)


@register("sessions")
def _sessions(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.SESSIONS)


@register("page_views")
def _page_views(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.PAGE_VIEWS)


@register("conversion_rate")
def _conversion_rate(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("units", ctx), _k("sessions", ctx))


@register("order_item_session_rate")
def _order_item_session_rate(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("order_items", ctx), _k("sessions", ctx))


@register("buy_box_rate")
def _buy_box_rate(ctx: KpiContext) -> pl.Expr:
    return safe_div(_f(Fact.BB_WEIGHTED), _f(Fact.BB_PAGE_VIEWS))


@register("average_selling_price")
def _average_selling_price(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("sales", ctx), _k("units", ctx))


@register("b2b_sales")
def _b2b_sales(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.B2B_SALES)


# ------------------------------------------------------------------ advertising
@register("ad_spend")
def _ad_spend(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.AD_SPEND)


@register("ad_sales")
def _ad_sales(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.AD_SALES)


@register("ad_orders")
def _ad_orders(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.AD_ORDERS)


@register("ad_units")
def _ad_units(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.AD_UNITS)


@register("impressions")
def _impressions(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.IMPRESSIONS)


@register("clicks")
def _clicks(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.CLICKS)


@register("ctr")
def _ctr(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("clicks", ctx), _k("impressions", ctx))


@register("cpc")
def _cpc(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("ad_spend", ctx), _k("clicks", ctx))


@register("acos")
def _acos(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("ad_spend", ctx), _k("ad_sales", ctx))


@register("roas")
def _roas(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("ad_sales", ctx), _k("ad_spend", ctx))


@register("ad_conversion_rate")
def _ad_conversion_rate(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("ad_orders", ctx), _k("clicks", ctx))


@register("tacos")
def _tacos(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("ad_spend", ctx), _k("sales", ctx))


@register("ad_sales_share")
def _ad_sales_share(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("ad_sales", ctx), _k("sales", ctx))


@register("organic_sales")
def _organic_sales(ctx: KpiContext) -> pl.Expr:
    return _k("sales", ctx).cast(pl.Float64) - _k("ad_sales", ctx).cast(pl.Float64)


# ------------------------------------------------------------------ inventory
def daily_units(ctx: KpiContext) -> pl.Expr:
    """Units sold per day: the Business Report's units over the period, else t30 / 30."""
    units = _k("units", ctx).cast(pl.Float64)
    return (
        pl.when(units.is_not_null())
        .then(units / ctx.days)
        .otherwise(_f(Fact.SHIPPED_T30).cast(pl.Float64) / 30.0)
    )


@register("available_units")
def _available_units(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.AVAILABLE)


@register("inbound_units")
def _inbound_units(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.INBOUND)


@register("days_of_supply")
def _days_of_supply(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("available_units", ctx), daily_units(ctx))


@register("weeks_of_cover")
def _weeks_of_cover(ctx: KpiContext) -> pl.Expr:
    return _k("days_of_supply", ctx) / 7.0


@register("inventory_turnover")
def _inventory_turnover(ctx: KpiContext) -> pl.Expr:
    sold = daily_units(ctx) * ctx.days
    return safe_div(sold, _f(Fact.ONHAND_AVG))


@register("stockout_skus")
def _stockout_skus(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.STOCKOUT_SKUS)


@register("low_stock_skus")
def _low_stock_skus(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.LOW_STOCK_SKUS)


@register("excess_units")
def _excess_units(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.EXCESS_UNITS)


@register("aged_90_plus_share")
def _aged_90_plus_share(ctx: KpiContext) -> pl.Expr:
    return safe_div(_f(Fact.AGED_90_PLUS), _f(Fact.AGED_TOTAL))


# ------------------------------------------------------------------ profit
@register("net_product_sales")
def _net_product_sales(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.NET_PRODUCT_SALES)


@register("refunds")
def _refunds(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.REFUNDS)


@register("amazon_fees")
def _amazon_fees(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.AMAZON_FEES)


@register("cogs")
def _cogs(ctx: KpiContext) -> pl.Expr:
    return _f(Fact.COGS)


def ad_cost(ctx: KpiContext) -> pl.Expr:
    """Advertising counted once: the ads reports' spend where they are present (charged to
    the balance or to a card), else what the payments report charged for advertising."""
    return pl.coalesce(_f(Fact.AD_SPEND), _f(Fact.AD_CHARGED)).cast(pl.Float64)


@register("net_profit")
def _net_profit(ctx: KpiContext) -> pl.Expr:
    # Σ total already holds −(advertising charged): add it back, take the ad cost once
    paid = _f(Fact.PAY_TOTAL).cast(pl.Float64) + _f(Fact.AD_CHARGED).cast(pl.Float64)
    return paid - _k("cogs", ctx).cast(pl.Float64) - ad_cost(ctx)


@register("net_margin")
def _net_margin(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("net_profit", ctx), _k("net_product_sales", ctx))


@register("break_even_acos")
def _break_even_acos(ctx: KpiContext) -> pl.Expr:
    nps = _k("net_product_sales", ctx).cast(pl.Float64)
    gross = nps - _k("amazon_fees", ctx).cast(pl.Float64) - _k("cogs", ctx).cast(pl.Float64)
    return safe_div(gross, nps)


@register("roi")
def _roi(ctx: KpiContext) -> pl.Expr:
    return safe_div(_k("net_profit", ctx), _k("cogs", ctx))


# ------------------------------------------------------------------ per-SKU inventory rules
def sku_flags(
    available: pl.Expr, sold: pl.Expr, daily: pl.Expr, ctx: KpiContext
) -> dict[str, pl.Expr]:
    """Per-SKU stockout / low-stock / excess, summed by the engine into the inventory facts.

    ``sold``: units sold in the period (or t30) for the SKU; ``daily``: its daily units.
    A SKU that sells nothing has unlimited days of supply: never low stock.
    """
    dos = safe_div(available, daily)
    # whole units beyond max_days_of_supply of demand (a SKU that does not sell: all of it)
    excess = pl.max_horizontal(
        pl.lit(0.0), available.cast(pl.Float64) - ctx.max_days_of_supply * daily
    ).floor()
    return {
        Fact.STOCKOUT_SKUS.value: ((available == 0) & (sold > 0)).fill_null(False).cast(pl.Int64),
        Fact.LOW_STOCK_SKUS.value: (dos < ctx.lead_time_days).fill_null(False).cast(pl.Int64),
        Fact.EXCESS_UNITS.value: pl.when(daily.is_not_null()).then(excess),
    }


def _check_complete() -> None:
    missing = [k for k in BUILTIN_BY_ID if k not in REGISTRY]
    if missing:  # pragma: no cover - a programming error caught at import
        raise RuntimeError(f"KPIs without an expression: {missing}")


_check_complete()
