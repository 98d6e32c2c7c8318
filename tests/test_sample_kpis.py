"""The main job on the bundled sample: KPI values checked against an independent reading of the
sample files (csv module, hand cleaning), and the whole output pinned in golden files.

The golden files catch regressions; the independent sums are what make the numbers right.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from paths import GOLDEN, REPO
from typer.testing import CliRunner

from kpitool.cli import app

ROOT = REPO
SAMPLE = ROOT / "sample_reports"
GOLDEN = GOLDEN
CONFIG = ROOT / "configs" / "kpitool.yaml"


def _rows(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(fh)]


def _num(text: str) -> Decimal:
    text = text.strip().replace("$", "").replace(",", "")
    return Decimal(text) if text not in ("", "--") else Decimal(0)


def _sum(rows: list[dict[str, str]], column: str) -> Decimal:
    return sum((_num(r[column]) for r in rows), Decimal(0))


def _run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["compute", *args, "--config", str(CONFIG), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _values(doc: dict[str, Any], group: dict[str, str] | None = None) -> dict[str, Any]:
    group = group or {}
    return {r["kpi"]: r["value"] for r in doc["results"] if r["group"] == group}


def _by_item(month: str) -> list[dict[str, str]]:
    files = [p for p in (SAMPLE / month).glob("BusinessReport-*.csv") if "(1)" not in p.name]
    return _rows(files[0])


@pytest.mark.parametrize("month", ["2026-09", "2026-10", "2026-11"])
def test_sample_kpis_match_an_independent_reading(month: str) -> None:
    folder = SAMPLE / month
    items = _by_item(month)
    sp = _rows(folder / "Sponsored Products Campaign report.csv")
    sp_products = _rows(folder / "Sponsored Products Advertised product report.csv")
    sb = _rows(folder / "Sponsored Brands Campaign report.csv")
    sd = _rows(folder / "Sponsored Display Campaign report.csv")

    sales = _sum(items, "Ordered Product Sales")
    units = _sum(items, "Units Ordered")
    sessions = _sum(items, "Sessions - Total")
    spend = _sum(sp, "Spend") + _sum(sb, "Spend") + _sum(sd, "Spend")
    ad_sales = (
        _sum(sp, "7 Day Total Sales")
        + _sum(sb, "14 Day Total Sales")
        + _sum(sd, "14 Day Total Sales")
    )
    # the SP campaign report has no units column: SP units come from the advertised products
    ad_units = (
        _sum(sp_products, "7 Day Total Units (#)")
        + _sum(sb, "14 Day Total Units (#)")
        + _sum(sd, "14 Day Total Units (#)")
    )

    v = _values(_run_json(str(folder)))
    assert v["sales"] == pytest.approx(float(sales), abs=1e-6)
    assert v["units"] == float(units)
    assert v["sessions"] == float(sessions)
    assert v["conversion_rate"] == pytest.approx(float(units / sessions), abs=1e-9)
    assert v["ad_spend"] == pytest.approx(float(spend), abs=1e-6)
    assert v["ad_sales"] == pytest.approx(float(ad_sales), abs=1e-6)
    assert v["ad_units"] == float(ad_units)
    assert v["acos"] == pytest.approx(float(spend / ad_sales), abs=1e-9)
    assert v["tacos"] == pytest.approx(float(spend / sales), abs=1e-9)
    assert v["acos"] * v["roas"] == pytest.approx(1.0, abs=1e-8)


def _payments(month: str) -> list[dict[str, str]]:
    path = next((SAMPLE / month).glob("*CustomTransaction.csv"))
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('"date/time"'))
    return list(csv.DictReader(lines[start:]))


def _day(text: str) -> date:  # "Oct 1, 2026 12:26:16 AM PDT"
    return datetime.strptime(text.rsplit(" ", 1)[0], "%b %d, %Y %I:%M:%S %p").date()


@pytest.mark.parametrize("month", ["2026-09", "2026-10", "2026-11"])
def test_sample_profit_matches_an_independent_reading(month: str) -> None:
    pay = _payments(month)
    costs: dict[str, list[tuple[date, Decimal]]] = {}
    for c in _rows(ROOT / "configs" / "costs.csv"):
        costs.setdefault(c["sku"], []).append(
            (date.fromisoformat(c["effective_from"]), _num(c["unit_cost"]))
        )

    def cost(sku: str, day: date) -> Decimal:
        return max(x for x in costs[sku] if x[0] <= day)[1]

    ordered = {(r["order id"], r["sku"]): _day(r["date/time"]) for r in pay if r["type"] == "Order"}
    nps = refunds = fees = paid = charged = cogs = Decimal(0)
    for r in pay:
        kind, total = r["type"], _num(r["total"])
        ad = r["description"] == "Cost of Advertising"
        if kind in ("Order", "Refund"):
            nps += _num(r["product sales"])
            sign = 1 if kind == "Order" else -1
            day = _day(r["date/time"])
            if kind == "Refund":
                day = ordered.get((r["order id"], r["sku"]), day)
                refunds -= _num(r["product sales"])
            cogs += sign * int(r["quantity"]) * cost(r["sku"], day)
        if kind != "Transfer":
            paid += total
        if ad:
            charged -= total
        elif kind in ("FBA Inventory Fee", "Service Fee"):
            fees -= total
        elif kind != "Transfer":
            fees -= sum(_num(r[c]) for c in ("selling fees", "fba fees", "other transaction fees"))

    v = _values(_run_json(str(SAMPLE / month)))
    net = paid + charged - cogs - Decimal(str(v["ad_spend"]))
    expected = {"net_product_sales": nps, "refunds": refunds, "amazon_fees": fees, "cogs": cogs}
    for kpi, value in {**expected, "net_profit": net}.items():
        assert Decimal(str(v[kpi])) == value.quantize(Decimal("0.01")), kpi
    assert v["net_margin"] == pytest.approx(float(net / nps), abs=1e-9)
    assert v["break_even_acos"] == pytest.approx(float((nps - fees - cogs) / nps), abs=1e-9)
    assert v["roi"] == pytest.approx(float(net / cogs), abs=1e-9)


@pytest.mark.parametrize("month", ["2026-10", "2026-11"])
def test_owners_add_up_to_the_total_and_match_their_asins(month: str) -> None:
    doc = _run_json(str(SAMPLE / month), "--by", "owner")
    total = _values(doc)
    owners = {r["group"]["owner"] for r in doc["results"] if r["group"]}
    assert owners == {"alice", "bob", "carol", "(unassigned)"}
    for kpi in ("sales", "units", "sessions", "ad_spend", "ad_sales", "clicks", "impressions"):
        parts = sum(_values(doc, {"owner": o})[kpi] for o in owners)
        assert parts == pytest.approx(total[kpi], abs=1e-6), kpi
    items = _by_item(month)
    alice = sum(
        (
            _num(r["Ordered Product Sales"])
            for r in items
            if r["(Child) ASIN"].startswith("B0ALPHA")
        ),
        Decimal(0),
    )
    assert _values(doc, {"owner": "alice"})["sales"] == pytest.approx(float(alice), abs=1e-6)


# ------------------------------------------------------------------ golden files
CASES = {
    "compute_2026-09.json": ["2026-09", "-f", "json"],
    "compute_2026-10.json": ["2026-10", "-f", "json"],
    "compute_2026-10_by_owner.csv": ["2026-10", "--by", "owner", "-f", "csv"],
    "compute_2026-10_by_team.md": ["2026-10", "--by", "team", "-f", "markdown"],
    "compute_2026-11.json": ["2026-11", "-f", "json"],
    "compute_2026-11_by_owner.csv": ["2026-11", "--by", "owner", "-f", "csv"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the output are relative to the repo root
    month, *options = CASES[name]
    args = ["compute", f"sample_reports/{month}", "--config", "configs/kpitool.yaml", *options]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    path = GOLDEN / name
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run pytest --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")
