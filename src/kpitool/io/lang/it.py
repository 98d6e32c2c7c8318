"""Italian (amazon.it) headers: the Date Range Report only (one code base)."""

from __future__ import annotations

NAME = "Italian"
WINDOW_WORDS: tuple[str, ...] = ()

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "payments": {
        "posted_at": ("data/ora:", "data/ora"),
        "settlement_id": ("numero pagamento",),
        "type": ("tipo",),
        "order_id": ("numero ordine",),
        "description": ("descrizione",),
        "quantity": ("quantità",),
        "fulfillment": ("gestione",),
        "product_sales": ("vendite",),
        "selling_fees": ("commissioni di vendita",),
        "fba_fees": ("costi del servizio logistica di amazon",),
        "other_transaction_fees": ("altri costi relativi alle transazioni",),
        "other": ("altro",),
        "total": ("totale",),
    },
}
