"""Profit KPIs end to end on a hand-made month: every expected figure is worked out by hand
in the comments from the fixture rows below (Decimal arithmetic), never read off the code."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import SETTLEMENT_HEADER
from ledger_files import HEADER_2019, PREAMBLE_2019, settlement_rows
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.config import load_config
from kpitool.engine.compute import compute
from kpitool.io.folder import scan_folder
from kpitool.results import ComputeResult

runner = CliRunner()

PREAMBLE = PREAMBLE_2019[:3]
HEADER = HEADER_2019
AMOUNTS = HEADER[13:26]


def _row(when: str, type_: str, order: str, sku: str, desc: str, qty: str, **cents: str) -> str:
    amounts = {c: "0" for c in AMOUNTS}
    amounts.update({k.replace("_", " "): v for k, v in cents.items() if k != "total"})
    cells = [when, "111", type_, order, sku, desc, qty, "amazon.com", "Amazon", "", "", "", ""]
    cells += [amounts[c] for c in AMOUNTS] + [cents["total"]]
    return ",".join(f'"{c}"' for c in cells)


# Hand computation (USD):
#   net_product_sales = 50 + 25 − 25 + 40                                   = 90.00
#   refunds           = 25.00
#   amazon_fees       = −[(−7.50 − 6.00) + (−3.75 − 3.00) + 3.00 + (−6.00 − 5.00)]
#                       + 12.34 (storage) + 39.99 (subscription)            = 80.58
#     (the 60.00 Cost of Advertising sits in "other transaction fees" but is advertising)
#   Σ total, non-Transfer = 36.50 + 18.25 − 22.00 + 25.00 − 12.34 − 39.99 − 60.00 + 10.00
#                                                                            = −44.58
#   cogs: 2 × 10.00 (Oct 2) + 1 × 12.00 (Oct 16, the new cost from Oct 15)
#         − 1 × 10.00 (refund of the Oct 2 order: its sale-day cost) + 1 × 15.00 (SKU-B)
#                                                                            = 37.00
PAYMENTS = [
    _row("Sep 30, 2026 11:00:00 PM PDT", "Order", "111-0", "SKU-A", "x", "1",
         product_sales="25.00", selling_fees="-3.75", fba_fees="-3.00", total="18.25"),
    _row("Oct 2, 2026 9:00:00 AM PDT", "Order", "111-1", "SKU-A", "x", "2",
         product_sales="50.00", selling_fees="-7.50", fba_fees="-6.00", total="36.50"),
    _row("Oct 3, 2026 9:00:00 AM PDT", "Service Fee", "", "", "Subscription", "",
         other="-39.99", total="-39.99"),
    _row("Oct 5, 2026 9:00:00 AM PDT", "Order", "111-2", "SKU-B", "x", "1",
         product_sales="40.00", promotional_rebates="-4.00", selling_fees="-6.00",
         fba_fees="-5.00", total="25.00"),
    _row("Oct 9, 2026 9:00:00 AM PDT", "FBA Inventory Fee", "", "", "FBA Inventory Storage Fee",
         "", other="-12.34", total="-12.34"),
    _row("Oct 13, 2026 9:00:00 AM PDT", "Service Fee", "", "", "Cost of Advertising", "",
         other_transaction_fees="-60.00", total="-60.00"),
    _row("Oct 31, 2026 9:00:00 AM PDT", "Transfer", "", "", "To your account ending in: 000",
         "", other="-1,000.00", total="-1,000.00"),
    _row("Oct 16, 2026 9:00:00 AM PDT", "Order", "111-3", "SKU-A", "x", "1",
         product_sales="25.00", selling_fees="-3.75", fba_fees="-3.00", total="18.25"),
    _row("Oct 20, 2026 9:00:00 AM PDT", "Refund", "111-1", "SKU-A", "x", "1",
         product_sales="-25.00", selling_fees="3.00", total="-22.00"),
    _row("Oct 22, 2026 9:00:00 AM PDT", "Adjustment", "", "SKU-B",
         "FBA Inventory Reimbursement - Lost:Warehouse", "1", other="10.00", total="10.00"),
]  # fmt: skip
COSTS = """sku,unit_cost,currency,effective_from
SKU-A,10.00,USD,2026-01-01
SKU-A,12.00,USD,2026-10-15
SKU-B,15.00,USD,2026-01-01
"""
# one Sponsored Products campaign row: 75.00 spent in October
SP_CAMPAIGN = (
    "Date,Campaign Name,Impressions,Clicks,Spend,7 Day Total Orders (#),7 Day Total Sales \n"
    '"Oct 31, 2026",A - SP,1000,50,$75.00,3,$120.00\n'
)
NPS, REFUNDS, FEES, PAID, COGS = D("90.00"), D("25.00"), D("80.58"), D("-44.58"), D("37.00")


def _month(tmp_path: Path, *, ads: bool = False, costs: str | None = COSTS) -> Path:
    folder = tmp_path / "2026-10"
    folder.mkdir(parents=True)
    text = "\n".join(['"' + p + '"' for p in PREAMBLE] + [",".join(f'"{h}"' for h in HEADER)])
    text += "\n" + "\n".join(PAYMENTS) + "\n"
    (folder / "2026Sep30-2026Oct31CustomTransaction.csv").write_text(text, encoding="utf-8")
    if ads:
        (folder / "Sponsored Products Campaign report.csv").write_text(SP_CAMPAIGN)
    config = tmp_path / "kpitool.yaml"
    lines = ["version: 1", "currency: USD"]
    if costs is not None:
        (tmp_path / "costs.csv").write_text(costs)
        lines.append("costs: costs.csv")
    lines += ["targets:", "  net_margin: {min: 0.15}"]
    config.write_text("\n".join(lines) + "\n")
    return folder


def _run(folder: Path, by: tuple[str, ...] = ()) -> ComputeResult:
    return compute(scan_folder(folder), load_config(folder.parent / "kpitool.yaml"), by=by)


def _values(result: ComputeResult, group: dict[str, str] | None = None) -> dict[str, Any]:
    return {r.kpi: r.value for r in result.all_results() if r.group == (group or {})}


def _close(value: float | None, expected: D) -> bool:
    return value is not None and abs(D(str(value)) - expected) < D("0.000001")


def test_net_profit_by_hand_without_ads_reports(tmp_path: Path) -> None:
    result = _run(_month(tmp_path))
    v = _values(result)
    assert _close(v["net_product_sales"], NPS)
    assert _close(v["refunds"], REFUNDS)
    assert _close(v["amazon_fees"], FEES)
    assert _close(v["cogs"], COGS)
    # no ads report: the advertising charged in the payments report is the ad cost
    net = PAID - COGS  # −81.58
    assert _close(v["net_profit"], net)
    assert v["net_margin"] == pytest.approx(float(net / NPS))
    assert v["break_even_acos"] == pytest.approx(float((NPS - FEES - COGS) / NPS))
    assert v["roi"] == pytest.approx(float(net / COGS))
    assert any("1 row(s) dated outside the period" in w for w in result.warnings)


def test_advertising_is_counted_once(tmp_path: Path) -> None:
    result = _run(_month(tmp_path, ads=True))
    v = _values(result)
    assert _close(v["ad_spend"], D("75.00"))
    # the 60.00 charged in payments is replaced by the 75.00 the ads report spent, not added
    assert _close(v["net_profit"], PAID + D("60.00") - COGS - D("75.00"))  # −96.58
    steps = {s.step: s.amount for s in result.waterfall}
    assert sum(v for k, v in steps.items() if k != "net_profit" and v is not None) == (
        pytest.approx(steps["net_profit"])
    )
    assert _close(steps["product_sales"], NPS + REFUNDS)
    assert _close(steps["advertising"], D("-75.00"))
    # promotional rebate −4.00 and the reimbursement +10.00 are the "other" step
    assert _close(steps["other"], D("6.00"))


def test_cost_switches_on_its_effective_date_by_sku_and_month(tmp_path: Path) -> None:
    result = _run(_month(tmp_path), by=("sku",))
    a, b = _values(result, {"sku": "SKU-A"}), _values(result, {"sku": "SKU-B"})
    assert _close(a["cogs"], D("22.00"))  # 2 × 10 + 1 × 12 − 1 × 10
    assert _close(b["cogs"], D("15.00"))
    assert _close(a["net_product_sales"], D("50.00"))
    total = _values(_run(_month(tmp_path / "t")))
    groups = {r.group["sku"] for r in result.all_results() if r.group}
    for kpi in ("net_product_sales", "amazon_fees", "cogs", "net_profit"):
        parts = sum(_values(result, {"sku": g})[kpi] or 0 for g in groups)
        assert parts == pytest.approx(total[kpi]), kpi
    by_month = _run(_month(tmp_path / "m"), by=("month",))
    assert {r.group["month"] for r in by_month.all_results() if r.group} == {"2026-10"}


def test_sku_without_cost_is_listed_once_and_marked_partial(tmp_path: Path) -> None:
    folder = _month(
        tmp_path, costs="sku,unit_cost,currency,effective_from\nSKU-A,10,USD,2026-01-01\n"
    )
    proc = runner.invoke(
        app, ["compute", str(folder), "--config", str(tmp_path / "kpitool.yaml"), "-f", "json"]
    )
    assert proc.exit_code in (0, 1), proc.output
    doc = json.loads(proc.stdout)
    by_kpi = {r["kpi"]: r for r in doc["results"] if not r["group"]}
    for kpi in ("cogs", "net_profit", "net_margin", "break_even_acos", "roi"):
        assert by_kpi[kpi]["partial"] is True, kpi
        assert by_kpi[kpi]["missing_costs"] == ["SKU-B"], kpi
    assert by_kpi["net_product_sales"]["partial"] is False
    assert "missing_costs" not in by_kpi["net_product_sales"]
    warned = [w for w in doc["warnings"] if "no unit cost" in w]
    assert len(warned) == 1 and "SKU-B" in warned[0]
    # SKU-A alone: 2 × 10 + 1 × 10 − 1 × 10
    assert by_kpi["cogs"]["value"] == pytest.approx(20.0)


def test_net_margin_target_and_table_views(tmp_path: Path) -> None:
    folder = _month(tmp_path, ads=True)
    cfg = str(tmp_path / "kpitool.yaml")
    proc = runner.invoke(app, ["compute", str(folder), "--config", cfg, "-f", "json"])
    doc = json.loads(proc.stdout)
    margin = next(r for r in doc["results"] if r["kpi"] == "net_margin" and not r["group"])
    assert margin["status"] == "fail" and margin["target"]["min"] == 0.15
    assert proc.exit_code == 1  # a missed target
    table = runner.invoke(app, ["compute", str(folder), "--config", cfg, "--by", "sku"])
    assert "Profit waterfall" in table.stdout
    assert "ACOS vs break-even ACOS by sku" in table.stdout


def test_no_cost_file_leaves_cost_based_kpis_without_data(tmp_path: Path) -> None:
    result = _run(_month(tmp_path, costs=None))
    v = _values(result)
    assert _close(v["net_product_sales"], NPS)
    assert v["cogs"] is None and v["net_profit"] is None and v["roi"] is None
    assert any(w.startswith("no unit costs") for w in result.warnings)


def test_settlement_file_feeds_profit_and_is_not_added_to_a_date_range_report(
    tmp_path: Path,
) -> None:
    text = "\n".join(["\t".join(SETTLEMENT_HEADER), *settlement_rows()]) + "\n"
    folder = tmp_path / "2020-03"
    folder.mkdir()
    (folder / "12345678901.txt").write_text(text)
    cfg = tmp_path / "kpitool.yaml"
    (tmp_path / "costs.csv").write_text("sku,unit_cost,currency,effective_from\n"
                                        "SKU-A,10.00,USD,2020-01-01\n")  # fmt: skip
    cfg.write_text("version: 1\ncosts: costs.csv\n")
    result = compute(scan_folder(folder), load_config(cfg))
    v = _values(result)
    # from the fixture's hand sums (tests/test_ledger.py): order 24.99 and refund −24.99
    assert _close(v["net_product_sales"], D("0.00"))
    assert _close(v["refunds"], D("24.99"))
    # fees: order −6.97, refund +3.00, storage and subscription −52.33
    assert _close(v["amazon_fees"], D("56.30"))
    # one unit sold, one refunded (units on the Principal rows only, not on the fee rows)
    assert _close(v["cogs"], D("0.00"))
    assert not any("no unit cost" in w for w in result.warnings)

    # the same month with a Date Range Report too: the settlement file is named, not added
    month = _month(tmp_path / "both")
    (month / "12345678901.txt").write_text(text)
    both = _run(month)
    assert _close(_values(both)["net_product_sales"], NPS)
    # (its rows are of March 2020: outside the folder's October 2026, so not used at all)
    assert any("12345678901.txt" in w and "not used" in w for w in both.warnings)


@pytest.mark.parametrize(
    ("name", "partial"),
    [("2026Oct1-2026Oct31CustomTransaction.csv", False), ("payments.csv", True)],
)
def test_coverage_from_the_requested_range_in_the_file_name(
    tmp_path: Path, name: str, partial: bool
) -> None:
    """The last transaction is on Oct 22: a report downloaded for Oct 1-31 (its name says so)
    still covers the month; a renamed one is judged by its data and marked partial."""
    folder = _month(tmp_path)
    [path] = folder.glob("*CustomTransaction.csv")
    lines = [x for x in path.read_text().splitlines() if "Oct 31, 2026" not in x]
    path.unlink()
    (folder / name).write_text("\n".join(lines) + "\n")
    result = _run(folder)
    nps = next(r for r in result.results if r.kpi == "net_product_sales" and not r.group)
    assert nps.partial is partial
    assert _close(nps.value, NPS)


@pytest.mark.parametrize("by", [(), ("sku",)])
def test_a_sku_without_cost_is_listed_with_control_characters_as_text(
    tmp_path: Path, by: tuple[str, ...]
) -> None:
    """A SKU cell holding an escape character (ESC, 0x1b) is listed in missing_costs as the
    ``\\x1b`` text every other label shows, never as the character itself."""
    folder = _month(
        tmp_path, costs="sku,unit_cost,currency,effective_from\nSKU-A,10,USD,2026-01-01\n"
    )
    (payments,) = folder.glob("*CustomTransaction.csv")
    payments.write_text(payments.read_text().replace('"SKU-B"', '"SKU\x1bB"'), encoding="utf-8")
    args = ["compute", str(folder), "--config", str(tmp_path / "kpitool.yaml"), "-f", "json"]
    proc = runner.invoke(app, [*args, *(a for d in by for a in ("--by", d))])
    assert proc.exit_code in (0, 1), proc.output
    assert "\x1b" not in proc.stdout and "\\u001b" not in proc.stdout
    doc = json.loads(proc.stdout)
    shown = "SKU\\x1bB"  # backslash, x, 1, b: as written by hand from the cell above
    listed = {
        r["group"].get("sku"): r["missing_costs"] for r in doc["results"] if r["kpi"] == "cogs"
    }
    assert listed[None] == [shown]
    if by:
        assert listed[shown] == [shown] and listed["SKU-A"] == []
