"""The history file: idempotent per (account, period, group, KPI), restated figures replace the
current ones while every run stays, concurrent writers both land, a killed writer leaves the
file consistent, an older schema is migrated. Figures are computed here from what the tests
write, never copied from kpitool's output."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from coverage_files import by_date, days, sp_campaign
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.errors import KpiToolError
from kpitool.results import ComputeResult, Coverage, KpiResult, Period, Score, Status
from kpitool.store import RunMeta, everything, latest, record, runs
from kpitool.store.history import connect, sha256_file
from kpitool.store.schema import VERSION, migrate

OCT = Period(date(2026, 10, 1), date(2026, 10, 31))
SRC = str(Path(__file__).resolve().parents[2] / "src")
HERE, HELPERS = str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])


def _result(sales: float, per: Period = OCT, owner: str | None = None) -> ComputeResult:
    group = {"owner": owner} if owner else {}
    return ComputeResult(
        period=per,
        currency="USD",
        group_by=["owner"] if owner else [],
        results=[
            KpiResult(
                group,
                "sales",
                sales,
                "currency",
                {"min": 100.0},
                Status.PASS,
                sales / 100,
                coverage=Coverage.full(per),
                projected=sales,
                additive=True,
            ),
            KpiResult(group, "acos", None, "ratio", None, Status.NO_DATA, coverage=Coverage(per)),
        ],
        scores=[Score(group, 1.0)],
    )


META = RunMeta(account="default", config_hash="c0ffee", version="test")


def test_same_period_twice_replaces_the_current_figures_and_keeps_the_run(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    first = record(db, _result(100.0), META)
    second = record(db, _result(100.0), META)
    now = latest(db, "default")
    assert [(f["kpi"], f["value"]) for f in now] == [("acos", None), ("sales", 100.0)]
    listed = runs(db)
    assert [(r.run_id, r.state) for r in listed] == [(first, "superseded"), (second, "current")]
    assert everything(db).height == 4  # both runs' figures are kept


def test_no_data_is_null_never_zero(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record(db, _result(5.0), META)
    acos = next(f for f in latest(db, "default") if f["kpi"] == "acos")
    assert acos["value"] is None and acos["status"] == "no_data"
    assert (acos["coverage_days"], acos["coverage_of"]) == (0, 31)


def test_accounts_and_groups_are_kept_apart(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record(db, _result(100.0), META)
    record(db, _result(40.0, owner="alice"), META)
    record(db, _result(7.0), RunMeta(account="acme", config_hash="x"))
    mine = {(f["grp"], f["kpi"]): f["value"] for f in latest(db, "default")}
    assert mine[("{}", "sales")] == 100.0
    assert mine[('{"owner":"alice"}', "sales")] == 40.0
    assert [f["value"] for f in latest(db, "acme") if f["kpi"] == "sales"] == [7.0]
    assert all(r.state == "current" for r in runs(db))


def _month(folder: Path, per_day: float) -> None:
    by_date(folder, dict.fromkeys(days(date(2026, 10, 1), date(2026, 10, 31)), per_day))
    sp_campaign(folder, [(d, "C1", 2.0, 8.0) for d in days(date(2026, 10, 1), date(2026, 10, 31))])


def test_restated_download_replaces_the_figures_and_the_old_run_stays(tmp_path: Path) -> None:
    reports, db = tmp_path / "2026-10", tmp_path / "h.db"
    reports.mkdir()
    runner = CliRunner()
    _month(reports, 100.0)
    first = runner.invoke(app, ["compute", str(reports), "-f", "json", "--history", str(db)])
    assert first.exit_code == 0, first.stderr
    old_hash = sha256_file(reports / "BusinessReport (1).csv")
    _month(reports, 110.0)  # Amazon restated the month
    second = runner.invoke(app, ["compute", str(reports), "-f", "json", "--history", str(db)])
    assert second.exit_code == 0, second.stderr

    sales = {f["kpi"]: f for f in latest(db, "default") if f["grp"] == "{}"}
    assert sales["sales"]["value"] == pytest.approx(31 * 110.0)
    assert sales["ad_spend"]["value"] == pytest.approx(31 * 2.0)
    assert sales["tacos"]["value"] == pytest.approx(62.0 / 3410.0)
    assert (sales["sales"]["coverage_days"], sales["sales"]["coverage_of"]) == (31, 31)
    history = everything(db).filter(pl.col("kpi") == "sales")
    assert history.sort("run_id").select("value", "current").rows() == [
        (pytest.approx(3100.0), False),
        (pytest.approx(3410.0), True),
    ]
    # the CLI's JSON is what the history holds
    shown = {r["kpi"]: r["value"] for r in json.loads(second.stdout)["results"]}
    assert all(shown[k] == f["value"] for k, f in sales.items())
    # each source's name and checksum, per run
    with connect(db) as con:
        sums = con.execute(
            "SELECT run_id, sha256 FROM run_sources WHERE name = 'BusinessReport (1).csv' "
            "ORDER BY run_id"
        ).fetchall()
    assert sums[0][1] == old_hash
    assert sums[1][1] == sha256_file(reports / "BusinessReport (1).csv") != old_hash


_WRITER = """
import sys
from datetime import date
from pathlib import Path
sys.path[:0] = [{src!r}, {tests!r}, {helpers!r}]
from test_history import _result, META
from kpitool.results import Period
from kpitool.store import record
db, month = Path(sys.argv[1]), int(sys.argv[2])
for i in range(25):
    record(db, _result(float(i), Period(date(2026, month, 1), date(2026, month, 28))), META)
"""


def test_two_processes_writing_at_once_both_land(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    script = _WRITER.format(src=SRC, tests=HERE, helpers=HELPERS)
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(db), str(month)]) for month in (1, 2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert len(runs(db)) == 50
    now = latest(db, "default")
    assert {(f["period_start"], f["value"]) for f in now if f["kpi"] == "sales"} == {
        ("2026-01-01", 24.0),
        ("2026-02-01", 24.0),
    }


def test_two_cli_runs_at_once_both_land(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    folders = []
    for name, per_day in (("a/2026-10", 100.0), ("b/2026-10", 50.0)):
        folder = tmp_path / name
        folder.mkdir(parents=True)
        _month(folder, per_day)
        folders.append(folder)
    configs = []
    for account in ("north", "south"):
        cfg = tmp_path / f"{account}.yaml"
        cfg.write_text(f"version: 1\naccount: {account}\n", encoding="utf-8")
        configs.append(cfg)
    cmd = [sys.executable, "-m", "kpitool", "compute"]
    procs = [
        subprocess.Popen(
            [*cmd, str(f), "-c", str(c), "-f", "json", "--history", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for f, c in zip(folders, configs, strict=True)
    ]
    done = [(p.communicate(timeout=120)[1], p.returncode) for p in procs]
    failed = [f"exit {code}: {err.decode(errors='replace')}" for err, code in done if code]
    assert not failed, "a concurrent compute --history failed:\n" + "\n".join(failed)
    totals = {
        a: next(f["value"] for f in latest(db, a) if f["kpi"] == "sales" and f["grp"] == "{}")
        for a in ("north", "south")
    }
    assert totals == {"north": pytest.approx(3100.0), "south": pytest.approx(1550.0)}


_KILLED = """
import os, sys, time
sys.path[:0] = [{src!r}, {tests!r}, {helpers!r}]
from pathlib import Path
from test_history import _result, META
import kpitool.store.history as h
calls = 0
real = h.group_key
def slow(group):
    global calls
    calls += 1
    if calls == 3:  # the run, its sources and its figures are written, not committed
        print("ready", flush=True)
        time.sleep(60)
    return real(group)
h.group_key = slow
h.record(Path(sys.argv[1]), _result(999.0), META)
"""


def test_a_killed_run_leaves_the_history_consistent(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record(db, _result(100.0), META)
    script = _KILLED.format(src=SRC, tests=HERE, helpers=HELPERS)
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert [r.state for r in runs(db)] == ["current"]
    assert [f["value"] for f in latest(db, "default") if f["kpi"] == "sales"] == [100.0]
    record(db, _result(120.0), META)  # the lock is gone: the next run writes
    with connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2


def test_an_older_schema_is_migrated_and_keeps_its_figures(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    con = sqlite3.connect(db, isolation_level=None)
    migrate(con, str(db), upto=1)
    con.execute(
        "INSERT INTO runs VALUES (1, 'default', '2026-09-01', '2026-09-30', 30, 'compute', "
        "'[]', 'USD', 'old', '2026-10-01T06:00:00+00:00', '0.1.0')"
    )
    con.execute(
        "INSERT INTO figures VALUES (1, '{}', 'sales', 900.5, 'currency', 30, 30, 0, NULL, "
        "NULL, 'no_target', NULL, 900.5)"
    )
    con.execute(
        "INSERT INTO current VALUES ('default', '2026-09-01', '2026-09-30', '{}', 'sales', 1)"
    )
    con.close()

    record(db, _result(100.0), META)
    with connect(db) as c2:
        assert c2.execute("PRAGMA user_version").fetchone()[0] == VERSION == 3
    now = [(f["period_start"], f["kpi"], f["value"], f["score"]) for f in latest(db, "default")]
    assert ("2026-09-01", "sales", 900.5, None) in now
    assert ("2026-10-01", "sales", 100.0, 1.0) in now
    # version 3 keeps the warn band; the figure of the older run has none (NULL, not 0.1)
    bands = {f["period_start"]: f["target_warn_within"] for f in latest(db, "default")}
    assert bands["2026-09-01"] is None


def test_the_warn_band_of_a_target_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    result = _result(100.0)
    result.results[0].target = {"min": 100.0, "warn_within": 0.05}
    record(db, result, META)
    figures = {f["kpi"]: f for f in latest(db, "default")}
    assert (figures["sales"]["target_min"], figures["sales"]["target_warn_within"]) == (100.0, 0.05)
    assert figures["acos"]["target_warn_within"] is None  # no target, no band


def test_a_newer_or_foreign_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {VERSION + 1}")
    con.close()
    with pytest.raises(KpiToolError, match="newer than this kpitool"):
        record(newer, _result(1.0), META)
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(KpiToolError, match="not a kpitool history"):
        record(foreign, _result(1.0), META)
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite at all, " * 100, encoding="utf-8")
    with pytest.raises(KpiToolError, match="not a kpitool history"):
        record(junk, _result(1.0), META)


def test_a_new_history_waits_for_a_writer_holding_it(tmp_path: Path) -> None:
    """SQLite refuses the switch to WAL at once, without its busy handler, while another
    connection holds a write lock on a file still in rollback mode (two processes creating one
    history at the same moment): the history waits for it and opens."""
    db = tmp_path / "h.db"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        con.execute("PRAGMA user_version = 0")
        held.set()
        release.wait(10)
        con.execute("COMMIT")
        con.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    threading.Timer(0.5, release.set).start()
    try:
        run_id = record(db, _result(100.0), META)
    finally:
        release.set()
        holder.join(10)
    assert run_id == 1
    assert [f["value"] for f in latest(db, "default") if f["kpi"] == "sales"] == [100.0]


def test_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record(db, _result(1.0), META)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_export_parquet_and_csv_hold_the_whole_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record(db, _result(100.0), META)
    record(db, _result(130.0), META)
    runner = CliRunner()
    out = tmp_path / "h.parquet"
    done = runner.invoke(app, ["history", "export", str(db), "-f", "parquet", "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    frame = pl.read_parquet(out)
    assert frame.height == 4
    sales = frame.filter(pl.col("kpi") == "sales").sort("run_id")
    assert sales.select("value", "current").rows() == [(100.0, False), (130.0, True)]
    assert sales.get_column("period_start").to_list() == [OCT.start, OCT.start]
    csv = runner.invoke(app, ["history", "export", str(db), "-f", "csv"])
    assert csv.exit_code == 0
    assert pl.read_csv(csv.stdout.encode(), try_parse_dates=True).height == 4
    refused = runner.invoke(app, ["history", "export", str(db), "-f", "parquet"])
    assert isinstance(refused.exception, KpiToolError) and "--output" in str(refused.exception)


def test_history_runs_lists_every_run(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    record(db, _result(100.0), META)
    record(db, _result(100.0), META)
    done = CliRunner().invoke(app, ["history", "runs", str(db)])
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("run_id\taccount\tperiod")
    assert [line.split("\t")[7] for line in lines[1:]] == ["superseded", "current"]
    missing = CliRunner().invoke(app, ["history", "runs", str(tmp_path / "nope.db")])
    assert isinstance(missing.exception, KpiToolError)
    assert "no such history file" in str(missing.exception)


def test_output_never_overwrites_the_history(tmp_path: Path) -> None:
    reports, db = tmp_path / "2026-10", tmp_path / "h.db"
    reports.mkdir()
    _month(reports, 100.0)
    done = CliRunner().invoke(
        app, ["compute", str(reports), "--history", str(db), "-f", "json", "-o", str(db)]
    )
    assert isinstance(done.exception, KpiToolError)
    assert "the --history database" in str(done.exception)
    assert [r.state for r in runs(db)] == ["current"]


def test_compare_records_both_sides(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    before, after = tmp_path / "2026-09", tmp_path / "2026-10"
    before.mkdir()
    after.mkdir()
    sep = days(date(2026, 9, 1), date(2026, 9, 30))
    by_date(before, dict.fromkeys(sep, 50.0))
    _month(after, 80.0)
    done = CliRunner().invoke(
        app, ["compare", str(before), str(after), "-f", "json", "--history", str(db)]
    )
    assert done.exit_code == 0, done.stderr
    assert [(r.command, r.period_start) for r in runs(db)] == [
        ("compare", "2026-09-01"),
        ("compare", "2026-10-01"),
    ]
    sales = {f["period_start"]: f["value"] for f in latest(db, "default") if f["kpi"] == "sales"}
    assert sales == {"2026-09-01": pytest.approx(30 * 50.0), "2026-10-01": pytest.approx(31 * 80.0)}
