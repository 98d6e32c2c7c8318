"""Null tokens and numbers: raw cell text -> typed numbers, as Polars expressions (see the
package's docstring)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

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
