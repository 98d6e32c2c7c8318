"""FBA inventory and returns reports."""

from __future__ import annotations

from kpitool.io.kinds.base import Col, D, F, I, M, T, _c

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
