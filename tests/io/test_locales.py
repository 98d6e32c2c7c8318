"""German reports, per-column number styles, unknown languages and unread kinds (issue 18).

Small fixtures written for the project, one per quirk of the real German files (see
../shared/real_exports/SOURCES.md #16 and report_formats.md "Localized and 2025+ formats").
Expected values are written out by hand from the fixture cells.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ingest_helpers import col, lines, quoted, read, write

from kpitool.io.folder import measure, scan_folder
from kpitool.io.kinds import ColType, ReportKind
from kpitool.io.numstyle import NumberColumn, decide, evidence
from kpitool.io.read import read_report

NB = "\u00a0"  # no-break space
DASH = "\u2013"  # en dash

# the real German by-item header, with its no-break spaces before some dashes
DE_BR_HEADER = [
    "(Übergeordnete) ASIN",
    "(Untergeordnete) ASIN",
    "Titel",
    "SKU",
    f"Sitzungen{NB}{DASH} Summe",
    f"Sitzungen {DASH} Summe {DASH} B2B",
    f"Seitenaufrufe{NB}{DASH} Summe",
    f'Hervorgehobenes Angebot ("In-den-Einkaufswagen") {DASH} Prozentsatz',
    "Bestellte Einheiten",
    f"Bestellte Einheiten{NB}{DASH} B2B",
    "Prozentsatz an Einheiten pro Sitzung",
    "Durch bestellte Produkte erzielter Umsatz",
    f"Bestellsumme {DASH} B2B",
    "Zahl der Bestellposten",
]


def de_br_row(sessions: str, sales: str, b2b: str, buy_box: str = "99.96%") -> str:
    return quoted(
        "B0PARENT01", "B0CHILD001", 'Schlauch 1/4"', "SKU-1", sessions, "51", "5,331",
        buy_box, "800", "42", "24.86%", sales, b2b, "736",
    )  # fmt: skip


def test_german_business_report_mixed_styles(tmp_path: Path) -> None:
    """Counts "3,218" (US thousands), percents "4.81%", money "17.510,95 €" in one file."""
    text = lines(
        quoted(*DE_BR_HEADER),
        de_br_row("3,218", f"17.510,95{NB}€", f"912,56{NB}€"),
        de_br_row("12", f"1.413,69{NB}€", f"0,00{NB}€", buy_box="100.00%"),
    )
    r = read(write(tmp_path, "BusinessReport-02.04.25.csv", "\ufeff" + text))
    assert r.kind is ReportKind.BUSINESS_REPORT_BY_ITEM
    assert r.grain == "child"
    assert r.currency == "EUR"
    assert (r.rows, r.dropped, r.warnings) == (2, {}, [])
    assert col(r, "sessions") == [3218, 12]
    assert col(r, "page_views") == [5331, 5331]
    assert col(r, "sales") == [17510.95, 1413.69]
    assert col(r, "sales_b2b") == [912.56, 0.0]
    assert col(r, "buy_box_pct") == pytest.approx([0.9996, 1.0])
    assert col(r, "unit_session_pct_reported") == pytest.approx([0.2486, 0.2486])
    assert col(r, "units_b2b") == [42, 42]


def test_17_510_95_is_never_read_as_17_51(tmp_path: Path) -> None:
    """A money column holding both styles: the minority cell is invalid (its row left out,
    counted, named), never read as 17.51."""
    text = lines(
        quoted(*DE_BR_HEADER),
        de_br_row("10", f"17.510,95{NB}€", "1,00 €"),
        de_br_row("10", "1,234.50 €", "1,00 €"),
        de_br_row("10", "2,345.50 €", "1,00 €"),
    )
    r = read(write(tmp_path, "br.csv", text))
    assert col(r, "sales") == [1234.5, 2345.5]
    assert r.rows == 3 and sum(r.dropped.values()) == 1
    [why] = r.dropped
    assert "Durch bestellte Produkte erzielter Umsatz" in why


# the German SP campaign CSV: English dates, € before US decimals, a trailing space
DE_CAMPAIGN = lines(
    ",".join(
        [
            "Startdatum", "Enddatum", "Portfolioname", "Kampagnentyp", "Kampagnen-Name",
            "Land", "Status", "Währung", "Budget", "Impressionen", "Klicks", "Klickrate (CTR)",
            "Ausgaben", "Kosten pro Klick (CPC)", '"7 Tage, Aufträge gesamt (#)"',
            '"Zugeschriebene Umsatzkosten (ACOS) gesamt "',
            "Gesamte Rentabilität der Anzeigenkosten (ROAS)", '"7 Tage, Umsatz gesamt (€)"',
        ]
    ),
    '"Mar 10, 2025","Mar 16, 2025",Kein Portfolio,Sponsored Products,Auto A,Deutschland,'
    "ENABLED,EUR,€10.00,1200,30,2.50%,€142.96,€4.7653333,3,50.10%,2.00,€285.31",
    '"Mar 11, 2025","Mar 12, 2025",Kein Portfolio,Sponsored Products,Exakt B,Deutschland,'
    "PAUSED,EUR,€5.00,99,1,1.01%,€0.20192090000000001,€0.2019209,0,,0.00,€0.00",
)  # fmt: skip


def test_german_campaign_csv_with_euro_prefixed_us_decimals(tmp_path: Path) -> None:
    r = read(write(tmp_path, "Sponsored Products Campaign report.csv", "\ufeff" + DE_CAMPAIGN))
    assert r.kind is ReportKind.SP_CAMPAIGN
    assert (r.currency, r.marketplace, r.attribution_days) == ("EUR", "DE", 7)
    assert (r.rows, r.dropped, r.warnings) == (2, {}, [])
    assert col(r, "spend") == pytest.approx([142.96, 0.20192090000000001])
    assert col(r, "ad_sales") == [285.31, 0.0]
    assert col(r, "ad_orders") == [3, 0]
    assert col(r, "impressions") == [1200, 99]
    assert col(r, "acos_reported") == pytest.approx([0.501, None])
    # English month names in a German file
    assert col(r, "start_date") == [dt.date(2025, 3, 10), dt.date(2025, 3, 11)]
    assert (r.start, r.end) == (dt.date(2025, 3, 10), dt.date(2025, 3, 16))


def test_seven_tage_spellings_in_one_header(tmp_path: Path) -> None:
    """`7 Tage,`, `7\\xa0Tage,`, `7-Tage,` and `7-Tage-` in one search term header."""
    header = [
        "Startdatum", "Enddatum", "Währung", "Kampagnen-Name", "Anzeigengruppenname",
        "Ausrichtung", "Übereinstimmungstyp", "Suchbegriff des Kunden", "Impressionen",
        "Klicks", "Ausgaben", "7 Tage, Umsatz gesamt (€)", "7 Tage, Aufträge gesamt (#)",
        f"7{NB}Tage, Einheiten gesamt (#)", "7-Tage-Konversionsrate",
        f"7{NB}Tage, Beworbene SKU-Einheiten (#)", "7-Tage, Andere SKU-Einheiten (#)",
        f"7{NB}Tage, Beworbene SKU-Umsätze (€)", "7-Tage, Andere SKU-Umsätze (€)",
    ]  # fmt: skip
    row = [
        "Mar 10, 2025", "Mar 10, 2025", "EUR", "Auto A", "Gruppe 1", "close-match", "-",
        "b08z88bst6", "100", "4", "€2.40", "€30.00", "2", "3", "50.00%", "2", "1",
        "€20.00", "€10.00",
    ]  # fmt: skip
    r = read(write(tmp_path, "st.csv", lines(quoted(*header), quoted(*row))))
    assert r.kind is ReportKind.SP_SEARCH_TERM
    assert r.attribution_days == 7
    assert r.columns is not None
    expected = {"ad_units", "ad_conversion_rate_reported", "advertised_units", "other_units"}
    assert expected | {"advertised_sales", "other_sales"} <= r.columns
    got = r.frame.collect().row(0, named=True)
    assert (got["ad_units"], got["advertised_units"], got["other_units"]) == (3, 2, 1)
    assert (got["advertised_sales"], got["other_sales"]) == (20.0, 10.0)
    assert got["ad_conversion_rate_reported"] == pytest.approx(0.5)
    assert got["search_term"] == "b08z88bst6"


# ------------------------------------------------------------------ ambiguous columns


def _money(values: list[str]) -> NumberColumn:
    return NumberColumn("Sales", ColType.MONEY, values)


def test_ambiguous_column_follows_the_other_money_columns() -> None:
    cols = {"a": _money(["1,234"]), "b": _money(["17.510,95 €", "3,50 €"])}
    comma, warnings = decide(cols, None)
    assert comma == {"a": True, "b": True}
    [w] = warnings
    assert "'Sales'" in w and "1.234" in w and "other money columns" in w


@pytest.mark.parametrize(
    ("values", "market", "expected", "reading", "why"),
    [
        (["€1,234"], None, False, "1234", "before the number"),
        (["1,234 €"], None, True, "1.234", "after the number"),
        (["1,234"], "DE", True, "1.234", "DE marketplace"),
        (["1,234"], "US", False, "1234", "US marketplace"),
        (["1.234"], None, False, "1.234", "amazon.com"),  # "." as the decimal mark
    ],
)
def test_ambiguous_column_alone(
    values: list[str], market: str | None, expected: bool, reading: str, why: str
) -> None:
    comma, [w] = decide({"a": _money(values)}, market)
    assert comma == {"a": expected}
    assert f"read as {reading} " in w
    assert why in w


def test_certain_currency_and_counts_need_no_warning() -> None:
    cols = {
        "p": _money(["£1,000"]),  # GBP is only ever written 1,234.56
        "n": NumberColumn("Units", ColType.INT, ["1.234", "12"]),  # German thousands dot
        "m": NumberColumn("Sessions", ColType.INT, ["3,218"]),
    }
    comma, warnings = decide(cols, "DE")
    assert comma == {"p": False, "n": True, "m": False}
    assert warnings == []


def test_ambiguous_reading_warns_in_the_report(tmp_path: Path) -> None:
    """The warning reaches the report, and the value is the one it names."""
    header = quoted("Date", "Ordered Product Sales", "Units Ordered", "Sessions - Total")
    path = write(
        tmp_path, "2026-10/DE/by_date.csv", lines(header, quoted("10/01/2026", "1,234", "1", "5"))
    )
    r = read_report(path, marketplace="DE")
    measure([r])
    assert col(r, "sales") == [1.234]
    assert any("'Ordered Product Sales'" in w and "DE marketplace" in w for w in r.warnings)
    us = read_report(path, marketplace="US")
    assert col(us, "sales") == [1234.0]


# ------------------------------------------------------------------ not read, with the reason


def test_unknown_language_is_skipped_naming_it(tmp_path: Path) -> None:
    # invented for the test (no real French Business Report has been seen): French words
    fr = quoted("(Parent) ASIN", "Titre", "Unités commandées", "Ventes de produits commandés")
    write(tmp_path, "fr.csv", lines(fr, quoted("B0X", "T", "1", "1,00 €")))
    ja = quoted("親ASIN", "商品名", "セッション", "注文された商品点数", "注文商品の売上")
    write(tmp_path, "ja.csv", lines(ja, quoted("B0X", "T", "1", "1", "100")))
    scan = scan_folder(tmp_path)
    reasons = {s.path.name: s.reason for s in scan.skipped}
    assert "French" in reasons["fr.csv"] and "'Titre'" in reasons["fr.csv"]
    assert "Japanese" in reasons["ja.csv"]
    assert all("English" in r for r in reasons.values())
    assert any("fr.csv" in w and "French" in w for w in scan.warnings)
    assert scan.reports == [] and scan.errors == []


@pytest.mark.parametrize(
    ("header", "what"),
    [
        (
            "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status"
            "\tsku\tasin\tquantity\tcurrency\titem-price",
            "All Orders",
        ),
        (
            "asin,fnsku,product_name,fulfillment_center,country_code,"
            "estimated_monthly_storage_fee,currency",
            "storage fee",
        ),
        (
            "Country,Product Name,FNSKU,Merchant SKU,ASIN,Available,"
            "Recommended replenishment qty,Recommended ship date",
            "restock",
        ),
    ],
)
def test_reports_not_read_are_skipped_with_the_reason(
    tmp_path: Path, header: str, what: str
) -> None:
    sep = "\t" if "\t" in header else ","
    row = sep.join(["x"] * len(header.split(sep)))
    write(tmp_path, "report.txt" if sep == "\t" else "report.csv", lines(header, row))
    scan = scan_folder(tmp_path)
    [skipped] = scan.skipped
    assert what in skipped.reason and "not read" in skipped.reason
    assert scan.reports == [] and scan.errors == [] and scan.warnings == []


def test_a_country_column_wins_over_the_folder(tmp_path: Path) -> None:
    write(tmp_path, "2026-03/FR/campaign.csv", DE_CAMPAIGN)
    write(tmp_path, "2026-03/FR/by_date.csv", lines(
        quoted("Date", "Ordered Product Sales", "Units Ordered", "Sessions - Total"),
        quoted("03/10/2025", "12,50 €", "1", "5"),
    ))  # fmt: skip
    write(tmp_path, "2026-03/uk.csv", lines(
        quoted("Date", "Ordered Product Sales", "Units Ordered", "Sessions - Total"),
        quoted("03/10/2025", "£1,000", "1", "5"),
    ))  # fmt: skip
    scan = scan_folder(tmp_path)
    got = {r.path.name: (r.marketplace, r.currency) for r in scan.reports}
    assert got == {
        "campaign.csv": ("DE", "EUR"),  # Land = Deutschland
        "by_date.csv": ("FR", "EUR"),  # its folder
        "uk.csv": ("UK", "GBP"),  # only amazon.co.uk sells in GBP
    }


_CELLS = st.lists(
    st.one_of(
        st.none(),
        st.from_regex(
            r"\A(|\$|€|£|EUR |CA\$)-?[0-9]{1,4}([.,][0-9]{1,3}){0,2}( €| %|%| USD|)\Z",
            fullmatch=True,
        ),
        st.sampled_from(["", "n/a", "--", "1,234", "1.234", "12,5", "17.510,95 €", "€142.96"]),
    ),
    max_size=40,
)


@given(_CELLS)
def test_a_columns_evidence_is_what_its_values_say_one_by_one(values: list[str | None]) -> None:
    """evidence() reads each shape of value once: the same counts as value by value, and the
    same first ambiguous value and first currency (each value alone, added up here)."""
    whole = evidence(values)
    alone = [evidence([v]) for v in values]
    assert whole.comma == sum(e.comma for e in alone)
    assert whole.dot == sum(e.dot for e in alone)
    assert whole.leading == sum(e.leading for e in alone)
    assert whole.trailing == sum(e.trailing for e in alone)
    assert whole.currency == next((e.currency for e in alone if e.currency), None)
    first = next((e for e in alone if e.ambiguous is not None), None)
    assert whole.ambiguous == (first.ambiguous if first else None)
    assert whole.ambiguous_mark == (first.ambiguous_mark if first else None)
