"""Every figure says what it covers (kpis.md "Periods and coverage"), through the real entry
point on hand-written folders; each expected figure is summed here from what the test wrote."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bad_helpers import Run, cli
from coverage_files import Item, by_date, by_item, days, sp_campaign
from paths import REPO

SEP = [
    Item("B0ALPHA001", "NW-ALPHA-001", 100, 10, 250.00),
    Item("B0BRAVO001", "NW-B-1", 50, 5, 99.5),
]
OCT = [
    Item("B0ALPHA001", "NW-ALPHA-001", 120, 12, 300.25),
    Item("B0BRAVO001", "NW-B-1", 40, 4, 80.0),
]
OCT_DAYS = days(date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture(autouse=True)
def _no_default_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no configs/kpitool.yaml is found: the built-in defaults (no targets)."""
    monkeypatch.chdir(tmp_path)


def _config(tmp_path: Path, targets: str = "") -> Path:
    path = tmp_path / "kpitool.yaml"
    body = "version: 1\ncurrency: USD\nper: month\n"
    body += "owners:\n  alice: {asins: ['B0ALPHA*'], campaigns: ['Alice *']}\n"
    body += "  bob: {asins: ['B0BRAVO*'], campaigns: ['Bob *']}\n"
    if targets:
        body += "targets:\n" + targets
    path.write_text(body)
    return path


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[Run, dict[str, Any]]:
    run = cli(capsys, "compute", *args, "-f", "json", "--fail-on", "never")
    assert run.code == 0, run
    return run, json.loads(run.stdout)


def _total(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["kpi"]: r for r in doc["results"] if not r["group"]}


def _sales(items: list[Item]) -> float:
    return round(sum(i.sales for i in items), 2)


# ------------------------------------------------------------------ undated reports
def test_an_undated_report_covers_its_folders_period_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    by_item(root / "2026-09", SEP)
    by_item(root / "2026-10", OCT)
    cfg = str(_config(tmp_path))
    _, sep = _json(capsys, str(root), "--period", "2026-09", "-c", cfg)
    assert _total(sep)["sales"]["value"] == _sales(SEP)
    assert _total(sep)["sales"]["coverage"] == {"days": 30, "of": 30}
    # October's report is not September's: left out, with a note naming its folder (a root of
    # many months holds other periods by design: no warning)
    assert any("2026-10/BusinessReport.csv" in n and "not used" in n for n in sep["notes"])
    assert sep["warnings"] == []
    # both months: the two reports are two periods, added (never de-duplicated)
    run, both = _json(capsys, str(root), "--period", "2026-09-01..2026-10-31", "-c", cfg)
    assert _total(both)["sales"]["value"] == pytest.approx(_sales(SEP) + _sales(OCT))
    assert _total(both)["units"]["value"] == 31
    assert "count once" not in run.stderr
    # a quarter with September alone: 30 of 92 days, partial, the monthly target paced
    _, q3 = _json(capsys, str(root), "--period", "2026-Q3", "-c", cfg)
    sales = _total(q3)["sales"]
    assert sales["value"] == _sales(SEP)
    assert sales["coverage"] == {"days": 30, "of": 92} and sales["partial"] is True
    assert sales["projected"] == pytest.approx(_sales(SEP) * 92 / 30)


def test_several_undated_reports_no_folder_places_are_not_said_to_overlap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two months of by-item reports side by side in one flat folder: nothing says what days
    they cover, so no warning may say they cover the same days, and neither is taken for the
    period (one of them is September's)."""
    folder = tmp_path / "downloads"
    by_item(folder, SEP, "BusinessReport-10-1-26.csv")
    by_item(folder, OCT, "BusinessReport-11-1-26.csv")
    run = cli(capsys, "compute", str(folder), "--period", "2026-10")
    assert "same days" not in run.stderr and "count once" not in run.stderr
    # neither file's sales, nor their mix: nothing covers October, and the line says why
    assert run.code == 3 and run.stdout == ""
    assert "keep each undated report in a folder named for its period" in run.errors[-1]
    # with October's ads beside them: the ads are used, the by-item reports are not
    sp_campaign(folder, [(d, "Alice - SP", 1.0, 2.0) for d in OCT_DAYS[:10]])
    run, doc = _json(capsys, str(folder), "--period", "2026-10")
    assert "same days" not in run.stderr and "count once" not in run.stderr
    [w] = doc["warnings"]
    assert "BusinessReport-10-1-26.csv" in w and "BusinessReport-11-1-26.csv" in w
    assert "none is used" in w
    assert _total(doc)["sales"]["value"] is None
    assert _total(doc)["ad_spend"]["value"] == 10.0  # ten days of 1.00 written above
    # no --period: each is not used (a dated report gives the period), and no overlap is said
    run, doc = _json(capsys, str(folder))
    assert "same days" not in run.stderr and "count once" not in run.stderr
    [w] = doc["warnings"]  # one line for both, which --period would not place either
    assert "BusinessReport-10-1-26.csv" in w and "BusinessReport-11-1-26.csv" in w
    assert "none is used" in w and "--period" not in w


def test_the_same_undated_report_in_two_months_is_each_months_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two months of a small catalogue can sell the same: a byte-identical by-item report in
    two month folders is read as each folder's month (a dated one would be read once)."""
    root = tmp_path / "reports"
    by_item(root / "2026-09", SEP)
    by_item(root / "2026-10", SEP)
    _, doc = _json(capsys, str(root), "--period", "2026-09-01..2026-10-31")
    assert _total(doc)["sales"]["value"] == pytest.approx(2 * _sales(SEP))
    assert _total(doc)["sales"]["coverage"] == {"days": 61, "of": 61}
    assert any("byte-identical" in w and "if one is a copy" in w for w in doc["warnings"])


def test_an_undated_report_is_never_used_for_a_period_its_folder_does_not_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    by_item(folder, OCT)
    run = cli(capsys, "compute", str(folder), "--period", "2026-09", "-c", str(_config(tmp_path)))
    assert run.code == 3 and run.stdout == ""
    (line,) = run.errors
    assert "nothing covers the period 2026-09-01..2026-09-30" in line
    assert "2026-10-01..2026-10-31" in line  # what the folder does cover
    # part of the folder's month cannot be told apart from the rest of it
    run = cli(capsys, "compute", str(folder), "--period", "2026-10-01..2026-10-15")
    assert run.code == 3 and "nothing covers" in run.stderr


def test_without_a_folder_period_the_given_period_is_assumed_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "downloads"
    by_item(folder, OCT)
    _, doc = _json(capsys, str(folder), "--period", "2026-10")
    assert _total(doc)["sales"]["value"] == _sales(OCT)
    assert any("assumed to cover 2026-10-01..2026-10-31" in n for n in doc["notes"])
    # no --period: the dated reports give the period; the undated one is not used
    sp_campaign(folder, [(d, "Alice - SP", 1.0, 2.0) for d in OCT_DAYS[:10]])
    _, doc = _json(capsys, str(folder))
    assert doc["period"] == {"start": "2026-10-01", "end": "2026-10-10", "days": 10}
    assert _total(doc)["sales"]["value"] is None
    assert any("BusinessReport.csv" in w and "carries no dates" in w for w in doc["warnings"])


def test_no_period_anywhere_is_exit_3_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "downloads"
    by_item(folder, OCT)
    run = cli(capsys, "compute", str(folder))
    assert run.code == 3
    assert "--period" in run.stderr and "carry no dates" in run.stderr


# ------------------------------------------------------------------ coverage and pacing
def test_month_to_date_is_partial_paced_and_projected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    sales = {d: 100.0 + d.day for d in OCT_DAYS[:15]}
    by_date(folder, sales)
    sp_campaign(folder, [(d, "Alice - SP", 2.0, 8.0) for d in OCT_DAYS[:15]])
    cfg = _config(tmp_path, "  sales: {min: 3100}\n  acos: {max: 0.3}\n")
    _, doc = _json(capsys, str(folder), "-c", str(cfg))
    total = _total(doc)
    expected = sum(sales.values())  # 15 × 100 + (1 + ... + 15) = 1620
    assert total["sales"]["value"] == pytest.approx(expected)
    assert total["sales"]["coverage"] == {"days": 15, "of": 31}
    assert total["sales"]["partial"] is True
    # 3,100 a month pro-rated to the 15 days covered: 1,500; 1,620 >= 1,500 is on pace
    assert total["sales"]["target"]["min"] == pytest.approx(1500)
    assert total["sales"]["status"] == "pass"
    assert total["sales"]["projected"] == pytest.approx(expected * 31 / 15)
    assert total["acos"]["target"]["max"] == 0.3  # a ratio is never pro-rated
    assert total["acos"]["value"] == pytest.approx(30 / 120)
    assert doc["coverage"]["sales"]["spans"] == [
        {"start": "2026-10-01", "end": "2026-10-15", "days": 15}
    ]
    table = cli(capsys, "compute", str(folder), "-c", str(cfg), "--fail-on", "never")
    assert "sales: 2026-10-01..2026-10-15, 15 of 31 days" in table.stdout
    assert "1,620.00 USD *" in table.stdout
    # CSV says what each figure covers too
    run = cli(capsys, "compute", str(folder), "-c", str(cfg), "-f", "csv", "--fail-on", "never")
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(run.stdout))}
    assert (rows["sales"]["coverage_days"], rows["sales"]["coverage_of"]) == ("15", "31")
    assert float(rows["sales"]["projected"]) == pytest.approx(expected * 31 / 15)
    assert rows["acos"]["projected"] == ""  # a ratio is not projected


def test_two_families_are_brought_to_the_days_both_cover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    sales = {d: 200.0 for d in OCT_DAYS[:15]}
    by_date(folder, sales)
    spend = {d: float(d.day) for d in OCT_DAYS}  # ads for the whole month
    sp_campaign(folder, [(d, "Alice - SP", s, 4 * s) for d, s in spend.items()])
    _, doc = _json(capsys, str(folder))
    total = _total(doc)
    assert total["ad_spend"]["value"] == pytest.approx(sum(spend.values()))  # 496, all 31 days
    assert total["ad_spend"]["coverage"] == {"days": 31, "of": 31}
    first_half = sum(s for d, s in spend.items() if d.day <= 15)  # 120
    assert total["tacos"]["value"] == pytest.approx(first_half / 3000)
    assert total["tacos"]["coverage"] == {"days": 15, "of": 31}
    assert total["organic_sales"]["value"] == pytest.approx(3000 - 4 * first_half)
    assert any("tacos" in n and "2026-10-01..2026-10-15" in n for n in doc["notes"])


def test_families_that_cannot_share_days_give_no_data_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    by_item(folder, OCT)  # the whole month, undated: it cannot be cut to 15 days
    sp_campaign(folder, [(d, "Alice - SP", 3.0, 9.0) for d in OCT_DAYS[:15]])
    _, doc = _json(capsys, str(folder))
    total = _total(doc)
    assert total["sales"]["value"] == _sales(OCT)
    assert total["ad_spend"]["value"] == pytest.approx(45.0)
    assert total["tacos"]["value"] is None and total["tacos"]["status"] == "no_target"
    assert total["tacos"]["coverage"] == {"days": 15, "of": 31}
    assert total["organic_sales"]["value"] is None
    (warning,) = [w for w in doc["warnings"] if w.startswith("tacos")]
    assert "31 of 31 days" in warning and "15 of 31 days" in warning


# ------------------------------------------------------------------ nothing covers
@pytest.mark.parametrize("content", [None, "a.pdf"])
def test_an_empty_folder_or_one_without_reports_is_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    if content:
        (folder / content).write_bytes(b"%PDF-1.4\n")
    run = cli(capsys, "compute", str(folder))
    assert run.code == 3 and run.stdout == ""
    assert str(folder) in run.errors[0]
    if content:
        assert "a.pdf" in run.errors[0]


def test_a_targeted_kpi_no_input_covers_is_no_data_never_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    sp_campaign(folder, [(d, "Alice - SP", 3.0, 9.0) for d in OCT_DAYS])
    cfg = _config(tmp_path, "  sales: {min: 1000}\n")
    run = cli(capsys, "compute", str(folder), "-c", str(cfg), "-f", "json")
    doc = json.loads(run.stdout)
    sales = _total(doc)["sales"]
    assert sales["value"] is None and sales["status"] == "no_data"
    assert sales["coverage"] == {"days": 0, "of": 31}
    assert _total(doc)["net_profit"]["value"] is None


def test_only_payments_or_only_a_snapshot_is_enough(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = REPO / "sample_reports" / "2026-10"
    pay = tmp_path / "pay"
    pay.mkdir()
    name = "2026Oct1-2026Oct31CustomTransaction.csv"
    (pay / name).write_bytes((sample / name).read_bytes())
    _, doc = _json(capsys, str(pay))
    assert doc["period"]["start"] == "2026-10-01" and doc["period"]["end"] == "2026-10-31"
    assert _total(doc)["net_product_sales"]["value"] is not None
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "50046326019.txt").write_bytes((sample / "50046326019.txt").read_bytes())
    _, doc = _json(capsys, str(snap))
    assert doc["period"]["start"] == doc["period"]["end"] == "2026-10-31"
    assert _total(doc)["available_units"]["value"] is not None
    assert doc["coverage"]["inventory"]["snapshot"] == "2026-10-31"


def test_csv_says_a_stock_kpi_stands_on_a_snapshot_as_json_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over 91 days a snapshot KPI covers the period (a stock is a state), and JSON's
    top-level coverage names the snapshot's date: the CSV names it on the KPI's rows."""
    sample = REPO / "sample_reports" / "2026-10" / "50046326019.txt"
    if not sample.exists():
        pytest.skip("the sample FBA inventory report is not in this checkout")
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / sample.name).write_bytes(sample.read_bytes())
    with sample.open(encoding="utf-8") as f:  # the file's own snapshot-date column
        taken = {row["snapshot-date"] for row in csv.DictReader(f, delimiter="\t")}
    sp_campaign(folder, [(d, "Alice - SP", 1.0, 2.0) for d in OCT_DAYS])
    period = ("--period", "2026-09-01..2026-11-30")  # 30 + 31 + 30 = 91 days
    _, doc = _json(capsys, str(folder), *period)
    assert [doc["coverage"]["inventory"]["snapshot"]] == sorted(taken)
    for args in ([], ["--by", "asin"]):
        run = cli(capsys, "compute", str(folder), *period, *args, "-f", "csv", "--fail-on", "never")
        rows = list(csv.DictReader(io.StringIO(run.stdout)))
        stock = [r for r in rows if r["kpi"] == "available_units"]
        assert stock and {r["coverage_snapshot"] for r in stock} == taken
        assert {(r["coverage_days"], r["coverage_of"]) for r in stock} == {("91", "91")}
        spend = [r for r in rows if r["kpi"] == "ad_spend" and not r.get("asin")]  # total
        assert {(r["coverage_days"], r["coverage_of"], r["coverage_snapshot"]) for r in spend} == {
            ("31", "91", "")  # a flow: October's 31 days, no snapshot
        }
        # each row says which days and which period: the campaign rows' dates, the --period
        assert {r["coverage_spans"] for r in spend} == {f"{OCT_DAYS[0]}..{OCT_DAYS[-1]}"}
        assert {(r["period_start"], r["period_end"]) for r in rows} == {
            ("2026-09-01", "2026-11-30")
        }


def test_csv_names_each_span_its_value_covers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two downloads, of Oct 1-10 and of Oct 21-31 (a report covers its dates' span): the
    rows say 21 of 31 days, and which 21 (a folder not named for the month: only the
    reports' dates say what is covered)."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    first = [(d, "Alice - SP", 1.0, 2.0) for d in OCT_DAYS if d.day <= 10]
    last = [(d, "Alice - SP", 1.0, 2.0) for d in OCT_DAYS if d.day >= 21]
    sp_campaign(folder, first, "campaign 1-10.csv")
    sp_campaign(folder, last, "campaign 21-31.csv")
    run = cli(
        capsys, "compute", str(folder), "--period", "2026-10", "-f", "csv", "--fail-on", "never"
    )
    [spend] = [r for r in csv.DictReader(io.StringIO(run.stdout)) if r["kpi"] == "ad_spend"]
    assert (spend["value"], spend["coverage_days"], spend["coverage_of"]) == ("21.0", "21", "31")
    assert spend["coverage_spans"] == "2026-10-01..2026-10-10;2026-10-21..2026-10-31"
    assert (spend["period_start"], spend["period_end"]) == ("2026-10-01", "2026-10-31")


# ------------------------------------------------------------------ compare
def test_compare_a_side_nothing_covers_is_exit_3_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    by_item(root / "2026-10", OCT)
    run = cli(capsys, "compare", str(root), "--period", "2026-10", "--against", "last-year")
    assert run.code == 3 and run.stdout == ""
    assert run.errors[0].startswith("error: before: ")
    assert "2025-10-01..2025-10-31" in run.errors[0]


def test_a_one_folder_compare_gives_each_undated_report_to_its_own_month(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "reports"
    by_item(root / "2026-09", SEP)
    by_item(root / "2026-10", OCT)
    run = cli(capsys, "compare", str(root), "--period", "2026-10", "-f", "json")
    assert run.code == 0, run
    doc = json.loads(run.stdout)
    sales = next(r for r in doc["results"] if r["kpi"] == "sales" and not r["group"])
    assert (sales["before"], sales["after"]) == (_sales(SEP), _sales(OCT))
    assert not any("used for both periods" in w for w in doc["warnings"])


def test_compare_a_month_to_date_per_day_covered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """September in full against October's first 15 days: additive KPIs per covered day, so
    a steady 100.00 a day is no change (not a fall of half); each side says what it covers."""
    root = tmp_path / "reports"
    by_date(root / "2026-09", {d: 100.0 for d in days(date(2026, 9, 1), date(2026, 9, 30))})
    by_date(root / "2026-10", {d: 100.0 for d in OCT_DAYS[:15]})
    run = cli(capsys, "compare", str(root / "2026-09"), str(root / "2026-10"), "-f", "json")
    assert run.code == 0, run
    doc = json.loads(run.stdout)
    sales = next(r for r in doc["results"] if r["kpi"] == "sales" and not r["group"])
    assert (sales["before"], sales["after"]) == (3000.0, 1500.0)
    assert sales["per_day"]["before"] == sales["per_day"]["after"] == 100.0
    assert sales["per_day"]["delta"] == 0.0 and sales["better"] is None
    assert sales["coverage_before"] == {"days": 30, "of": 30}
    assert sales["coverage_after"] == {"days": 15, "of": 31}
    assert (sales["partial_before"], sales["partial_after"]) == (False, True)
    assert doc["after"]["coverage"]["sales"]["days"] == 15
    table = cli(capsys, "compare", str(root / "2026-09"), str(root / "2026-10"))
    assert "  sales: 2026-10-01..2026-10-15, 15 of 31 days" in table.stdout
    assert "1,500.00 USD *" in table.stdout or "100.00 USD *" in table.stdout
