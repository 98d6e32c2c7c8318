"""The README's quarter on the sample (issue 15's walkthrough): each month computed by owner into
a history, then the trend by owner from the month folders and from the history alone. Each
period of the trend equals compute of that month (values, statuses, coverage, scores,
payouts); each month's sales are summed here from its by-item Business Report, and each payout
is worked out here from the score and the config's tiers."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import Any

import pytest
from paths import REPO
from typer.testing import CliRunner

from kpitool.cli import app

SAMPLE = REPO / "sample_reports"
CONFIG = REPO / "configs" / "kpitool.yaml"
MONTHS = ("2026-09", "2026-10", "2026-11")
TIERS = ((1.1, 600.0), (0.9, 300.0))  # configs/kpitool.yaml: the highest tier reached


def _cli(args: list[str]) -> str:
    done = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert done.exit_code in (0, 1), (done.stdout, done.stderr, done.exception)
    return done.stdout


def _by_item_sales(month: str) -> Decimal:
    path = next(p for p in (SAMPLE / month).glob("BusinessReport-*.csv") if "(1)" not in p.name)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    money = (r["Ordered Product Sales"].replace("$", "").replace(",", "") for r in rows)
    return sum((Decimal(m) for m in money), Decimal(0))


def _key(r: dict[str, Any]) -> str:
    return json.dumps([r["group"], r["kpi"]], sort_keys=True)


def _without_period(rows: list[dict[str, Any]], month: str) -> list[dict[str, Any]]:
    mine = [{k: v for k, v in r.items() if k != "period"} for r in rows if r["period"] == month]
    return sorted(mine, key=_key)


def _paid(score: float | None) -> float | None:
    if score is None:
        return None
    return next((amount for edge, amount in TIERS if score >= edge), 0.0)


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """compute of each month by owner (recorded in a history), trend of the folders and of
    the history, as the README's walkthrough runs them."""
    tmp = tmp_path_factory.mktemp("quarter")
    db = tmp / "history.db"
    computes = {}
    for month in MONTHS:
        out = tmp / f"{month}.json"
        base = ["compute", str(SAMPLE / month), "-c", str(CONFIG), "--by", "owner"]
        _cli([*base, "--history", str(db), "-f", "json", "-o", str(out)])
        computes[month] = json.loads(out.read_text(encoding="utf-8"))
    by = ["-c", str(CONFIG), "--by", "owner", "-f", "json"]
    folders = json.loads(_cli(["trend", str(SAMPLE), *by]))
    history = json.loads(_cli(["trend", "--history", str(db), *by]))
    return {"computes": computes, "folders": folders, "history": history}


def test_the_trend_has_the_three_months(quarter: dict[str, Any]) -> None:
    for source in ("folders", "history"):
        periods = quarter[source]["periods"]
        assert [(p["label"], p["days"]) for p in periods] == [
            ("2026-09", 30),
            ("2026-10", 31),
            ("2026-11", 30),
        ]


@pytest.mark.parametrize("month", MONTHS)
def test_each_month_of_the_trend_equals_its_compute(quarter: dict[str, Any], month: str) -> None:
    alone = quarter["computes"][month]
    expected = sorted(alone["results"], key=_key)
    assert _without_period(quarter["folders"]["results"], month) == expected
    # the sales of the month, summed here from its by-item report
    total = next(r for r in expected if r["kpi"] == "sales" and r["group"] == {})
    assert Decimal(str(total["value"])) == _by_item_sales(month)
    for source in ("folders", "history"):
        scores = [s for s in quarter[source]["scores"] if s["period"] == month]
        assert {json.dumps(s["group"]): s["score"] for s in scores} == pytest.approx(
            {json.dumps(s["group"]): s["score"] for s in alone["scores"]}
        )


@pytest.mark.parametrize("month", MONTHS)
def test_the_history_gives_the_same_values(quarter: dict[str, Any], month: str) -> None:
    def values(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {_key(r): (r["value"], r["status"]) for r in rows if r["period"] == month}

    recorded = values(quarter["history"]["results"])
    read = values(quarter["folders"]["results"])
    assert recorded.keys() == read.keys()
    for key, (value, status) in read.items():
        assert recorded[key][1] == status, key
        assert recorded[key][0] == (None if value is None else pytest.approx(value)), key


def test_payouts_per_month_and_summed_follow_the_tiers(quarter: dict[str, Any]) -> None:
    for source in ("folders", "history"):
        out = quarter[source]
        sums: dict[str, float] = {}
        for s in out["scores"]:
            owner = s["group"].get("owner")
            if owner is None or owner == "(unassigned)":
                continue
            paid = _paid(s["score"])
            assert s["payout"] == {"amount": paid, "currency": "USD"}, (source, s)
            sums[owner] = sums.get(owner, 0.0) + (paid or 0.0)
        got = {p["group"]["owner"]: p["amount"] for p in out["payouts"]}
        assert got == sums
    # the sample's story: alice rises to the top tier in November, bob falls below them all
    paid = {
        (s["period"], s["group"].get("owner")): s["payout"]["amount"]
        for s in quarter["folders"]["scores"]
        if s["group"].get("owner") in ("alice", "bob")
    }
    assert [paid[(m, "alice")] for m in MONTHS] == [300.0, 300.0, 600.0]
    assert [paid[(m, "bob")] for m in MONTHS] == [300.0, 300.0, 0.0]
