"""German (amazon.de) headers. Business Report and Ads headers as seen in real downloads
(report_formats.md, "Localized and 2025+ formats"); payments headers from one code base."""

from __future__ import annotations

NAME = "German"
#: "7 Tage, Umsatz gesamt", "7-Tage, Andere SKU-Einheiten", "7-Tage-Konversionsrate"
WINDOW_WORDS: tuple[str, ...] = ("tage",)

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "business": {
        # by-date report: not seen in German; its metric columns are those of the by-item one
        "date": ("datum",),
        "parent_asin": ("(übergeordnete) asin",),
        "asin": ("(untergeordnete) asin",),
        "title": ("titel",),
        "sessions": ("sitzungen - summe",),
        "sessions_b2b": ("sitzungen - summe - b2b",),
        "page_views": ("seitenaufrufe - summe",),
        "page_views_b2b": ("seitenaufrufe - summe - b2b",),
        "buy_box_pct": ('hervorgehobenes angebot ("in-den-einkaufswagen") - prozentsatz',),
        "units": ("bestellte einheiten",),
        "units_b2b": ("bestellte einheiten - b2b",),
        "unit_session_pct_reported": ("prozentsatz an einheiten pro sitzung",),
        "sales": ("durch bestellte produkte erzielter umsatz",),
        "sales_b2b": ("bestellsumme - b2b",),
        "order_items": ("zahl der bestellposten",),
        "order_items_b2b": ("zahl der bestellposten - b2b",),
    },
    "ads": {
        "start_date": ("startdatum",),
        "end_date": ("enddatum",),
        "portfolio": ("portfolioname",),
        "currency": ("währung",),
        "country": ("land",),
        "campaign": ("kampagnen-name",),
        "campaign_type": ("kampagnentyp",),
        "targeting_type": ("targeting-typ",),
        "bidding_strategy": ("gebotsstrategien",),
        "impressions": ("impressionen",),
        "clicks": ("klicks",),
        "spend": ("ausgaben",),
        "ad_sales": ("umsatz gesamt",),
        "ad_orders": ("aufträge gesamt (#)",),
        "ad_units": ("einheiten gesamt (#)",),
        "ctr_reported": ("klickrate (ctr)",),
        "cpc_reported": ("kosten pro klick (cpc)",),
        "acos_reported": ("zugeschriebene umsatzkosten (acos) gesamt",),
        "roas_reported": ("gesamte rentabilität der anzeigenkosten (roas)",),
        "ad_conversion_rate_reported": ("konversionsrate",),
        "ad_group": ("anzeigengruppenname",),
        "targeting": ("ausrichtung",),
        "match_type": ("übereinstimmungstyp",),
        "search_term": ("suchbegriff des kunden",),
        "advertised_units": ("beworbene sku-einheiten (#)",),
        "other_units": ("andere sku-einheiten (#)",),
        "advertised_sales": ("beworbene sku-umsätze",),
        "other_sales": ("andere sku-umsätze",),
    },
    "payments": {
        "posted_at": ("datum/uhrzeit",),
        "settlement_id": ("abrechnungsnummer",),
        "type": ("typ",),
        "order_id": ("bestellnummer",),
        "description": ("beschreibung",),
        "quantity": ("menge",),
        "fulfillment": ("versand",),
        "product_sales": ("umsätze",),
        "shipping_credits": ("gutschrift für versandkosten",),
        "promotional_rebates": ("rabatte aus werbeaktionen",),
        "selling_fees": ("verkaufsgebühren",),
        "fba_fees": ("gebühren zu versand durch amazon",),
        "other_transaction_fees": ("andere transaktionsgebühren",),
        "other": ("andere",),
        "total": ("gesamt",),
    },
}
