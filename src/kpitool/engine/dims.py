"""Breakdown dimensions (``--by``) and which report families carry each of them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from kpitool.errors import KpiToolError

if TYPE_CHECKING:
    import polars as pl

NONE_LABEL = "(none)"  # a group key the source leaves empty (e.g. a row without a SKU)
UNDATED_LABEL = "(undated)"  # an ads summary row in a day/week/month breakdown


class Dim(StrEnum):
    ASIN = "asin"
    SKU = "sku"
    PARENT_ASIN = "parent_asin"
    CAMPAIGN = "campaign"
    SEARCH_TERM = "search_term"  # ads only: the search term reports carry it
    AD_TYPE = "ad_type"
    MARKETPLACE = "marketplace"
    OWNER = "owner"
    TEAM = "team"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


TIME_DIMS: frozenset[Dim] = frozenset({Dim.DAY, Dim.WEEK, Dim.MONTH})
PRODUCT_DIMS: frozenset[Dim] = frozenset({Dim.ASIN, Dim.SKU})
OWNER_DIMS: frozenset[Dim] = frozenset({Dim.OWNER, Dim.TEAM})

#: what each source carries
SALES_BY_DATE: frozenset[Dim] = frozenset({Dim.MARKETPLACE}) | TIME_DIMS
SALES_BY_CHILD_ITEM: frozenset[Dim] = frozenset(
    {Dim.MARKETPLACE, Dim.ASIN, Dim.SKU, Dim.PARENT_ASIN, Dim.OWNER, Dim.TEAM}
)
SALES_BY_PARENT_ITEM: frozenset[Dim] = frozenset({Dim.MARKETPLACE, Dim.PARENT_ASIN})
ADS_CAMPAIGN_LEVEL: frozenset[Dim] = (
    frozenset({Dim.CAMPAIGN, Dim.AD_TYPE, Dim.MARKETPLACE, Dim.OWNER, Dim.TEAM}) | TIME_DIMS
)
ADS_PRODUCT_LEVEL: frozenset[Dim] = ADS_CAMPAIGN_LEVEL | PRODUCT_DIMS
ADS_SEARCH_TERM_LEVEL: frozenset[Dim] = ADS_CAMPAIGN_LEVEL | {Dim.SEARCH_TERM}
INVENTORY: frozenset[Dim] = frozenset({Dim.SKU, Dim.ASIN, Dim.OWNER, Dim.TEAM, Dim.MARKETPLACE})
PAYMENTS: frozenset[Dim] = INVENTORY | TIME_DIMS


#: the families of facts (kpis/catalogue.py) and the breakdowns some report of theirs carries
CARRIERS: dict[str, tuple[frozenset[Dim], ...]] = {
    "sales": (SALES_BY_DATE, SALES_BY_CHILD_ITEM, SALES_BY_PARENT_ITEM),
    "advertising": (ADS_PRODUCT_LEVEL, ADS_SEARCH_TERM_LEVEL),
    "inventory": (INVENTORY,),
    "profit": (PAYMENTS,),
}


def can_carry(family: str, dims: Iterable[Dim]) -> bool:
    """Some report of ``family`` can carry the breakdown by ``dims``."""
    wanted = set(dims)
    return any(wanted <= carried for carried in CARRIERS.get(family, (frozenset(wanted),)))


def parse_by(values: Iterable[str]) -> list[Dim]:
    """``["owner,asin"]`` or ``["owner", "asin"]`` -> [Dim.OWNER, Dim.ASIN]; KpiToolError if bad."""
    dims: list[Dim] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            try:
                dim = Dim(name)
            except ValueError:
                choices = "|".join(d.value for d in Dim)
                raise KpiToolError(f"unknown --by dimension {name!r}; use {choices}") from None
            if dim in dims:
                raise KpiToolError(f"--by names {name!r} twice")
            dims.append(dim)
    if len(dims) > 2:
        raise KpiToolError(
            f"--by takes one or two dimensions, not {len(dims)}: e.g. --by owner,asin"
        )
    return dims


def time_label(dim: Dim, day: pl.Expr) -> pl.Expr:
    """The group label of a date: 2026-10-05 (day), 2026-W41 (ISO week), 2026-10 (month)."""
    fmt = {Dim.DAY: "%Y-%m-%d", Dim.WEEK: "%G-W%V", Dim.MONTH: "%Y-%m"}[dim]
    return day.dt.strftime(fmt)
