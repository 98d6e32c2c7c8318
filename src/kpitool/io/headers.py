"""Header normalisation and alias matching: Amazon header spellings -> canonical names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kpitool.io.kinds import KIND_SPECS, ReportKind
from kpitool.io.lang import window_words

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-"})
# "(₹)", "($)", "(£)", "(€)", "(usd)" at the end of a header: the currency, not part of the name
_CURRENCY_SUFFIX = re.compile(
    r"\s*\((?P<cur>[$£€₹¥]|rs\.?|[a-z]{3})\)$",
)
_ISO_IN_SUFFIX = {
    "usd",
    "gbp",
    "eur",
    "inr",
    "jpy",
    "cad",
    "aud",
    "mxn",
    "brl",
    "sek",
    "pln",
    "try",
    "aed",
    "sar",
    "sgd",
    "egp",
}
_SYMBOL_ISO = {
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "₹": "INR",
    "¥": "JPY",
    "rs": "INR",
    "rs.": "INR",
}
# "7 Day Total Sales"; German "7 Tage, Umsatz gesamt", "7-Tage, Andere ...",
# "7-Tage-Konversionsrate" (a no-break space is a space by then)
_WINDOW = re.compile(
    r"^(?P<days>\d{1,2})[ -](?:" + "|".join(window_words()) + r")(?:,? |-)(?P<rest>.+)$"
)


@dataclass(frozen=True)
class Header:
    raw: str
    name: str  # normalised, window prefix removed
    currency: str | None  # from a "(₹)" suffix
    window: int | None  # attribution days from a "7 Day " prefix


def normalise(raw: str) -> Header:
    """Trim, collapse spaces, dashes to '-', lower case; strip a currency suffix and window."""
    text = raw.replace("\ufeff", "").translate(_DASHES)
    text = _SPACES.sub(" ", text).strip().lower()
    currency = None
    m = _CURRENCY_SUFFIX.search(text)
    if m and (m["cur"] in _SYMBOL_ISO or m["cur"] in _ISO_IN_SUFFIX):
        currency = _SYMBOL_ISO.get(m["cur"], m["cur"].upper())
        text = text[: m.start()].rstrip()
    window = None
    w = _WINDOW.match(text)
    if w:
        window = int(w["days"])
        text = w["rest"]
    return Header(raw, text, currency, window)


@cache
def alias_table(kind: ReportKind) -> dict[str, str]:
    """Normalised alias -> canonical column name, for one kind."""
    spec = next(s for s in KIND_SPECS if s.kind == kind)
    table: dict[str, str] = {}
    for col in spec.columns:
        for alias in col.aliases:
            table.setdefault(alias, col.name)
    return table


@cache
def all_aliases() -> frozenset[str]:
    return frozenset(a for s in KIND_SPECS for a in alias_table(s.kind))


def resolve(kind: ReportKind, headers: list[Header]) -> dict[str, int]:
    """Canonical name -> index of the first header that carries it."""
    table = alias_table(kind)
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        canon = table.get(h.name)
        if canon is not None and canon not in found:
            found[canon] = i
    return found


def known_count(cells: list[str]) -> int:
    """How many cells of a candidate header line are known Amazon column names."""
    aliases = all_aliases()
    return sum(1 for c in cells if normalise(c).name in aliases)
