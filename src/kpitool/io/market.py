"""Marketplaces: from a report's own column, or from the folder it sits in.

``2026-10/DE/``, ``2026-10/amazon.fr/`` and ``2026-10/de/`` name a marketplace (codes and
domains, any case). A report's own ``marketplace`` column (payments: ``amazon.com``) or ads
``Country``/``Land`` column (``United States``, ``Deutschland``) wins over its folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MARKETPLACES = {
    "amazon.com": "US", "amazon.ca": "CA", "amazon.com.mx": "MX", "amazon.com.br": "BR",
    "amazon.co.uk": "UK", "amazon.de": "DE", "amazon.fr": "FR", "amazon.it": "IT",
    "amazon.es": "ES", "amazon.nl": "NL", "amazon.se": "SE", "amazon.pl": "PL",
    "amazon.com.tr": "TR", "amazon.ae": "AE", "amazon.sa": "SA", "amazon.in": "IN",
    "amazon.co.jp": "JP", "amazon.com.au": "AU", "amazon.sg": "SG", "amazon.eg": "EG",
    "amazon.com.be": "BE",
}  # fmt: skip

MARKET_CURRENCY = {
    "US": "USD", "CA": "CAD", "MX": "MXN", "BR": "BRL", "UK": "GBP", "DE": "EUR", "FR": "EUR",
    "IT": "EUR", "ES": "EUR", "NL": "EUR", "BE": "EUR", "SE": "SEK", "PL": "PLN", "TR": "TRY",
    "AE": "AED", "SA": "SAR", "IN": "INR", "JP": "JPY", "AU": "AUD", "SG": "SGD", "EG": "EGP",
}  # fmt: skip

#: country names as the Ads console writes them in ``Country`` (English) and ``Land`` (German)
COUNTRIES = {
    "united states": "US", "canada": "CA", "mexico": "MX", "brazil": "BR",
    "united kingdom": "UK", "germany": "DE", "france": "FR", "italy": "IT", "spain": "ES",
    "netherlands": "NL", "sweden": "SE", "poland": "PL", "turkey": "TR", "belgium": "BE",
    "united arab emirates": "AE", "saudi arabia": "SA", "india": "IN", "japan": "JP",
    "australia": "AU", "singapore": "SG", "egypt": "EG",
    "deutschland": "DE", "vereinigte staaten": "US", "vereinigtes königreich": "UK",
    "frankreich": "FR", "italien": "IT", "spanien": "ES", "niederlande": "NL",
    "schweden": "SE", "polen": "PL", "türkei": "TR", "belgien": "BE",
}  # fmt: skip

#: currencies only one marketplace sells in, where that is certain enough to name it (not USD:
#: a "$" is read as USD, and CAD, AUD, MXN and SGD are written "$" too; not EUR)
CURRENCY_MARKET = {
    cur: market
    for market, cur in MARKET_CURRENCY.items()
    if list(MARKET_CURRENCY.values()).count(cur) == 1 and cur != "USD"
}

#: folder names that are marketplace codes ("GB" is the ISO code of the UK)
_CODES = {**{c.lower(): c for c in MARKET_CURRENCY}, "gb": "UK"}


def marketplace_of(value: str) -> str | None:
    """``amazon.de``, ``Amazon.com``, ``www.amazon.fr``, ``DE``, ``Deutschland`` -> code."""
    text = value.strip().lower().removeprefix("www.")
    return MARKETPLACES.get(text) or COUNTRIES.get(text) or _CODES.get(text)


def first_marketplace(values: Iterable[object]) -> str | None:
    for value in values:
        if value is not None and (found := marketplace_of(str(value))) is not None:
            return found
    return None


def folder_marketplace(path: Path, root: Path) -> str | None:
    """The marketplace named by the nearest folder enclosing ``path`` below ``root`` (a code
    or a domain: ``DE/``, ``amazon.fr/``); None if none does."""
    top = os.path.abspath(root)
    here = os.path.dirname(os.path.abspath(path))
    while here.startswith(top + os.sep):
        name = os.path.basename(here).strip().lower().removeprefix("www.")
        found = MARKETPLACES.get(name) or _CODES.get(name)
        if found is not None:
            return found
        here = os.path.dirname(here)
    return None
