"""What a small sample of a column's raw strings says, in plain Python: decimal comma, day
first, currency, a currency symbol before every number (see the package's docstring)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from kpitool.io.clean.numbers import CURRENCY_SYMBOLS, FAST_PREFIXES, ISO_CODES

# ---------------------------------------------------------------------------------------------
# Sniffing helpers over a sample of raw strings (plain Python)
# ---------------------------------------------------------------------------------------------

NUM_RUN = re.compile(r"\d[\d.,'\s\u00a0\u202f]*\d|\d")
DOT_THEN_COMMA = re.compile(r"\d\.\d{3},\d")  # 1.234,56
COMMA_THEN_DOT = re.compile(r"\d,\d{3}\.\d")  # 1,234.56
COMMA_DECIMAL = re.compile(r"^[\d.'\s]*\d,(\d{1,2}|\d{4,})$")  # 12,5  0,99  1,5000
DOT_DECIMAL = re.compile(r"^[\d,'\s]*\d\.(\d{1,2}|\d{4,})$")  # 12.5  0.4966667
TWO_COMMAS = re.compile(r"\d,\d+,\d")  # 1,234,567 cannot have a decimal comma
TWO_DOTS = re.compile(r"\d\.\d+\.\d")  # 1.234.567 cannot have a decimal dot


def marks(run: str) -> tuple[bool, bool]:
    """(comma evidence, dot evidence) of a run of digits and separators (see
    ``detect_decimal_comma``)."""
    comma = DOT_THEN_COMMA.search(run) or COMMA_DECIMAL.match(run) or TWO_DOTS.search(run)
    dot = COMMA_THEN_DOT.search(run) or DOT_DECIMAL.match(run) or TWO_COMMAS.search(run)
    return comma is not None, dot is not None


def fast_prefix(values: Iterable[str | None]) -> str | None:
    """The one-character currency symbol (``FAST_PREFIXES``) more than half of a sample of
    number cells start with, for ``number(prefix=...)``; None if there is none."""
    firsts = Counter(v[0] for v in values if v)
    best, n = max(((p, firsts[p]) for p in FAST_PREFIXES), key=lambda pn: pn[1])
    return best if 2 * n > firsts.total() else None


def detect_decimal_comma(values: Iterable[str | None]) -> bool:
    """Guess whether a sample of numeric cells uses the decimal comma (``1.234,56``).

    Each value's digit run (currency, sign, ``%`` and spaces removed) is classed as:

    - comma evidence: ``1.234,56`` (dot groups then comma), a comma followed by other than
      exactly three final digits (``12,5``, ``-3,20``, ``0,99 %``), or two dots (``1.234.567``);
    - dot evidence: ``1,234.56``, a dot followed by other than exactly three final digits
      (``12.5``, ``0.4966667``), or two commas (``1,234,567``).

    ``3,395`` or ``1.234`` alone settle nothing. The answer is True only when there is comma
    evidence and no dot evidence; an empty or ambiguous sample gives False.
    """
    comma = False
    for raw in values:
        m = NUM_RUN.search(raw) if raw is not None else None
        if m is None:
            continue
        has_comma, dot = marks(m.group(0))
        if dot:
            return False
        comma = comma or has_comma
    return comma


_DOTTED_DATE = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{4}")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})[/-](\d{1,2})[/.-](\d{4})")
#: what a value that does not read in an order costs that order, in days of spread
_UNREADABLE_DAYS = 31


def detect_day_first(values: Iterable[str | None]) -> bool:
    """True when a sample of date strings is day first: any ``DD.MM.YYYY``; for ``a/b/YYYY``,
    the order the values as a whole agree on, never one cell: each order is scored by how far
    apart the dates it reads are (their spread in days) plus a month for each value it cannot
    read, and day first must score lower. ``10/01/2026`` .. ``10/10/2026`` with one
    ``13/01/2026`` stay month first (that cell is a bad cell, counted); ``11/10/2019`` with
    ``13/10/2019`` are day first. Otherwise False (Amazon's US default is month first)."""
    import datetime as dt

    pairs: list[tuple[int, int, int]] = []
    for raw in values:
        if raw is None:
            continue
        if _DOTTED_DATE.match(raw):
            return True
        m = _SLASH_DATE.match(raw)
        if m is not None:
            pairs.append((int(m[1]), int(m[2]), int(m[3])))
    if not any(a > 12 for a, _, _ in pairs):
        return False

    def cost(day_first: bool) -> int:
        days, bad = [], 0
        for a, b, y in pairs:
            d, mo = (a, b) if day_first else (b, a)
            try:
                days.append(dt.date(y, mo, d).toordinal())
            except ValueError:
                bad += 1
        return bad * _UNREADABLE_DAYS + ((max(days) - min(days)) if days else 0)

    return cost(True) < cost(False)


_ISO_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(ISO_CODES) + r")(?![A-Za-z])")
_SYMBOL_RE = re.compile(
    "|".join(
        r"(?<![A-Za-z])Rs(?![a-z])" if s == "Rs" else re.escape(s)
        for s in CURRENCY_SYMBOLS
        if s != "Rs."
    )
)


def currency_from_text(value: str) -> str | None:
    """ISO currency code named in one raw value or header (``USD 58.89``, ``(₹)``, ``C$3``).

    An explicit ISO code wins over a symbol; ``$`` alone means USD, ``¥`` JPY.
    """
    m = _ISO_RE.search(value)
    if m is not None:
        return m.group(1)
    s = _SYMBOL_RE.search(value)
    return CURRENCY_SYMBOLS[s.group(0)] if s is not None else None


def currency_from_values(values: Iterable[str | None]) -> str | None:
    """The first currency found in a sample of raw values (None if none names one)."""
    for raw in values:
        if raw is not None and (code := currency_from_text(raw)) is not None:
            return code
    return None
