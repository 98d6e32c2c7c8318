"""`kpitool suggest`: next period's targets from known series (flat, rising, partial, seasonal
with last year in the history), each expected figure worked out by hand in the test; the
output is read back and validated through the real `kpitool validate`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from coverage_files import by_date, days, sp_campaign
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.config import load_config
from kpitool.engine.suggest import plan, suggest, target_period
from kpitool.engine.trend import trend_from_history
from kpitool.errors import KpiToolError
from kpitool.render.suggest import render_suggestion
from kpitool.results import ComputeResult, Coverage, KpiResult, Period, Score, Status
from kpitool.store import RunMeta, latest, record

pytestmark = pytest.mark.usefixtures("in_empty_dir")
META = RunMeta(account="default", config_hash="test", version="test")

CONFIG = """\
version: 1
currency: USD
targets:
  sales: {min: 3000, weight: 3}
  acos: {max: 0.3, warn_within: 0.05}
  net_margin: {min: 0.15}
  days_of_supply: {min: 30, max: 90}
owners:
  ann:
    name: "Ann #1: growth"
    asins: ["B0A*"]
    targets:
      sales: {min: 1000}
kpis:
  spend_per_unit: {formula: "ad_spend / units", unit: currency, better: lower}
"""


def _month(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Period(start, end)


def _sales(group: dict[str, str], total: float, per: Period, days_: int) -> KpiResult:
    cover = Coverage.of(per, [(per.start, per.start + timedelta(days=days_ - 1))])
    return KpiResult(
        group, "sales", total, "currency", None, Status.NO_TARGET, coverage=cover,
        partial=days_ < per.days, projected=total * per.days / days_, additive=True,
    )  # fmt: skip


def _record(db: Path, months: list[tuple[Period, float, float | None, float | None]]) -> None:
    """Each month: sales per day over its days (or ``covered`` days), acos, ann's sales/day."""
    for per, daily, acos, ann in months:
        results = [_sales({}, daily * per.days, per, per.days)]
        if acos is not None:
            results.append(KpiResult({}, "acos", acos, "ratio", coverage=Coverage.full(per)))
        by: list[str] = []
        if ann is not None:
            results.append(_sales({"owner": "ann"}, ann * per.days, per, per.days))
            by = ["owner"]
        record(db, ComputeResult(per, "USD", by, results, [Score({}, 1.0)]), META)


def _config(tmp_path: Path, text: str = CONFIG) -> Path:
    path = tmp_path / "kpitool.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _from_history(tmp_path: Path, db: Path, targets: str) -> tuple[dict[str, Any], str]:
    """Suggest 2026-11 from ``db`` with a config of these team targets: the config, the text."""
    cfg = _config(tmp_path, f"version: 1\ncurrency: USD\ntargets:\n{targets}")
    out = tmp_path / "n.y"
    data = _suggest(["--history", str(db), "--period", "2026-11", "-c", str(cfg)], out)
    return data, out.read_text(encoding="utf-8")


def _suggest(args: list[str], out: Path) -> dict[str, Any]:
    done = CliRunner().invoke(app, ["suggest", *args, "-o", str(out)])
    assert done.exit_code == 0, (done.stdout, done.stderr, done.exception)
    checked = CliRunner().invoke(app, ["validate", "--config", str(out)])
    assert checked.exit_code == 0, checked.stderr
    assert "config OK" in checked.stderr
    data: dict[str, Any] = yaml.safe_load(out.read_text(encoding="utf-8"))
    return data


def test_flat_months_from_report_folders(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    for month in (8, 9, 10):
        per = _month(2026, month)
        folder = root / f"2026-{month:02d}"
        folder.mkdir(parents=True)
        by_date(folder, dict.fromkeys(days(per.start, per.end), 100.0))
        sp_campaign(folder, [(d, "C1", 10.0, 40.0) for d in days(per.start, per.end)])
    cfg = _config(tmp_path)
    data = _suggest([str(root), "--period", "2026-11", "-c", str(cfg)], tmp_path / "next.yaml")
    # 100 a day every month: the median is 100/day, flat; November has 30 days: 3,000 + 5 %
    assert data["targets"]["sales"] == {"min": 3150, "weight": 3}
    # ACOS 10 / 40 = 25 % each month; a max goes down by 5 %: 23.75 %; its warn band kept
    assert data["targets"]["acos"] == {"max": pytest.approx(0.2375), "warn_within": 0.05}
    # the band of a stock KPI is kept as it is
    assert data["targets"]["days_of_supply"] == {"min": 30, "max": 90}
    # no payments report: no net margin, so no target for it, and a comment says why
    assert "net_margin" not in data["targets"]
    text = (tmp_path / "next.yaml").read_text(encoding="utf-8")
    assert "# net_margin: no target suggested:" in text
    # the rest of the config is kept: the owner's match rules and name, the custom KPI
    assert data["owners"]["ann"]["asins"] == ["B0A*"]
    assert data["owners"]["ann"]["name"] == "Ann #1: growth"
    assert data["kpis"]["spend_per_unit"]["formula"] == "ad_spend / units"
    # the owner matches no row: no figures for ann, no target
    assert data["owners"]["ann"]["targets"] == {}
    assert "#   trend flat: the median stands" in text


def test_rising_months_from_a_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(
        db,
        [
            (_month(2026, 8), 100.0, 0.20, 40.0),
            (_month(2026, 9), 110.0, 0.22, 44.0),
            (_month(2026, 10), 120.0, 0.24, 48.0),
        ],
    )
    cfg = _config(tmp_path)
    data = _suggest(["--history", str(db), "--period", "2026-11", "-c", str(cfg)], tmp_path / "n.y")
    # per day 100, 110, 120 (x = 0, 1, 2): median 110, slope 10 a month; November is x = 3,
    # 2 months past the middle: 110 + 2 x 10 = 130/day x 30 days = 3,900, + 5 % = 4,095
    assert data["targets"]["sales"] == {"min": 4095, "weight": 3}
    # ACOS 20, 22, 24 %: 22 % + 2 x 2 % = 26 %, a max lowered by 5 %: 24.70 %
    assert data["targets"]["acos"]["max"] == pytest.approx(0.247)
    # ann: 40, 44, 48 a day: 44 + 2 x 4 = 52/day x 30 = 1,560, + 5 % = 1,638
    assert data["owners"]["ann"]["targets"] == {"sales": {"min": 1638}}
    text = (tmp_path / "n.y").read_text(encoding="utf-8")
    assert "trend up (+10.00 USD/day a period): 130.00 USD/day" in text
    assert "same period last year (2025-11): no data" in text


def test_a_partial_month_counts_at_its_daily_rate(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, [(_month(2026, 8), 100.0, None, None), (_month(2026, 9), 100.0, None, None)])
    october = _month(2026, 10)
    record(db, ComputeResult(october, "USD", [], [_sales({}, 1000.0, october, 10)]), META)
    data, text = _from_history(tmp_path, db, "  sales: {min: 1}\n")
    # October's 1,000 over 10 of 31 days is 100/day, as August and September: flat at 100/day
    # (its total, 1,000, would have dragged a median of totals down to 3,000 at best)
    assert data["targets"]["sales"] == {"min": 3150}
    assert "2026-10 100.00 USD/day (10 of 31 days, at its daily rate)" in text


def test_a_seasonal_month_with_last_year_in_the_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    last = [(_month(2025, m), 100.0, None, None) for m in (8, 9, 10)]
    _record(db, [*last, (_month(2025, 11), 150.0, None, None)])
    _record(db, [(_month(2026, m), 120.0, None, None) for m in (8, 9, 10)])
    data, text = _from_history(tmp_path, db, "  sales: {min: 1}\n")
    # last November was 150 / 100 = 1.5 times its August to October; this year's median is
    # 120/day: 180/day x 30 days = 5,400, + 5 % = 5,670
    assert data["targets"]["sales"] == {"min": 5670}
    assert "same period last year (2025-11): 150.00 USD/day, 1.500x" in text


def test_no_config_gives_the_default_set_and_stretch_is_an_option(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, [(_month(2026, m), 100.0, 0.25, None) for m in (8, 9, 10)])
    out = tmp_path / "n.y"
    data = _suggest(["--history", str(db), "--period", "2026-11", "--stretch", "0.1"], out)
    assert data["version"] == 1
    # 100/day x 30 = 3,000, + 10 % = 3,300; ACOS 25 % - 10 % = 22.50 %
    assert data["targets"] == {"sales": {"min": 3300}, "acos": {"max": pytest.approx(0.225)}}
    text = out.read_text(encoding="utf-8")
    for kpi in ("conversion_rate", "tacos", "net_margin"):
        assert f"# {kpi}: no target suggested:" in text


def test_the_command_prints_what_the_library_gives(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, [(_month(2026, m), 100.0 + m, 0.25, 40.0) for m in (8, 9, 10)])
    cfg = load_config(_config(tmp_path))
    by, kpis = plan(cfg)
    found = trend_from_history(latest(db, "default"), cfg, None, per="month", by=by, kpis=kpis)
    found.source = f"history:{db}"
    mine = render_suggestion(suggest(found, cfg, target_period("2026-11")))
    done = CliRunner().invoke(
        app, ["suggest", "--history", str(db), "--period", "2026-11", "-c", str(cfg.path)]
    )
    assert done.exit_code == 0, done.stderr
    assert done.stdout == mine


def test_bad_periods_and_sources(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, [(_month(2026, 10), 100.0, None, None)])
    half = CliRunner().invoke(
        app, ["suggest", "--history", str(db), "--period", "2026-11-01..2026-11-15"]
    )
    assert isinstance(half.exception, KpiToolError)
    assert "suggest takes a week, month, quarter or year" in str(half.exception)
    both = CliRunner().invoke(
        app, ["suggest", str(tmp_path), "--history", str(db), "--period", "2026-11"]
    )
    assert both.exit_code == 2
    missing = CliRunner().invoke(app, ["suggest", "--history", str(db)])
    assert missing.exit_code == 2 and "--period" in missing.stderr
    with pytest.raises(KpiToolError, match="--stretch"):
        suggest(
            trend_from_history(latest(db, "default"), load_config(None), None),
            load_config(None),
            target_period("2026-11"),
            stretch=1.5,
        )


def test_the_cost_file_is_found_from_where_the_new_config_is_written(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, [(_month(2026, m), 100.0, None, None) for m in (8, 9, 10)])
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "costs.csv").write_text("sku,unit_cost,currency,effective_from\n", encoding="utf-8")
    cfg = conf / "kpitool.yaml"
    cfg.write_text("version: 1\ncosts: costs.csv\ntargets:\n  sales: {min: 1}\n", encoding="utf-8")
    (tmp_path / "next").mkdir()
    out = tmp_path / "next" / "kpitool.yaml"
    data = _suggest(["--history", str(db), "--period", "2026-11", "-c", str(cfg)], out)
    assert data["costs"] == "../conf/costs.csv"  # and validate found it (in _suggest)
    refused = CliRunner().invoke(
        app,
        ["suggest", "--history", str(db), "--period", "2026-11", "-c", str(cfg), "-o", str(cfg)],
    )
    assert isinstance(refused.exception, KpiToolError)
    assert "refusing to overwrite an input" in str(refused.exception)
    assert "costs: costs.csv" in cfg.read_text(encoding="utf-8")  # the config is never replaced
