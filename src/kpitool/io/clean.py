"""Value cleaners: raw CSV cell text -> typed values, as Polars expressions.

Every cleaner takes a ``pl.Expr`` of dtype String (a cell exactly as read from a CSV read with
every column as text) and returns a typed ``pl.Expr``. A cell that cannot be read becomes null;
``invalid(raw, parsed)`` tells such bad cells apart from cells that mean "no value"
(``NULL_TOKENS``). Everything is vectorised (regex, ``extract_groups``, ``replace_strict``);
no Python UDF and no Python loop over rows.

The plain-Python helpers at the end (``detect_*``, ``currency_*``) look at a small sample of raw
strings so the reader can choose the options of the expressions once per file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

# ---------------------------------------------------------------------------------------------
# Null tokens and whitespace
# ---------------------------------------------------------------------------------------------

NULL_TOKENS: frozenset[str] = frozenset({"", "-", "--", "n/a", "na", "null"})
"""Cell texts (after stripping whitespace, compared case-insensitively) that mean "no value"."""

_SPACES = r"[\s\u00a0\u202f\u2009\u2007]+"


def _squash(e: pl.Expr) -> pl.Expr:
    """NBSP / narrow NBSP / thin spaces -> one plain space; strip both ends."""
    return e.str.replace_all(_SPACES, " ").str.strip_chars()


def is_null_token(e: pl.Expr) -> pl.Expr:
    """True where the cell is one of ``NULL_TOKENS`` (null stays null)."""
    return _squash(e).str.to_lowercase().is_in(sorted(NULL_TOKENS))


def invalid(raw: pl.Expr, parsed: pl.Expr) -> pl.Expr:
    """True where ``raw`` holds a real value (not null, not a null token) that did not parse."""
    return raw.is_not_null() & ~is_null_token(raw).fill_null(False) & parsed.is_null()


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

CURRENCY_SYMBOLS: dict[str, str] = {
    # longest first: the regexes below and currency_from_text rely on this order
    "CA$": "CAD",
    "AU$": "AUD",
    "MX$": "MXN",
    "US$": "USD",
    "C$": "CAD",
    "A$": "AUD",
    "R$": "BRL",
    "Rs.": "INR",
    "Rs": "INR",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "₹": "INR",
    "¥": "JPY",
    "￥": "JPY",
}
ISO_CODES: tuple[str, ...] = (
    "USD", "CAD", "MXN", "BRL", "GBP", "EUR", "SEK", "PLN", "TRY", "INR", "JPY", "CNY",
    "AUD", "NZD", "SGD", "AED", "SAR", "EGP", "CHF", "ZAR",
)  # fmt: skip

_CUR = "(?:" + "|".join([*ISO_CODES, *(re.escape(s) for s in CURRENCY_SYMBOLS)]) + ")"
_LEAD_CUR = rf"^([+\-\u2212]?)\s*{_CUR}\s*"  # "$-9.02", "-$9.02", "USD 58.89"
_TRAIL_CUR = rf"\s*{_CUR}$"  # "58,89 EUR", "1.234,56 €"
_INT_GROUPS = r"\d{{1,3}}(?:{sep}\d{{3}})+"
# Dot decimal: thousands "," (also Indian lakh grouping 1,23,456), "'" or space.
_DOT_BODY = (
    r"^(?:"
    + "|".join(_INT_GROUPS.format(sep=s) for s in (",", "'", " "))
    + r"|\d{1,2}(?:,\d{2})+,\d{3}|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$"
)
# Decimal comma: thousands ".", "'" or space.
_COMMA_BODY = (
    r"^(?:"
    + "|".join(_INT_GROUPS.format(sep=s) for s in (r"\.", "'", " "))
    + r"|\d+)?(?:,\d+)?(?:[eE][+-]?\d+)?$"
)


def _strip_currency(e: pl.Expr) -> pl.Expr:
    return e.str.replace(_LEAD_CUR, "${1}").str.replace(_TRAIL_CUR, "").str.strip_chars()


def _number_parts(e: pl.Expr, decimal_comma: bool) -> tuple[pl.Expr, pl.Expr]:
    """Return (negative: Boolean, body: plain unsigned "1234.56" String or null if invalid)."""
    s = _strip_currency(_squash(e))
    paren = s.str.contains(r"^\(.*\)$")
    inner = _strip_currency(s.str.replace(r"^\((.*)\)$", "${1}"))  # "($1,234.50)"
    s = pl.when(paren).then(inner).otherwise(s)
    sign = s.str.extract(r"^([+\-\u2212]?)", 1)
    body = s.str.replace(r"^[+\-\u2212]?\s*", "")
    if decimal_comma:
        ok = body.str.contains(_COMMA_BODY) & body.str.contains(r"^,?\d")
        plain = body.str.replace_all(r"[. ']", "").str.replace(",", ".", literal=True)
    else:
        ok = body.str.contains(_DOT_BODY) & body.str.contains(r"^\.?\d")
        plain = body.str.replace_all(r"[, ']", "")
    ok = ok & ~(paren & (sign != ""))  # "(-5)" is not a number
    plain = pl.when(ok).then(plain.str.replace(r"^\.", "0."))
    negative = paren | ((sign != "") & (sign != "+"))
    return negative, plain


def number(e: pl.Expr, *, decimal_comma: bool = False) -> pl.Expr:
    """Parse numbers such as ``$-9.02``, ``(1,234.50)``, ``USD 58.89``, ``1.234,56 €`` (Float64).

    Accepted: spaces/NBSP/narrow NBSP around, currency symbols, ``Rs.``/``Rs`` and ISO codes
    before or after the number (``C$``, ``A$``, ``CA$``, ``MX$``, ``R$`` too); a sign before or
    after a leading currency; accounting negatives in parentheses; thousands separators
    (``,`` — also lakh grouping ``1,23,456`` — or ``'`` or space; with ``decimal_comma`` the
    decimal mark is ``,`` and ``.``, ``'`` or space group thousands, which must come in
    groups of three); scientific notation. Anything else, or a null token, gives null.
    """
    negative, plain = _number_parts(e, decimal_comma)
    x = plain.cast(pl.Float64, strict=False)
    return pl.when(negative).then(-x).otherwise(x)


def money(e: pl.Expr, *, decimal_comma: bool = False) -> pl.Expr:
    """Same as ``number``; the name records the intent (an amount of money)."""
    return number(e, decimal_comma=decimal_comma)


def count(e: pl.Expr, *, decimal_comma: bool = False) -> pl.Expr:
    """Parse a count (Int64): ``3,395`` -> 3395, ``12.0`` -> 12; ``1.5`` is invalid (null)."""
    negative, plain = _number_parts(e, decimal_comma)
    exact = plain.cast(pl.Int64, strict=False)  # digits only: no float rounding
    x = plain.cast(pl.Float64, strict=False)
    integral = (x == x.floor()) & (x.abs() < 2.0**63)
    n = pl.when(plain.str.contains(r"^\d+$")).then(exact).when(integral).then(x.cast(pl.Int64))
    return pl.when(negative).then(-n).otherwise(n)


def percent(e: pl.Expr, *, decimal_comma: bool = False) -> pl.Expr:
    """Parse a percentage as a fraction (Float64): ``12.34%`` -> 0.1234, ``1,5 %`` -> 0.015.

    A value without ``%`` is taken to be a fraction already (``0.1234`` -> 0.1234).
    """
    s = _squash(e)
    has_pct = s.str.contains(r"%$")
    x = number(s.str.replace(r"\s*%$", ""), decimal_comma=decimal_comma)
    return pl.when(has_pct).then(x / 100.0).otherwise(x)


# ---------------------------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------------------------

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "januar", "jän", "jänner", "janvier", "janv", "gennaio", "gen",
        "enero", "ene"),
    2: ("feb", "february", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev",
        "febbraio", "febrero"),
    3: ("mar", "march", "märz", "maerz", "mär", "mrz", "mars", "marzo"),
    4: ("apr", "april", "avril", "avr", "aprile", "abril", "abr"),
    5: ("may", "mai", "maggio", "mag", "mayo"),
    6: ("jun", "june", "juni", "juin", "giugno", "giu", "junio"),
    7: ("jul", "july", "juli", "juillet", "juil", "luglio", "lug", "julio"),
    8: ("aug", "august", "août", "aout", "aoû", "agosto", "ago"),
    9: ("sep", "sept", "september", "septembre", "settembre", "set", "septiembre",
        "setiembre"),
    10: ("oct", "october", "okt", "oktober", "octobre", "ottobre", "ott", "octubre"),
    11: ("nov", "november", "novembre", "noviembre"),
    12: ("dec", "december", "dez", "dezember", "déc", "décembre", "decembre", "dicembre",
         "dic", "diciembre"),
}  # fmt: skip
MONTHS: dict[str, int] = {name: m for m, names in _MONTH_NAMES.items() for name in names}
"""Lower-case month names and abbreviations (EN/DE/FR/IT/ES, no trailing dot) -> 1..12."""

_TZ = (
    "utc|gmt|z|pst|pdt|mst|mdt|cst|cdt|est|edt|akst|akdt|hst|mez|mesz|cet|cest|bst|ist|jst"
    "|aest|aedt|wet|west|eet|eest|uhr"
)
_TIME = (
    r"(?:(?:t|,?\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s*(?P<ap>[ap])\.?\s*m\.?)?"
    rf"(?:\s*(?:[+-]\d{{2}}(?::?\d{{2}})?|(?:{_TZ})(?:\s*[+-]\d{{1,2}}(?::?\d{{2}})?)?))?)?$"
)
_DATE_ISO = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME
_DATE_NUM = r"^(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})[/.-](?P<y>\d{4})" + _TIME
_DATE_MON_D_Y = r"^(?P<mon>\p{L}+)\.?\s*(?P<d>\d{1,2})\.?,?\s*(?P<y>\d{4})" + _TIME
_DATE_D_MON_Y = (
    r"^(?P<d>\d{1,2})(?:\.|er)?[\s-]*(?:de\s+)?(?P<mon>\p{L}+)\.?[\s,-]*(?:de\s+)?(?P<y>\d{4})"
    + _TIME
)


def _int(e: pl.Expr) -> pl.Expr:
    return e.cast(pl.Int32, strict=False)


def to_datetime(e: pl.Expr, *, day_first: bool = False) -> pl.Expr:
    """Parse a date-time as naive wall-clock time as written (Datetime("us")).

    Formats: ``Dec 1, 2019 2:29:33 AM PST`` (also ``p.m.``), ``November 16, 2019``,
    ``11/10/2019`` (month first unless ``day_first``), ``2019-12-11``,
    ``2019-12-11T08:00:00+00:00``, ``2019-12-11 08:00:00 UTC``, ``01.12.2019 14:29:33 MEZ``
    (dots: always day first), ``1 déc. 2019``, ``Dez. 1, 2019``, ``1 de diciembre de 2019``.
    Time-zone names and offsets are dropped, not applied. No time means midnight.
    """
    s = _squash(e).str.replace_all(" +", " ").str.to_lowercase()
    iso = s.str.extract_groups(_DATE_ISO)
    num = s.str.extract_groups(_DATE_NUM)
    mdy = s.str.extract_groups(_DATE_MON_D_Y)
    dmy = s.str.extract_groups(_DATE_D_MON_Y)
    parts = (iso, num, mdy, dmy)

    def field(name: str) -> pl.Expr:
        return pl.coalesce([p.struct.field(name) for p in parts])

    a, b = _int(num.struct.field("a")), _int(num.struct.field("b"))
    num_day_first = pl.lit(day_first) | (num.struct.field("sep") == ".")
    month_names = [p.struct.field("mon") for p in (mdy, dmy)]
    mon = pl.coalesce(month_names).replace_strict(MONTHS, default=None, return_dtype=pl.Int32)

    y = _int(pl.coalesce([p.struct.field("y") for p in parts]))
    m = pl.coalesce(_int(iso.struct.field("m")), pl.when(num_day_first).then(b).otherwise(a), mon)
    d = pl.coalesce(
        _int(iso.struct.field("d")),
        pl.when(num_day_first).then(a).otherwise(b),
        _int(pl.coalesce(mdy.struct.field("d"), dmy.struct.field("d"))),
    )
    hour, ap = _int(field("H")), field("ap")
    h12 = hour.is_between(1, 12)
    h24 = (
        pl.when(ap == "a")
        .then(pl.when(h12).then(hour % 12))
        .when(ap == "p")
        .then(pl.when(h12).then(hour % 12 + 12))
        .otherwise(hour)
    )
    has_time = hour.is_not_null()
    sec = _int(field("S")).fill_null(0)
    hms = [
        pl.when(has_time).then(h24).otherwise(0),
        pl.when(has_time).then(_int(field("M"))).otherwise(0),
        pl.when(sec <= 59).then(sec),  # no leap seconds: chrono would roll them over
    ]
    text = pl.format(
        "{}-{}-{} {}:{}:{}", y, *(c.cast(pl.String).str.zfill(2) for c in (m, d, *hms))
    )
    parsed = text.str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False)
    return parsed.name.keep()  # pl.format would otherwise name the output "literal"


def to_date(e: pl.Expr, *, day_first: bool = False) -> pl.Expr:
    """Parse a date (pl.Date), as written; any time part is validated then dropped.

    Accepts every format of ``to_datetime``.
    """
    return to_datetime(e, day_first=day_first).dt.date()


# ---------------------------------------------------------------------------------------------
# Sniffing helpers over a sample of raw strings (plain Python)
# ---------------------------------------------------------------------------------------------

_NUM_RUN = re.compile(r"\d[\d.,'\s\u00a0\u202f]*\d|\d")
_DOT_THEN_COMMA = re.compile(r"\d\.\d{3},\d")  # 1.234,56
_COMMA_THEN_DOT = re.compile(r"\d,\d{3}\.\d")  # 1,234.56
_COMMA_DECIMAL = re.compile(r"^[\d.'\s]*\d,(\d{1,2}|\d{4,})$")  # 12,5  0,99  1,5000
_DOT_DECIMAL = re.compile(r"^[\d,'\s]*\d\.(\d{1,2}|\d{4,})$")  # 12.5  0.4966667
_TWO_COMMAS = re.compile(r"\d,\d+,\d")  # 1,234,567 cannot have a decimal comma
_TWO_DOTS = re.compile(r"\d\.\d+\.\d")  # 1.234.567 cannot have a decimal dot


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
    comma = dot = False
    for raw in values:
        if raw is None:
            continue
        m = _NUM_RUN.search(raw)
        if m is None:
            continue
        run = m.group(0)
        if _DOT_THEN_COMMA.search(run) or _COMMA_DECIMAL.match(run) or _TWO_DOTS.search(run):
            comma = True
        if _COMMA_THEN_DOT.search(run) or _DOT_DECIMAL.match(run) or _TWO_COMMAS.search(run):
            dot = True
        if dot:
            return False
    return comma


_DOTTED_DATE = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{4}")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/\d{1,2}/\d{4}")


def detect_day_first(values: Iterable[str | None]) -> bool:
    """True when a sample of date strings is day first: any ``DD.MM.YYYY``, or any
    ``a/b/YYYY`` with ``a`` > 12. Otherwise False (Amazon's US default is month first)."""
    for raw in values:
        if raw is None:
            continue
        if _DOTTED_DATE.match(raw):
            return True
        m = _SLASH_DATE.match(raw)
        if m is not None and int(m.group(1)) > 12:
            return True
    return False


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
