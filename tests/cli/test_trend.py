"""`kpitool trend`: one column per period, from month folders, from dated reports split by
--per, from --periods, or from a --history file alone. Expected figures are sums of what the
tests write; each period's figures equal compute's for that period."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from coverage_files import by_date, days, sp_campaign
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.config import load_config
from kpitool.engine.compute import compute
from kpitool.engine.scan import read_folder
from kpitool.errors import KpiToolError
from kpitool.render import OutputFormat

SEP = (date(2026, 9, 1), date(2026, 9, 30))
OCT = (date(2026, 10, 1), date(2026, 10, 31))
pytestmark = pytest.mark.usefixtures("in_empty_dir")
CONFIG = "version: 1\ncurrency: USD\ntargets:\n  sales: {min: 3000}\n  acos: {max: 0.3}\n"


def _month(folder: Path, span: tuple[date, date], sales: float, spend: float) -> None:
    """Every day of ``span``: ``sales`` of sales, ``spend`` of SP spend for 4 x spend sales."""
    folder.mkdir(parents=True, exist_ok=True)
    by_date(folder, dict.fromkeys(days(*span), sales))
    sp_campaign(folder, [(d, "C1", spend, 4 * spend) for d in days(*span)])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    top = tmp_path / "reports"
    _month(top / "2026-09", SEP, 100.0, 10.0)
    _month(top / "2026-10", OCT, 120.0, 15.0)
    (tmp_path / "kpitool.yaml").write_text(CONFIG, encoding="utf-8")
    return top


def _json(args: list[str], code: int = 0) -> dict[str, object]:
    done = CliRunner().invoke(app, ["trend", *args, "-f", "json"])
    assert done.exit_code == code, (done.stdout, done.stderr, done.exception)
    out: dict[str, object] = json.loads(done.stdout)
    return out


def _values(out: dict[str, object], kpi: str) -> dict[str, float | None]:
    results = out["results"]
    assert isinstance(results, list)
    return {r["period"]: r["value"] for r in results if r["kpi"] == kpi and not r["group"]}


def test_month_folders_give_one_column_each(root: Path) -> None:
    out = _json([str(root), "-c", str(root.parent / "kpitool.yaml")])
    assert out["command"] == "trend" and out["schema_version"] == 1
    assert out["periods"] == [
        {"label": "2026-09", "start": "2026-09-01", "end": "2026-09-30", "days": 30},
        {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31", "days": 31},
    ]
    assert _values(out, "sales") == {"2026-09": 3000.0, "2026-10": 3720.0}
    assert _values(out, "ad_spend") == {"2026-09": 300.0, "2026-10": 465.0}
    assert _values(out, "acos") == {"2026-09": pytest.approx(0.25), "2026-10": pytest.approx(0.25)}
    results = out["results"]
    assert isinstance(results, list)
    sales = [r for r in results if r["kpi"] == "sales"]
    assert [r["coverage"] for r in sales] == [{"days": 30, "of": 30}, {"days": 31, "of": 31}]
    assert [r["status"] for r in sales] == ["pass", "pass"]
    trends = {t["kpi"]: t for t in out["trends"]}  # type: ignore[attr-defined]
    # per day: 100 -> 120 a day is up, and better for sales; spend up is worse
    assert (trends["sales"]["direction"], trends["sales"]["better"]) == ("up", True)
    assert (trends["ad_spend"]["direction"], trends["ad_spend"]["better"]) == ("up", False)
    assert trends["acos"]["direction"] == "flat"
    assert [s["period"] for s in out["scores"]] == ["2026-09", "2026-10"]  # type: ignore[attr-defined]


def test_each_period_equals_compute_of_that_period(root: Path) -> None:
    cfg = load_config(root.parent / "kpitool.yaml")
    out = _json([str(root), "-c", str(root.parent / "kpitool.yaml")])
    results = out["results"]
    assert isinstance(results, list)
    for month in ("2026-09", "2026-10"):
        alone = compute(read_folder(root / month), cfg)
        mine = [
            {k: v for k, v in r.items() if k != "period"} for r in results if r["period"] == month
        ]
        assert sorted(mine, key=_key) == sorted((r.to_dict() for r in alone.results), key=_key)


def _key(r: dict[str, object]) -> str:
    return json.dumps([r["group"], r["kpi"]])


def test_a_period_without_data_is_no_data_never_zero(root: Path) -> None:
    # nothing covers November, the last period: its figures are shown, and exit 3 as compute
    out = _json([str(root), "--periods", "2026-08..2026-11", "--kpis", "sales,acos"], code=3)
    assert [p["label"] for p in out["periods"]] == ["2026-08", "2026-09", "2026-10", "2026-11"]  # type: ignore[attr-defined,index]
    assert _values(out, "sales") == {
        "2026-08": None,
        "2026-09": 3000.0,
        "2026-10": 3720.0,
        "2026-11": None,
    }
    results = out["results"]
    assert isinstance(results, list)
    empty = [r for r in results if r["period"] == "2026-11"]
    assert {r["status"] for r in empty} == {"no_data"}
    assert {json.dumps(r["coverage"]) for r in empty} == {'{"days": 0, "of": 30}'}
    assert {r["kpi"] for r in results} == {"sales", "acos"}


def test_a_partial_month_carries_its_coverage(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    _month(root / "2026-09", SEP, 100.0, 10.0)
    _month(root / "2026-10", (date(2026, 10, 1), date(2026, 10, 10)), 100.0, 10.0)
    out = _json([str(root), "--kpis", "sales"])
    results = out["results"]
    assert isinstance(results, list)
    octo = next(r for r in results if r["period"] == "2026-10")
    assert (octo["value"], octo["coverage"], octo["partial"]) == (
        1000.0,
        {"days": 10, "of": 31},
        True,
    )
    assert octo["projected"] == pytest.approx(3100.0)
    trends = out["trends"]
    assert isinstance(trends, list)
    assert trends[0]["direction"] == "flat"  # 100 a day both months: not a fall


def test_per_week_splits_dated_reports(tmp_path: Path) -> None:
    folder = tmp_path / "dated"
    span = (date(2026, 10, 5), date(2026, 10, 18))  # two ISO weeks, Monday to Sunday
    folder.mkdir()
    by_date(folder, {d: 10.0 * (i + 1) for i, d in enumerate(days(*span))})
    out = _json([str(folder), "--per", "week", "--kpis", "sales"])
    assert _values(out, "sales") == {
        "2026-W41": sum(10.0 * (i + 1) for i in range(7)),
        "2026-W42": sum(10.0 * (i + 1) for i in range(7, 14)),
    }


def test_history_alone_gives_the_same_trend(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    cfg = str(root.parent / "kpitool.yaml")
    for month in ("2026-09", "2026-10"):
        done = CliRunner().invoke(
            app, ["compute", str(root / month), "-c", cfg, "-f", "json", "--history", str(db)]
        )
        assert done.exit_code == 0, done.stderr
    from_files = _json([str(root), "-c", cfg])
    from_history = _json(["--history", str(db), "-c", cfg])
    for kpi in ("sales", "ad_spend", "acos", "tacos"):
        assert _values(from_history, kpi) == _values(from_files, kpi)
    assert from_history["scores"] == from_files["scores"]
    assert [t["direction"] for t in from_history["trends"]] == [  # type: ignore[attr-defined]
        t["direction"]
        for t in from_files["trends"]  # type: ignore[attr-defined]
    ]
    # a month the history lacks is no_data, not the other month's figure (and, being the
    # last period, exit 3 as compute would give for it)
    wider = _json(["--history", str(db), "-c", cfg, "--periods", "2026-09..2026-11"], code=3)
    assert _values(wider, "sales") == {"2026-09": 3000.0, "2026-10": 3720.0, "2026-11": None}
    # the history keeps each target's warn band: the targets read back as compute applied them
    results = from_history["results"]
    assert isinstance(results, list)
    sales = next(r for r in results if r["kpi"] == "sales" and r["period"] == "2026-10")
    assert sales["target"] == {"min": 3000.0, "warn_within": 0.1}


def test_a_period_without_data_keeps_its_targets_and_is_never_a_pass(root: Path) -> None:
    cfg = str(root.parent / "kpitool.yaml")
    args = [str(root), "-c", cfg, "--periods", "2026-08..2026-10", "--kpis", "sales,acos"]
    out = _json(args)  # October meets both targets: exit 0
    results = out["results"]
    assert isinstance(results, list)
    august = {r["kpi"]: r for r in results if r["period"] == "2026-08"}
    assert august["sales"]["status"] == "no_data" and august["sales"]["value"] is None
    assert august["sales"]["target"] == {"min": 3000.0, "warn_within": 0.1}
    assert august["acos"]["target"] == {"max": 0.3, "warn_within": 0.1}
    done = CliRunner().invoke(app, ["trend", *args[:3], "--periods", "2026-09..2026-11"])
    assert done.exit_code == 3
    assert "nothing covers the last period, 2026-11" in done.stderr
    assert "?" in done.stdout  # the table is still shown, November as no data


def test_a_targeted_kpi_without_data_in_the_last_period_is_judged_as_compute(
    tmp_path: Path,
) -> None:
    root = tmp_path / "reports"
    _month(root / "2026-09", SEP, 100.0, 10.0)
    (root / "2026-10").mkdir(parents=True)
    by_date(root / "2026-10", dict.fromkeys(days(*OCT), 120.0))  # no ads report in October
    cfg = tmp_path / "kpitool.yaml"
    cfg.write_text(CONFIG, encoding="utf-8")
    for fail_on, code in (("fail", 1), ("warn", 1), ("never", 0)):
        alone = CliRunner().invoke(
            app, ["compute", str(root / "2026-10"), "-c", str(cfg), "--fail-on", fail_on]
        )
        done = CliRunner().invoke(
            app, ["trend", str(root), "-c", str(cfg), "--fail-on", fail_on, "-f", "json"]
        )
        assert (alone.exit_code, done.exit_code) == (code, code), done.stderr
        if code:
            assert "target missed: acos has no data (no_data)" in done.stderr


def test_a_trend_over_nothing_is_bad_input(tmp_path: Path) -> None:
    root = tmp_path / "reports"
    _month(root / "2026-09", SEP, 100.0, 10.0)
    done = CliRunner().invoke(app, ["trend", str(root), "--periods", "2025-01..2025-03"])
    assert isinstance(done.exception, KpiToolError)
    assert "nothing covers any of the periods (2025-01..2025-03)" in str(done.exception)
    assert done.exception.exit_code == 3
    both = CliRunner().invoke(app, ["trend", str(root), "--history", str(tmp_path / "h.db")])
    assert both.exit_code == 2


def test_missed_target_in_the_last_period_exits_1(root: Path) -> None:
    strict = root.parent / "strict.yaml"
    strict.write_text("version: 1\ntargets:\n  sales: {min: 3500}\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["trend", str(root), "-c", str(strict), "-f", "json"])
    assert done.exit_code == 0  # September misses 3,500 but October (3,720) meets it
    assert "target missed" not in done.stderr
    stricter = root.parent / "stricter.yaml"
    stricter.write_text("version: 1\ntargets:\n  sales: {min: 5000}\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["trend", str(root), "-c", str(stricter), "-f", "json"])
    assert done.exit_code == 1 and "target missed: sales" in done.stderr


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders(root: Path, fmt: OutputFormat) -> None:
    done = CliRunner().invoke(app, ["trend", str(root), "-f", fmt.value, "--kpis", "sales,acos"])
    assert done.exit_code == 0, done.exception
    assert "2026-09" in done.stdout and "2026-10" in done.stdout
    if fmt is OutputFormat.csv:
        lines = done.stdout.splitlines()
        assert lines[0].startswith("period,start,end,kpi,value")
        assert lines[1].startswith("2026-09,2026-09-01,2026-09-30,sales,3000.0")
    if fmt is OutputFormat.table:
        assert "▁█" in done.stdout  # the sparkline of a rising sales series
