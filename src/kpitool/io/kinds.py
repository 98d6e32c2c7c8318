"""Report kinds, their canonical columns, and the Amazon header aliases for each column.

This is the only place that knows Amazon's header spellings. Aliases are written in their
*normalised* form (see ``headers.normalise``): lower case, single spaces, hyphens for dashes,
no currency suffix, no trailing space. Everything after ``io/`` sees only canonical names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ReportKind(StrEnum):
    """Report kind ids: a contract, used in JSON output."""

    BUSINESS_REPORT_BY_ITEM = "business_report_by_item"
    BUSINESS_REPORT_BY_DATE = "business_report_by_date"
    SP_CAMPAIGN = "sp_campaign"
    SP_ADVERTISED_PRODUCT = "sp_advertised_product"
    SP_TARGETING = "sp_targeting"
    SP_SEARCH_TERM = "sp_search_term"
    SP_PLACEMENT = "sp_placement"
    SB_CAMPAIGN = "sb_campaign"
    SB_SEARCH_TERM = "sb_search_term"
    SD_CAMPAIGN = "sd_campaign"
    SD_ADVERTISED_PRODUCT = "sd_advertised_product"
    FBA_INVENTORY = "fba_inventory"
    FBA_MANAGE_INVENTORY = "fba_manage_inventory"
    FBA_INVENTORY_HEALTH = "fba_inventory_health"
    FBA_INVENTORY_AGE = "fba_inventory_age"
    FBA_RETURNS = "fba_returns"
    PAYMENTS_DATE_RANGE = "payments_date_range"
    PAYMENTS_TRANSACTION_VIEW = "payments_transaction_view"
    SETTLEMENT_V2 = "settlement_v2"


class ColType(StrEnum):
    TEXT = "text"
    INT = "int"  # counts: "3,395" -> 3395
    FLOAT = "float"  # plain numbers: ROAS, weeks of cover
    MONEY = "money"  # "$1,234.56", "Rs.10", "USD 58.89", "(1.50)" -> float
    AMOUNT = "amount"  # money read exactly (Decimal, 6 places): payments and settlements
    PERCENT = "percent"  # "12.5%" -> 0.125; xlsx cells already hold fractions
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True)
class Col:
    name: str
    type: ColType
    aliases: tuple[str, ...]
    required: bool = False


def _c(name: str, type_: ColType, *aliases: str, required: bool = False) -> Col:
    return Col(name, type_, aliases or (name,), required)


T, I, F, M, A, P, D, DT = (  # noqa: E741
    ColType.TEXT,
    ColType.INT,
    ColType.FLOAT,
    ColType.MONEY,
    ColType.AMOUNT,
    ColType.PERCENT,
    ColType.DATE,
    ColType.DATETIME,
)

# ---------------------------------------------------------------- Business Reports
_BR_COMMON: tuple[Col, ...] = (
    _c("sessions", I, "sessions - total", "sessions", "sessions total", required=True),
    _c("sessions_b2b", I, "sessions - total - b2b", "sessions - b2b"),
    _c("page_views", I, "page views - total", "page views", "page views total"),
    _c("page_views_b2b", I, "page views - total - b2b", "page views - b2b"),
    _c(
        "buy_box_pct",
        P,
        "featured offer (buy box) percentage",
        "buy box percentage",
        "featured offer percentage",
    ),
    _c("units", I, "units ordered", required=True),
    _c("units_b2b", I, "units ordered - b2b"),
    _c("unit_session_pct_reported", P, "unit session percentage"),
    _c("sales", M, "ordered product sales", required=True),
    _c("sales_b2b", M, "ordered product sales - b2b"),
    _c("order_items", I, "total order items"),
    _c("order_items_b2b", I, "total order items - b2b"),
)

BUSINESS_BY_ITEM: tuple[Col, ...] = (
    _c("parent_asin", T, "(parent) asin", "parent asin"),
    _c("asin", T, "(child) asin", "child asin"),
    _c("title", T, "title"),
    _c("sku", T, "sku"),
    *_BR_COMMON,
)

BUSINESS_BY_DATE: tuple[Col, ...] = (
    _c("date", D, "date", required=True),
    *_BR_COMMON,
)

# ---------------------------------------------------------------- Ads console
# Attributed columns carry a "7 day " / "14 day " / "1 day " / "30 day " prefix; the prefix is
# stripped before matching (see headers.split_window) and kept as the attribution window.
_ADS_COMMON: tuple[Col, ...] = (
    _c("date", D, "date"),
    _c("start_date", D, "start date"),
    _c("end_date", D, "end date"),
    _c("portfolio", T, "portfolio name"),
    _c("currency", T, "currency"),
    _c("campaign", T, "campaign name", required=True),
    _c("impressions", I, "impressions", required=True),
    _c("clicks", I, "clicks", required=True),
    _c("spend", M, "spend", "cost", required=True),
    _c("ad_sales", M, "total sales", "sales"),
    _c("ad_orders", I, "total orders (#)", "orders (#)", "total orders"),
    _c("ad_units", I, "total units (#)", "units (#)", "total units"),
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
    _c("ad_conversion_rate_reported", P, "conversion rate"),
)

_AD_GROUP = _c("ad_group", T, "ad group name")
_TARGETING = _c("targeting", T, "targeting", "keyword")
_MATCH = _c("match_type", T, "match type")
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
    _c("search_term", T, "customer search term", required=True),
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

# ---------------------------------------------------------------- FBA inventory
_INV_ID: tuple[Col, ...] = (
    _c("sku", T, "sku", "seller-sku", "msku", required=True),
    _c("fnsku", T, "fnsku"),
    _c("asin", T, "asin"),
    _c("title", T, "product-name", "product name"),
    _c("condition", T, "condition"),
)
_INV_AGE: tuple[Col, ...] = (
    _c("inv_age_0_90", I, "inv-age-0-to-90-days", "inventory-age-0-to-90-days"),
    _c("inv_age_91_180", I, "inv-age-91-to-180-days", "inventory-age-91-to-180-days"),
    _c("inv_age_181_270", I, "inv-age-181-to-270-days", "inventory-age-181-to-270-days"),
    _c("inv_age_271_365", I, "inv-age-271-to-365-days", "inventory-age-271-to-365-days"),
    _c("inv_age_365_plus", I, "inv-age-365-plus-days", "inventory-age-365-plus-days"),
)
FBA_INVENTORY: tuple[Col, ...] = (
    _c("snapshot_date", D, "snapshot-date", required=True),
    *_INV_ID,
    _c("available", I, "available", required=True),
    *_INV_AGE,
    _c("units_shipped_t7", I, "units-shipped-t7"),
    _c("units_shipped_t30", I, "units-shipped-t30"),
    _c("units_shipped_t60", I, "units-shipped-t60"),
    _c("units_shipped_t90", I, "units-shipped-t90"),
    _c("your_price", M, "your-price"),
    _c("currency", T, "currency"),
    _c("days_of_supply_reported", F, "days-of-supply"),
    _c("inbound_quantity", I, "inbound-quantity"),
    _c("inbound_working", I, "inbound-working"),
    _c("inbound_shipped", I, "inbound-shipped"),
    _c("inbound_received", I, "inbound-received"),
    _c("reserved", I, "total reserved quantity"),
    _c("unsellable", I, "unfulfillable-quantity"),
)
FBA_MANAGE_INVENTORY: tuple[Col, ...] = (
    *_INV_ID,
    _c("your_price", M, "your-price"),
    _c("available", I, "afn-fulfillable-quantity", required=True),
    _c("warehouse", I, "afn-warehouse-quantity"),
    _c("unsellable", I, "afn-unsellable-quantity"),
    _c("reserved", I, "afn-reserved-quantity"),
    _c("total_quantity", I, "afn-total-quantity"),
    _c("inbound_working", I, "afn-inbound-working-quantity"),
    _c("inbound_shipped", I, "afn-inbound-shipped-quantity"),
    _c("inbound_received", I, "afn-inbound-receiving-quantity"),
    _c("mfn_fulfillable", I, "mfn-fulfillable-quantity"),
    _c("mfn_listing_exists", T, "mfn-listing-exists", required=True),
)
FBA_INVENTORY_HEALTH: tuple[Col, ...] = (
    _c("snapshot_date", D, "snapshot-date", required=True),
    *_INV_ID,
    _c("total_quantity", I, "total-quantity"),
    _c("available", I, "sellable-quantity", required=True),
    _c("unsellable", I, "unsellable-quantity"),
    *_INV_AGE,
    _c("units_shipped_t7", I, "units-shipped-last-7-days"),
    _c("units_shipped_t30", I, "units-shipped-last-30-days"),
    _c("units_shipped_t90", I, "units-shipped-last-90-days"),
    _c("weeks_of_cover_t30_reported", F, "weeks-of-cover-t30"),
    _c("your_price", M, "your-price"),
    _c("currency", T, "currency"),
    _c("inbound_quantity", I, "in-bound-quantity"),
)
FBA_INVENTORY_AGE: tuple[Col, ...] = (
    _c("snapshot_date", D, "snapshot-date", required=True),
    *_INV_ID,
    _c(
        "available",
        I,
        "avaliable-quantity(sellable)",
        "available-quantity(sellable)",
        required=True,
    ),
    *_INV_AGE,
    _c("units_shipped_t7", I, "units-shipped-last-7-days"),
    _c("units_shipped_t30", I, "units-shipped-last-30-days"),
    _c("units_shipped_t60", I, "units-shipped-last-60-days"),
    _c("units_shipped_t90", I, "units-shipped-last-90-days"),
    _c("your_price", M, "your-price"),
    _c("currency", T, "currency"),
)
FBA_RETURNS: tuple[Col, ...] = (
    _c("return_date", D, "return-date", required=True),
    _c("order_id", T, "order-id"),
    _c("sku", T, "sku"),
    _c("asin", T, "asin"),
    _c("fnsku", T, "fnsku"),
    _c("title", T, "product-name"),
    _c("quantity", I, "quantity", required=True),
    _c("fulfillment_center", T, "fulfillment-center-id"),
    _c("disposition", T, "detailed-disposition", required=True),
    _c("reason", T, "reason"),
    _c("status", T, "status"),
)

# ---------------------------------------------------------------- Payments
PAYMENTS_DATE_RANGE: tuple[Col, ...] = (
    _c(
        "posted_at",
        DT,
        "date/time",
        "datum/uhrzeit",
        "date/heure",
        "data/ora:",
        "data/ora",
        "fecha y hora",
        required=True,
    ),
    _c(
        "settlement_id",
        T,
        "settlement id",
        "abrechnungsnummer",
        "numéro de versement",
        "numero pagamento",
        "identificador de pago",
    ),
    _c("type", T, "type", "typ", "tipo", required=True),
    _c(
        "order_id",
        T,
        "order id",
        "bestellnummer",
        "numéro de la commande",
        "numero ordine",
        "número de pedido",
    ),
    _c("sku", T, "sku"),
    _c("description", T, "description", "beschreibung", "descrizione", "descripción"),
    _c("quantity", I, "quantity", "menge", "quantité", "quantità", "cantidad"),
    _c("marketplace", T, "marketplace", "marketplace", "web de amazon"),
    _c("account_type", T, "account type"),
    _c("fulfillment", T, "fulfillment", "versand", "traitement", "gestione", "gestión logística"),
    _c("tax_collection_model", T, "tax collection model"),
    _c(
        "product_sales",
        A,
        "product sales",
        "umsätze",
        "ventes de produits",
        "vendite",
        "ventas de productos",
        required=True,
    ),
    _c("product_sales_tax", A, "product sales tax"),
    _c("shipping_credits", A, "shipping credits", "gutschrift für versandkosten"),
    _c("shipping_credits_tax", A, "shipping credits tax"),
    _c("gift_wrap_credits", A, "gift wrap credits"),
    _c("gift_wrap_credits_tax", A, "giftwrap credits tax", "gift wrap credits tax"),
    _c("regulatory_fee", A, "regulatory fee"),
    _c("regulatory_fee_tax", A, "tax on regulatory fee"),
    _c("promotional_rebates", A, "promotional rebates", "rabatte aus werbeaktionen"),
    _c("promotional_rebates_tax", A, "promotional rebates tax"),
    _c("marketplace_withheld_tax", A, "marketplace withheld tax"),
    _c(
        "selling_fees",
        A,
        "selling fees",
        "verkaufsgebühren",
        "frais de vente",
        "commissioni di vendita",
        "tarifas de venta",
    ),
    _c(
        "fba_fees",
        A,
        "fba fees",
        "gebühren zu versand durch amazon",
        "frais expédié par amazon",
        "costi del servizio logistica di amazon",
        "tarifas de logística de amazon",
    ),
    _c(
        "other_transaction_fees",
        A,
        "other transaction fees",
        "andere transaktionsgebühren",
        "autres frais de transaction",
        "altri costi relativi alle transazioni",
        "tarifas de otras transacciones",
    ),
    _c("other", A, "other", "andere", "autre", "altro", "otro"),
    _c("total", A, "total", "gesamt", "totale", required=True),
    _c("transaction_status", T, "transaction status"),
    _c("transaction_release_date", DT, "transaction release date"),
)
PAYMENTS_TRANSACTION_VIEW: tuple[Col, ...] = (
    _c("date", D, "date", required=True),
    _c("order_id", T, "order id"),
    _c("sku", T, "sku"),
    _c("transaction_type", T, "transaction type", required=True),
    _c("payment_type", T, "payment type", required=True),
    _c("payment_detail", T, "payment detail"),
    _c("amount", A, "amount", required=True),
    _c("quantity", I, "quantity"),
    _c("title", T, "product title"),
)
SETTLEMENT_V2: tuple[Col, ...] = (
    _c("settlement_id", T, "settlement-id", required=True),
    _c("settlement_start_date", DT, "settlement-start-date"),
    _c("settlement_end_date", DT, "settlement-end-date"),
    _c("deposit_date", DT, "deposit-date"),
    _c("total_amount", A, "total-amount"),
    _c("currency", T, "currency"),
    _c("transaction_type", T, "transaction-type"),
    _c("order_id", T, "order-id"),
    _c("merchant_order_id", T, "merchant-order-id"),
    _c("adjustment_id", T, "adjustment-id"),
    _c("shipment_id", T, "shipment-id"),
    _c("marketplace", T, "marketplace-name"),
    _c("amount_type", T, "amount-type", required=True),
    _c("amount_description", T, "amount-description", required=True),
    _c("amount", A, "amount", required=True),
    _c("fulfillment_id", T, "fulfillment-id"),
    _c("posted_date", D, "posted-date"),
    _c("posted_at", DT, "posted-date-time"),
    _c("order_item_code", T, "order-item-code"),
    _c("merchant_order_item_id", T, "merchant-order-item-id"),
    _c("merchant_adjustment_item_id", T, "merchant-adjustment-item-id"),
    _c("sku", T, "sku"),
    _c("quantity", I, "quantity-purchased"),
    _c("promotion_id", T, "promotion-id"),
)


@dataclass(frozen=True)
class KindSpec:
    kind: ReportKind
    columns: tuple[Col, ...]
    #: every normalised header in ``signature`` must be present (after alias resolution the
    #: canonical names listed here must be found)
    signature: tuple[str, ...]
    #: canonical names that must be absent for this kind to match
    excludes: tuple[str, ...] = ()
    ad_type: str | None = None  # "SP", "SB", "SD"
    default_window: int | None = None  # attribution days when the header has no prefix
    #: the canonical column holding the row date, if any
    date_column: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


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
