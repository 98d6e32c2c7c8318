"""kpitool against the real Amazon exports in ../shared/real_exports/ (see its SOURCES.md).

Every expected total is computed here INDEPENDENTLY of kpitool: the ``csv`` module on bytes we
decode ourselves, ``openpyxl`` (normal mode: Amazon's POI files report dimension A1, so
read_only mode would see one row) and our own small string cleaning, summed as ``Decimal``.
The files are read in place, never copied into the repo.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import warnings
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from paths import REAL
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.io.folder import measure
from kpitool.io.model import Report
from kpitool.io.read import read_report

REAL = REAL

if not REAL.is_dir():
    pytest.skip(
        f"real Amazon exports not found at {REAL} (they live beside the repo, not in it)",
        allow_module_level=True,
    )

openpyxl = pytest.importorskip("openpyxl")

BR = "br_child_item_us_2019.csv"
CAMPAIGN = "ads_sp_campaign_us_2019_7day.csv"
ST_US = "ads_sp_search_term_us_2019_7day.xlsx"
ST_UK = "ads_sp_search_term_uk_2023_gbp.xlsx"
AP_IN = "ads_sp_advertised_product_in_2020_14day_inr.xlsx"
MANAGE = "fba_manage_inventory_us_2019_cp1252.csv"
HEALTH = "fba_inventory_health_us_2019_cp1252.csv"
PAYMENTS = "payments_date_range_us_2019Dec1-2020Feb1CustomTransaction.csv"
BR_DE = "br_child_item_de_2025_german.csv"
CUSTOM = "ads_custom_report_sp_search_term_us_2025_daterange.csv"
ALL_FILES = [BR, CAMPAIGN, ST_US, ST_UK, AP_IN, MANAGE, HEALTH, PAYMENTS, BR_DE, CUSTOM]

TOL = 1e-6


# --------------------------------------------------------------------------------------------
# our own, independent reading of the files
# --------------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


Row = dict[str, Any]


@cache
def csv_rows(name: str) -> tuple[Row, ...]:
    """Data rows of a CSV as dicts keyed by the header as written (trailing spaces kept)."""
    lines = decode((REAL / name).read_bytes()).splitlines()
    # the payments report has a preamble: find its header line ourselves
    start = next(
        (i for i, line in enumerate(lines) if line.startswith('"date/time"')),
        0,
    )
    reader = csv.reader(io.StringIO("\n".join(lines[start:])))
    header = next(reader)
    return tuple(dict(zip(header, row, strict=True)) for row in reader if row)


@cache
def xlsx_rows(name: str) -> tuple[Row, ...]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Workbook contains no default style"
        wb = openpyxl.load_workbook(REAL / name)  # NOT read_only: dimension is A1
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return tuple(
        dict(zip(header, row, strict=True)) for row in rows[1:] if any(v is not None for v in row)
    )


def rows_of(name: str) -> tuple[Row, ...]:
    return xlsx_rows(name) if name.endswith(".xlsx") else csv_rows(name)


def num(value: Any) -> Decimal | None:
    """Our own cleaning: strip '$', ',', '%', 'Rs.' and spaces; empty means no value."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(repr(value))
    text = str(value).strip()
    for junk in ("Rs.", "$", ",", "%", " "):
        text = text.replace(junk, "")
    return Decimal(text) if text else None


def total(name: str, column: str, where: Callable[[Row], bool] = lambda r: True) -> Decimal:
    return sum(
        (v for r in rows_of(name) if where(r) and (v := num(r[column])) is not None),
        Decimal(0),
    )


# --------------------------------------------------------------------------------------------
# kpitool's reading
# --------------------------------------------------------------------------------------------


@cache
def report(name: str) -> Report:
    r = read_report(REAL / name)
    measure([r])
    return r


@cache
def frame(name: str) -> pl.DataFrame:
    return report(name).frame.collect()


def ksum(name: str, column: str, where: pl.Expr | None = None) -> float:
    df = frame(name)
    if where is not None:
        df = df.filter(where)
    return float(df[column].sum())


def close(ours: float, theirs: Decimal) -> bool:
    return abs(Decimal(repr(ours)) - theirs) <= Decimal(repr(TOL))


# --------------------------------------------------------------------------------------------
# detection and metadata
# --------------------------------------------------------------------------------------------

EXPECTED_META: dict[str, dict[str, Any]] = {
    BR: {"kind": "business_report_by_item", "grain": "child", "currency": "USD"},
    CAMPAIGN: {"kind": "sp_campaign", "attribution_days": 7, "ad_type": "SP", "currency": "USD"},
    ST_US: {"kind": "sp_search_term", "attribution_days": 7, "ad_type": "SP", "currency": "USD"},
    ST_UK: {
        "kind": "sp_search_term",
        "attribution_days": 7,
        "ad_type": "SP",
        "currency": "GBP",
        "marketplace": "UK",  # GBP: only amazon.co.uk sells in it
    },
    AP_IN: {
        "kind": "sp_advertised_product",
        "attribution_days": 14,
        "ad_type": "SP",
        "currency": "INR",
        "marketplace": "IN",
    },
    MANAGE: {"kind": "fba_manage_inventory"},
    HEALTH: {"kind": "fba_inventory_health"},
    PAYMENTS: {"kind": "payments_date_range", "currency": "USD", "marketplace": "US"},
    BR_DE: {"kind": "business_report_by_item", "grain": "child", "currency": "EUR"},
    CUSTOM: {"kind": "sp_search_term", "attribution_days": 7, "ad_type": "SP", "currency": "USD"},
}


@pytest.mark.parametrize("name", ALL_FILES)
def test_detected_kind_and_metadata(name: str) -> None:
    r = report(name)
    for attr, expected in EXPECTED_META[name].items():
        assert str(getattr(r, attr)) == str(expected), attr
    assert r.dropped == {}
    assert r.rows == len(rows_of(name))
    assert frame(name).height == len(rows_of(name))


# --------------------------------------------------------------------------------------------
# key totals: kpitool's canonical column vs our own sum of the Amazon column
# --------------------------------------------------------------------------------------------

TOTALS: list[tuple[str, str, str]] = [
    (BR, "sessions", "Sessions"),
    (BR, "page_views", "Page Views"),
    (BR, "units", "Units Ordered"),
    (BR, "sales", "Ordered Product Sales"),
    (BR, "order_items", "Total Order Items"),
    (CAMPAIGN, "spend", "Spend"),
    (CAMPAIGN, "clicks", "Clicks"),
    (CAMPAIGN, "impressions", "Impressions"),
    (CAMPAIGN, "ad_sales", "7 Day Total Sales "),
    (CAMPAIGN, "ad_orders", "7 Day Total Orders (#)"),
    (CAMPAIGN, "budget", "Budget"),
    (ST_US, "spend", "Spend"),
    (ST_US, "clicks", "Clicks"),
    (ST_US, "impressions", "Impressions"),
    (ST_US, "ad_sales", "7 Day Total Sales "),
    (ST_US, "ad_orders", "7 Day Total Orders (#)"),
    (ST_US, "ad_units", "7 Day Total Units (#)"),
    (ST_US, "advertised_sales", "7 Day Advertised SKU Sales "),
    (ST_UK, "spend", "Spend"),
    (ST_UK, "clicks", "Clicks"),
    (ST_UK, "impressions", "Impressions"),
    (ST_UK, "ad_sales", "7 Day Total Sales"),
    (ST_UK, "ad_orders", "7 Day Total Orders (#)"),
    (ST_UK, "ad_units", "7 Day Total Units (#)"),
    (ST_UK, "other_sales", "7 Day Other SKU Sales"),
    (AP_IN, "spend", "Spend"),
    (AP_IN, "clicks", "Clicks"),
    (AP_IN, "impressions", "Impressions"),
    (AP_IN, "ad_sales", "14 Day Total Sales (₹)"),
    (AP_IN, "ad_orders", "14 Day Total Orders (#)"),
    (AP_IN, "ad_units", "14 Day Total Units (#)"),
    (MANAGE, "available", "afn-fulfillable-quantity"),
    (MANAGE, "warehouse", "afn-warehouse-quantity"),
    (MANAGE, "total_quantity", "afn-total-quantity"),
    (MANAGE, "your_price", "your-price"),
    (HEALTH, "available", "sellable-quantity"),
    (HEALTH, "total_quantity", "total-quantity"),
    (HEALTH, "units_shipped_t30", "units-shipped-last-30-days"),
    (PAYMENTS, "total", "total"),
    (PAYMENTS, "product_sales", "product sales"),
    (PAYMENTS, "fba_fees", "fba fees"),
    (PAYMENTS, "selling_fees", "selling fees"),
    (PAYMENTS, "quantity", "quantity"),
    # the 2025 custom report: plain US numbers
    (CUSTOM, "spend", "Total cost"),
    (CUSTOM, "ad_sales", "Sales"),
    (CUSTOM, "ad_orders", "Purchases"),
    (CUSTOM, "ad_units", "Units sold"),
    (CUSTOM, "clicks", "Clicks"),
    (CUSTOM, "impressions", "Impressions"),
]


@pytest.mark.parametrize(("name", "column", "amazon"), TOTALS, ids=lambda v: str(v).strip())
def test_total_matches_independent_sum(name: str, column: str, amazon: str) -> None:
    theirs = total(name, amazon)
    assert theirs != 0, "a zero total would prove nothing"
    assert close(ksum(name, column), theirs), (ksum(name, column), theirs)


def test_payments_total_without_transfers() -> None:
    theirs = total(PAYMENTS, "total", where=lambda r: r["type"] != "Transfer")
    ours = ksum(PAYMENTS, "total", where=pl.col("type").fill_null("") != "Transfer")
    assert close(ours, theirs), (ours, theirs)
    # the Transfer rows hold the thousands commas ("-1,064.01"): they are really there
    transfers = [r["total"] for r in csv_rows(PAYMENTS) if r["type"] == "Transfer"]
    assert any("," in t for t in transfers)
    assert theirs != total(PAYMENTS, "total")


def test_inventory_warehouse_identity_per_sku() -> None:
    """afn-warehouse = fulfillable + unsellable + reserved (+ researching, which SOURCES.md
    leaves out: three SKUs hold one unit under research)."""
    researching = {r["sku"]: int(r["afn-researching-quantity"]) for r in csv_rows(MANAGE)}
    assert sum(researching.values()) == 3
    df = frame(MANAGE).select(
        "sku",
        (
            pl.col("warehouse") - pl.col("available") - pl.col("unsellable") - pl.col("reserved")
        ).alias("gap"),
    )
    assert dict(df.iter_rows()) == researching
    # the empty, unquoted mfn-fulfillable-quantity cells are nulls, not zeros or errors
    assert frame(MANAGE)["mfn_fulfillable"].null_count() == frame(MANAGE).height


def test_infinite_weeks_of_cover() -> None:
    """`Infinite` (no sales) reads as +inf; the finite values sum like ours."""
    theirs = total(
        HEALTH, "weeks-of-cover-t30", where=lambda r: r["weeks-of-cover-t30"] != "Infinite"
    )
    infinite = sum(1 for r in csv_rows(HEALTH) if r["weeks-of-cover-t30"] == "Infinite")
    col = frame(HEALTH)["weeks_of_cover_t30_reported"]
    assert infinite > 0
    assert col.is_infinite().sum() == infinite
    assert close(float(col.filter(col.is_finite()).sum()), theirs)


# --------------------------------------------------------------------------------------------
# Amazon's own derived columns agree with ours within rounding
# --------------------------------------------------------------------------------------------

# CSV percents carry 2 decimals of a percent. Amazon's CTR in the 2019 campaign CSV is rounded
# *up* (1 click / 607 impressions = 0.1647 % is written 0.17 %), so allow one unit in the last
# place: 0.01 % = 1e-4 as a fraction. xlsx cells hold the unrounded fractions.
CSV_PCT_TOL = 1e-4 + 1e-12
XLSX_TOL = 1e-9


def _check_ratio(
    name: str, reported: str, num_col: str, den_col: str, tol: float, min_rows: int
) -> None:
    df = frame(name).filter(pl.col(den_col) > 0)
    pairs = df.select(
        pl.col(reported), (pl.col(num_col) / pl.col(den_col)).alias("ours")
    ).drop_nulls()
    assert pairs.height >= min_rows
    worst = max(abs(a - b) for a, b in pairs.iter_rows())
    assert worst <= tol, worst


@pytest.mark.parametrize(
    ("name", "tol", "min_rows"),
    [
        (CAMPAIGN, CSV_PCT_TOL, 7),
        (ST_US, XLSX_TOL, 2),
        (ST_UK, XLSX_TOL, 1000),
        (AP_IN, XLSX_TOL, 50),
    ],
)
def test_acos_reported_matches_spend_over_sales(name: str, tol: float, min_rows: int) -> None:
    _check_ratio(name, "acos_reported", "spend", "ad_sales", tol, min_rows)


@pytest.mark.parametrize(
    ("name", "tol"),
    [(CAMPAIGN, CSV_PCT_TOL), (ST_US, XLSX_TOL), (ST_UK, XLSX_TOL), (AP_IN, XLSX_TOL)],
)
def test_ctr_reported_matches_clicks_over_impressions(name: str, tol: float) -> None:
    _check_ratio(name, "ctr_reported", "clicks", "impressions", tol, 60)


@pytest.mark.parametrize("name", [ST_US, ST_UK, AP_IN])
def test_roas_reported_matches_sales_over_spend(name: str) -> None:
    _check_ratio(name, "roas_reported", "ad_sales", "spend", XLSX_TOL, 2)


def test_acos_is_a_fraction_in_both_csv_and_xlsx() -> None:
    """CSV `3.28%` and an xlsx cell 0.0328 both read as 0.0328: same unit in both files."""
    csv_max = frame(CAMPAIGN)["acos_reported"].max()
    xlsx_max = frame(ST_UK)["acos_reported"].max()
    assert isinstance(csv_max, float) and 0 < csv_max < 1
    assert isinstance(xlsx_max, float) and 0 < xlsx_max < 100  # no x100 scaling of fractions
    first = next(r for r in csv_rows(CAMPAIGN) if num(r["7 Day Total Sales "]))
    acos_pct = num(first["Total Advertising Cost of Sales (ACoS) "])
    assert acos_pct is not None
    ours = frame(CAMPAIGN).filter(pl.col("ad_sales") > 0)["acos_reported"][0]
    assert abs(Decimal(repr(ours)) - acos_pct / 100) < Decimal("1e-12")


def test_unit_session_percentage_matches_units_over_sessions() -> None:
    df = frame(BR).filter(pl.col("sessions") > 0)
    assert df.height == len(csv_rows(BR))
    for units, sessions, reported in df.select(
        "units", "sessions", "unit_session_pct_reported"
    ).iter_rows():
        assert round(units / sessions * 100, 2) == pytest.approx(reported * 100, abs=1e-9)


def test_empty_acos_when_sales_are_zero_is_null() -> None:
    zero = frame(ST_UK).filter(pl.col("ad_sales") == 0)
    assert zero.height > 0
    assert zero["acos_reported"].null_count() == zero.height


# --------------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------------


def test_payments_first_posted_at() -> None:
    df = report(PAYMENTS).frame.collect()
    assert df["posted_at"][0] == dt.datetime(2019, 12, 1, 2, 29, 33)
    assert df["posted_at"].null_count() == 0
    # our own count of rows per month (month name is the first word of "Dec 1, 2019 ...")
    months: dict[str, int] = {}
    for r in csv_rows(PAYMENTS):
        key = r["date/time"].split()[0] + r["date/time"].split()[2]
        months[key] = months.get(key, 0) + 1
    ours = df.group_by(pl.col("posted_at").dt.strftime("%b%Y")).len()
    assert dict(ours.iter_rows()) == months


def test_campaign_dates() -> None:
    r = report(CAMPAIGN)
    expected = {dt.datetime.strptime(row["Date"], "%b %d, %Y").date() for row in csv_rows(CAMPAIGN)}
    assert min(expected) == dt.date(2019, 11, 16)
    assert set(frame(CAMPAIGN)["date"].to_list()) == expected
    assert (r.start, r.end) == (min(expected), max(expected))


@pytest.mark.parametrize("name", [ST_US, ST_UK, AP_IN])
def test_xlsx_date_cells(name: str) -> None:
    expected = {row["Date"].date() for row in xlsx_rows(name)}
    assert set(frame(name)["date"].to_list()) == expected
    r = report(name)
    assert (r.start, r.end) == (min(expected), max(expected))


def test_inventory_health_snapshot_date() -> None:
    assert set(frame(HEALTH)["snapshot_date"].to_list()) == {dt.date(2019, 12, 11)}


# --------------------------------------------------------------------------------------------
# `kpitool inspect` on the folder
# --------------------------------------------------------------------------------------------


def _inspect_json() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["inspect", str(REAL), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_inspect_json_lists_every_report() -> None:
    data = _inspect_json()
    assert data["schema_version"] == 1
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert sorted(files) == sorted(ALL_FILES)
    for name, f in files.items():
        assert f["rows"] == len(rows_of(name)), name
        assert f["dropped"] == 0, name
        assert f["kind"] == EXPECTED_META[name]["kind"]
    assert files[CAMPAIGN]["attribution_days"] == 7
    assert files[AP_IN]["attribution_days"] == 14
    assert files[AP_IN]["currency"] == "INR"
    assert files[PAYMENTS]["start"] == "2019-12-01"
    assert files[CAMPAIGN]["start"] == "2019-11-16"
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {"SOURCES.md"}
    assert all(skipped.values())
    assert data["errors"] == []


def test_independent_row_counts_are_what_sources_md_says() -> None:
    """Guards the independent reader itself: SOURCES.md lists each file's row count."""
    stated = {BR: 49, PAYMENTS: 396, MANAGE: 43, HEALTH: 40, CAMPAIGN: 69, ST_US: 227, AP_IN: 265}
    stated.update({ST_UK: 2399, BR_DE: 655, CUSTOM: 2332})
    for name, n in stated.items():
        assert len(rows_of(name)) == n, name


# --------------------------------------------------------------------------------------------
# the German by-item Business Report: German money parsed here, by our own rules
# --------------------------------------------------------------------------------------------


def de_money(value: str) -> Decimal | None:
    """``17.510,95\xa0€`` -> 17510.95: '.' groups thousands, ',' is the decimal mark."""
    text = value.replace("€", "").replace("\xa0", "").replace(" ", "").strip()
    return Decimal(text.replace(".", "").replace(",", ".")) if text else None


def de_header(name: str) -> str:
    """The file's header cell whose no-break spaces and dashes aside reads ``name``."""
    [header] = [h for h in csv_rows(BR_DE)[0] if " ".join(h.replace("\xa0", " ").split()) == name]
    return header


DE_TOTALS: list[tuple[str, str, Callable[[str], Decimal | None]]] = [
    ("sessions", "Sitzungen – Summe", num),
    ("sessions_b2b", "Sitzungen – Summe – B2B", num),
    ("page_views", "Seitenaufrufe – Summe", num),
    ("units", "Bestellte Einheiten", num),
    ("units_b2b", "Bestellte Einheiten – B2B", num),
    ("order_items", "Zahl der Bestellposten", num),
    ("order_items_b2b", "Zahl der Bestellposten – B2B", num),
    ("sales", "Durch bestellte Produkte erzielter Umsatz", de_money),
    ("sales_b2b", "Bestellsumme – B2B", de_money),
    ("buy_box_pct", 'Hervorgehobenes Angebot ("In-den-Einkaufswagen") – Prozentsatz', num),
]


@pytest.mark.parametrize(("column", "amazon", "parse"), DE_TOTALS, ids=lambda v: str(v)[:20])
def test_german_total_matches_independent_sum(
    column: str, amazon: str, parse: Callable[[str], Decimal | None]
) -> None:
    header = de_header(amazon)
    theirs = sum((v for r in csv_rows(BR_DE) if (v := parse(r[header])) is not None), Decimal(0))
    assert theirs != 0
    if column == "buy_box_pct":
        theirs /= 100  # "99.96%" -> 0.9996
    assert close(ksum(BR_DE, column), theirs), (ksum(BR_DE, column), theirs)


def test_german_file_quirks_are_really_there() -> None:
    """Guards the fixture claims: thousands commas in counts, German money, mixed spaces."""
    rows = csv_rows(BR_DE)
    headers = list(rows[0])
    assert any("\xa0–" in h for h in headers) and any(" – " in h for h in headers)
    sessions = de_header("Sitzungen – Summe")
    sales = de_header("Durch bestellte Produkte erzielter Umsatz")
    assert any("," in r[sessions] for r in rows)
    assert any("." in r[sales] and "," in r[sales] for r in rows)
    assert report(BR_DE).warnings == []
    # the biggest sale as written, and as read: never 17.51 for 17.510,95
    top = max(rows, key=lambda r: de_money(r[sales]) or 0)
    ours = frame(BR_DE)["sales"].max()
    assert Decimal(repr(ours)) == de_money(top[sales]) and ours > 1000


def test_german_unit_session_percentage_matches_units_over_sessions() -> None:
    df = frame(BR_DE).filter(pl.col("sessions") > 0)
    assert df.height > 600
    worst = max(
        abs(round(u / s * 100, 2) - p * 100)
        for u, s, p in df.select("units", "sessions", "unit_session_pct_reported").iter_rows()
    )
    assert worst <= 0.01 + 1e-9, worst


# --------------------------------------------------------------------------------------------
# the 2025 custom report: a Date range per row, IDs as ="..." formulas
# --------------------------------------------------------------------------------------------


def _range(text: str) -> tuple[dt.date, dt.date]:
    a, b = text.split(" - ")
    return (
        dt.datetime.strptime(a, "%b %d, %Y").date(),
        dt.datetime.strptime(b, "%b %d, %Y").date(),
    )


def test_custom_report_date_ranges_per_row() -> None:
    expected = [_range(r["Date range"]) for r in csv_rows(CUSTOM)]
    got = list(frame(CUSTOM).select("start_date", "end_date").iter_rows())
    assert got == expected
    assert len(set(expected)) > 1000
    r = report(CUSTOM)
    assert (r.start, r.end) == (min(a for a, _ in expected), max(b for _, b in expected))


def test_custom_report_ids_are_unwrapped() -> None:
    raw = [r["Campaign ID"] for r in csv_rows(CUSTOM)]
    assert all(v.startswith('="') and v.endswith('"') for v in raw)
    assert frame(CUSTOM)["campaign_id"].to_list() == [v[2:-1] for v in raw]
    assert frame(CUSTOM)["ad_group_id"].to_list() == [
        r["Ad group ID"][2:-1] for r in csv_rows(CUSTOM)
    ]


def test_custom_report_rows_within_a_month_only(tmp_path: Path) -> None:
    """The real custom report for November 2025: only rows whose Date range lies in the month
    are used (most of its ranges are longer); the others are counted in a warning."""
    (tmp_path / "custom.csv").symlink_to(REAL / CUSTOM)  # read in place, not copied
    result = CliRunner().invoke(
        app, ["compute", str(tmp_path), "--period", "2025-11", "-f", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first, last = dt.date(2025, 11, 1), dt.date(2025, 11, 30)
    inside = [
        r
        for r in csv_rows(CUSTOM)
        if first <= _range(r["Date range"])[0] and _range(r["Date range"])[1] <= last
    ]
    spend = next(r["value"] for r in data["results"] if r["kpi"] == "ad_spend" and not r["group"])
    assert 0 < len(inside) < len(csv_rows(CUSTOM))
    assert close(spend, sum((num(r["Total cost"]) or Decimal(0) for r in inside), Decimal(0)))
    left = len(csv_rows(CUSTOM)) - len(inside)
    assert any(f"{left} row(s) dated outside the period" in w for w in data["warnings"])
