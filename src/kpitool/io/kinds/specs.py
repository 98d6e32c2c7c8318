"""The kinds' signatures: which canonical columns tell each report kind apart."""

from __future__ import annotations

from kpitool.io.kinds.ads import (
    SB_CAMPAIGN,
    SB_SEARCH_TERM,
    SD_ADVERTISED_PRODUCT,
    SD_CAMPAIGN,
    SP_ADVERTISED_PRODUCT,
    SP_CAMPAIGN,
    SP_PLACEMENT,
    SP_SEARCH_TERM,
    SP_TARGETING,
)
from kpitool.io.kinds.base import KindSpec, ReportKind
from kpitool.io.kinds.business import BUSINESS_BY_DATE, BUSINESS_BY_ITEM
from kpitool.io.kinds.inventory import (
    FBA_INVENTORY,
    FBA_INVENTORY_AGE,
    FBA_INVENTORY_HEALTH,
    FBA_MANAGE_INVENTORY,
    FBA_RETURNS,
)
from kpitool.io.kinds.payments import PAYMENTS_DATE_RANGE, PAYMENTS_TRANSACTION_VIEW, SETTLEMENT_V2

KIND_SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        ReportKind.BUSINESS_REPORT_BY_ITEM,
        BUSINESS_BY_ITEM,
        ("sessions", "units", "sales"),
        excludes=("date", "campaign"),
    ),
    KindSpec(
        ReportKind.BUSINESS_REPORT_BY_DATE,
        BUSINESS_BY_DATE,
        ("date", "sales", "units"),
        excludes=("campaign", "asin", "parent_asin"),
        date_column="date",
    ),
    KindSpec(
        ReportKind.SP_SEARCH_TERM,
        SP_SEARCH_TERM,
        ("campaign", "search_term", "spend"),
        ad_type="SP",
        default_window=7,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SP_ADVERTISED_PRODUCT,
        SP_ADVERTISED_PRODUCT,
        ("campaign", "advertised_asin", "spend"),
        excludes=("viewable_impressions",),
        ad_type="SP",
        default_window=7,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SP_PLACEMENT,
        SP_PLACEMENT,
        ("campaign", "placement", "spend"),
        ad_type="SP",
        default_window=7,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SP_TARGETING,
        SP_TARGETING,
        ("campaign", "targeting", "spend"),
        excludes=("search_term", "ntb_orders"),
        ad_type="SP",
        default_window=7,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SP_CAMPAIGN,
        SP_CAMPAIGN,
        ("campaign", "spend", "impressions"),
        excludes=("ad_group", "ntb_orders", "viewable_impressions", "placement"),
        ad_type="SP",
        default_window=7,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SB_SEARCH_TERM,
        SB_SEARCH_TERM,
        ("campaign", "search_term", "spend", "ntb_orders"),
        ad_type="SB",
        default_window=14,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SB_CAMPAIGN,
        SB_CAMPAIGN,
        ("campaign", "spend", "ntb_orders"),
        excludes=("ad_group", "viewable_impressions", "search_term"),
        ad_type="SB",
        default_window=14,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SD_ADVERTISED_PRODUCT,
        SD_ADVERTISED_PRODUCT,
        ("campaign", "advertised_asin", "viewable_impressions", "spend"),
        ad_type="SD",
        default_window=14,
        date_column="date",
    ),
    KindSpec(
        ReportKind.SD_CAMPAIGN,
        SD_CAMPAIGN,
        ("campaign", "viewable_impressions", "spend"),
        excludes=("advertised_asin",),
        ad_type="SD",
        default_window=14,
        date_column="date",
    ),
    KindSpec(
        ReportKind.FBA_MANAGE_INVENTORY,
        FBA_MANAGE_INVENTORY,
        ("sku", "available", "mfn_listing_exists"),
    ),
    KindSpec(
        ReportKind.FBA_INVENTORY_HEALTH,
        FBA_INVENTORY_HEALTH,
        ("snapshot_date", "sku", "available", "units_shipped_t30"),
        excludes=("units_shipped_t60",),
        date_column="snapshot_date",
    ),
    KindSpec(
        ReportKind.FBA_INVENTORY_AGE,
        FBA_INVENTORY_AGE,
        ("snapshot_date", "sku", "available", "inv_age_0_90"),
        date_column="snapshot_date",
    ),
    KindSpec(
        ReportKind.FBA_INVENTORY,
        FBA_INVENTORY,
        ("snapshot_date", "sku", "available"),
        date_column="snapshot_date",
    ),
    KindSpec(
        ReportKind.FBA_RETURNS,
        FBA_RETURNS,
        ("return_date", "disposition", "quantity"),
        date_column="return_date",
    ),
    KindSpec(
        ReportKind.PAYMENTS_DATE_RANGE,
        PAYMENTS_DATE_RANGE,
        ("posted_at", "type", "product_sales", "total"),
        date_column="posted_at",
    ),
    KindSpec(
        ReportKind.PAYMENTS_TRANSACTION_VIEW,
        PAYMENTS_TRANSACTION_VIEW,
        ("date", "transaction_type", "payment_type", "amount"),
        date_column="date",
    ),
    KindSpec(
        ReportKind.SETTLEMENT_V2,
        SETTLEMENT_V2,
        ("settlement_id", "amount_type", "amount_description", "amount"),
        date_column="posted_date",
    ),
)

SPEC_BY_KIND: dict[ReportKind, KindSpec] = {s.kind: s for s in KIND_SPECS}

AD_KINDS: frozenset[ReportKind] = frozenset(s.kind for s in KIND_SPECS if s.ad_type)
INVENTORY_KINDS: frozenset[ReportKind] = frozenset(
    {
        ReportKind.FBA_INVENTORY,
        ReportKind.FBA_MANAGE_INVENTORY,
        ReportKind.FBA_INVENTORY_HEALTH,
        ReportKind.FBA_INVENTORY_AGE,
    }
)
