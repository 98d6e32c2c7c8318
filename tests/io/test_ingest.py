"""Reading quirks, one tiny fixture each: encodings, delimiters, preambles, xlsx, archives,
values, ragged rows, bad cells, and the lazy scan. Expected values are worked out by hand."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import zipfile
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from ingest_helpers import SETTLEMENT_HEADER, col, lines, quoted, read, rows, total, write

from kpitool.errors import InputError
from kpitool.io.kinds import ReportKind
from kpitool.io.read import read_report

BOM = "\ufeff"

MANAGE_HEADER = quoted(
    "sku", "fnsku", "asin", "product-name", "condition", "your-price", "mfn-listing-exists",
    "mfn-fulfillable-quantity", "afn-listing-exists", "afn-warehouse-quantity",
    "afn-fulfillable-quantity", "afn-unsellable-quantity", "afn-reserved-quantity",
    "afn-total-quantity",
)  # fmt: skip

# ------------------------------------------------------------------ encodings


def test_cp1252_manage_inventory_with_empty_unquoted_cells(tmp_path: Path) -> None:
    """0x96 (en dash) and 0xA0 (no-break space) in titles; `,,` for mfn-fulfillable."""
    text = lines(
        MANAGE_HEADER,
        '"SKU-1","X001","B001","Bath Rug – 31"" x 19""","New","59.99","No",,"Yes","20","17",'
        '"1","2","25"',
        '"SKU-2","X002","B002","Kitchen\xa0Mat","New","49.95","No",,"Yes","5","5","0","0","5"',
    )
    path = write(tmp_path, "manage FBA inventory.csv", text, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture really is not UTF-8
    r = read(path)
    assert r.kind is ReportKind.FBA_MANAGE_INVENTORY
    assert (r.rows, r.dropped) == (2, {})
    assert col(r, "title") == ['Bath Rug – 31" x 19"', "Kitchen\u00a0Mat"]
    assert col(r, "mfn_fulfillable") == [None, None]
    assert col(r, "available") == [17, 5]
    assert total(r, "warehouse") == 25
    assert col(r, "your_price") == [59.99, 49.95]


BY_DATE = lines(
    quoted("Date", "Ordered Product Sales", "Units Ordered", "Sessions"),
    quoted("11/10/2019", "$71.98", "2", "276"),
    quoted("11/11/2019", "$28.02", "1", "24"),
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    text = BY_DATE if encoding == "utf-16" else BOM + BY_DATE  # "utf-16" writes its own BOM
    r = read(write(tmp_path, "BusinessReport.csv", text, encoding=encoding))
    assert r.kind is ReportKind.BUSINESS_REPORT_BY_DATE
    assert total(r, "sales") == pytest.approx(100.0)
    assert total(r, "sessions") == 300
    assert (r.start, r.end) == (dt.date(2019, 11, 10), dt.date(2019, 11, 11))


def test_utf8_bom_with_crlf(tmp_path: Path) -> None:
    r = read(write(tmp_path, "br.csv", BOM + BY_DATE, newline="\r\n"))
    assert col(r, "units") == [2, 1]
    assert col(r, "sessions") == [276, 24]


# ------------------------------------------------------------------ tab flat files


def test_tab_txt_inventory_planning_with_bare_quote(tmp_path: Path) -> None:
    header = ["snapshot-date", "sku", "fnsku", "asin", "product-name", "condition",
              "available", "inv-age-0-to-90-days", "units-shipped-t30", "your-price",
              "currency", "Total Reserved Quantity"]  # fmt: skip
    text = lines(
        "\t".join(header),
        "\t".join(["2026-10-31", "SKU-1", "X001", "B001", 'Bath Rug 31" x 19" Grey', "New",
                   "120", "100", "45", "59.99", "USD", "3"]),
        "\t".join(["2026-10-31", "SKU-2", "X002", "B002", '2 Pack "Deluxe', "New", "30", "30",
                   "12", "24.50", "USD", "0"]),
    )  # fmt: skip
    r = read(write(tmp_path, "FBA Inventory.txt", text))
    assert r.kind is ReportKind.FBA_INVENTORY
    assert (r.rows, r.dropped, r.warnings) == (2, {}, [])
    assert col(r, "title") == ['Bath Rug 31" x 19" Grey', '2 Pack "Deluxe']
    assert col(r, "available") == [120, 30]
    assert total(r, "units_shipped_t30") == 57
    assert col(r, "reserved") == [3, 0]
    assert (r.start, r.end) == (dt.date(2026, 10, 31), dt.date(2026, 10, 31))
    assert r.currency == "USD"


# ------------------------------------------------------------------ xlsx


def _xlsx(path: Path, header: list[str | None], data: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sponsored Product Search Term R"
    ws.append(header)
    for row in data:
        ws.append(row)
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            name = header[cell.column - 1]
            if name and ("Rate" in name or "ACOS" in name):
                cell.number_format = "0.0000%"
            if name == "Date":
                cell.number_format = "mmm dd, yyyy"
    wb.save(path)
    return path


ST_XLSX_HEADER: list[str | None] = [
    "Date", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
    "Customer Search Term", None, "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Spend",
    "7 Day Total Sales ", "Total Advertising Cost of Sales (ACOS) ",
    "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)",
]  # fmt: skip


def test_xlsx_fraction_percents_date_cells_and_blank_column(tmp_path: Path) -> None:
    data: list[list[object]] = [
        [dt.datetime(2023, 5, 20), "GBP", "C", "G", "mat", "EXACT", "dust sheet", None, 200, 4,
         0.02, 2.0, 8.0, 0.25, 4.0, 1],
        [dt.datetime(2023, 5, 21), "GBP", "C", "G", "mat", "EXACT", "b08z88bst6", None, 100, 1,
         0.01, 1.5, 0.0, None, 0.0, 0],
    ]  # fmt: skip
    r = read(_xlsx(tmp_path / "Sponsored Products Search term report.xlsx", ST_XLSX_HEADER, data))
    assert r.kind is ReportKind.SP_SEARCH_TERM
    assert (r.currency, r.attribution_days, r.rows, r.dropped) == ("GBP", 7, 2, {})
    assert (r.start, r.end) == (dt.date(2023, 5, 20), dt.date(2023, 5, 21))
    got = rows(r, "date", "search_term", "impressions", "ctr_reported", "spend", "ad_sales",
               "acos_reported", "roas_reported", "ad_orders")  # fmt: skip
    assert got == [
        {"date": dt.date(2023, 5, 20), "search_term": "dust sheet", "impressions": 200,
         "ctr_reported": 0.02, "spend": 2.0, "ad_sales": 8.0, "acos_reported": 0.25,
         "roas_reported": 4.0, "ad_orders": 1},
        {"date": dt.date(2023, 5, 21), "search_term": "b08z88bst6", "impressions": 100,
         "ctr_reported": 0.01, "spend": 1.5, "ad_sales": 0.0, "acos_reported": None,
         "roas_reported": 0.0, "ad_orders": 0},
    ]  # fmt: skip
    assert "literal" not in r.frame.collect_schema().names()


def test_xlsx_blank_headerless_column_with_stray_values_is_dropped(tmp_path: Path) -> None:
    header: list[str | None] = ["Date", "Campaign Name", "Impressions", "Clicks", "Spend", None]
    data: list[list[object]] = [[dt.datetime(2026, 3, 1), "C", 10, 1, 0.5, None]]
    r = read(_xlsx(tmp_path / "camp.xlsx", header, data))
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert rows(r, "date", "spend", "clicks") == [
        {"date": dt.date(2026, 3, 1), "spend": 0.5, "clicks": 1}
    ]


@pytest.mark.parametrize("above", [0, 2])
def test_xlsx_bad_cell_after_a_blank_row_names_its_excel_row(tmp_path: Path, above: int) -> None:
    """Blank rows inside the data (and ``above`` blank rows over the header, which the reader
    skips) are left out, and the rows below keep the numbers Excel shows them with: header
    on row 1 + above, data on the next row, then a blank row, a good row and a bad one."""
    header: list[object] = ["Date", "Campaign Name", "Impressions", "Clicks", "Spend"]
    data: list[list[object]] = [
        [dt.datetime(2026, 3, 1), "A", 100, 2, 1.0],  # row 2 + above
        [],  # row 3 + above: blank
        [dt.datetime(2026, 3, 2), "C", 100, 1, 4.0],  # row 4 + above
        [dt.datetime(2026, 3, 2), "D", 100, "abc", 8.0],  # row 5 + above: a bad Clicks cell
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r, cells in enumerate([header, *data], start=1 + above):
        for c, value in enumerate(cells, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(tmp_path / "camp.xlsx")
    r = read(tmp_path / "camp.xlsx")
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert col(r, "campaign") == ["A", "C"]
    [clicks] = [w for w in r.warnings if "'Clicks'" in w]
    assert f"line {5 + above})" in clicks, clicks


def test_xlsx_corrupt_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.xlsx", b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputError, match=r"broken\.xlsx"):
        read_report(path)


# ------------------------------------------------------------------ payments family

DATE_RANGE_HEADER = quoted(
    "date/time", "settlement id", "type", "order id", "sku", "description", "quantity",
    "marketplace", "fulfillment", "order city", "order state", "order postal",
    "tax collection model", "product sales", "product sales tax", "shipping credits",
    "shipping credits tax", "gift wrap credits", "giftwrap credits tax", "Regulatory Fee",
    "Tax On Regulatory Fee", "promotional rebates", "promotional rebates tax",
    "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees", "other",
    "total",
)  # fmt: skip


def _dr_row(when: str, kind: str, sales: str, fees: str, fba: str, tot: str) -> str:
    return quoted(when, "1234567", kind, "112-1", "SKU-1", "Mat", "1", "amazon.com", "Amazon",
                  "TOWN", "CA", "90000", "MarketplaceFacilitator", sales, "0", "0", "0", "0",
                  "0", "0", "0", "0", "0", "0", fees, fba, "0", "0", tot)  # fmt: skip


def test_payments_date_range_with_an_8_line_preamble(tmp_path: Path) -> None:
    preamble = [
        '"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore'
        ' transactions"',
        '"All amounts in USD, unless specified"',
        '"Definitions:"',
        '"date/time: posted date/time of the transaction"',
        '"Sales tax collected: Includes sales tax collected from buyers."',
        '"Selling fees: Includes variable closing fees and referral fees."',
        '"Other transaction fees: Includes shipping chargebacks."',
        '"Other: Includes non-order transaction amounts."',
    ]
    text = BOM + lines(
        *preamble,
        DATE_RANGE_HEADER,
        _dr_row("Dec 1, 2019 2:29:33 AM PST", "Order", "43.99", "-6.60", "-7.61", "29.78"),
        _dr_row("Dec 2, 2019 11:05:00 PM PST", "Refund", "-43.99", "5.28", "0", "-38.71"),
        quoted("Dec 3, 2019 1:00:00 a.m. PST", "1234567", "Transfer", "", "", "To account",
               "", "", "", "", "", "", "", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
               "0", "0", "0", "0", "0", "-1,064.01"),
    )  # fmt: skip
    r = read(write(tmp_path, "2019Dec1-2019Dec3CustomTransaction.csv", text))
    assert r.kind is ReportKind.PAYMENTS_DATE_RANGE
    assert (r.rows, r.dropped, r.currency, r.marketplace) == (3, {}, "USD", "US")
    assert col(r, "posted_at") == [
        dt.datetime(2019, 12, 1, 2, 29, 33),
        dt.datetime(2019, 12, 2, 23, 5, 0),
        dt.datetime(2019, 12, 3, 1, 0, 0),
    ]
    assert col(r, "total") == [D("29.78"), D("-38.71"), D("-1064.01")]
    assert total(r, "total") == D("29.78") - D("38.71") - D("1064.01")  # exact
    assert total(r, "selling_fees") == D("-1.32")
    assert (r.start, r.end) == (dt.date(2019, 12, 1), dt.date(2019, 12, 3))


def test_payments_german_headers_decimal_comma_day_first(tmp_path: Path) -> None:
    header = quoted(
        "datum/uhrzeit", "abrechnungsnummer", "typ", "bestellnummer", "sku", "beschreibung",
        "menge", "marketplace", "versand", "umsätze", "verkaufsgebühren",
        "gebühren zu versand durch amazon", "andere transaktionsgebühren", "andere", "gesamt",
    )  # fmt: skip
    text = BOM + lines(
        '"Beinhaltet Transaktionen auf Amazon Marketplace"',
        '"Alle Beträge in EUR, sofern nicht anders angegeben"',
        header,
        quoted("02.12.2019 14:29:33 MEZ", "111", "Bestellung", "302-1", "SKU-1", "Matte", "1",
               "amazon.de", "Amazon", "1.234,56", "-185,18", "-4,50", "0", "0", "1.044,88"),
        quoted("13.12.2019 09:00:00 MEZ", "111", "Erstattung", "302-1", "SKU-1", "Matte", "1",
               "amazon.de", "Amazon", "-10,00", "1,50", "0", "0", "0", "-8,50"),
    )  # fmt: skip
    r = read(write(tmp_path, "2019Dez1-2019Dez31CustomTransaction.csv", text))
    assert r.kind is ReportKind.PAYMENTS_DATE_RANGE
    assert (r.dropped, r.marketplace, r.currency) == ({}, "DE", "EUR")
    assert col(r, "posted_at") == [
        dt.datetime(2019, 12, 2, 14, 29, 33),
        dt.datetime(2019, 12, 13, 9, 0, 0),
    ]
    assert col(r, "product_sales") == [D("1234.56"), D("-10.0")]
    assert col(r, "total") == [D("1044.88"), D("-8.5")]
    assert col(r, "fba_fees") == [D("-4.5"), D("0.0")]


def test_transaction_view(tmp_path: Path) -> None:
    text = BOM + lines(
        "Transaction Summary for March 1, 2020 to March 31, 2020",
        "",
        "Seller: Example",
        "\t".join(["Date", "Order ID", "SKU", "Transaction type", "Payment Type",
                   "Payment Detail", "Amount", "Quantity", "Product Title"]),
        "\t".join(["Mar 8, 2020", "112-1", "SKU-1", "Order Payment", "Product charges", "",
                   "$43.99", "1", 'Bath Rug 31" x 19"']),
        "\t".join(["Mar 8, 2020", "112-1", "SKU-1", "Order Payment", "Amazon fees",
                   "FBA Pick & Pack Fee", "$-9.02", "1", 'Bath Rug 31" x 19"']),
        "\t".join(["Mar 9, 2020", "112-1", "SKU-1", "Order Payment", "Amazon fees",
                   "Referral Fee on Item Price", "-$6.60", "1", 'Bath Rug 31" x 19"']),
    )  # fmt: skip
    r = read(write(tmp_path, "transactions.txt", text, newline="\r\n"))
    assert r.kind is ReportKind.PAYMENTS_TRANSACTION_VIEW
    assert (r.rows, r.dropped, r.currency) == (3, {}, "USD")
    assert col(r, "amount") == [D("43.99"), D("-9.02"), D("-6.6")]
    assert col(r, "date") == [dt.date(2020, 3, 8), dt.date(2020, 3, 8), dt.date(2020, 3, 9)]
    assert col(r, "title")[0] == 'Bath Rug 31" x 19"'


def _settlement_row(**cells: str) -> str:
    return "\t".join(cells.get(h.replace("-", "_"), "") for h in SETTLEMENT_HEADER)


def test_settlement_v2_summary_row_carried_down_and_counted(tmp_path: Path) -> None:
    line = {"transaction_type": "Order", "order_id": "112-1", "marketplace_name": "Amazon.com",
            "posted_date": "2020-03-08", "sku": "SKU-1", "quantity_purchased": "1"}  # fmt: skip
    text = lines(
        "\t".join(SETTLEMENT_HEADER),
        _settlement_row(settlement_id="999", settlement_start_date="2020-03-01 00:00:00 UTC",
                        settlement_end_date="2020-03-15 00:00:00 UTC",
                        deposit_date="2020-03-17 00:00:00 UTC", total_amount="1,234.50",
                        currency="USD"),
        _settlement_row(amount_type="ItemPrice", amount_description="Principal", amount="43.99",
                        **line),
        _settlement_row(amount_type="ItemFees", amount_description="Commission",
                        amount="(6.60)", **line),
        _settlement_row(amount_type="ItemFees", amount_description="FBAPerUnitFulfillmentFee",
                        amount="(1,234.50)", **line),
    )  # fmt: skip
    r = read(write(tmp_path, "12345678901.txt", text))
    assert r.kind is ReportKind.SETTLEMENT_V2
    assert r.rows == 4
    assert r.dropped == {"settlement summary row (carried down to its rows)": 1}
    assert r.rows_used == 3
    got = rows(r, "settlement_id", "total_amount", "currency", "amount", "settlement_end_date")
    assert [g["amount"] for g in got] == [D("43.99"), D("-6.6"), D("-1234.5")]
    assert {g["settlement_id"] for g in got} == {"999"}
    assert {g["total_amount"] for g in got} == {D("1234.5")}
    assert {g["currency"] for g in got} == {"USD"}
    assert {g["settlement_end_date"] for g in got} == {dt.datetime(2020, 3, 15)}
    assert r.currency == "USD"
    assert (r.start, r.end) == (dt.date(2020, 3, 8), dt.date(2020, 3, 8))


# ------------------------------------------------------------------ values


EXCESS_LIKE = quoted("snapshot-date", "sku", "available", "units-shipped-t30", "your-price",
                     "days-of-supply")  # fmt: skip


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ("USD 58.89", 58.89),
        ("$58.89", 58.89),
        ("$58.89 ", 58.89),  # Excel re-saved copies add a trailing space
        ("(1,234.50)", -1234.5),
        ("-$9.02", -9.02),
        ("$-9.02", -9.02),
        ("£1,000", 1000.0),
        ("€12.50", 12.5),
        ("¥300", 300.0),
        ("Rs.961.62", 961.62),
        ("", None),
        ("--", None),
        ("N/A", None),
    ],
)
def test_money_styles_in_a_report(tmp_path: Path, price: str, expected: float | None) -> None:
    text = lines(EXCESS_LIKE, quoted("2026-10-31", "SKU-1", "3", "1", price, "12.5"))
    r = read(write(tmp_path, "inv.csv", text))
    assert r.kind is ReportKind.FBA_INVENTORY
    assert (r.rows, r.dropped) == (1, {})
    assert col(r, "your_price") == [expected]
    assert not any("your-price" in w for w in r.warnings)


def test_null_tokens_are_null_not_dropped(tmp_path: Path) -> None:
    header = quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend",
                    "7 Day Total Sales", "Total Advertising Cost of Sales (ACOS)",
                    "Click-Thru Rate (CTR)")  # fmt: skip
    text = lines(
        header,
        quoted("Mar 1, 2026", "A", "100", "2", "$1.00", "", "--", "2.00%"),
        quoted("Mar 1, 2026", "B", "100", "1", "$2.00", "N/A", "", "N/A"),
        quoted("Mar 1, 2026", "C", "100", "0", "--", "$4.00", "n/a", "0.00%"),
    )
    r = read(write(tmp_path, "camp.csv", text))
    assert (r.rows, r.dropped, r.warnings) == (3, {}, [])
    assert col(r, "ad_sales") == [None, None, 4.0]
    assert col(r, "acos_reported") == [None, None, None]
    assert col(r, "ctr_reported") == [0.02, None, 0.0]
    assert col(r, "spend") == [1.0, 2.0, None]


def test_garbage_in_a_numeric_column_drops_the_row_and_says_where(tmp_path: Path) -> None:
    header = quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend")
    text = lines(
        header,
        quoted("Mar 1, 2026", "A", "100", "2", "$1.00"),
        quoted("Mar 1, 2026", "B", "100", "abc", "$2.00"),  # line 3
        quoted("Mar 2, 2026", "C", "100", "1", "$4.00"),
        quoted("Mar 2, 2026", "D", "100", "1", "12abc"),  # line 5
    )
    r = read(write(tmp_path, "camp.csv", text))
    assert r.rows == 4
    assert sum(r.dropped.values()) == 2
    assert r.rows == r.rows_used + sum(r.dropped.values())
    assert r.rows_used == 2
    assert total(r, "spend") == pytest.approx(5.0)
    assert col(r, "campaign") == ["A", "C"]
    clicks = [w for w in r.warnings if "'Clicks'" in w]
    spend = [w for w in r.warnings if "'Spend'" in w]
    assert len(clicks) == 1 and "line 3" in clicks[0] and "1 row" in clicks[0]
    assert len(spend) == 1 and "line 5" in spend[0]


def test_bad_informational_cell_keeps_the_row(tmp_path: Path) -> None:
    """A bad ACOS cell is left empty (no KPI sums it); the row's spend still counts."""
    header = quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend",
                    "Total Advertising Cost of Sales (ACOS)")  # fmt: skip
    text = lines(header, quoted("Mar 1, 2026", "A", "100", "2", "$1.00", "lots"))
    r = read(write(tmp_path, "camp.csv", text))
    assert (r.rows, r.dropped) == (1, {})
    assert col(r, "acos_reported") == [None]
    assert any("ACOS" in w and "line 2" in w for w in r.warnings)


def test_ragged_rows_are_padded_and_counted(tmp_path: Path) -> None:
    text = lines(
        EXCESS_LIKE,
        quoted("2026-10-31", "SKU-1", "3", "1", "USD 58.89", "12.5"),
        quoted("2026-10-31", "SKU-2", "4", "2"),
        quoted("2026-10-31", "SKU-3", "5"),
    )
    r = read(write(tmp_path, "excess.csv", text))
    assert (r.rows, r.dropped) == (3, {})
    assert col(r, "available") == [3, 4, 5]
    assert col(r, "units_shipped_t30") == [1, 2, None]
    assert col(r, "your_price") == [58.89, None, None]
    [warning] = [w for w in r.warnings if "number of fields" in w]
    assert warning.startswith("2 row(s)")


def test_ragged_rows_in_a_cp1252_file(tmp_path: Path) -> None:
    text = lines(
        EXCESS_LIKE,
        quoted("2026-10-31", "SKU–A", "3", "1", "USD 58.89", "12.5"),
        quoted("2026-10-31", "SKU–B", "4"),
    )
    r = read(write(tmp_path, "excess.csv", text, encoding="cp1252"))
    assert col(r, "sku") == ["SKU–A", "SKU–B"]
    assert any(w.startswith("1 row(s)") for w in r.warnings)


# ------------------------------------------------------------------ archives

CAMPAIGN = lines(
    quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend"),
    quoted("Mar 1, 2026", "A", "100", "2", "$1.25"),
    quoted("Mar 2, 2026", "A", "50", "1", "$0.75"),
)


def test_zip_holding_one_report(tmp_path: Path) -> None:
    path = tmp_path / "report.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Sponsored Products Campaign report.csv", CAMPAIGN)
        zf.writestr("__MACOSX/._Sponsored Products Campaign report.csv", b"\x00\x05junk")
    r = read(path)
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert r.path == path
    assert total(r, "spend") == pytest.approx(2.0)


def test_zip_holding_a_cp1252_report(tmp_path: Path) -> None:
    path = tmp_path / "12.16.zip"
    text = lines(MANAGE_HEADER, '"S","X","B","Rug – grey","New","1.00","No",,"Yes","1","1",'
                 '"0","0","1"')  # fmt: skip
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manage FBA inventory 12.17.csv", text.encode("cp1252"))
    r = read(path)
    assert col(r, "title") == ["Rug – grey"]


def test_zip_holding_an_xlsx(tmp_path: Path) -> None:
    header: list[str | None] = ["Date", "Campaign Name", "Impressions", "Clicks", "Spend"]
    inner = _xlsx(tmp_path / "inner.xlsx", header, [[dt.datetime(2026, 3, 1), "C", 10, 1, 0.5]])
    path = tmp_path / "ST.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(inner, "ST 12.17.xlsx")
    inner.unlink()
    r = read(path)
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert col(r, "spend") == [0.5]


def test_gz_report(tmp_path: Path) -> None:
    path = tmp_path / "Sponsored Products Campaign report.csv.gz"
    path.write_bytes(gzip.compress(CAMPAIGN.encode()))
    r = read(path)
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert total(r, "clicks") == 3


def test_zip_holding_two_reports_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.csv", CAMPAIGN)
        zf.writestr("b.csv", CAMPAIGN)
    with pytest.raises(InputError, match=r"two\.zip.*2"):
        read_report(path)


# ------------------------------------------------------------------ laziness


def test_plain_utf8_csv_is_scanned_lazily(tmp_path: Path) -> None:
    """The plan scans the file itself and projects away the text columns a query does not use.

    Numeric and date columns are still parsed for any query: a row with a bad cell in any of
    them is left out of ``frame``, so the filter needs them all.
    """
    header = quoted("Date", "Campaign Name", "Portfolio name", "Status", "Impressions",
                    "Clicks", "Spend")  # fmt: skip
    text = lines(
        header,
        quoted("Mar 1, 2026", "A", "P", "ENABLED", "100", "2", "$1.25"),
        quoted("Mar 2, 2026", "A", "P", "ENABLED", "50", "1", "$0.75"),
    )
    path = write(tmp_path, "camp.csv", text)
    r = read_report(path)
    assert isinstance(r.frame, pl.LazyFrame)
    plan = r.frame.select("spend").explain()
    scan = re.search(r"Csv SCAN \[(?P<src>[^\]]*)\]", plan)
    assert scan is not None, plan[-2000:]
    assert scan["src"] == str(path)  # scanned from the file itself, not from bytes in memory
    # every column is read: a row repeated inside the file is counted once (issue 20.3), and
    # "repeated" means all its cells; the text columns are read, not parsed
    above = plan[: scan.start()]  # the steps over the scan: the columns they read
    assert 'col("c6")' in above  # Spend
    assert r.frame.select("spend").collect()["spend"].to_list() == [1.25, 0.75]


def test_cp1252_csv_is_decoded_before_scanning(tmp_path: Path) -> None:
    row = '"S","X","B","–","New","1","No",,"Yes","1","1","0","0","1"'
    path = write(tmp_path, "m.csv", lines(MANAGE_HEADER, row), encoding="cp1252")
    r = read_report(path)
    assert str(path) not in r.frame.explain()  # scanned from transcoded bytes
    assert col(r, "title") == ["–"]


def test_a_big_file_is_sampled_from_its_head_and_read_whole(tmp_path: Path) -> None:
    """The sample that picks the number and date formats is parsed from the first 4 MiB; a
    quoted field whose line break comes just before that cut, and the rows after it, read
    as usual."""
    from kpitool.io import sampling

    head = quoted("Date", "Campaign Name", "Impressions", "Clicks", "Spend")

    # rows of 2 KB: the 2,000-row sample reaches the cut
    def row_(i: int) -> str:  # distinct rows (a repeated row is counted once), one length
        return quoted("Mar 1, 2026", f"{i:06d}" + "C" * 2094, "1.000", "2", "1.250,50 €")

    row = row_(0)  # decimal comma
    cut = sampling._SAMPLE_BYTES
    before = (cut - len(head) - 1000) // len(row.encode() + b"\n")
    rows = [row_(i) for i in range(before)]
    prefix = lines(head, *rows) + '"Mar 2, 2026","'
    # the field's line break is the last one before the cut
    field = "t" * (cut - 10 - len(prefix.encode())) + "\n" + "x" * 300
    straddling = quoted("Mar 2, 2026", field, "7", "1", "0,50 €")
    text = lines(head, *rows, straddling, *[row_(before + i) for i in range(10)])
    data = text.encode()
    assert data.rfind(b"\n", 0, cut) == len(prefix.encode()) + len(field.split("\n")[0])
    r = read(write(tmp_path, "camp.csv", text))
    assert r.rows == before + 11
    assert total(r, "impressions") == 1000 * (before + 10) + 7
    assert total(r, "spend") == pytest.approx(1250.5 * (before + 10) + 0.5)
    assert r.warnings == []
