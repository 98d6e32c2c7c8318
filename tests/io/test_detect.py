"""Report-kind detection from header signatures, header drift and aliases, ads metadata.

Every fixture is a tiny file written here; expected values are worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ingest_helpers import lines, quoted, read, rows, total, write

from kpitool.io.detect import Detection, detect
from kpitool.io.folder import scan_folder
from kpitool.io.kinds import KIND_SPECS, KindSpec, ReportKind
from kpitool.io.read import UnknownReport, read_report

BOM = "\ufeff"

# ------------------------------------------------------------------ Business Report generations

BR_VALUES = [
    ("B0PARENT01", "B0CHILD001", "Mat 31\" x 19\"", "SKU-1", "3,395", "4,488", "99%", "119",
     "3.51%", "$5,216.29", "107"),
    ("B0PARENT01", "B0CHILD002", "Mat, small", "SKU-2", "5", "7", "100%", "1", "20.00%",
     "$10.00", "1"),
]  # fmt: skip

GENERATIONS = {
    "2019": ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions", "Page Views",
             "Buy Box Percentage", "Units Ordered", "Unit Session Percentage",
             "Ordered Product Sales", "Total Order Items"],
    "2021": ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions - Total",
             "Page Views - Total", "Featured Offer (Buy Box) Percentage", "Units Ordered",
             "Unit Session Percentage", "Ordered Product Sales", "Total Order Items"],
    "2024": ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions – Total",
             "Page views – Total", "Featured Offer (Buy Box) percentage", "Units ordered",
             "Unit Session Percentage", "Ordered Product Sales", "Total Order Items"],
}  # fmt: skip

BR_EXPECTED = [
    {
        "parent_asin": "B0PARENT01",
        "asin": "B0CHILD001",
        "title": 'Mat 31" x 19"',
        "sku": "SKU-1",
        "sessions": 3395,
        "page_views": 4488,
        "buy_box_pct": 0.99,
        "units": 119,
        "unit_session_pct_reported": 0.0351,
        "sales": 5216.29,
        "order_items": 107,
    },
    {
        "parent_asin": "B0PARENT01",
        "asin": "B0CHILD002",
        "title": "Mat, small",
        "sku": "SKU-2",
        "sessions": 5,
        "page_views": 7,
        "buy_box_pct": 1.0,
        "units": 1,
        "unit_session_pct_reported": 0.2,
        "sales": 10.0,
        "order_items": 1,
    },
]


@pytest.mark.parametrize("generation", sorted(GENERATIONS))
def test_business_report_header_generations_read_alike(tmp_path: Path, generation: str) -> None:
    """BOM, every field quoted, `"$5,216.29"`, `"3.51%"`, `"3,395"`, `""` inside a title."""
    text = BOM + lines(quoted(*GENERATIONS[generation]), *(quoted(*v) for v in BR_VALUES))
    r = read(write(tmp_path, f"BusinessReport-{generation}.csv", text))
    assert r.kind is ReportKind.BUSINESS_REPORT_BY_ITEM
    assert r.grain == "child"
    assert r.currency == "USD"
    assert (r.rows, r.dropped, r.warnings) == (2, {}, [])
    got = rows(r, *BR_EXPECTED[0])
    for g, e in zip(got, BR_EXPECTED, strict=True):
        assert g == pytest.approx(e)
    assert total(r, "sales") == pytest.approx(5226.29)
    assert total(r, "sessions") == 3400


def test_business_report_b2b_columns_do_not_shadow_totals(tmp_path: Path) -> None:
    header = ["(Parent) ASIN", "(Child) ASIN", "Sessions - Total", "Sessions - Total - B2B",
              "Units Ordered", "Units Ordered - B2B", "Ordered Product Sales",
              "Ordered Product Sales - B2B"]  # fmt: skip
    text = lines(quoted(*header), quoted("P1", "C1", "40", "4", "6", "1", "$60.00", "$9.50"))
    r = read(write(tmp_path, "br.csv", text))
    assert rows(r, "sessions", "sessions_b2b", "units", "units_b2b", "sales", "sales_b2b") == [
        {"sessions": 40, "sessions_b2b": 4, "units": 6, "units_b2b": 1, "sales": 60.0,
         "sales_b2b": 9.5}
    ]  # fmt: skip


def test_business_report_by_parent_item(tmp_path: Path) -> None:
    header = ["(Parent) ASIN", "Title", "Sessions - Total", "Page Views - Total",
              "Units Ordered", "Ordered Product Sales", "Total Order Items"]  # fmt: skip
    text = lines(
        quoted(*header),
        quoted("B0PARENT01", "Mats", "1,000", "1,500", "30", "$600.00", "28"),
        quoted("B0PARENT02", "Rugs", "200", "250", "2", "$45.50", "2"),
    )
    r = read(write(tmp_path, "parent.csv", text))
    assert r.kind is ReportKind.BUSINESS_REPORT_BY_ITEM
    assert r.grain == "parent"
    assert total(r, "sessions") == 1200
    assert total(r, "sales") == pytest.approx(645.5)
    assert rows(r, "parent_asin", "asin")[0] == {"parent_asin": "B0PARENT01", "asin": None}


def test_business_report_by_date(tmp_path: Path) -> None:
    header = ["Date", "Ordered Product Sales", "Units Ordered", "Total Order Items",
              "Page Views", "Sessions", "Buy Box Percentage", "Unit Session Percentage",
              "Average Offer Count", "Average Parent Items"]  # fmt: skip
    text = BOM + lines(
        quoted(*header),
        quoted("11/10/2019", "$71.98", "2", "2", "362", "276", "100%", "0.72%", "102", "13"),
        quoted("11/11/2019", "$1,035.00", "10", "9", "1,100", "800", "98%", "1.25%", "99", "13"),
    )
    r = read(write(tmp_path, "BusinessReport-by-date.csv", text))
    assert r.kind is ReportKind.BUSINESS_REPORT_BY_DATE
    assert col_dates(r) == [dt.date(2019, 11, 10), dt.date(2019, 11, 11)]
    assert (r.start, r.end) == (dt.date(2019, 11, 10), dt.date(2019, 11, 11))
    assert total(r, "sales") == pytest.approx(1106.98)
    assert total(r, "sessions") == 1076
    assert total(r, "page_views") == 1462


def col_dates(r: object) -> list[dt.date]:
    return [row["date"] for row in rows(r, "date")]  # type: ignore[arg-type]


# ------------------------------------------------------------------ Ads console

CAMPAIGN_2019 = ("Date,Start Date,End Date,Portfolio name,Campaign Type,Campaign Name,Status,"
                 "Currency,Budget,Targeting Type,Bidding strategy,Impressions,Clicks,"
                 "Click-Thru Rate (CTR),Spend,Cost Per Click (CPC),7 Day Total Orders (#),"
                 '"Total Advertising Cost of Sales (ACoS) ","7 Day Total Sales "')  # fmt: skip


def test_ads_campaign_trailing_space_headers_and_acos(tmp_path: Path) -> None:
    text = BOM + lines(
        CAMPAIGN_2019,
        '"Nov 16, 2019","Aug 22, 2019",,No Portfolio,Sponsored Products,Camp A,ENABLED,USD,'
        "$3.0,Automatic targeting,Dynamic bids - down only,1000,10,1.00%,$5.00,$0.50,1,"
        "10.00%,$50.00",
        '"Nov 17, 2019","Aug 22, 2019",,No Portfolio,Sponsored Products,Camp A,ENABLED,USD,'
        "$3.0,Automatic targeting,Dynamic bids - down only,500,2,0.40%,$1.50,$0.75,0,0.00%,$0.0",
    )
    r = read(write(tmp_path, "Sponsored Products Campaign report.csv", text, newline="\r\n"))
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert (r.ad_type, r.attribution_days, r.currency) == ("SP", 7, "USD")
    assert (r.start, r.end) == (dt.date(2019, 11, 16), dt.date(2019, 11, 17))
    assert rows(r, "date", "spend", "ad_sales", "acos_reported", "ctr_reported", "clicks")[0] == {
        "date": dt.date(2019, 11, 16),
        "spend": 5.0,
        "ad_sales": 50.0,
        "acos_reported": pytest.approx(0.10),
        "ctr_reported": pytest.approx(0.01),
        "clicks": 10,
    }
    assert total(r, "spend") == pytest.approx(6.5)
    assert total(r, "impressions") == 1500
    # the campaign's own Start Date is not the report period: start_date is kept per row
    assert rows(r, "start_date")[0]["start_date"] == dt.date(2019, 8, 22)


@pytest.mark.parametrize(
    ("acos_header", "sales_header"),
    [
        ("Total Advertising Cost of Sales (ACoS) ", "7 Day Total Sales "),  # US 2019
        ("Total Advertising Cost of Sales (ACOS) ", "7 Day Total Sales"),  # UK 2023
        ("Total Advertising Cost of Sales (ACOS)", "7 Day Total Sales"),
    ],
)
def test_ads_acos_spellings(tmp_path: Path, acos_header: str, sales_header: str) -> None:
    header = ["Date", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
              "Customer Search Term", "Impressions", "Clicks", "Spend", sales_header,
              acos_header, "Total Return on Advertising Spend (RoAS)"]  # fmt: skip
    text = lines(
        quoted(*header),
        quoted("Nov 16, 2019", "C", "G", "mat", "EXACT", "kitchen mat", "100", "4", "$2.00",
               "$8.00", "25.00%", "4.0"),
    )  # fmt: skip
    r = read(write(tmp_path, "st.csv", text))
    assert r.kind is ReportKind.SP_SEARCH_TERM
    assert rows(r, "ad_sales", "acos_reported", "roas_reported") == [
        {"ad_sales": 8.0, "acos_reported": 0.25, "roas_reported": 4.0}
    ]


def test_ads_14_day_rupee_header_and_rs_values(tmp_path: Path) -> None:
    """IN 2020 campaign CSV: `14 Day Total Sales (₹)`, `Rs.961.62`, no Currency column."""
    header = ["Date", "Campaign Name", "Impressions", "Clicks", "Spend",
              "14 Day Total Orders (#)", "14 Day Total Sales (₹)"]  # fmt: skip
    text = BOM + lines(
        quoted(*header),
        quoted("Feb 1, 2020", "Oil", "2000", "20", "Rs.100.00", "3", "Rs.961.62"),
        quoted("Feb 2, 2020", "Oil", "1000", "5", "Rs.1,000.0", "0", "Rs.0.0"),
    )
    r = read(write(tmp_path, "in_campaign.csv", text))
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert (r.attribution_days, r.currency) == (14, "INR")
    assert total(r, "ad_sales") == pytest.approx(961.62)
    assert total(r, "spend") == pytest.approx(1100.0)
    assert total(r, "ad_orders") == 3


def test_ads_summary_layout_range_is_min_start_to_max_end(tmp_path: Path) -> None:
    """Start/End Date are per row (first and last active day), not the report range."""
    header = ["Start Date", "End Date", "Campaign Name", "Ad Group Name", "Targeting",
              "Match Type", "Customer Search Term", "Impressions", "Clicks", "Spend",
              "7 Day Total Sales "]  # fmt: skip
    text = lines(
        quoted(*header),
        quoted("Jun 10, 2025", "Jun 10, 2025", "C", "G", "t", "EXACT", "a", "10", "1", "1.00",
               "0"),
        quoted("Jun 03, 2025", "Jun 20, 2025", "C", "G", "t", "EXACT", "b", "10", "1", "2.00",
               "0"),
        quoted("Jun 15, 2025", "Jun 28, 2025", "C", "G", "t", "EXACT", "c", "10", "1", "3.00",
               "0"),
    )  # fmt: skip
    r = read(write(tmp_path, "summary.csv", text))
    assert r.kind is ReportKind.SP_SEARCH_TERM
    assert (r.start, r.end) == (dt.date(2025, 6, 3), dt.date(2025, 6, 28))
    assert total(r, "spend") == pytest.approx(6.0)


SB_HEADER = ["Date", "Portfolio name", "Currency", "Campaign Name", "Impressions", "Clicks",
             "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend", "14 Day Total Sales ",
             "Total Advertising Cost of Sales (ACOS)", "Total Return on Advertising Spend (ROAS)",
             "14 Day Total Orders (#)", "14 Day Total Units (#)", "14 Day Conversion Rate",
             "14 Day New-to-brand Orders (#)", "14 Day % of Orders New-to-brand",
             "14 Day New-to-brand Sales", "14 Day New-to-brand Units (#)"]  # fmt: skip
SB_ROW = ["Mar 01, 2026", "P", "USD", "SB brand", "1000", "10", "1.00%", "$1.00", "$10.00",
          "$40.00", "25.00%", "4.00", "2", "3", "20.00%", "1", "50.00%", "$20.00", "1"]  # fmt: skip


def test_sponsored_brands_campaign(tmp_path: Path) -> None:
    r = read(write(tmp_path, "sb.csv", lines(quoted(*SB_HEADER), quoted(*SB_ROW))))
    assert r.kind is ReportKind.SB_CAMPAIGN
    assert (r.ad_type, r.attribution_days) == ("SB", 14)
    assert rows(r, "spend", "ad_sales", "ad_units", "ntb_orders", "ntb_sales") == [
        {"spend": 10.0, "ad_sales": 40.0, "ad_units": 3, "ntb_orders": 1, "ntb_sales": 20.0}
    ]


def test_sponsored_brands_search_term(tmp_path: Path) -> None:
    header = [*SB_HEADER[:4], "Ad Group Name", "Targeting", "Match Type",
              "Customer Search Term", *SB_HEADER[4:]]  # fmt: skip
    row = [*SB_ROW[:4], "G", "mats", "BROAD", "kitchen mats", *SB_ROW[4:]]
    r = read(write(tmp_path, "sbst.csv", lines(quoted(*header), quoted(*row))))
    assert r.kind is ReportKind.SB_SEARCH_TERM
    assert rows(r, "search_term", "ntb_orders") == [
        {"search_term": "kitchen mats", "ntb_orders": 1}
    ]


SD_HEADER = ["Date", "Currency", "Campaign Name", "Ad Group Name", "Bid Optimization",
             "Advertised SKU", "Advertised ASIN", "Impressions", "Viewable Impressions", "Clicks",
             "Click-Thru Rate (CTR)", "14 Day Detail Page Views (DPV)", "Spend",
             "Cost Per Click (CPC)", "Cost per 1,000 viewable impressions (VCPM)",
             "Total Advertising Cost of Sales (ACOS)", "Total Return on Advertising Spend (ROAS)",
             "14 Day Total Orders (#)", "14 Day Total Units (#)", "14 Day Total Sales",
             "14 Day New-to-brand Orders (#)", "14 Day New-to-brand Sales",
             "14 Day New-to-brand Units (#)"]  # fmt: skip
SD_ROW = ["Mar 01, 2026", "USD", "SD retarget", "G", "Optimize for conversions", "SKU-1",
          "B0CHILD001", "5,000", "3,000", "15", "0.30%", "40", "$7.50", "$0.50", "$2.50",
          "25.00%", "4.00", "1", "1", "$30.00", "1", "$30.00", "1"]  # fmt: skip


def test_sponsored_display_advertised_product(tmp_path: Path) -> None:
    r = read(write(tmp_path, "sd.csv", lines(quoted(*SD_HEADER), quoted(*SD_ROW))))
    assert r.kind is ReportKind.SD_ADVERTISED_PRODUCT
    assert (r.ad_type, r.attribution_days) == ("SD", 14)
    assert rows(r, "impressions", "viewable_impressions", "spend", "ad_sales") == [
        {"impressions": 5000, "viewable_impressions": 3000, "spend": 7.5, "ad_sales": 30.0}
    ]


def test_sponsored_display_campaign(tmp_path: Path) -> None:
    keep = [i for i, h in enumerate(SD_HEADER) if h not in (
        "Ad Group Name", "Advertised SKU", "Advertised ASIN", "Bid Optimization")]  # fmt: skip
    text = lines(quoted(*(SD_HEADER[i] for i in keep)), quoted(*(SD_ROW[i] for i in keep)))
    r = read(write(tmp_path, "sdc.csv", text))
    assert r.kind is ReportKind.SD_CAMPAIGN
    assert r.ad_type == "SD"
    assert total(r, "viewable_impressions") == 3000


def test_kind_comes_from_the_header_not_the_file_name(tmp_path: Path) -> None:
    text = lines(quoted(*SB_HEADER), quoted(*SB_ROW))
    r = read(write(tmp_path, "Sponsored Products Search term report.csv", text))
    assert r.kind is ReportKind.SB_CAMPAIGN


# ------------------------------------------------------------------ near misses


def test_near_miss_names_closest_kind_and_missing_columns(tmp_path: Path) -> None:
    """Looks like an SP campaign report (Campaign Name, Impressions) but has no Spend."""
    text = lines(
        quoted("Date", "Campaign Name", "Impressions", "Clicks"),
        quoted("Nov 16, 2019", "C", "10", "1"),
    )
    path = write(tmp_path, "almost.csv", text)
    with pytest.raises(UnknownReport) as exc:
        read_report(path)
    assert "sp_campaign" in str(exc.value)
    assert "'spend'" in str(exc.value)

    scan = scan_folder(tmp_path)
    assert scan.reports == []
    assert [s.path.name for s in scan.skipped] == ["almost.csv"]
    [warning] = scan.warnings
    assert "almost.csv" in warning
    assert "sp_campaign" in warning
    assert "'spend'" in warning


@pytest.mark.parametrize("spec", KIND_SPECS, ids=lambda s: str(s.kind))
def test_every_kind_detected_from_its_own_full_header(spec: KindSpec) -> None:
    """A header holding every column of a kind (first alias each) is detected as that kind."""
    header = [c.aliases[0] for c in spec.columns]
    found = detect(header)
    assert isinstance(found, Detection)
    assert found.spec.kind is spec.kind


@pytest.mark.parametrize("spec", KIND_SPECS, ids=lambda s: str(s.kind))
def test_every_kind_detected_from_its_bare_signature(spec: KindSpec) -> None:
    """Only the signature columns: still that kind (nothing else claims a bare signature)."""
    first = {c.name: c.aliases[0] for c in spec.columns}
    found = detect([first[name] for name in spec.signature])
    assert isinstance(found, Detection)
    assert found.spec.kind is spec.kind
