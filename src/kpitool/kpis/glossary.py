"""The KPI glossary: every KPI explained from the catalogue (``kpitool kpis``, and the README's
KPI table): its formula, unit, direction, whether it adds up, the reports it reads and what
to know before judging it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpitool.kpis.catalogue import (
    ADS,
    BUILTIN,
    BUILTIN_FAMILIES,
    INVENTORY,
    PROFIT,
    SALES,
    Better,
    KpiMeta,
)

#: the downloads each family of facts is read from (README, Reports kpitool reads)
READS = {
    SALES: "Business Report (by date, or by child/parent item)",
    ADS: "Sponsored Products, Brands and Display reports (campaign, advertised product, "
    "targeting or search term)",
    INVENTORY: "FBA inventory report or Manage FBA Inventory (latest snapshot); inventory "
    "age or health report for aged stock",
    PROFIT: "payments Date Range Report or settlement report, and the unit cost file",
}
_ATTRIBUTION = (
    "ad sales and orders are attributed as the Ads console reports them: 7 days after the "
    "click for Sponsored Products, 14 days for Sponsored Brands and Display"
)
CAVEATS: dict[str, str] = {
    **{
        k: _ATTRIBUTION
        for k in ("ad_sales", "ad_orders", "ad_units", "acos", "roas", "ad_conversion_rate")
    },
    "organic_sales": f"sales less ad sales; {_ATTRIBUTION}, so it can be negative",
    "ad_sales_share": f"{_ATTRIBUTION}, so it can exceed 100 %",
    "tacos": "ad spend over all sales (ads and organic): the cost of ads to the whole business",
    "buy_box_rate": "weighted by page views, as Seller Central weights it",
    "b2b_sales": "only where the Business Report carries the B2B columns",
    "available_units": "a state, not a flow: the latest snapshot within the period",
    "inbound_units": "a state, not a flow: the latest snapshot within the period",
    "days_of_supply": "a band target (min and max): too little stock and too much both miss",
    "weeks_of_cover": "a band target (min and max): too little stock and too much both miss",
    "inventory_turnover": "over the period, not annualised: a month's turns are about a twelfth "
    "of a year's",
    "low_stock_skus": "lead time from settings.lead_time_days",
    "excess_units": "the limit from settings.max_days_of_supply",
    "cogs": "needs the unit cost file (costs: in the config); SKUs without a cost make it partial",
    "net_profit": "payments totals less unit costs and the ad spend not already charged in them",
    "break_even_acos": "the ACOS at which ads eat the whole margin before ads",
}


@dataclass(frozen=True)
class Entry:
    """One KPI, explained."""

    id: str
    group: str
    formula: str
    unit: str
    better: str
    additive: bool
    reads: list[str]
    caveat: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "formula": self.formula,
            "unit": self.unit,
            "better": self.better,
            "additive": self.additive,
            "reads": self.reads,
            "caveat": self.caveat,
        }


def entry(meta: KpiMeta, families: frozenset[str] | None = None) -> Entry:
    """``meta`` explained; ``families``: those a custom KPI reads (built-in ones are known)."""
    fams = BUILTIN_FAMILIES.get(meta.id, families or frozenset())
    order = [f for f in (SALES, ADS, INVENTORY, PROFIT) if f in fams]
    better = "" if meta.better is Better.NONE else str(meta.better)
    return Entry(
        meta.id,
        meta.group,
        meta.formula,
        str(meta.unit),
        better,
        meta.additive,
        [READS[f] for f in order],
        CAVEATS.get(meta.id),
    )


def glossary() -> list[Entry]:
    """Every built-in KPI, in the catalogue's order."""
    return [entry(k) for k in BUILTIN]
