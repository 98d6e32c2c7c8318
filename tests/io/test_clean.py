"""Tests for kpitool.io.clean. Expected values are worked out by hand in this file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitool.io import clean
from kpitool.io.clean import numbers

Cleaner = Callable[..., pl.Expr]


def run(fn: Cleaner, values: list[str | None], **kw: Any) -> list[Any]:
    df = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    return df.select(fn(pl.col("raw"), **kw).alias("out"))["out"].to_list()


def one(fn: Cleaner, value: str | None, **kw: Any) -> Any:
    return run(fn, [value], **kw)[0]


def flags(fn: Cleaner, values: list[str | None], **kw: Any) -> list[bool]:
    df = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    raw = pl.col("raw")
    return df.select(clean.invalid(raw, fn(raw, **kw)).alias("bad"))["bad"].to_list()


# --------------------------------------------------------------------------------------------
# numbers
# --------------------------------------------------------------------------------------------

NUMBERS = [
    ("3,395", 3395.0),
    ("$5,216.29", 5216.29),
    ("$293.34 ", 293.34),
    ("  $293.34", 293.34),
    ("\u00a0$12.50\u00a0", 12.5),
    ("\u202f12.50", 12.5),
    ("$3.0", 3.0),
    ("$0.4966667", 0.4966667),
    ("Rs.1000.0", 1000.0),
    ("Rs 250", 250.0),
    ("Rs250", 250.0),
    ("£1,234.56", 1234.56),
    ("€7.5", 7.5),
    ("7.5 €", 7.5),
    ("₹ 1,000.00", 1000.0),
    ("¥1200", 1200.0),
    ("USD 58.89", 58.89),
    ("58.89 USD", 58.89),
    ("C$3.25", 3.25),
    ("CA$3.25", 3.25),
    ("A$4", 4.0),
    ("MX$10.10", 10.1),
    ("-9.02", -9.02),
    ("$-9.02", -9.02),
    ("-$9.02", -9.02),
    ("- $9.02", -9.02),
    ("USD -58.89", -58.89),
    ("+3", 3.0),
    ("(1,234.50)", -1234.5),
    ("($1,234.50)", -1234.5),
    ("-1,064.01", -1064.01),
    ("1,234,567.89", 1234567.89),
    ("1,23,456.50", 123456.5),
    ("0", 0.0),
    ("0.00", 0.0),
    (".5", 0.5),
    ("1.5E-3", 0.0015),
    ("2e3", 2000.0),
]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS)
def test_number(raw: str, expected: float) -> None:
    assert one(clean.number, raw) == expected
    assert one(clean.money, raw) == expected


NUMBERS_DECIMAL_COMMA = [
    ("1.234,56", 1234.56),
    ("1 234,56", 1234.56),
    ("1\u00a0234,56", 1234.56),
    ("1\u202f234,56", 1234.56),
    ("1'234,56", 1234.56),
    ("1.234,56 €", 1234.56),
    ("58,89 EUR", 58.89),
    ("EUR 58,89", 58.89),
    ("-3,20", -3.2),
    ("12,5", 12.5),
    ("(1.234,50 €)", -1234.5),
    ("1.234.567,8", 1234567.8),
    ("1.234", 1234.0),
    ("7", 7.0),
]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS_DECIMAL_COMMA)
def test_number_decimal_comma(raw: str, expected: float) -> None:
    assert one(clean.number, raw, decimal_comma=True) == expected


GARBAGE_NUMBERS = [
    "abc",
    "1.2.3",
    "12abc",
    "1,2",  # comma group of two digits: not a thousands separator
    "12,34.5",
    "$",
    "+",
    "(-5)",
    "1 2",
    "3 $ 4",
    "12.5.",
    "e5",
    "$$5",
]


@pytest.mark.parametrize("raw", GARBAGE_NUMBERS)
def test_number_garbage_is_null_and_invalid(raw: str) -> None:
    assert one(clean.number, raw) is None
    assert flags(clean.number, [raw]) == [True]
    assert one(clean.number, raw, prefix="$") is None


@pytest.mark.parametrize(("raw", "expected"), NUMBERS)
def test_number_with_the_files_prefix_reads_the_same(raw: str, expected: float) -> None:
    # the prefix only lets plain cells such as "$14.70" skip the regexes
    for prefix in clean.FAST_PREFIXES:
        assert one(clean.money, raw, prefix=prefix) == expected, prefix


@pytest.mark.parametrize(
    ("raw", "expected"), [("5.", 5.0), ("$5.", 5.0), ("1,234.", 1234.0), ("1.e3", 1000.0)]
)
def test_number_a_point_may_end_the_digits(raw: str, expected: float) -> None:
    assert one(clean.number, raw) == expected
    assert one(clean.number, raw, prefix="$") == expected
    assert one(clean.count, raw) == expected


@pytest.mark.parametrize("raw", ["inf", "-inf", "Infinity", "NaN", "nan", "$inf", "$$5", "5,"])
def test_number_what_a_plain_cast_would_take_is_still_garbage(raw: str) -> None:
    for kw in ({}, {"prefix": "$"}, {"decimal_comma": True, "prefix": "$"}):
        assert one(clean.number, raw, **kw) is None, kw
        assert flags(clean.number, [raw], **kw) == [True], kw


def test_number_prefix_must_be_one_character_symbol() -> None:
    # "Rs.5" stripped of "Rs" would cast as 0.5
    with pytest.raises(ValueError, match="prefix"):
        clean.number(pl.col("raw"), prefix="Rs")
    assert one(clean.number, "Rs.5") == 5.0


@pytest.mark.parametrize(
    ("values", "want"),
    [
        (["$1.00", "$2", "3", None], "$"),
        (["€5", "£5", "5"], None),  # no symbol starts more than half
        (["Rs.5", "Rs.6"], None),
        (["12,50 €", "1,00 €"], None),
        ([], None),
    ],
)
def test_fast_prefix(values: list[str | None], want: str | None) -> None:
    assert clean.fast_prefix(values) == want


NUMBERISH = st.text(alphabet="0123456789.,+-eE$€ ()%'\u00a0\u2212infatyNAIFTY", max_size=9)


@settings(max_examples=300, deadline=None)
@given(st.lists(NUMBERISH, min_size=1, max_size=30), st.booleans())
def test_fast_read_equals_the_grammar(values: list[str], decimal_comma: bool) -> None:
    """The cast tried first gives, for every cell, what the regex grammar alone gives."""
    df = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    raw = pl.col("raw")
    out = df.select(
        grammar=numbers._float(raw, decimal_comma),
        plain=clean.number(raw, decimal_comma=decimal_comma),
        dollar=clean.number(raw, decimal_comma=decimal_comma, prefix="$"),
        euro=clean.number(raw, decimal_comma=decimal_comma, prefix="€"),
        count_grammar=numbers._count(raw, decimal_comma),
        count=clean.count(raw, decimal_comma=decimal_comma),
    )
    for name in ("plain", "dollar", "euro"):
        assert out[name].equals(out["grammar"], check_names=False), (name, out)
    assert out["count"].equals(out["count_grammar"], check_names=False), out


@pytest.mark.parametrize("raw", ["58.89", "1,234.56", "1,2,3"])
def test_number_decimal_comma_rejects_dot_decimals(raw: str) -> None:
    assert one(clean.number, raw, decimal_comma=True) is None


NULL_TOKENS = ["", "   ", "\u00a0", "--", "-", "N/A", "n/a", "NA", "na", "null", "NULL", " Null "]


@pytest.mark.parametrize("fn", [clean.number, clean.count, clean.percent, clean.to_date])
def test_null_tokens_are_null_not_invalid(fn: Cleaner) -> None:
    values: list[str | None] = [*NULL_TOKENS, None]
    assert run(fn, values) == [None] * len(values)
    assert flags(fn, values) == [False] * len(values)


def test_is_null_token() -> None:
    values: list[str | None] = [*NULL_TOKENS, "0", "x", "---", None]
    expected = [True] * len(NULL_TOKENS) + [False, False, False, None]
    assert run(clean.is_null_token, values) == expected


def test_invalid_flags_only_real_values_that_fail() -> None:
    values: list[str | None] = ["$1.00", "oops", "--", None, "12abc", ""]
    assert flags(clean.money, values) == [False, True, False, False, True, False]


# --------------------------------------------------------------------------------------------
# counts and percents
# --------------------------------------------------------------------------------------------

COUNTS = [
    ("3,395", 3395),
    ("12", 12),
    ("12.0", 12),
    (" 119 ", 119),
    ("-4", -4),
    ("1,000,000", 1_000_000),
    ("999999999999", 999_999_999_999),  # the largest count: exact
    ("1000000000000", None),  # clean.MAX_COUNT: past it a bad cell (a sum could wrap)
    ("9007199254740993", None),
    ("1.5E3", 1500),
]


@pytest.mark.parametrize(("raw", "expected"), COUNTS)
def test_count(raw: str, expected: int) -> None:
    assert one(clean.count, raw) == expected


def test_count_dtype_and_decimal_comma() -> None:
    df = pl.DataFrame({"raw": ["1.234", "7,0"]})
    out = df.select(clean.count(pl.col("raw"), decimal_comma=True))
    assert out.schema["raw"] == pl.Int64
    assert out["raw"].to_list() == [1234, 7]


@pytest.mark.parametrize("raw", ["1.5", "0.99", "abc", "99999999999999999999"])
def test_count_non_integral_is_invalid(raw: str) -> None:
    assert one(clean.count, raw) is None
    assert flags(clean.count, [raw]) == [True]


PERCENTS = [
    ("12.34%", 0.1234),
    ("99%", 0.99),
    ("0.00%", 0.0),
    ("4.51%", 0.0451),
    ("100%", 1.0),
    ("1.02 %", 0.0102),
    ("-5%", -0.05),
    ("0.1234", 0.1234),  # no % sign: already a fraction
    ("1", 1.0),
]


@pytest.mark.parametrize(("raw", "expected"), PERCENTS)
def test_percent(raw: str, expected: float) -> None:
    assert one(clean.percent, raw) == pytest.approx(expected, abs=1e-15)


def test_percent_exact_cases() -> None:
    assert run(clean.percent, ["0.00%", "99%", "100%", "50%"]) == [0.0, 0.99, 1.0, 0.5]


@pytest.mark.parametrize(("raw", "expected"), [("1,5 %", 0.015), ("12,34%", 0.1234)])
def test_percent_decimal_comma(raw: str, expected: float) -> None:
    assert one(clean.percent, raw, decimal_comma=True) == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize("raw", ["abc%", "%", "12%%", "1%2"])
def test_percent_garbage(raw: str) -> None:
    assert one(clean.percent, raw) is None
    assert flags(clean.percent, [raw]) == [True]


# --------------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------------

DATES = [
    ("Nov 16, 2019", False, dt.date(2019, 11, 16)),
    ("Nov 6, 2019", False, dt.date(2019, 11, 6)),
    ("November 16, 2019", False, dt.date(2019, 11, 16)),
    ("11/10/2019", False, dt.date(2019, 11, 10)),
    ("11/10/2019", True, dt.date(2019, 10, 11)),
    ("01/12/2019", True, dt.date(2019, 12, 1)),
    ("2019-12-11", False, dt.date(2019, 12, 11)),
    ("2019-12-11T08:00:00+00:00", False, dt.date(2019, 12, 11)),
    ("2019-12-11T23:30:00-08:00", False, dt.date(2019, 12, 11)),  # as written, no tz shift
    ("2019-12-11 08:00:00 UTC", False, dt.date(2019, 12, 11)),
    ("Dec 1, 2019 2:29:33 AM PST", False, dt.date(2019, 12, 1)),
    ("01.12.2019", False, dt.date(2019, 12, 1)),
    ("1.12.2019", False, dt.date(2019, 12, 1)),
    ("01.12.2019 14:29:33 MEZ", False, dt.date(2019, 12, 1)),
    ("1 déc. 2019", False, dt.date(2019, 12, 1)),
    ("1 dic 2019", False, dt.date(2019, 12, 1)),
    ("Dez. 1, 2019", False, dt.date(2019, 12, 1)),
    ("1 janv. 2019", False, dt.date(2019, 1, 1)),
    ("3 mars 2019", False, dt.date(2019, 3, 3)),
    ("1. März 2019", False, dt.date(2019, 3, 1)),
    ("12 août 2019", False, dt.date(2019, 8, 12)),
    ("5 maggio 2019", False, dt.date(2019, 5, 5)),
    ("1 de diciembre de 2019", False, dt.date(2019, 12, 1)),
    ("2019/12/01", False, dt.date(2019, 12, 1)),
    (" Nov\u00a016,  2019 ", False, dt.date(2019, 11, 16)),
    ("29/02/2020", True, dt.date(2020, 2, 29)),
]


@pytest.mark.parametrize(("raw", "day_first", "expected"), DATES)
def test_to_date(raw: str, day_first: bool, expected: dt.date) -> None:
    assert one(clean.to_date, raw, day_first=day_first) == expected


DATETIMES = [
    ("Dec 1, 2019 2:29:33 AM PST", dt.datetime(2019, 12, 1, 2, 29, 33)),
    ("Dec 1, 2019 2:29:33 PM PDT", dt.datetime(2019, 12, 1, 14, 29, 33)),
    ("Dec 1, 2019 2:29:33 p.m. PST", dt.datetime(2019, 12, 1, 14, 29, 33)),
    ("Dec 1, 2019 2:29:33 a.m. PST", dt.datetime(2019, 12, 1, 2, 29, 33)),
    ("Dec 1, 2019 12:05:00 AM PST", dt.datetime(2019, 12, 1, 0, 5, 0)),
    ("Dec 1, 2019 12:05:00 PM PST", dt.datetime(2019, 12, 1, 12, 5, 0)),
    ("Dec 31, 2019 11:59:59 PM PST", dt.datetime(2019, 12, 31, 23, 59, 59)),
    ("2019-12-11T08:00:00+00:00", dt.datetime(2019, 12, 11, 8, 0, 0)),
    ("2019-12-11T08:00:00-07:00", dt.datetime(2019, 12, 11, 8, 0, 0)),
    ("2019-12-11T08:00:00Z", dt.datetime(2019, 12, 11, 8, 0, 0)),
    ("2019-12-11 08:00:00 UTC", dt.datetime(2019, 12, 11, 8, 0, 0)),
    ("01.12.2019 14:29:33 UTC", dt.datetime(2019, 12, 1, 14, 29, 33)),
    ("01.12.2019 14:29:33 MEZ", dt.datetime(2019, 12, 1, 14, 29, 33)),
    ("01.07.2019 14:29:33 MESZ", dt.datetime(2019, 7, 1, 14, 29, 33)),
    ("Jul 1, 2019 9:00:00 AM BST", dt.datetime(2019, 7, 1, 9, 0, 0)),
    ("2019-12-11 08:00 GMT", dt.datetime(2019, 12, 11, 8, 0, 0)),
    ("2019-12-11", dt.datetime(2019, 12, 11, 0, 0, 0)),
    ("Nov 16, 2019", dt.datetime(2019, 11, 16, 0, 0, 0)),
]


@pytest.mark.parametrize(("raw", "expected"), DATETIMES)
def test_to_datetime(raw: str, expected: dt.datetime) -> None:
    assert one(clean.to_datetime, raw) == expected


def test_to_datetime_dtype_is_naive_microseconds() -> None:
    df = pl.DataFrame({"raw": ["2019-12-11T08:00:00+00:00"]})
    assert df.select(clean.to_datetime(pl.col("raw"))).schema["raw"] == pl.Datetime("us")
    assert df.select(clean.to_date(pl.col("raw"))).schema["raw"] == pl.Date


@pytest.mark.parametrize(
    "fn",
    [clean.number, clean.money, clean.count, clean.percent, clean.to_date, clean.to_datetime],
)
def test_cleaners_keep_the_column_name_and_stay_lazy(fn: Cleaner) -> None:
    lf = pl.LazyFrame({"a": ["1"], "b": ["2019-12-11"]}, schema={"a": pl.String, "b": pl.String})
    column = "b" if fn in (clean.to_date, clean.to_datetime) else "a"
    out = lf.select(fn(pl.col(column))).collect()
    assert out.columns == [column]
    assert out[column].null_count() == 0


def test_no_python_udfs_in_module() -> None:
    modules = sorted(Path(clean.__file__).parent.glob("*.py"))
    assert len(modules) >= 4  # the package and its cleaners
    for path in modules:
        source = path.read_text(encoding="utf-8")
        assert "map_elements" not in source, path.name
        assert "map_batches" not in source, path.name


GARBAGE_DATES = [
    "garbage",
    "2019-02-30",
    "2019-13-01",
    "13/13/2019",
    "31/12/2019",  # month first by default: month 31 does not exist
    "Dec 1, 2019 13:00:00 PM",
    "Dec 1, 2019 0:10:00 AM",
    "2019-12-11 25:00:00",
    "2019-12-11 10:61:00",
    "2019-12-11 10:00:60",
    "2019-12-11 extra",
    "Foo 1, 2019",
    "12",
]


@pytest.mark.parametrize("raw", GARBAGE_DATES)
def test_garbage_dates_are_null_and_invalid(raw: str) -> None:
    assert one(clean.to_date, raw) is None
    assert one(clean.to_datetime, raw) is None
    assert flags(clean.to_date, [raw]) == [True]


# --------------------------------------------------------------------------------------------
# sniffers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1.234,56", "12"], True),
        (["12,5"], True),
        (["0,99 %"], True),
        (["-3,20", None, ""], True),
        (["3,395", "12,5"], True),  # 12,5 settles the ambiguity
        (["3,395", "1.234,56 €"], True),
        (["1.234.567"], True),
        (["3,395"], False),  # could be thousands
        (["1.234"], False),
        (["1,234.56"], False),
        (["12,5", "1,234.56"], False),  # any dot-decimal value wins
        (["12,5", "0.4966667"], False),
        (["$5,216.29", "4.51%", "3,395"], False),
        (["1,234,567"], False),
        ([], False),
        ([None, "", "--"], False),
    ],
)
def test_detect_decimal_comma(values: list[str | None], expected: bool) -> None:
    assert clean.detect_decimal_comma(values) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["01.12.2019"], True),
        (["1.12.2019 14:29:33 MEZ"], True),
        (["11/10/2019", "13/10/2019"], True),
        (["11/10/2019", "12/10/2019"], False),
        # one day-first cell does not flip a month-first column (issue 20.3)
        ([f"10/{d:02d}/2026" for d in range(1, 11)] + ["13/01/2026"], False),
        # a day-first month with few days past the 12th is still day first
        ([f"{d:02d}/10/2026" for d in range(5, 16)], True),
        ([f"{d:02d}/10/2026" for d in range(1, 32)], True),
        ([f"10/{d:02d}/2026" for d in range(1, 32)] + ["31/10/2026"], False),
        (["Nov 16, 2019", "2019-12-11"], False),
        ([None, ""], False),
        ([], False),
    ],
)
def test_detect_day_first(values: list[str | None], expected: bool) -> None:
    assert clean.detect_day_first(values) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$5,216.29", "USD"),
        ("£1.00", "GBP"),
        ("1.234,56 €", "EUR"),
        ("₹ 100", "INR"),
        ("Rs.1000.0", "INR"),
        ("Rs 5", "INR"),
        ("¥1200", "JPY"),
        ("C$3", "CAD"),
        ("CA$3", "CAD"),
        ("A$3", "AUD"),
        ("AU$3", "AUD"),
        ("MX$3", "MXN"),
        ("R$3", "BRL"),
        ("USD 58.89", "USD"),
        ("58,89 EUR", "EUR"),
        ("14 Day Total Sales (₹)", "INR"),
        ("SEK 10 $", "SEK"),  # an explicit ISO code wins over a symbol
        ("7 Day Total Orders (#)", None),
        ("3,395", None),
        ("", None),
    ],
)
def test_currency_from_text(text: str, expected: str | None) -> None:
    assert clean.currency_from_text(text) == expected


def test_currency_from_values() -> None:
    assert clean.currency_from_values([None, "12", "", "£3.00", "$4"]) == "GBP"
    assert clean.currency_from_values(["12", None]) is None


def test_currency_symbols_table() -> None:
    assert clean.CURRENCY_SYMBOLS["$"] == "USD"
    assert clean.CURRENCY_SYMBOLS["₹"] == "INR"
    assert clean.CURRENCY_SYMBOLS["CA$"] == "CAD"


# --------------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------------

CENTS = st.decimals(
    min_value=Decimal("-99999999.99"),
    max_value=Decimal("99999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


def _sign(x: Decimal) -> str:
    return "-" if x < 0 else ""


def _grouped(x: Decimal) -> str:
    return f"{abs(x):,.2f}"  # 1,234.56


def _eu(x: Decimal) -> str:
    return _grouped(x).replace(",", "_").replace(".", ",").replace("_", ".")  # 1.234,56


MONEY_STYLES: list[tuple[Callable[[Decimal], str], bool]] = [
    (lambda x: f"{_sign(x)}${_grouped(x)}", False),
    (lambda x: f"${_sign(x)}{_grouped(x)}", False),
    (lambda x: f"({_grouped(x)})" if x < 0 else _grouped(x), False),
    (lambda x: f"(${_grouped(x)})" if x < 0 else f"${_grouped(x)}", False),
    (lambda x: f"{_sign(x)}{_eu(x)} €", True),
    (lambda x: f"{_sign(x)}{_eu(x).replace('.', chr(0x202F))}", True),
    (lambda x: f"USD {x:.2f}", False),
    (lambda x: f"{_sign(x)}Rs.{abs(x):.2f}", False),
    (lambda x: f"{_sign(x)}£{_grouped(x)} ", False),
    (lambda x: f"{x:.2f}", False),
]


@settings(max_examples=60, deadline=None)
@given(st.lists(CENTS, min_size=1, max_size=20))
def test_money_round_trips_in_every_style(amounts: list[Decimal]) -> None:
    for style, decimal_comma in MONEY_STYLES:
        texts: list[str | None] = [style(x) for x in amounts]
        parsed = run(clean.money, texts, decimal_comma=decimal_comma)
        assert [None if p is None else round(p, 2) for p in parsed] == [
            float(x) for x in amounts
        ], texts


_COUNTS_ST = st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1)  # clean.MAX_COUNT


@settings(max_examples=60, deadline=None)
@given(st.lists(_COUNTS_ST, min_size=1, max_size=20))
def test_count_round_trips(ns: list[int]) -> None:
    texts: list[str | None] = [f"{n:,}" for n in ns]
    assert run(clean.count, texts) == ns
    eu: list[str | None] = [f"{n:,}".replace(",", ".") for n in ns]
    assert run(clean.count, eu, decimal_comma=True) == ns


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=-1000, max_value=1000, allow_nan=False), min_size=1, max_size=20)
)
def test_percent_round_trips(ps: list[float]) -> None:
    texts: list[str | None] = [f"{p:.2f}%" for p in ps]
    parsed = run(clean.percent, texts)
    for text, p, got in zip(texts, ps, parsed, strict=True):
        assert got == pytest.approx(float(f"{p:.2f}") / 100, abs=1e-12), text


FR_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
             "nov.", "déc."]  # fmt: skip
DE_MONTHS = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.",
             "Nov.", "Dez."]  # fmt: skip
IT_MONTHS = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]
ES_MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]
FULL_LOCAL = [
    ["janvier", "Januar", "gennaio", "enero"],
    ["février", "Februar", "febbraio", "febrero"],
    ["mars", "März", "marzo", "marzo"],
    ["avril", "April", "aprile", "abril"],
    ["mai", "Mai", "maggio", "mayo"],
    ["juin", "Juni", "giugno", "junio"],
    ["juillet", "Juli", "luglio", "julio"],
    ["août", "August", "agosto", "agosto"],
    ["septembre", "September", "settembre", "septiembre"],
    ["octobre", "Oktober", "ottobre", "octubre"],
    ["novembre", "November", "novembre", "noviembre"],
    ["décembre", "Dezember", "dicembre", "diciembre"],
]

DATE_STYLES: list[tuple[Callable[[dt.date], str], bool]] = [
    (lambda d: d.strftime("%b %d, %Y"), False),
    (lambda d: f"{d:%b} {d.day}, {d.year}", False),
    (lambda d: d.strftime("%B %d, %Y"), False),
    (lambda d: d.strftime("%m/%d/%Y"), False),
    (lambda d: d.strftime("%Y-%m-%d"), False),
    (lambda d: d.strftime("%d.%m.%Y"), True),
    (lambda d: f"{d.day}.{d.month}.{d.year}", False),
    (lambda d: d.strftime("%d/%m/%Y"), True),
    (lambda d: f"{d.day} {FR_MONTHS[d.month - 1]} {d.year}", False),
    (lambda d: f"{DE_MONTHS[d.month - 1]} {d.day}, {d.year}", False),
    (lambda d: f"{d.day}. {FULL_LOCAL[d.month - 1][1]} {d.year}", False),
    (lambda d: f"{d.day} {IT_MONTHS[d.month - 1]} {d.year}", False),
    (lambda d: f"{d.day} {FULL_LOCAL[d.month - 1][2]} {d.year}", False),
    (lambda d: f"{d.day} {ES_MONTHS[d.month - 1]} {d.year}", False),
    (lambda d: f"{d.day} de {FULL_LOCAL[d.month - 1][3]} de {d.year}", False),
    (lambda d: f"{d.day} {FULL_LOCAL[d.month - 1][0]} {d.year}", False),
]

DATETIME_STYLES: list[tuple[Callable[[dt.datetime], str], bool]] = [
    (lambda t: t.strftime("%b %d, %Y %I:%M:%S %p PST"), False),
    (lambda t: f"{t:%b} {t.day}, {t.year} {t.hour % 12 or 12}:{t:%M:%S %p} PDT", False),
    (
        lambda t: (
            t.strftime("%b %d, %Y %I:%M:%S %p PST").replace("AM", "a.m.").replace("PM", "p.m.")
        ),
        False,
    ),
    (lambda t: t.strftime("%Y-%m-%dT%H:%M:%S+00:00"), False),
    (lambda t: t.strftime("%Y-%m-%dT%H:%M:%S-08:00"), False),
    (lambda t: t.strftime("%Y-%m-%d %H:%M:%S UTC"), False),
    (lambda t: t.strftime("%d.%m.%Y %H:%M:%S MEZ"), True),
    (lambda t: t.strftime("%d/%m/%Y %H:%M:%S"), True),
    (lambda t: t.strftime("%m/%d/%Y %I:%M:%S %p"), False),
]

DATES_ST = st.dates(min_value=dt.date(1971, 1, 1), max_value=dt.date(2099, 12, 31))
DATETIMES_ST = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31, 23, 59, 59)
).map(lambda t: t.replace(microsecond=0))


def _round_trip(
    fn: Cleaner, styles: list[tuple[Callable[[Any], str], bool]], items: list[Any]
) -> list[tuple[str, Any]]:
    """Format every item in every style, parse each day-first group in one ``select``,
    and return the (text, parsed) pairs in style order."""
    out: list[tuple[str, Any]] = []
    for day_first in (False, True):
        texts: list[str | None] = [s(x) for s, df in styles if df is day_first for x in items]
        parsed = run(fn, texts, day_first=day_first)
        out += [(str(text), got) for text, got in zip(texts, parsed, strict=True)]
    return out


def _expected(styles: list[tuple[Callable[[Any], str], bool]], values: list[Any]) -> list[Any]:
    return [v for day_first in (False, True) for _, df in styles if df is day_first for v in values]


@settings(max_examples=50, deadline=None)
@given(st.lists(DATES_ST, min_size=1, max_size=20))
def test_dates_round_trip_in_every_style(dates: list[dt.date]) -> None:
    midnight = [dt.datetime(d.year, d.month, d.day) for d in dates]
    for fn, want in ((clean.to_date, dates), (clean.to_datetime, midnight)):
        got = _round_trip(fn, DATE_STYLES, dates)
        assert [g for _, g in got] == _expected(DATE_STYLES, want), got


@settings(max_examples=50, deadline=None)
@given(st.lists(DATETIMES_ST, min_size=1, max_size=20))
def test_datetimes_round_trip_in_every_style(stamps: list[dt.datetime]) -> None:
    days = [t.date() for t in stamps]
    for fn, want in ((clean.to_datetime, stamps), (clean.to_date, days)):
        got = _round_trip(fn, DATETIME_STYLES, stamps)
        assert [g for _, g in got] == _expected(DATETIME_STYLES, want), got


# --------------------------------------------------------------------------------------------
# date formats: the fast path
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "datetime", "day_first", "expected"),
    [
        (["Oct 1, 2026", "Oct 12, 2026", None, ""], False, False, "%B %d, %Y"),
        (["November 16, 2019", "Dec 1, 2019"], False, False, "%B %d, %Y"),
        (["10/01/2026", "1/2/2026"], False, False, "%m/%d/%Y"),
        (["13/01/2026", "01/02/2026"], False, True, "%d/%m/%Y"),
        (["2026-10-01", " 2026-10-02 "], False, False, "%Y-%m-%d"),
        (["01.12.2019"], False, False, "%d.%m.%Y"),
        (["Dec 1, 2019 2:29:33 AM PST", "Jul 1, 2019 12:00:00 PM PDT"], True, False,
         "%B %d, %Y %I:%M:%S %p"),
        (["2019-12-11T08:00:00+00:00", "2019-12-11T23:30:00-08:00"], True, False,
         "%Y-%m-%dT%H:%M:%S"),
        (["2019-12-11T08:00:00Z"], False, False, "%Y-%m-%dT%H:%M:%S"),
        (["2019-12-11 08:00:00 UTC"], True, False, "%Y-%m-%d %H:%M:%S"),
        (["2026-10-01", "garbage", "--"], False, False, "%Y-%m-%d"),  # garbage stays invalid
        (["2026-10-01", "Oct 1, 2026"], False, False, None),  # two layouts: general parser
        (["1 déc. 2019"], False, False, None),  # not English: general parser
        (["Dec 1, 2019 2:29:33 p.m. PST"], True, False, None),
        (["2019-12-11T08:00:00.123Z"], True, False, None),
        (["garbage"], False, False, None),
        ([None, "", "n/a"], False, False, None),
        ([], True, False, None),
    ],
)  # fmt: skip
def test_detect_date_format(
    values: list[str | None], datetime: bool, day_first: bool, expected: str | None
) -> None:
    got = clean.detect_date_format(values, datetime=datetime, day_first=day_first)
    assert got == expected


def test_detect_date_format_when_the_first_fitting_format_reads_otherwise() -> None:
    # "10/01/2026" fits %m/%d/%Y first, but day first it is the 10th of January
    assert clean.detect_date_format(["10/01/2026"] * 60, datetime=False, day_first=True) == (
        "%d/%m/%Y"
    )
    assert clean.detect_date_format(["10/01/2026"] * 60, datetime=False) == "%m/%d/%Y"
    # the first 50 values fit a format the later ones do not: no one format
    values = ["2026-10-01"] * 50 + ["Oct 5, 2026"]
    assert clean.detect_date_format(values, datetime=False) is None


def test_detected_format_reads_like_the_general_parser() -> None:
    for raw, day_first, want in DATES:
        fmt = clean.detect_date_format([raw], datetime=False, day_first=day_first)
        if fmt is not None:
            assert one(clean.to_date, raw, formats=[fmt]) == want, (raw, fmt)
    for raw, want_dt in DATETIMES:
        fmt = clean.detect_date_format([raw], datetime=True)
        if fmt is not None:
            assert one(clean.to_datetime, raw, formats=[fmt]) == want_dt, (raw, fmt)


@pytest.mark.parametrize(
    ("fmt", "raw"),
    [
        ("%Y-%m-%d", "Oct 1, 2026"),  # another layout
        ("%Y-%m-%d", "2026-10-01 08:00"),  # a time the format has no place for
        ("%Y-%m-%d", "019-12-11"),  # chrono alone would take these two for the year 19
        ("%B %d, %Y", "Dec 1, 19"),
        ("%B %d, %Y", "Sept 1, 2019"),  # not an English abbreviation chrono knows
        ("%Y-%m-%d", "2019-02-30"),
        ("%Y-%m-%d %H:%M:%S", "2019-12-11 10:00:60"),  # no leap second
        ("%Y-%m-%d %H:%M:%S", "2019-12-11 24:00:00"),
        ("%B %d, %Y %I:%M:%S %p", "Dec 1, 2019 13:00:00 PM"),
        ("%B %d, %Y %I:%M:%S %p", "Dec 1, 2019 0:10:00 AM"),
        ("%B %d, %Y %I:%M:%S %p", "Dec 1, 2019 2:29:33 AM Mars"),  # not a time zone
    ],
)
def test_with_format_a_cell_that_does_not_fit_is_null_and_invalid(fmt: str, raw: str) -> None:
    assert one(clean.to_date, raw, formats=[fmt]) is None
    assert one(clean.to_datetime, raw, formats=[fmt]) is None
    assert flags(clean.to_date, [raw], formats=[fmt]) == [True]


@pytest.mark.parametrize(
    ("fmt", "raw", "want"),
    [
        # read by strptime alone (the fast read of a date format), to the date they show
        ("%Y-%m-%d", "2019- 12-11", dt.date(2019, 12, 11)),
        ("%Y-%m-%d", "+2019-12-11", dt.date(2019, 12, 11)),
        ("%m/%d/%Y", "1/ 5/2026", dt.date(2026, 1, 5)),
        ("%B %d, %Y", "Oct 1,2026", dt.date(2026, 10, 1)),
        # and by the format's regex, after strptime alone refused them
        ("%B %d, %Y", " Oct 1, 2026\u00a0", dt.date(2026, 10, 1)),
        ("%m/%d/%Y", "10/1/2026 ", dt.date(2026, 10, 1)),
    ],
)
def test_with_format_reads_a_cell_strptime_or_the_regex_reads(
    fmt: str, raw: str, want: dt.date
) -> None:
    assert one(clean.to_date, raw, formats=[fmt]) == want
    assert flags(clean.to_date, [raw], formats=[fmt]) == [False]


def test_with_formats_null_tokens_stay_valid_and_formats_are_tried_in_turn() -> None:
    values: list[str | None] = [*NULL_TOKENS, None]
    assert flags(clean.to_date, values, formats=["%Y-%m-%d"]) == [False] * len(values)
    fmts = ["%Y-%m-%d", "%B %d, %Y"]
    assert run(clean.to_date, ["2026-10-01", " Oct 2,\u00a0 2026 ", "x"], formats=fmts) == [
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 2),
        None,
    ]
    assert run(
        clean.to_datetime, ["2019-12-11T23:30:00-08:00", "2019-12-11"], formats=["%Y-%m-%d"]
    ) == [None, dt.datetime(2019, 12, 11)]


@pytest.mark.parametrize("formats", [[], ["%y-%m-%d"], ["%Y-%m-%d %z"]])
def test_bad_formats_are_refused(formats: list[str]) -> None:
    with pytest.raises(ValueError, match="format"):
        clean.to_date(pl.col("raw"), formats=formats)


@settings(max_examples=30, deadline=None)
@given(st.lists(DATETIMES_ST, min_size=1, max_size=20))
def test_every_known_format_agrees_with_the_general_parser(stamps: list[dt.datetime]) -> None:
    for fmt in clean.DATE_FORMATS:
        day_first = fmt.startswith("%d/")
        texts: list[str | None] = [t.strftime(fmt) for t in stamps]
        general = run(clean.to_datetime, texts, day_first=day_first)
        assert run(clean.to_datetime, texts, formats=[fmt]) == general, fmt
        assert clean.detect_date_format(texts, datetime=True, day_first=day_first) is not None


# --------------------------------------------------------------------------------------------
# plans stay small (the cleaners used to build multi-megabyte plans)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda e: clean.money(e),
        lambda e: clean.count(e, decimal_comma=True),
        lambda e: clean.percent(e),
        lambda e: clean.to_date(e),
        lambda e: clean.to_datetime(e, day_first=True),
        lambda e: clean.to_datetime(e, formats=["%B %d, %Y %I:%M:%S %p"]),
    ],
)
def test_plans_are_small(make: Callable[[pl.Expr], pl.Expr]) -> None:
    lf = pl.LazyFrame({"raw": ["1"]}, schema={"raw": pl.String})
    raw = pl.col("raw")
    parsed = make(raw)
    assert len(lf.select(parsed, clean.invalid(raw, parsed).alias("bad")).explain()) < 8000


@pytest.mark.parametrize(
    "raw", ["Dec 1, 0019", "0000-10-01", "12/31/9999", "2200-01-01", "1899-12-31 10:00:00"]
)
def test_a_date_out_of_range_is_a_bad_cell(raw: str) -> None:
    # years outside 1900..2199 (issue 20): no report holds them, Python's dates stop at 9999
    assert one(clean.to_date, raw) is None and one(clean.to_datetime, raw) is None
    assert flags(clean.to_date, [raw]) == [True]
    assert flags(clean.to_date, [raw], formats=["%Y-%m-%d"]) == [True]


@pytest.mark.parametrize(
    ("cleaner", "raw"),
    [
        (clean.money, "1e309"),  # a float overflow
        (clean.money, "1e101"),  # past clean.MAX_NUMBER: a sum of them could overflow
        (clean.money, "9" * 400),
        (clean.percent, "1e309%"),
        (clean.amount, "9" * 32),  # fits Decimal(38, 6), but two of them overflow its sum
        (clean.count, "9" * 19),
    ],
)
def test_numbers_too_large_to_add_up_are_bad_cells(
    cleaner: Callable[[pl.Expr], pl.Expr], raw: str
) -> None:
    assert one(cleaner, raw) is None
    assert flags(cleaner, [raw]) == [True]
    assert one(cleaner, "12") is not None  # an ordinary value still reads
