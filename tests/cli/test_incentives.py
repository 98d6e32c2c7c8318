"""Incentive payouts: each owner's score pays the highest tier it reaches, at the tier edges
(a score of exactly 0.9, and just below), with an owner's own tiers, and never for an owner
without data. Scores are worked out here from what the tests write (sales / the target)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from coverage_files import Item, by_item
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.config import load_config
from kpitool.errors import ConfigError

pytestmark = pytest.mark.usefixtures("in_empty_dir")

CONFIG = """\
version: 1
currency: USD
targets: {units: {min: 1}}
incentives:
  currency: USD
  tiers:
    - {min_score: 0, payout: 50}
    - {min_score: 0.9, payout: 300}
    - {min_score: 1.1, payout: 600}
owners:
  ann:
    asins: ["B0ANN*"]
    targets: {sales: {min: 1000}}
  ben:
    asins: ["B0BEN*"]
    targets: {sales: {min: 1000}}
  cy:
    asins: ["B0CY*"]
    targets: {sales: {min: 1000}}
    incentives:
      currency: EUR
      tiers: [{min_score: 1.0, payout: 1000}]
  dee:
    asins: ["B0DEE*"]
    targets: {acos: {max: 0.3}}
"""


def _folder(root: Path, month: str) -> Path:
    folder = root / month
    folder.mkdir(parents=True)
    by_item(
        folder,
        [
            Item("B0ANN1", "ANN-1", 100, 10, 900.00),  # 900 / 1,000: a score of exactly 0.9
            Item("B0BEN1", "BEN-1", 100, 10, 899.99),  # 0.89999: just below 0.9
            Item("B0CY1", "CY-1", 100, 10, 1100.00),  # 1.1, on cy's own tiers
            Item("B0DEE1", "DEE-1", 100, 10, 500.00),  # dee's only target, acos, has no data
        ],
    )
    return folder


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    cfg = tmp_path / "kpitool.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    return _folder(tmp_path / "reports", "2026-10"), cfg


def _run(args: list[str], code: int = 1) -> str:
    done = CliRunner().invoke(app, args)
    assert done.exit_code == code, (done.stdout, done.stderr, done.exception)
    return done.stdout


def _scores(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["group"].get("owner", "total"): s for s in out["scores"]}


def test_payouts_at_the_tier_edges_override_and_no_data(setup: tuple[Path, Path]) -> None:
    folder, cfg = setup
    # exit 1: ben misses his sales target, dee's acos has no data
    out = json.loads(_run(["compute", str(folder), "-c", str(cfg), "--by", "owner", "-f", "json"]))
    scores = _scores(out)
    assert scores["ann"]["score"] == pytest.approx(0.9)
    assert scores["ann"]["payout"] == {"amount": 300.0, "currency": "USD"}  # exactly 0.9
    assert scores["ben"]["payout"] == {"amount": 50.0, "currency": "USD"}  # just below
    assert scores["cy"]["payout"] == {"amount": 1000.0, "currency": "EUR"}  # own tiers
    # dee's score counts the missing acos as 0, but no data is no payout, not the 0 tier
    assert scores["dee"]["score"] == 0.0 and scores["dee"]["payout"] is None
    assert scores["total"]["payout"] is None  # the total has no payout, but says so


def test_payouts_in_every_format(setup: tuple[Path, Path]) -> None:
    folder, cfg = setup
    base = ["compute", str(folder), "-c", str(cfg), "--by", "owner"]
    table = _run(base)
    assert "Score (owner=ann): 90 %, payout 300.00 USD" in table
    assert "Score (owner=dee): 0 %, payout –" in table
    md = _run([*base, "-f", "markdown"])
    assert "| Group | Score | Payout |" in md
    assert "| owner=cy | 110 % | 1,000.00 EUR |" in md
    rows = list(csv.DictReader(io.StringIO(_run([*base, "-f", "csv"]))))
    ann = next(r for r in rows if r["owner"] == "ann" and r["kpi"] == "sales")
    assert (ann["payout"], ann["payout_currency"]) == ("300.0", "USD")
    dee = next(r for r in rows if r["owner"] == "dee" and r["kpi"] == "sales")
    assert (dee["payout"], dee["payout_currency"]) == ("", "")


def test_without_a_breakdown_by_owner_nothing_changes(setup: tuple[Path, Path]) -> None:
    folder, cfg = setup
    out = json.loads(_run(["compute", str(folder), "-c", str(cfg), "-f", "json"], code=0))
    assert out["scores"] == [{"group": {}, "score": 1.2}]  # no payout key without --by owner
    plain = cfg.parent / "plain.yaml"
    plain.write_text(CONFIG.split("incentives:")[0], encoding="utf-8")
    text = _run(["compute", str(folder), "-c", str(plain), "--by", "owner", "-f", "csv"], 0)
    assert "payout" not in text.splitlines()[0]


def test_trend_shows_payouts_per_period_and_their_sum(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    _folder(root, "2026-09")
    _folder(root, "2026-10")
    cfg = tmp_path / "kpitool.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    args = ["trend", str(root), "-c", str(cfg), "--by", "owner"]
    out = json.loads(_run([*args, "-f", "json"]))
    sums = {p["group"]["owner"]: p for p in out["payouts"]}
    assert sums["ann"] == {
        "group": {"owner": "ann"},
        "amount": 600.0,
        "currency": "USD",
        "periods": 2,
    }
    assert sums["cy"]["amount"] == 2000.0 and sums["cy"]["currency"] == "EUR"
    assert sums["dee"] == {
        "group": {"owner": "dee"},
        "amount": None,
        "currency": None,
        "periods": 0,
    }
    per = [(s["period"], s["payout"]) for s in out["scores"] if s["group"] == {"owner": "ben"}]
    ben = {"amount": 50.0, "currency": "USD"}
    assert per == [("2026-09", ben), ("2026-10", ben)]
    table = _run(args)
    assert "Payouts" in table
    line = next(x for x in table.splitlines() if "owner=ann" in x and "USD" in x)
    assert line.count("300.00 USD") == 2 and "600.00 USD" in line
    # from a history: the recorded scores, paid with the config's tiers
    db = tmp_path / "h.db"
    for month in ("2026-09", "2026-10"):
        _run(["compute", str(root / month), "-c", str(cfg), "--by", "owner", "--history", str(db)])
    again = json.loads(
        _run(["trend", "--history", str(db), "-c", str(cfg), "--by", "owner", "-f", "json"])
    )
    assert again["payouts"] == out["payouts"]


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "k.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    return str(exc.value).splitlines()


def test_incentives_are_validated_with_file_and_line(tmp_path: Path) -> None:
    lines = _errors(
        tmp_path,
        "version: 1\n"  # 1
        "incentives:\n"  # 2
        "  currency: usd\n"  # 3
        "  tiers:\n"  # 4
        "    - {min_score: 1.1, payout: 600}\n"  # 5
        "    - {min_score: 0.9, payout: -5}\n"  # 6
        "owners:\n"  # 7
        "  ann:\n"  # 8
        "    incentives: {tiers: []}\n",  # 9
    )
    text = "\n".join(lines)
    assert "k.yaml:3: incentives.currency: a currency code is 3 upper-case letters" in text
    assert "k.yaml:6: incentives.tiers[1].min_score: tiers must be in ascending min_score" in text
    assert (
        "k.yaml:6: incentives.tiers[1].payout: Input should be greater than or equal to 0" in text
    )
    assert "k.yaml:9: owners.ann.incentives.tiers: List should have at least 1 item" in text
    # no currency anywhere: the block says where to put one
    lines = _errors(tmp_path, "version: 1\nincentives:\n  tiers: [{min_score: 1, payout: 1}]\n")
    assert lines == [
        f"{tmp_path / 'k.yaml'}:2: incentives: no currency for the payouts: add currency: USD "
        "here or at the top level"
    ]
    # an owner's block inherits the top-level currency, else the reporting currency
    path = tmp_path / "ok.yaml"
    path.write_text(
        "version: 1\ncurrency: GBP\nowners:\n  ann:\n"
        "    incentives: {tiers: [{min_score: 1, payout: 9}]}\n",
        encoding="utf-8",
    )
    cfg = load_config(path)
    own = cfg.incentives_for("ann")
    assert own is not None and own.currency == "GBP"
    done = CliRunner().invoke(app, ["validate", "--config", str(path)])
    assert done.exit_code == 0


def test_the_library_pays_the_highest_tier_reached() -> None:
    from kpitool.config import Incentives, Tier
    from kpitool.engine.incentives import payout
    from kpitool.results import Payout

    tiers = Incentives(
        currency="USD",
        tiers=[Tier(min_score=0.9, payout=300), Tier(min_score=1.1, payout=600)],
    )
    assert payout(0.9, tiers) == Payout(300.0, "USD")  # at the edge: reached
    assert payout(0.3 * 3, tiers) == Payout(300.0, "USD")  # 0.8999999999999999 is 0.9
    assert payout(0.8999, tiers) == Payout(0.0, "USD")  # below every tier: 0
    assert payout(1.1, tiers) == Payout(600.0, "USD")
    assert payout(1.2, tiers) == Payout(600.0, "USD")
    assert payout(None, tiers) is None  # no score: no payout, never a tier
