"""Business Reports: by child/parent item and by date."""

from __future__ import annotations

from kpitool.io.kinds.base import Col, D, I, M, P, T, factory

_b = factory("business")

_BR_COMMON: tuple[Col, ...] = (
    _b("sessions", I, "sessions - total", "sessions", "sessions total", required=True),
    _b("sessions_b2b", I, "sessions - total - b2b", "sessions - b2b"),
    _b("page_views", I, "page views - total", "page views", "page views total"),
    _b("page_views_b2b", I, "page views - total - b2b", "page views - b2b"),
    _b(
        "buy_box_pct",
        P,
        "featured offer (buy box) percentage",
        "buy box percentage",
        "featured offer percentage",
    ),
    _b("units", I, "units ordered", required=True),
    _b("units_b2b", I, "units ordered - b2b"),
    _b("unit_session_pct_reported", P, "unit session percentage"),
    _b("sales", M, "ordered product sales", required=True),
    _b("sales_b2b", M, "ordered product sales - b2b"),
    _b("order_items", I, "total order items"),
    _b("order_items_b2b", I, "total order items - b2b"),
)

BUSINESS_BY_ITEM: tuple[Col, ...] = (
    _b("parent_asin", T, "(parent) asin", "parent asin"),
    _b("asin", T, "(child) asin", "child asin"),
    _b("title", T, "title"),
    _b("sku", T, "sku"),
    *_BR_COMMON,
)

BUSINESS_BY_DATE: tuple[Col, ...] = (
    _b("date", D, "date", required=True),
    *_BR_COMMON,
)

# ---------------------------------------------------------------- Ads console
