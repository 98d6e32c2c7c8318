"""The committed sample_reports/ are current and internally consistent.

Read with the standard library only (csv, zipfile, xml): these checks are independent of
kpitool's own readers.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import subprocess
import sys
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from paths import REPO

REPO = REPO
SAMPLES = REPO / "sample_reports"
SCRIPT = REPO / "scripts" / "make_samples.py"
COSTS = REPO / "configs" / "costs.csv"
MONTHS = ("2026-09", "2026-10", "2026-11")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

Row = dict[str, str]


def _run(*args: str) -> None:
    subprocess.run([sys.executable, str(SCRIPT), "--quiet", *args], check=True, cwd=REPO)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _find(month: str, pattern: str) -> Path:
    hits = [p for p in (SAMPLES / month).iterdir() if re.fullmatch(pattern, p.name)]
    assert len(hits) == 1, (month, pattern, hits)
    return hits[0]


def _csv(path: Path, encoding: str = "utf-8-sig", skip_to: str | None = None) -> list[Row]:
    text = path.read_bytes().decode(encoding)
    if skip_to is not None:
        text = text[text.index(skip_to) :]
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _num(s: str) -> Decimal:
    s = s.strip().replace("$", "").replace(",", "")
    return Decimal(s) if s else Decimal(0)


def _xlsx(path: Path) -> list[Row]:
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows: list[dict[str, str]] = []
    for r in root.iterfind("m:sheetData/m:row", NS):
        cells: dict[str, str] = {}
        for c in r.iterfind("m:c", NS):
            col = re.sub(r"\d", "", c.get("r", ""))
            t = c.find("m:is/m:t", NS)
            v = c.find("m:v", NS)
            cells[col] = (
                (t.text or "") if t is not None else (v.text or "") if v is not None else ""
            )
        rows.append(cells)
    header = rows[0]
    return [{header[k]: v for k, v in r.items()} for r in rows[1:]]


def _sums(rows: list[Row], cols: dict[str, str]) -> dict[str, Decimal]:
    return {name: sum((_num(r[col]) for r in rows), Decimal(0)) for name, col in cols.items()}


# ----------------------------------------------------------------------------- determinism


def test_generator_reproduces_committed_samples(tmp_path: Path) -> None:
    costs = tmp_path / "costs.csv"
    _run("--out", str(tmp_path / "out"), "--costs", str(costs))
    fresh, committed = _files(tmp_path / "out"), _files(SAMPLES)
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"sample_reports/ is stale, rerun scripts/make_samples.py: {stale}"
    assert costs.read_bytes() == COSTS.read_bytes(), "configs/costs.csv is stale"


# ----------------------------------------------------------------------------- ads


SP_COLS = {
    "spend": "Spend",
    "clicks": "Clicks",
    "impressions": "Impressions",
    "sales": "7 Day Total Sales ",
    "orders": "7 Day Total Orders (#)",
}


@pytest.mark.parametrize("month", MONTHS)
def test_sp_reports_describe_the_same_spend(month: str) -> None:
    campaign = _sums(_csv(_find(month, "Sponsored Products Campaign report.csv")), SP_COLS)
    assert campaign["spend"] > 0
    for name in ("Advertised product", "Targeting", "Placement"):
        rows = _csv(_find(month, f"Sponsored Products {name} report.csv"))
        assert _sums(rows, SP_COLS) == campaign, name
    st_cols = dict(SP_COLS, sales="7 Day Total Sales")
    st = _xlsx(_find(month, r"Sponsored Products Search term report\.xlsx"))
    got = {k: v.quantize(Decimal("0.01")) for k, v in _sums(st, st_cols).items()}
    assert got == campaign
    terms = {r["Customer Search Term"] for r in st}
    assert any(re.fullmatch(r"b0[a-z0-9]{8}", t) for t in terms)  # lower-case ASINs
    assert {r["Match Type"] for r in st} >= {"-", "EXACT", "BROAD", "PHRASE"}
    assert all(
        r["Total Advertising Cost of Sales (ACOS) "] == ""
        for r in st
        if _num(r["7 Day Total Sales"]) == 0
    )


@pytest.mark.parametrize("month", MONTHS)
def test_sb_and_sd_reports_describe_the_same_spend(month: str) -> None:
    cols = dict(SP_COLS, sales="14 Day Total Sales ", orders="14 Day Total Orders (#)")
    sb = _sums(_csv(_find(month, "Sponsored Brands Campaign report.csv")), cols)
    assert sb["spend"] > 0
    assert _sums(_csv(_find(month, "Sponsored Brands Search term report.csv")), cols) == sb
    cols["sales"] = "14 Day Total Sales"
    sd = _sums(_csv(_find(month, "Sponsored Display Campaign report.csv")), cols)
    assert sd["spend"] > 0
    assert _sums(_csv(_find(month, "Sponsored Display Advertised product report.csv")), cols) == sd


@pytest.mark.parametrize("month", MONTHS)
def test_ads_csv_bytes_look_like_amazon(month: str) -> None:
    raw = _find(month, "Sponsored Products Campaign report.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfDate,Start Date,")
    assert b'"Total Advertising Cost of Sales (ACoS) ","7 Day Total Sales "\r\n' in raw
    assert re.search(rb'\r\n"[A-Z][a-z]{2} \d{1,2}, 2026",', raw)
    assert re.search(rb",\$\d+\.\d{3,7},", raw)  # unrounded CPC
    with zipfile.ZipFile(_find(month, r".*Search term report\.xlsx")) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert '<dimension ref="A1"/>' in sheet and 't="inlineStr"' in sheet
    assert 'name="Sponsored Product Search Term R"' in workbook


@pytest.mark.parametrize("month", MONTHS)
def test_ad_sales_per_asin_below_ordered_sales(month: str) -> None:
    br = {r["(Child) ASIN"]: r for r in _csv(_find(month, r"BusinessReport-[\d-]+\.csv"))}
    ad_sales: dict[str, Decimal] = defaultdict(Decimal)
    ad_units: dict[str, Decimal] = defaultdict(Decimal)
    for r in _csv(_find(month, "Sponsored Products Advertised product report.csv")):
        ad_sales[r["Advertised ASIN"]] += _num(r["7 Day Total Sales "])
        ad_units[r["Advertised ASIN"]] += _num(r["7 Day Total Units (#)"])
    for r in _csv(_find(month, "Sponsored Display Advertised product report.csv")):
        ad_sales[r["Advertised ASIN"]] += _num(r["14 Day Total Sales"])
        ad_units[r["Advertised ASIN"]] += _num(r["14 Day Total Units (#)"])
    for asin, sales in ad_sales.items():
        if asin not in br:  # advertised but not yet selling
            assert sales == 0
            continue
        assert sales < _num(br[asin]["Ordered Product Sales"]), asin
        assert ad_units[asin] <= _num(br[asin]["Units Ordered"]), asin


# ----------------------------------------------------------------------------- business reports

BR_COLS = {
    "sales": "Ordered Product Sales",
    "sales_b2b": "Ordered Product Sales - B2B",
    "units": "Units Ordered",
    "items": "Total Order Items",
    "sessions": "Sessions - Total",
    "page_views": "Page Views - Total",
}


@pytest.mark.parametrize("month", MONTHS)
def test_business_report_by_item_equals_by_date(month: str) -> None:
    by_item = _csv(_find(month, r"BusinessReport-[\d-]+\.csv"))
    by_date = _csv(_find(month, r"BusinessReport-[\d-]+ \(1\)\.csv"))
    assert _sums(by_item, BR_COLS) == _sums(by_date, BR_COLS)
    assert len(by_date) in (30, 31)
    for r in by_item:
        usp = _num(r["Units Ordered"]) * 100 / _num(r["Sessions - Total"])
        assert r["Unit Session Percentage"] == f"{usp.quantize(Decimal('0.01'))}%"
    raw = _find(month, r"BusinessReport-[\d-]+\.csv").read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"(Parent) ASIN","(Child) ASIN","Title","SKU"')
    assert re.search(rb'"\$\d{1,3},\d{3}\.\d{2}"', raw)


def test_story_between_months() -> None:
    sep = {r["(Child) ASIN"]: r for r in _csv(_find("2026-09", r"BusinessReport-[\d-]+\.csv"))}
    oct_ = {r["(Child) ASIN"]: r for r in _csv(_find("2026-10", r"BusinessReport-[\d-]+\.csv"))}
    assert "B0CHARL008" not in sep and "B0CHARL008" in oct_
    assert len(oct_) == 30
    s_sep = sum((_num(r["Sessions - Total"]) for r in sep.values()), Decimal(0)) / 30
    s_oct = sum((_num(r["Sessions - Total"]) for r in oct_.values()), Decimal(0)) / 31
    assert s_oct > s_sep * Decimal("1.1")
    price = _num(oct_["B0BRAVO002"]["Ordered Product Sales"]) / _num(
        oct_["B0BRAVO002"]["Units Ordered"]
    )
    assert price < Decimal("39.99")
    planning = {r["asin"]: r for r in _planning("2026-10")}
    assert planning["B0ALPHA003"]["available"] == "0"


# ----------------------------------------------------------------------------- inventory


def _planning(month: str) -> list[Row]:
    text = _find(month, r"\d+\.txt").read_bytes().decode("utf-8")
    return list(
        csv.DictReader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    )


@pytest.mark.parametrize("month", MONTHS)
def test_inventory_reports_agree(month: str) -> None:
    path = _find(month, r"Manage FBA Inventory .*\.csv")
    raw = path.read_bytes()
    assert b"\x96" in raw and b',"No",,"Yes",' in raw  # cp1252 en dash; empty unquoted field
    manage = {r["sku"]: r for r in _csv(path, "cp1252")}
    planning = {r["sku"]: r for r in _planning(month)}
    assert set(manage) == set(planning) and len(manage) == 30
    assert any('"' in r["product-name"] for r in planning.values())  # bare inch marks
    for sku, m in manage.items():
        q = {k: int(v) for k, v in m.items() if k.startswith("afn-") and v.isdigit()}
        assert q["afn-warehouse-quantity"] == (
            q["afn-fulfillable-quantity"]
            + q["afn-unsellable-quantity"]
            + q["afn-reserved-quantity"]
        )
        assert q["afn-total-quantity"] == (
            q["afn-warehouse-quantity"]
            + q["afn-inbound-working-quantity"]
            + q["afn-inbound-shipped-quantity"]
            + q["afn-inbound-receiving-quantity"]
        )
        p = planning[sku]
        assert q["afn-fulfillable-quantity"] == int(p["available"])
        ages = sum(int(p[k]) for k in p if k.startswith("inv-age-"))
        assert ages == int(p["available"])


def test_units_shipped_t30_matches_september_units() -> None:
    br = {
        r["SKU"]: int(_num(r["Units Ordered"]))
        for r in _csv(_find("2026-09", r"BusinessReport-[\d-]+\.csv"))
    }
    for r in _planning("2026-09"):
        assert int(r["units-shipped-t30"]) == br.get(r["sku"], 0), r["sku"]


# ----------------------------------------------------------------------------- payments

AMOUNTS = [
    "product sales", "product sales tax", "shipping credits", "shipping credits tax",
    "gift wrap credits", "giftwrap credits tax", "Regulatory Fee", "Tax On Regulatory Fee",
    "promotional rebates", "promotional rebates tax", "marketplace withheld tax", "selling fees",
    "fba fees", "other transaction fees", "other",
]  # fmt: skip


@pytest.mark.parametrize("month", MONTHS)
def test_payments(month: str) -> None:
    path = _find(month, r"2026\w+-2026\w+CustomTransaction\.csv")
    raw = path.read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"Includes Amazon Marketplace')
    assert b'"All amounts in USD, unless specified"' in raw
    assert re.search(rb'"-\d{1,3},\d{3}\.\d{2}"', raw)  # thousands comma on large amounts
    assert re.search(rb'"\d{11}",,"', raw)  # empty, unquoted type
    rows = _csv(path, skip_to='"date/time"')
    assert {r["type"] for r in rows} >= {"Order", "Refund", "Service Fee", "FBA Inventory Fee",
                                          "Adjustment", "Transfer", ""}  # fmt: skip
    for r in rows:
        assert sum(_num(r[c]) for c in AMOUNTS) == _num(r["total"]), r
        assert r["date/time"].endswith(" PDT")
    ads = sum(
        (
            -_num(r["total"])
            for r in rows
            if r["type"] == "Service Fee" and r["description"] == "Cost of Advertising"
        ),
        Decimal(0),
    )
    sp = _sums(_csv(_find(month, "Sponsored Products Campaign report.csv")), SP_COLS)["spend"]
    sd = _sums(_csv(_find(month, "Sponsored Display Campaign report.csv")), {"spend": "Spend"})
    assert ads == sp + sd["spend"]
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for r in rows:
        if r["type"] == "Order":
            paid[r["sku"]] += _num(r["product sales"])
    br = {
        r["SKU"]: _num(r["Ordered Product Sales"])
        for r in _csv(_find(month, r"BusinessReport-[\d-]+\.csv"))
    }
    assert set(paid) == set(br)
    for sku, sales in br.items():
        assert abs(paid[sku] - sales) <= sales * Decimal("0.03"), sku


def test_costs_cover_every_sku_sold_and_change_in_october() -> None:
    costs = _csv(COSTS)
    assert list(costs[0]) == ["sku", "unit_cost", "currency", "effective_from"]
    first: dict[str, str] = {}
    for r in costs:
        first[r["sku"]] = min(first.get(r["sku"], r["effective_from"]), r["effective_from"])
    assert {r["currency"] for r in costs} == {"USD"}
    for month in MONTHS:
        rows = _csv(_find(month, r"2026\w+-2026\w+CustomTransaction\.csv"), skip_to='"date/time"')
        for r in rows:
            if r["type"] in ("Order", "Refund"):
                # every sale has a cost in force on its day (ISO dates compare as text)
                assert first[r["sku"]] <= _pay_date(r["date/time"]), r["sku"]
    changes = [r for r in costs if r["effective_from"].startswith("2026-10-")]
    assert any(first[r["sku"]] < r["effective_from"] for r in changes)  # a cost that changes
    by_sku = {r["sku"]: r for r in costs if r["effective_from"] == first[r["sku"]]}
    prices = {r["SKU"]: r for r in _csv(_find("2026-09", r"BusinessReport-[\d-]+\.csv"))}
    for sku, r in prices.items():  # September: no price cuts yet
        price = _num(r["Ordered Product Sales"]) / int(r["Units Ordered"])
        assert Decimal("0.2995") <= _num(by_sku[sku]["unit_cost"]) / price <= Decimal("0.3505"), sku


def _pay_date(text: str) -> str:
    """``Oct 1, 2026 12:00:00 AM PDT`` -> ``2026-10-01``."""
    month, day, year = text.replace(",", "").split()[:3]
    return f"{year}-{list(calendar.month_abbr).index(month):02d}-{int(day):02d}"


# ----------------------------------------------------------------------------- benchmark mode


def test_large_search_term_csv(tmp_path: Path) -> None:
    _run("--out", str(tmp_path), "--search-term-rows", "1000")
    folder = tmp_path / "2026-10"
    st = _csv(folder / "Sponsored Products Search term report.csv")
    assert len(st) == 1000
    assert not (folder / "Sponsored Products Search term report.xlsx").exists()
    campaign = _sums(_csv(folder / "Sponsored Products Campaign report.csv"), SP_COLS)
    assert _sums(st, dict(SP_COLS, sales="7 Day Total Sales")) == campaign
    assert all(int(r["Impressions"]) >= max(1, int(r["Clicks"])) for r in st)
    assert all(int(r["Clicks"]) >= int(r["7 Day Total Orders (#)"]) for r in st)
