"""The cleaning of one raw column into its type (moved from read.py): the expressions of
io/clean/, chosen by the column's type and what the sample decided."""

from __future__ import annotations

import functools

import polars as pl

from kpitool.io import clean
from kpitool.io.kinds import ColType

DTYPES: dict[ColType, pl.DataType] = {
    ColType.TEXT: pl.String(),
    ColType.INT: pl.Int64(),
    ColType.FLOAT: pl.Float64(),
    ColType.MONEY: pl.Float64(),
    ColType.AMOUNT: clean.AMOUNT_DTYPE,
    ColType.PERCENT: pl.Float64(),
    ColType.DATE: pl.Date(),
    ColType.DATETIME: pl.Datetime("us"),
}


@functools.lru_cache(maxsize=1024)
def _parse(
    ctype: ColType,
    name: str,
    dtype: pl.DataType,
    decimal_comma: bool,
    day_first: bool,
    date_format: str | None = None,
    prefix: str | None = None,
) -> pl.Expr:
    """The cleaning of raw column ``name`` (``c0``, ``c1``...) into ``ctype``. Cached: files
    of one kind (a month's folder and the one before, in compare) share their expressions,
    which take ~1 ms each to build."""
    raw = pl.col(name)
    target = DTYPES[ctype]
    if dtype != pl.String:
        # an .xlsx cell that is already typed: numbers, fractions for percents, real dates
        if ctype is ColType.TEXT:
            return raw.cast(pl.String)
        if ctype in (ColType.DATE, ColType.DATETIME):  # a serial for year 10000: a bad cell
            return clean.in_date_range(raw.cast(target, strict=False))
        return raw.cast(target, strict=False)
    text = raw.str.strip_chars()
    match ctype:
        case ColType.TEXT:
            # the 2025 Ads console writes IDs as Excel formulas: ="468170906203317"
            text = text.str.replace(r'^="(.*)"$', "${1}")
            return pl.when(text == "").then(None).otherwise(text)
        case ColType.INT:
            return clean.count(raw, decimal_comma=decimal_comma)
        case ColType.FLOAT:
            # Amazon writes "Infinite" weeks of cover for a SKU with no sales
            infinite = text.str.to_lowercase().is_in(["infinite", "infinity", "inf"])
            number = clean.number(raw, decimal_comma=decimal_comma, prefix=prefix)
            return pl.when(infinite).then(float("inf")).otherwise(number)
        case ColType.MONEY:
            return clean.money(raw, decimal_comma=decimal_comma, prefix=prefix)
        case ColType.AMOUNT:
            return clean.amount(raw, decimal_comma=decimal_comma)
        case ColType.PERCENT:
            return clean.percent(raw, decimal_comma=decimal_comma)
        case ColType.DATE | ColType.DATETIME:
            # cells that do not fit a detected format are null: counted as invalid, not silent
            formats = None if date_format is None else [date_format]
            cleaner = clean.to_date if ctype is ColType.DATE else clean.to_datetime
            return cleaner(raw, day_first=day_first, formats=formats)
    raise AssertionError(ctype)  # pragma: no cover
