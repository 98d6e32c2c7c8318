"""Amazon Ads console reports (SP, SB, SD), classic and 2025 custom report headers."""

from __future__ import annotations

from kpitool.io.kinds.base import Col, D, F, I, M, P, T, factory

_c = factory("ads")

# Attributed columns carry a "7 day " / "14 day " / "1 day " / "30 day " prefix; the prefix is
# stripped before matching (see headers.split_window) and kept as the attribution window.
_ADS_COMMON: tuple[Col, ...] = (
    _c("date", D, "date"),
    # the 2025 custom report's "Date range" ("Nov 09, 2025 - Nov 27, 2025") is split into
    # these two by io/read.py
    _c("start_date", D, "start date", "date range (start)"),
    _c("end_date", D, "end date", "date range (end)"),
    _c("portfolio", T, "portfolio name"),
    _c("currency", T, "currency", "budget currency"),
    _c("country", T, "country"),
    _c("campaign_id", T, "campaign id"),
    _c("ad_group_id", T, "ad group id"),
    _c("campaign", T, "campaign name", required=True),
    _c("impressions", I, "impressions", required=True),
    _c("clicks", I, "clicks", required=True),
    _c("spend", M, "spend", "cost", "total cost", required=True),
    _c("ad_sales", M, "total sales", "sales"),
    _c("ad_orders", I, "total orders (#)", "orders (#)", "total orders", "purchases"),
    _c("ad_units", I, "total units (#)", "units (#)", "total units", "units sold"),
    _c("ctr_reported", P, "click-thru rate (ctr)", "click-through rate (ctr)", "ctr"),
    _c("cpc_reported", M, "cost per click (cpc)", "cpc"),
    _c(
        "acos_reported",
        P,
        "total advertising cost of sales (acos)",
        "advertising cost of sales (acos)",
        "acos",
    ),
    _c(
        "roas_reported",
        F,
        "total return on advertising spend (roas)",
        "return on advertising spend (roas)",
        "roas",
    ),
    _c("ad_conversion_rate_reported", P, "conversion rate", "purchase rate"),
)

_AD_GROUP = _c("ad_group", T, "ad group name")
_TARGETING = _c("targeting", T, "targeting", "keyword", "target value")
_MATCH = _c("match_type", T, "match type", "target match type")
_SKU_SPLIT: tuple[Col, ...] = (
    _c("advertised_units", I, "advertised sku units (#)", "advertised asin units (#)"),
    _c("other_units", I, "other sku units (#)", "brand halo asin units (#)"),
    _c("advertised_sales", M, "advertised sku sales", "advertised asin sales"),
    _c("other_sales", M, "other sku sales", "brand halo asin sales"),
)
_NTB: tuple[Col, ...] = (
    _c("ntb_orders", I, "new-to-brand orders (#)"),
    _c("ntb_sales", M, "new-to-brand sales"),
    _c("ntb_units", I, "new-to-brand units (#)"),
)

SP_CAMPAIGN: tuple[Col, ...] = (
    *_ADS_COMMON,
    _c("campaign_type", T, "campaign type"),
    _c("status", T, "status"),
    _c("budget", M, "budget"),
    _c("targeting_type", T, "targeting type"),
    _c("bidding_strategy", T, "bidding strategy"),
)
SP_ADVERTISED_PRODUCT: tuple[Col, ...] = (
    *_ADS_COMMON,
    _AD_GROUP,
    _c("advertised_sku", T, "advertised sku"),
    _c("advertised_asin", T, "advertised asin", required=True),
    *_SKU_SPLIT,
)
SP_TARGETING: tuple[Col, ...] = (*_ADS_COMMON, _AD_GROUP, _TARGETING, _MATCH, *_SKU_SPLIT)
SP_SEARCH_TERM: tuple[Col, ...] = (
    *_ADS_COMMON,
    _AD_GROUP,
    _TARGETING,
    _MATCH,
    _c("search_term", T, "customer search term", "search term", required=True),
    *_SKU_SPLIT,
)
SP_PLACEMENT: tuple[Col, ...] = (
    *_ADS_COMMON,
    _c("bidding_strategy", T, "bidding strategy"),
    _c("placement", T, "placement", required=True),
)
SB_CAMPAIGN: tuple[Col, ...] = (
    *_ADS_COMMON,
    _c("campaign_type", T, "campaign type"),
    _c("status", T, "status"),
    _c("budget", M, "budget"),
    *_NTB,
)
SB_SEARCH_TERM: tuple[Col, ...] = (
    *_ADS_COMMON,
    _AD_GROUP,
    _TARGETING,
    _MATCH,
    _c("search_term", T, "customer search term", required=True),
    *_NTB,
)
SD_CAMPAIGN: tuple[Col, ...] = (
    *_ADS_COMMON,
    _c("status", T, "status"),
    _c("budget", M, "budget"),
    _c("viewable_impressions", I, "viewable impressions"),
    *_NTB,
)
SD_ADVERTISED_PRODUCT: tuple[Col, ...] = (
    *_ADS_COMMON,
    _AD_GROUP,
    _c("advertised_sku", T, "advertised sku"),
    _c("advertised_asin", T, "advertised asin", required=True),
    _c("viewable_impressions", I, "viewable impressions"),
    *_NTB,
)
