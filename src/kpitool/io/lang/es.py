"""Spanish (amazon.es) headers: the Date Range Report only (one code base)."""

from __future__ import annotations

NAME = "Spanish"
WINDOW_WORDS: tuple[str, ...] = ()

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "payments": {
        "posted_at": ("fecha y hora",),
        "settlement_id": ("identificador de pago",),
        "type": ("tipo",),
        "order_id": ("número de pedido",),
        "description": ("descripción",),
        "quantity": ("cantidad",),
        "marketplace": ("web de amazon",),
        "fulfillment": ("gestión logística",),
        "product_sales": ("ventas de productos",),
        "selling_fees": ("tarifas de venta",),
        "fba_fees": ("tarifas de logística de amazon",),
        "other_transaction_fees": ("tarifas de otras transacciones",),
        "other": ("otro",),
    },
}
