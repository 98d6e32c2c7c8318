"""The built-in KPI catalogue of ../shared/reference/kpis.md: ids, units, directions.

Ids, units and directions are a public contract (JSON output, YAML targets and scripts use
them). This module holds only metadata; the expressions live beside it in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    CURRENCY = "currency"
    COUNT = "count"
    RATIO = "ratio"  # a fraction: 0.25 = 25 %
    MULTIPLE = "multiple"  # a multiple: 4.1 = 4.1× (ROAS, turns)
    DAYS = "days"
    WEEKS = "weeks"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"  # no direction (ad_sales_share, available_units)
    BAND = "band"  # days_of_supply, weeks_of_cover: neither too low nor too high


@dataclass(frozen=True)
class KpiMeta:
    id: str
    unit: Unit
    better: Better
    #: additive KPIs are sums over rows: they add up across groups and are pro-rated by days
    additive: bool
    group: str  # "sales", "advertising", "inventory", "profit", "custom"
    formula: str  # human-readable, for the README table


C, N, R, DY, W = Unit.CURRENCY, Unit.COUNT, Unit.RATIO, Unit.DAYS, Unit.WEEKS
X = Unit.MULTIPLE
HI, LO, NO, BA = Better.HIGHER, Better.LOWER, Better.NONE, Better.BAND


def _k(id_: str, unit: Unit, better: Better, additive: bool, group: str, formula: str) -> KpiMeta:
    return KpiMeta(id_, unit, better, additive, group, formula)


BUILTIN: tuple[KpiMeta, ...] = (
    _k("sales", C, HI, True, "sales", "Σ Ordered Product Sales"),
    _k("units", N, HI, True, "sales", "Σ Units Ordered"),
    _k("order_items", N, HI, True, "sales", "Σ Total Order Items"),
    _k("sessions", N, HI, True, "sales", "Σ Sessions - Total"),
    _k("page_views", N, HI, True, "sales", "Σ Page Views - Total"),
    _k("conversion_rate", R, HI, False, "sales", "units / sessions"),
    _k("order_item_session_rate", R, HI, False, "sales", "order_items / sessions"),
    _k("buy_box_rate", R, HI, False, "sales", "Σ(page_views × buy box %) / Σ page_views"),
    _k("average_selling_price", C, HI, False, "sales", "sales / units"),
    _k("b2b_sales", C, HI, True, "sales", "Σ Ordered Product Sales - B2B"),
    _k("ad_spend", C, LO, True, "advertising", "Σ Spend"),
    _k("ad_sales", C, HI, True, "advertising", "Σ attributed sales (7 Day SP, 14 Day SB/SD)"),
    _k("ad_orders", N, HI, True, "advertising", "Σ attributed orders"),
    _k("ad_units", N, HI, True, "advertising", "Σ attributed units"),
    _k("impressions", N, HI, True, "advertising", "Σ Impressions"),
    _k("clicks", N, HI, True, "advertising", "Σ Clicks"),
    _k("ctr", R, HI, False, "advertising", "clicks / impressions"),
    _k("cpc", C, LO, False, "advertising", "ad_spend / clicks"),
    _k("acos", R, LO, False, "advertising", "ad_spend / ad_sales"),
    _k("roas", X, HI, False, "advertising", "ad_sales / ad_spend"),
    _k("ad_conversion_rate", R, HI, False, "advertising", "ad_orders / clicks"),
    _k("tacos", R, LO, False, "advertising", "ad_spend / sales"),
    _k("ad_sales_share", R, NO, False, "advertising", "ad_sales / sales"),
    _k("organic_sales", C, HI, True, "advertising", "sales − ad_sales"),
    _k("available_units", N, NO, False, "inventory", "Σ fulfillable units (latest snapshot)"),
    _k("inbound_units", N, NO, False, "inventory", "Σ inbound working + shipped + receiving"),
    _k("days_of_supply", DY, BA, False, "inventory", "available_units / (units / days)"),
    _k("weeks_of_cover", W, BA, False, "inventory", "days_of_supply / 7"),
    _k("inventory_turnover", X, HI, False, "inventory", "units sold / average on-hand units"),
    _k("stockout_skus", N, LO, False, "inventory", "SKUs with available = 0 that sold"),
    _k("low_stock_skus", N, LO, False, "inventory", "SKUs with days_of_supply < lead_time_days"),
    _k(
        "excess_units",
        N,
        LO,
        False,
        "inventory",
        "Σ per SKU max(0, available − max_days_of_supply × daily units)",
    ),
    _k("aged_90_plus_share", R, LO, False, "inventory", "units aged > 90 days / units on hand"),
    _k(
        "net_product_sales",
        C,
        HI,
        True,
        "profit",
        "Σ product sales over Order and Refund rows (payments)",
    ),
    _k("refunds", C, LO, True, "profit", "−Σ product sales over Refund rows"),
    _k(
        "amazon_fees",
        C,
        LO,
        True,
        "profit",
        "−Σ (selling + FBA + other transaction fees) − fee rows (FBA Inventory Fee, "
        "Service Fee other than advertising)",
    ),
    _k(
        "cogs",
        C,
        LO,
        True,
        "profit",
        "Σ units sold × unit cost in force on the sale date − units refunded × that cost",
    ),
    _k(
        "net_profit",
        C,
        HI,
        True,
        "profit",
        "Σ total over non-Transfer rows − cogs − ad_spend not already charged in payments",
    ),
    _k("net_margin", R, HI, False, "profit", "net_profit / net_product_sales"),
    _k(
        "break_even_acos",
        R,
        HI,
        False,
        "profit",
        "(net_product_sales − amazon_fees − cogs) / net_product_sales",
    ),
    _k("roi", R, HI, False, "profit", "net_profit / cogs"),
)

BUILTIN_BY_ID: dict[str, KpiMeta] = {k.id: k for k in BUILTIN}
KPI_IDS: frozenset[str] = frozenset(BUILTIN_BY_ID)

SALES, ADS, INVENTORY, PROFIT = "sales", "advertising", "inventory", "profit"
FAMILIES = (SALES, ADS, INVENTORY, PROFIT)

#: the KPIs that read a second family of facts besides their own group
_EXTRA: dict[str, frozenset[str]] = {
    **{k: frozenset({ADS, SALES}) for k in ("tacos", "ad_sales_share", "organic_sales")},
    **{k: frozenset({PROFIT, ADS}) for k in ("net_profit", "net_margin", "roi")},
    **{
        k: frozenset({INVENTORY, SALES})
        for k in (
            "days_of_supply",
            "weeks_of_cover",
            "inventory_turnover",
            "stockout_skus",
            "low_stock_skus",
            "excess_units",
        )
    },
}
#: for every built-in KPI, the families of facts it reads
BUILTIN_FAMILIES: dict[str, frozenset[str]] = {
    k.id: _EXTRA.get(k.id, frozenset({k.group})) for k in BUILTIN
}
