"""Value cleaners: raw CSV cell text -> typed values, as Polars expressions.

Every cleaner takes a ``pl.Expr`` of dtype String (a cell exactly as read from a CSV read with
every column as text) and returns a typed ``pl.Expr``. A cell that cannot be read becomes null;
``invalid(raw, parsed)`` tells such bad cells apart from cells that mean "no value"
(``NULL_TOKENS``). Everything is vectorised (regex, ``extract_groups``, ``replace_strict``);
no Python UDF and no Python loop over rows.

The cleaners are in ``numbers`` (null tokens and numbers) and ``dates`` (dates and times); the
plain-Python helpers of ``sample`` (``detect_*``, ``currency_*``) look at a small sample of raw
strings so the reader can choose the options of the expressions once per file. Every public
name is importable from here (``from kpitool.io import clean; clean.number``).
"""

from kpitool.io.clean.dates import (
    DATE_FORMATS,
    MONTHS,
    detect_date_format,
    in_date_range,
    to_date,
    to_datetime,
)
from kpitool.io.clean.numbers import (
    AMOUNT_DTYPE,
    AMOUNT_SCALE,
    CURRENCY_SYMBOLS,
    FAST_PREFIXES,
    ISO_CODES,
    MAX_AMOUNT,
    MAX_COUNT,
    MAX_NUMBER,
    NULL_TOKENS,
    amount,
    count,
    invalid,
    is_null_token,
    money,
    number,
    percent,
)
from kpitool.io.clean.sample import (
    currency_from_text,
    currency_from_values,
    detect_day_first,
    detect_decimal_comma,
    fast_prefix,
)

__all__ = [
    "AMOUNT_DTYPE",
    "AMOUNT_SCALE",
    "CURRENCY_SYMBOLS",
    "DATE_FORMATS",
    "FAST_PREFIXES",
    "ISO_CODES",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "MAX_NUMBER",
    "MONTHS",
    "NULL_TOKENS",
    "amount",
    "count",
    "currency_from_text",
    "currency_from_values",
    "detect_date_format",
    "detect_day_first",
    "detect_decimal_comma",
    "fast_prefix",
    "in_date_range",
    "invalid",
    "is_null_token",
    "money",
    "number",
    "percent",
    "to_date",
    "to_datetime",
]
