"""Files kpitool knows but does not read: reports of kinds it has no table for (All Orders,
storage fees, restock), and reports in a language it has no table for. Each is skipped with
a message that names what it looks like, never half read.
"""

from __future__ import annotations

import re

#: report -> header cells (normalised: lower case, ``_`` as ``-``) that identify it; every
#: cell of one set must be present. Names from report_formats.md §5 (All Orders, real-other)
#: and from Seller Central's download columns [unverified for storage fees and restock].
_UNREAD: tuple[tuple[str, tuple[frozenset[str], ...], str], ...] = (
    (
        "an All Orders report",
        (frozenset({"amazon-order-id", "purchase-date"}),),
        "kpitool takes sales from the Business Reports and money from the Payments reports",
    ),
    (
        "a storage fee report",
        (
            frozenset({"estimated-monthly-storage-fee"}),
            frozenset({"monthly-storage-fee"}),
            frozenset({"qty-charged-12-mo-long-term-storage-fee"}),
            frozenset({"amount-charged", "surcharge-age-tier"}),
        ),
        "storage fees reach net profit through the Payments report (FBA Inventory Fee rows)",
    ),
    (
        "a restock inventory report",
        (
            frozenset({"recommended replenishment qty"}),
            frozenset({"recommended ship date", "merchant sku"}),
        ),
        "stock is read from the FBA Inventory or Manage FBA Inventory reports",
    ),
)


def _norm(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.replace("\ufeff", "")).strip().lower().replace("_", "-")


def unread_kind(header: list[str]) -> str | None:
    """The reason to skip a report of a kind kpitool does not read, or None."""
    cells = {_norm(c) for c in header}
    if "snapshot-date" in cells:  # the FBA Inventory (planning) report has recommended ...
        return None
    for what, signatures, why in _UNREAD:
        if any(sig <= cells for sig in signatures):
            return f"{what}: not read ({why})"
    return None


#: words that tell a language apart in report headers, for languages kpitool has no table
#: of Business or Ads headers for. Only to name the language in the skip message.
_WORDS: dict[str, frozenset[str]] = {
    "French": frozenset(
        [
            "ventes",
            "unités",
            "commandées",
            "vues",
            "taux",
            "chiffre",
            "affaires",
            "campagne",
            "dépenses",
            "clics",
            "commandes",
            "produits",
            "titre",
            "annonce",
            "groupe",
        ]
    ),
    "Italian": frozenset(
        [
            "vendite",
            "unità",
            "ordinate",
            "sessioni",
            "visualizzazioni",
            "pagina",
            "campagna",
            "spesa",
            "ordini",
            "prodotti",
            "titolo",
            "tasso",
            "annunci",
        ]
    ),
    "Spanish": frozenset(
        [
            "ventas",
            "unidades",
            "pedidas",
            "sesiones",
            "páginas",
            "vistas",
            "campaña",
            "gasto",
            "pedidos",
            "productos",
            "título",
            "tasa",
            "anuncios",
        ]
    ),
    "Dutch": frozenset(
        [
            "eenheden",
            "besteld",
            "bestelde",
            "sessies",
            "paginaweergaven",
            "verkoop",
            "uitgaven",
            "klikken",
            "bestellingen",
        ]
    ),
    "Polish": frozenset(
        [
            "sesje",
            "sprzedaż",
            "zamówione",
            "jednostki",
            "wyświetlenia",
            "kampania",
            "wydatki",
            "kliknięcia",
        ]
    ),
    "Swedish": frozenset(
        [
            "sessioner",
            "beställda",
            "enheter",
            "sidvisningar",
            "försäljning",
            "kampanj",
            "kostnad",
            "klick",
        ]
    ),
    "Turkish": frozenset(["oturumlar", "satışlar", "birimler", "sipariş", "kampanya", "harcama"]),
}
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Japanese", re.compile(r"[\u3040-\u30ff]")),  # kana
    ("Chinese or Japanese", re.compile(r"[\u4e00-\u9fff]")),
    ("Arabic", re.compile(r"[\u0600-\u06ff]")),
)
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(cells: list[str]) -> str | None:
    """The language a header line looks like (two or more of its words), or None."""
    text = " ".join(cells)
    for name, script in _SCRIPTS:
        if len(script.findall(text)) >= 4:
            return name
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _WORDS.items()}
    lang, score = max(scores.items(), key=lambda kv: kv[1])
    return lang if score >= 2 else None


def language_message(language: str, cells: list[str], read: str) -> str:
    seen = ", ".join(f"'{c.strip()}'" for c in cells[:4] if c.strip())
    return (
        f"looks like a report in {language} (columns {seen}...), a language kpitool has no "
        f"header table for ({read}); switch Seller Central or the Ads console to English "
        "and download it again"
    )
