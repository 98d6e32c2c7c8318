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

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import polars as pl

# ---------------------------------------------------------------------------------------------
# Null tokens and whitespace
# ---------------------------------------------------------------------------------------------

NULL_TOKENS: frozenset[str] = frozenset({"", "-", "--", "n/a", "na", "null"})
"""Cell texts (after stripping whitespace, compared case-insensitively) that mean "no value"."""

# Unicode White_Space, which is exactly what the regex class ``\s`` matches (NBSP, narrow NBSP,
# thin and figure spaces included).
_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_NULL_TOKEN_RE = (
    r"(?i)^\s*(?:"
    + "|".join(re.escape(t) for t in sorted(NULL_TOKENS, key=len, reverse=True))
    + r")\s*$"
)


def is_null_token(e: pl.Expr) -> pl.Expr:
    """True where the cell is one of ``NULL_TOKENS`` (null stays null)."""
    return e.str.contains(_NULL_TOKEN_RE)


def invalid(raw: pl.Expr, parsed: pl.Expr) -> pl.Expr:
    """True where ``raw`` holds a real value (not null, not a null token) that did not parse."""
    # the null-token regex looks only at the cells that did not parse (the others are null)
    unparsed = pl.when(parsed.is_null()).then(raw)
    return parsed.is_null() & ~is_null_token(unparsed).fill_null(True)


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

CURRENCY_SYMBOLS: dict[str, str] = {
    # longest first: the patterns below and currency_from_text rely on this order
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
_SIGN = "[+\\-\u2212]"


def _body_re(decimal_comma: bool) -> str:
    """An unsigned number: digits, thousands groups of three, decimals, exponent."""
    if decimal_comma:  # thousands ".", "'" or space
        point, seps, lakh = ",", (r"\.", "'", r"\s+"), []
    else:  # thousands ",", "'" or space; also Indian lakh grouping 1,23,456
        point, seps, lakh = r"\.", (",", "'", r"\s+"), ["[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}"]
    ints = "|".join([*(f"[0-9]{{1,3}}(?:{s}[0-9]{{3}})+" for s in seps), *lakh, "[0-9]+"])
    # a decimal point may end the digits ("5." is 5, as a plain cast reads it); a decimal
    # comma may not ("5," is more likely a cut-off list than a number)
    decimals = "[0-9]*" if not decimal_comma else "[0-9]+"
    return rf"(?:(?:{ints})(?:{point}{decimals})?|{point}[0-9]+)(?:[eE][+-]?[0-9]+)?"


@functools.cache
def _number_re(decimal_comma: bool, percent: bool) -> str:
    """The whole grammar of a number cell, anchored: one ``str.contains`` validates it.

    A currency may lead (with a sign before or after it) and/or trail; an accounting negative
    ``(...)`` holds an unsigned number, a currency may stand inside or outside the parentheses.
    """
    body, cur = _body_re(decimal_comma), _CUR
    paren = rf"\(\s*(?:{cur}\s*)?{body}(?:\s*{cur}|\s*)\)"
    lead = rf"(?:{cur}\s*)?(?:{paren}|(?:{_SIGN}\s*)?{body})|{_SIGN}\s*{cur}\s*{body}"
    pct = r"(?:\s*%)?" if percent else ""
    return rf"^\s*(?:{lead})(?:\s*{cur})?{pct}\s*$"


def _normalise_map(decimal_comma: bool) -> dict[str, str]:
    """Literal replacements turning a valid number cell into text ``cast`` reads: currencies,
    spaces, thousands separators, ``+``, ``%`` and ``)`` go; ``(`` and U+2212 become ``-``."""
    out = dict.fromkeys([*ISO_CODES, *CURRENCY_SYMBOLS, *_WHITESPACE, "'", "+", "%", ")"], "")
    out.update({"(": "-", "\u2212": "-"})
    out.update({".": "", ",": "."} if decimal_comma else {",": ""})
    return out


def _number_parts(
    e: pl.Expr, decimal_comma: bool, percent: bool = False
) -> tuple[pl.Expr, pl.Expr]:
    """(is the cell a number, its plain signed text such as ``-1234.56`` if it is)."""
    ok = e.str.contains(_number_re(decimal_comma, percent))
    # leftmost-first: "Rs." wins over "Rs", "CA$" over "A$" and "$"
    return ok, e.str.replace_many(_normalise_map(decimal_comma), leftmost=True)


def _float(e: pl.Expr, decimal_comma: bool, percent: bool = False) -> pl.Expr:
    ok, text = _number_parts(e, decimal_comma, percent)
    return pl.when(ok).then(text).cast(pl.Float64, strict=False)


#: the largest magnitude a number cell may hold: past it (``1e309`` overflows a float) the
#: cell is bad (its row left out and counted), so that no sum of cells can overflow
MAX_NUMBER = 1e100
#: the same bound for counts (Int64: nine million rows of them still sum inside it; no row
#: of a report counts a trillion events) and exact amounts (Decimal(38, 6): a trillion rows)
MAX_COUNT = 10**12
MAX_AMOUNT = 10**20


def _within(e: pl.Expr, ok: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """``e`` where ``ok`` of it holds, else null; ``e`` is computed once (a field of a struct:
    ``pl.when(ok(e)).then(e)`` would put it twice in the plan)."""
    x = pl.field("x")
    return (
        pl.struct(e.alias("x"))
        .struct.with_fields(x=pl.when(ok(x)).then(x))
        .struct.field("x")
        .alias(e.meta.output_name(raise_if_undetermined=False) or "x")
    )


#: one-character currency symbols the fast read strips before a number ("Rs" is not one:
#: "Rs.5" would read as ".5")
FAST_PREFIXES: tuple[str, ...] = ("$", "£", "€", "₹", "¥", "￥")


def _fast_first(
    e: pl.Expr,
    read: pl.Expr,
    full: Callable[[pl.Expr], pl.Expr],
    keep: Callable[[pl.Expr], pl.Expr] | None = None,
) -> pl.Expr:
    """Each cell read the cheap way (``read``, an expression of ``pl.field("raw")``), and by
    the full grammar (``full``) only where that left it null (or where ``keep`` is false).

    The cheap read must give, for every cell it reads, the value the full grammar gives (or,
    for a cell the grammar rejects, the value the text plainly shows): a plain cast of
    ``1234.5``, a ``strptime`` of ``Oct 1, 2026``. Almost every cell of a real report takes
    the cheap read; the regexes of the grammar then run on nulls, which costs next to
    nothing. The steps are fields of one struct so that each runs once.
    """
    f = pl.field
    steps = pl.struct(e.alias("raw")).struct.with_fields(x=read)
    if keep is not None:
        steps = steps.struct.with_fields(x=pl.when(keep(f("x"))).then(f("x")))
    out = steps.struct.with_fields(
        out=pl.coalesce(f("x"), full(pl.when(f("x").is_null()).then(f("raw"))))
    ).struct.field("out")
    return out.alias(e.meta.output_name(raise_if_undetermined=False) or "out")


def _plain(decimal_comma: bool, prefix: str | None) -> pl.Expr:
    """The cheap read of a number cell: a cast, after the file's currency symbol."""
    raw = pl.field("raw")
    if prefix is not None:
        if prefix not in FAST_PREFIXES:
            raise ValueError(f"prefix: one of {' '.join(FAST_PREFIXES)}, not {prefix!r}")
        raw = raw.str.strip_prefix(prefix)
    if decimal_comma:  # "1.234" is a thousand: only whole numbers are read the cheap way
        return raw.cast(pl.Int64, strict=False).cast(pl.Float64)
    return raw.cast(pl.Float64, strict=False)


def number(e: pl.Expr, *, decimal_comma: bool = False, prefix: str | None = None) -> pl.Expr:
    """Parse numbers such as ``$-9.02``, ``(1,234.50)``, ``USD 58.89``, ``1.234,56 €`` (Float64).

    Accepted: spaces/NBSP/narrow NBSP around, currency symbols, ``Rs.``/``Rs`` and ISO codes
    before or after the number (``C$``, ``A$``, ``CA$``, ``MX$``, ``R$`` too); a sign before or
    after a leading currency; accounting negatives in parentheses; thousands separators
    (``,`` — also lakh grouping ``1,23,456`` — or ``'`` or space; with ``decimal_comma`` the
    decimal mark is ``,`` and ``.``, ``'`` or space group thousands, which must come in
    groups of three); scientific notation. Anything else, or a null token, gives null.

    ``prefix``: the currency symbol most cells of the column start with (one of
    ``FAST_PREFIXES``), stripped by the cheap read that handles plain cells such as ``$14.70``
    (see ``_fast_first``); every other cell goes through the full grammar. It changes the
    speed, not the result.
    """
    out = _fast_first(
        e,
        _plain(decimal_comma, prefix),
        lambda rest: _float(rest, decimal_comma),
        keep=lambda x: x.is_finite(),  # "inf", "NaN": not numbers to the grammar
    )
    # "1e309" (a float overflow) and numbers too large to add up are bad cells, not values
    return _within(out, lambda x: x.abs() <= MAX_NUMBER)


def money(e: pl.Expr, *, decimal_comma: bool = False, prefix: str | None = None) -> pl.Expr:
    """Same as ``number``; the name records the intent (an amount of money)."""
    return number(e, decimal_comma=decimal_comma, prefix=prefix)


#: exact amounts carry up to this many decimals (Amazon writes cents; some tools write more)
AMOUNT_SCALE = 6
AMOUNT_DTYPE = pl.Decimal(38, AMOUNT_SCALE)


def amount(e: pl.Expr, *, decimal_comma: bool = False) -> pl.Expr:
    """Money read exactly, as ``Decimal(38, 6)``: sums to the cent over millions of rows.

    Same grammar as :func:`number`; a value with more than six decimals is invalid (null)
    rather than silently cut.
    """
    ok, text = _number_parts(e, decimal_comma)
    fits = ~text.str.contains(rf"\.[0-9]{{{AMOUNT_SCALE + 1},}}")
    x = pl.when(ok & fits).then(text).otherwise(pl.lit("x")).cast(AMOUNT_DTYPE, strict=False)
    return _within(x, lambda v: v.abs() < MAX_AMOUNT)  # 32 nines would overflow a sum


def count(e: pl.Expr, *, decimal_comma: bool = False) -> pl.Expr:
    """Parse a count (Int64): ``3,395`` -> 3395, ``12.0`` -> 12; ``1.5`` is invalid (null).

    Plain digits (``5659``) are read by a cast; the others by the full grammar.
    """
    read = pl.field("raw").cast(pl.Int64, strict=False)  # [+-]digits only
    out = _fast_first(e, read, lambda rest: _count(rest, decimal_comma))
    return _within(out, lambda x: x.abs() < MAX_COUNT)  # an Int64 sum would wrap


def _count(e: pl.Expr, decimal_comma: bool) -> pl.Expr:
    ok, plain = _number_parts(e, decimal_comma)
    # the text is read twice (as Int64 and as Float64): as fields of one struct, so that the
    # regex work runs once (Polars would compute the expression once per use)
    f, x = pl.field, pl.field("x")
    whole = pl.when((x == x.floor()) & (x.abs() < 2.0**63)).then(x.cast(pl.Int64, strict=False))
    return (
        pl.struct(pl.when(ok).then(plain).alias("t"))
        .struct.with_fields(
            i=f("t").cast(pl.Int64, strict=False),  # digits: exact, not via float
            x=f("t").cast(pl.Float64, strict=False),  # "12.0", "1.5E3"
        )
        .struct.with_fields(out=pl.coalesce(f("i"), whole))
        .struct.field("out")
        .alias(e.meta.output_name(raise_if_undetermined=False) or "count")
    )


def percent(e: pl.Expr, *, decimal_comma: bool = False) -> pl.Expr:
    """Parse a percentage as a fraction (Float64): ``12.34%`` -> 0.1234, ``1,5 %`` -> 0.015.

    A value without ``%`` is taken to be a fraction already (``0.1234`` -> 0.1234).
    """
    x = _float(e, decimal_comma, percent=True)
    x = _within(x, lambda v: v.abs() <= MAX_NUMBER)
    # a valid cell holds "%" only at its end
    return x / pl.when(e.str.contains("%", literal=True)).then(100.0).otherwise(1.0)


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


def _ci(word: str) -> str:
    """Regex for ASCII letters in any case, without ``(?i)`` (which slows capture groups)."""
    return re.sub("[a-z]", lambda m: f"[{m[0]}{m[0].upper()}]", word)


# A time-zone name and/or offset after the time: matched, then dropped (not applied).
_ZONE = (
    rf"(?:[+-][0-9]{{2}}(?::?[0-9]{{2}})?|(?:{_ci(_TZ)})(?:\s*[+-][0-9]{{1,2}}(?::?[0-9]{{2}})?)?)"
)
_TIME = (
    rf"(?:(?:{_ci('t')}|,?\s+)(?P<H>[0-9]{{1,2}}):(?P<M>[0-9]{{2}})"
    r"(?::(?P<S>[0-9]{2})(?:[.,][0-9]+)?)?"
    rf"(?:\s*(?:(?P<am>[aA])|(?P<pm>[pP]))\.?\s*[mM]\.?)?(?:\s*{_ZONE})?)?"
)
# Only the letters of MONTHS can spell a month: a narrow class keeps the regexes fast.
_LETTERS = "".join(MONTHS)
_MONTH_WORD = "[" + "".join(sorted(set(_LETTERS + _LETTERS.upper()))) + "]+"


@functools.cache
def _date_re(day_first: bool) -> str:
    """Every accepted date (and time) layout as one anchored regex (letters in any case); each
    alternative names its own groups (y1, m1, d1, ...), the time groups are shared."""
    a, b = ("d3", "m3") if day_first else ("m3", "d3")
    return (
        r"^\s*(?:"
        r"(?P<y1>[0-9]{4})[-/.](?P<m1>[0-9]{1,2})[-/.](?P<d1>[0-9]{1,2})"  # 2019-12-11
        r"|(?P<d2>[0-9]{1,2})\.(?P<m2>[0-9]{1,2})[/.-](?P<y2>[0-9]{4})"  # 01.12.2019: day first
        rf"|(?P<{a}>[0-9]{{1,2}})[/-](?P<{b}>[0-9]{{1,2}})[/.-](?P<y3>[0-9]{{4}})"  # 11/10/2019
        # Nov 16, 2019
        rf"|(?P<n4>{_MONTH_WORD})\.?\s*(?P<d4>[0-9]{{1,2}})\.?,?\s*(?P<y4>[0-9]{{4}})"
        # 1 déc. 2019, 1. März 2019, 1 de diciembre de 2019
        rf"|(?P<d5>[0-9]{{1,2}})(?:\.|{_ci('er')})?[\s-]*(?:{_ci('de')}\s+)?(?P<n5>{_MONTH_WORD})"
        rf"\.?[\s,-]*(?:{_ci('de')}\s+)?(?P<y5>[0-9]{{4}})"
        rf"){_TIME}\s*$"
    )


def _int(e: pl.Expr) -> pl.Expr:
    return e.cast(pl.Int32, strict=False)


def _general(e: pl.Expr, day_first: bool, dtype: pl.DataType) -> pl.Expr:
    """Any layout of ``_date_re``: one ``extract_groups``, then integer checks.

    The parts are computed inside the struct (``with_fields``), so the regex runs once.
    """
    f = pl.field

    def first(*names: str) -> pl.Expr:  # one alternative matched: one of its groups is set
        return pl.coalesce([f(n) for n in names])

    name = first("n4", "n5").str.to_lowercase()
    hour = _int(f("H")).fill_null(0)  # no time: midnight
    am, pm = f("am").is_not_null(), f("pm").is_not_null()
    parts = e.str.extract_groups(_date_re(day_first)).struct.with_fields(
        y=_int(first("y1", "y2", "y3", "y4", "y5")),
        m=pl.coalesce(
            _int(first("m1", "m2", "m3")),
            name.replace_strict(MONTHS, default=None, return_dtype=pl.Int32),
        ),
        d=_int(first("d1", "d2", "d3", "d4", "d5")),
        h=pl.when(~am & ~pm)
        .then(hour)
        .when(hour.is_between(1, 12))  # 12-hour clock: 12 AM is 0 h, 12 PM is 12 h
        .then(hour % 12 + pl.when(pm).then(12).otherwise(0)),
        mi=_int(f("M")).fill_null(0),
        s=_int(f("S")).fill_null(0),
    )
    y, m, d, h, mi, s = (f(c) for c in ("y", "m", "d", "h", "mi", "s"))
    leap = ((y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))).cast(pl.Int32)
    days_in_month = pl.when(m == 2).then(28 + leap).otherwise(30 + (m + m // 8) % 2)
    ok = (
        m.is_between(1, 12)
        & d.is_between(1, days_in_month)
        & h.is_between(0, 23)
        & mi.is_between(0, 59)
        & s.is_between(0, 59)  # no leap seconds
    )
    y_ok = pl.when(ok).then(y)  # pl.date / pl.datetime raise on impossible components
    if dtype == pl.Date:
        out = pl.date(y_ok, m, d)
    else:
        out = pl.datetime(y_ok, m, d, h, mi, s, time_unit="us")
    return parts.struct.with_fields(_out=out).struct.field("_out")


_DIRECTIVES: dict[str, str] = {
    "%Y": "[0-9]{4}",
    "%m": "[0-9]{1,2}",
    "%d": "[0-9]{1,2}",
    "%B": "[A-Za-z]+",  # an English month name or its abbreviation (chrono checks it)
    "%H": "[0-9]{1,2}",
    "%I": "[0-9]{1,2}",
    "%M": "[0-5][0-9]",
    "%S": "[0-5][0-9]",  # no leap second (chrono would roll 60 over into the next minute)
    "%p": "[AaPp][Mm]",
}


def _format_re(fmt: str) -> str:
    """The text ``fmt`` reads, as a regex: each number has its usual digits (chrono alone would
    take ``19`` for ``%Y``, or a sign or spaces before a number); a space means any spaces."""
    pieces = []
    for token in re.split(r"(%.| )", fmt):
        if token in _DIRECTIVES:
            pieces.append(_DIRECTIVES[token])
        elif token == " ":
            pieces.append(r"\s+")
        elif token.startswith("%"):
            raise ValueError(f"date format {fmt!r}: unsupported directive {token}")
        elif token:
            pieces.append(re.escape(token))
    return "".join(pieces)


def _with_format(e: pl.Expr, fmt: str, dtype: pl.DataType) -> pl.Expr:
    """The fast path for one format: one match checks the cell, one ``strptime`` reads it
    (for a date without a time, ``strptime`` first, see ``_fast_first``)."""
    if not _timed(fmt):
        # cheaper still, a strptime alone: it also takes "1/ 5/2026" or "Oct 1,2026" (to the
        # dates they show), and a two-digit year, which is sent to the regex (and rejected)
        return _fast_first(
            e,
            pl.field("raw").str.strptime(pl.Date, fmt, strict=False),
            lambda rest: _fitting(rest, fmt).str.strptime(pl.Date, fmt, strict=False),
            keep=lambda x: x.dt.year().is_between(1000, 9999),
        ).cast(dtype)
    text = _fitting(e, fmt)
    parsed = text.str.replace(rf"\s*{_ZONE}$", "").str.strptime(
        pl.Datetime("us"), fmt, strict=False
    )
    return parsed.dt.date() if dtype == pl.Date else parsed


def _timed(fmt: str) -> bool:
    return "%H" in fmt or "%I" in fmt  # after a time, a zone may follow: dropped


def _fitting_re(fmt: str) -> str:
    """A whole cell in ``fmt`` (each directive's digits; after a time, maybe a zone)."""
    zone = rf"(?:\s*{_ZONE})?" if _timed(fmt) else ""
    return rf"^\s*{_format_re(fmt)}{zone}\s*$"


def _fitting(e: pl.Expr, fmt: str) -> pl.Expr:
    """The cells that fit ``fmt`` exactly, stripped; the others null."""
    ok = e.str.contains(_fitting_re(fmt))
    return pl.when(ok).then(e.str.strip_chars(_WHITESPACE))


def _dates(
    e: pl.Expr, day_first: bool, formats: Sequence[str] | None, dtype: pl.DataType
) -> pl.Expr:
    if formats is None:
        parsed = _general(e, day_first, dtype)
    elif not formats:
        raise ValueError("formats: give at least one date format, or None")
    else:
        parsed = pl.coalesce([_with_format(e, fmt, dtype) for fmt in formats])
    return in_date_range(parsed).name.keep()


#: dates outside these years are bad cells (year 0000, 12/31/9999): no report holds them,
#: and Python's dates end at 9999
MIN_YEAR, MAX_YEAR = 1900, 2199


def in_date_range(parsed: pl.Expr) -> pl.Expr:
    """``parsed`` (a Date or Datetime), null where its year is out of range."""
    return _within(parsed, lambda d: d.dt.year().is_between(MIN_YEAR, MAX_YEAR))


def to_datetime(
    e: pl.Expr, *, day_first: bool = False, formats: Sequence[str] | None = None
) -> pl.Expr:
    """Parse a date-time as naive wall-clock time as written (Datetime("us")).

    Formats: ``Dec 1, 2019 2:29:33 AM PST`` (also ``p.m.``), ``November 16, 2019``,
    ``11/10/2019`` (month first unless ``day_first``), ``2019-12-11``,
    ``2019-12-11T08:00:00+00:00``, ``2019-12-11 08:00:00 UTC``, ``01.12.2019 14:29:33 MEZ``
    (dots: always day first), ``1 déc. 2019``, ``Dez. 1, 2019``, ``1 de diciembre de 2019``.
    Time-zone names and offsets are dropped, not applied. No time means midnight.

    ``formats`` (strptime formats such as ``"%B %d, %Y %I:%M:%S %p"``, e.g. found by
    ``detect_date_format``) tries only those, which is several times faster; a cell that fits
    none is null (and ``invalid``). Directives: ``%Y`` (4 digits), ``%m %d %H %I`` (1 or 2),
    ``%M %S`` (2), ``%B`` (English month name or abbreviation), ``%p`` (AM/PM); a space stands
    for any run of spaces. As in the general parser, surrounding spaces and a time-zone name or
    offset after the time are dropped. ``day_first`` is then unused.
    """
    return _dates(e, day_first, formats, pl.Datetime("us"))


def to_date(
    e: pl.Expr, *, day_first: bool = False, formats: Sequence[str] | None = None
) -> pl.Expr:
    """Parse a date (pl.Date), as written; any time part is validated then dropped.

    Accepts every format of ``to_datetime``, and its ``formats`` option.
    """
    return _dates(e, day_first, formats, pl.Date())


DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%d %B %Y",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
)
"""The formats ``detect_date_format`` tries, in order."""


def detect_date_format(
    values: Iterable[str | None], *, datetime: bool, day_first: bool = False
) -> str | None:
    """The first of ``DATE_FORMATS`` that reads a sample of raw date cells exactly as the
    general parser does (``to_datetime`` if ``datetime``, else ``to_date``, with ``day_first``):
    every value it parses, to the same result. None when no format fits, or the sample holds
    no date at all. Time-zone names/offsets after a time do not matter (both drop them).

    The first format that fits one of the first values is tried first (a Polars pass for it
    alone: one for all 17 costs ~8 ms more, whatever the sample's size), then all of them.
    """
    # each distinct value once (a month's report repeats ~31 dates): ~2 ms less per column
    texts = list(dict.fromkeys(v for v in values if v is not None))
    if not texts:
        return None
    head = texts[:_DETECT_HEAD]
    likely = next((f for f in DATE_FORMATS if any(map(_fitting_compiled(f).match, head))), None)
    for fmts in ([likely] if likely else [], DATE_FORMATS):
        found = _first_reading_like_general(texts, fmts, datetime, day_first)
        if found is not None:
            return found
    return None


_DETECT_HEAD = 50


@functools.cache
def _fitting_compiled(fmt: str) -> re.Pattern[str]:
    return re.compile(_fitting_re(fmt))


def _first_reading_like_general(
    texts: list[str], fmts: Sequence[str], datetime: bool, day_first: bool
) -> str | None:
    if not fmts:
        return None
    cleaner = to_datetime if datetime else to_date
    raw = pl.col("v")
    out = pl.DataFrame({"v": texts}, schema={"v": pl.String}).select(
        cleaner(raw, day_first=day_first).alias("general"),
        *[cleaner(raw, formats=[fmt]).alias(fmt) for fmt in fmts],
    )
    general = out["general"]
    if general.null_count() == len(general):
        return None
    return next((f for f in fmts if out[f].equals(general, check_names=False)), None)


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
