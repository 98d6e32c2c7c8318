"""French (amazon.fr) headers: the Date Range Report only (one code base). No real French
Business or Ads report has been seen: those are skipped, naming the language."""

from __future__ import annotations

NAME = "French"
WINDOW_WORDS: tuple[str, ...] = ()

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "payments": {
        "posted_at": ("date/heure",),
        "settlement_id": ("numéro de versement",),
        "order_id": ("numéro de la commande",),
        "quantity": ("quantité",),
        "fulfillment": ("traitement",),
        "product_sales": ("ventes de produits",),
        "selling_fees": ("frais de vente",),
        "fba_fees": ("frais expédié par amazon",),
        "other_transaction_fees": ("autres frais de transaction",),
        "other": ("autre",),
    },
}
