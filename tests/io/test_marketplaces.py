"""Marketplace folders (``2026-10/DE/``, ``2026-10/amazon.fr/``) and the 2025 custom report's
row date ranges at the period edge (issue 18)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from bad_helpers import cli
from ingest_helpers import lines, quoted, read, write

from kpitool.io.folder import scan_folder
from kpitool.io.market import folder_marketplace, marketplace_of

BY_ITEM = quoted(
    "(Parent) ASIN", "(Child) ASIN", "Title", "Sessions - Total", "Page Views - Total",
    "Units Ordered", "Ordered Product Sales", "Total Order Items",
)  # fmt: skip
DE_BY_ITEM = quoted(
    "(Übergeordnete) ASIN", "(Untergeordnete) ASIN", "Titel", "Sitzungen\u00a0– Summe",
    "Seitenaufrufe\u00a0– Summe", "Bestellte Einheiten",
    "Durch bestellte Produkte erzielter Umsatz", "Zahl der Bestellposten",
)  # fmt: skip

DE_ROWS = [("B0P1", "B0C1", "3,218", "17.510,95\u00a0€"), ("B0P1", "B0C2", "12", "99,90\u00a0€")]
FR_ROWS = [("B0P1", "B0C1", "40", "1.234,50 €")]


def _eu(text: str) -> Decimal:
    return Decimal(text.replace("\u00a0", "").replace(" ", "").replace("€", "").replace(".", "")
                   .replace(",", "."))  # fmt: skip


def _by_item(header: str, rows: list[tuple[str, str, str, str]]) -> str:
    body = [quoted(p, c, "T", s, "10", "1", sales, "1") for p, c, s, sales in rows]
    return lines(header, *body)


@pytest.mark.parametrize(
    ("name", "code"),
    [("DE", "DE"), ("de", "DE"), ("amazon.fr", "FR"), ("www.amazon.co.uk", "UK"), ("GB", "UK")],
)
def test_folder_names_a_marketplace(tmp_path: Path, name: str, code: str) -> None:
    path = tmp_path / "2026-10" / name / "br.csv"
    assert folder_marketplace(path, tmp_path) == code
    assert folder_marketplace(tmp_path / "2026-10" / "br.csv", tmp_path) is None
    assert marketplace_of("Deutschland") == "DE" and marketplace_of("United States") == "US"


def test_de_and_fr_folders_are_two_marketplaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undated by-item reports in 2026-10/DE/ and 2026-10/amazon.fr/: both cover October
    (the period folder is found past the marketplace folder), neither is deduplicated
    against the other, --by marketplace shows each and the total adds them."""
    monkeypatch.chdir(tmp_path)  # no configs/kpitool.yaml of the repo's
    month = tmp_path / "2026-10"
    write(month, "DE/BusinessReport-01.11.26.csv", _by_item(DE_BY_ITEM, DE_ROWS))
    write(month, "amazon.fr/BusinessReport-01.11.26.csv", _by_item(BY_ITEM, FR_ROWS))
    scan = scan_folder(month)
    assert sorted((r.marketplace, r.currency) for r in scan.reports) == [
        ("DE", "EUR"),
        ("FR", "EUR"),
    ]
    de = sum(_eu(s) for *_, s in DE_ROWS)
    fr = sum(_eu(s) for *_, s in FR_ROWS)
    run = cli(capsys, "compute", str(month), "-f", "json", "--fail-on", "never")
    assert run.code == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["period"]["start"] == "2026-10-01"
    sales = next(r for r in result["results"] if r["kpi"] == "sales")
    assert Decimal(repr(sales["value"])) == de + fr
    assert sales["coverage"] == {"days": 31, "of": 31}
    assert not [w for w in result["warnings"] if "overlap" in w or "both" in w]
    run = cli(capsys, "compute", str(month), "-f", "json", "--fail-on", "never", "--by",
              "marketplace")  # fmt: skip
    by = {
        r["group"]["marketplace"]: Decimal(repr(r["value"]))
        for r in json.loads(run.stdout)["results"]
        if r["kpi"] == "sessions" and r["group"]
    }
    assert by == {"DE": Decimal(3218 + 12), "FR": Decimal(40)}


def test_without_a_marketplace_hint_overlap_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same two downloads side by side, no marketplace folder: as before, one is a
    re-download of the other as far as kpitool can tell, and a warning names both."""
    monkeypatch.chdir(tmp_path)  # no configs/kpitool.yaml of the repo's
    month = tmp_path / "2026-10"
    write(month, "a.csv", _by_item(BY_ITEM, FR_ROWS))
    extra = ("B0P1", "B0C9", "4", "1,50 €")
    write(month, "b.csv", _by_item(BY_ITEM, [*FR_ROWS, extra]), mtime=2_000_000_000)
    run = cli(capsys, "compute", str(month), "-f", "json", "--fail-on", "never")
    warnings = json.loads(run.stdout)["warnings"]
    [w] = [w for w in warnings if "without dates" in w]
    assert "a.csv" in w and "b.csv" in w


# ------------------------------------------------------------------ 2025 custom report

CUSTOM_HEADER = (
    "Date range,Campaign name,Campaign ID,Ad group name,Ad group ID,Target value,"
    "Target match type,Search term,Budget currency,Impressions,Clicks,CTR,CPC,Total cost,"
    "Purchases,Sales,Units sold,ROAS,Cost per purchase,Purchase rate"
)
CUSTOM_ROWS = [
    ("Oct 01, 2026 - Oct 31, 2026", "100", "4", "10.00", "1", "30.00"),
    ("Oct 10, 2026", "50", "2", "5.00", "0", "0.0"),  # a single day
    ("Sep 25, 2026 - Oct 05, 2026", "70", "3", "7.00", "1", "20.00"),  # crosses the start
    ("Oct 28, 2026 - Nov 03, 2026", "30", "1", "3.00", "0", "0.0"),  # crosses the end
]


def _custom_csv() -> str:
    body = [
        f'"{rng}",Auto 1,"=""4681709062""",Group,"=""2979539272""",loose-match,'
        f"TARGETING_EXPRESSION_PREDEFINED,some term,USD,{imp},{clicks},1.0%,0.5,{cost},"
        f"{orders},{sales},{orders},1.0,,0.0%"
        for rng, imp, clicks, cost, orders, sales in CUSTOM_ROWS
    ]
    return lines(CUSTOM_HEADER, *body)


def _days(rng: str) -> tuple[dt.date, dt.date]:
    parts = [dt.datetime.strptime(p.strip(), "%b %d, %Y").date() for p in rng.split(" - ")]
    return parts[0], parts[-1]


def test_custom_report_rows_crossing_the_period_edge_are_left_out_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row's Date range must lie within the period: rows that cross its edge are left out
    (their days outside cannot be told apart from those inside) and counted in a warning."""
    monkeypatch.chdir(tmp_path)  # no configs/kpitool.yaml of the repo's
    month = tmp_path / "2026-10"
    write(month, "custom_ads.csv", "\ufeff" + _custom_csv())
    start, end = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    inside = [r for r in CUSTOM_ROWS if start <= _days(r[0])[0] and _days(r[0])[1] <= end]
    assert 0 < len(inside) < len(CUSTOM_ROWS)
    run = cli(capsys, "compute", str(month), "-f", "json", "--fail-on", "never")
    assert run.code == 0, run.stderr
    result = json.loads(run.stdout)
    values = {r["kpi"]: r["value"] for r in result["results"] if not r["group"]}
    assert Decimal(repr(values["ad_spend"])) == sum(Decimal(r[3]) for r in inside)
    assert values["clicks"] == sum(int(r[2]) for r in inside)
    left = len(CUSTOM_ROWS) - len(inside)
    assert any(
        f"{left} row(s) dated outside the period" in w and "custom_ads.csv" in w
        for w in result["warnings"]
    ), result["warnings"]
    [src] = result["sources"]
    assert src["kind"] == "sp_search_term"


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ("Ad group name,Target value,Target match type,Search term", "sp_search_term"),
        ("Ad group name,Target value,Target match type", "sp_targeting"),
        ("Ad group name,Advertised ASIN,Advertised SKU", "sp_advertised_product"),
        ("", "sp_campaign"),
    ],
)
def test_custom_report_is_the_sp_kind_its_columns_say(
    tmp_path: Path, extra: str, kind: str
) -> None:
    dims = [d for d in extra.split(",") if d]
    names = ["Date range", "Campaign name", *dims, "Budget currency", "Impressions", "Clicks",
             "Total cost", "Purchases", "Sales", "Units sold"]  # fmt: skip
    values = ['"Oct 01, 2026 - Oct 31, 2026"', "C", *(["x"] * len(dims)), "USD", "10", "1",
              "0.50", "1", "9.99", "2"]  # fmt: skip
    path = write(tmp_path, "custom.csv", lines(",".join(names), ",".join(values)))
    r = read(path)
    assert (str(r.kind), r.ad_type, r.attribution_days) == (kind, "SP", 7)
    assert (r.start, r.end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert r.frame.select("spend", "ad_orders", "ad_units").collect().row(0) == (0.5, 1, 2)
