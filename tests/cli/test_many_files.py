"""Issue 20 item 4: many small files cost what their data costs. Small files cleaned alike are
measured in one query (io.folder.measure); each file's counts must stay its own, and a run's
figures must equal the files' cells. Overlap warnings are grouped. (Times and memory are
budgets of benchmarks/bench_files.py, not of tests.)"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from bad_helpers import cli

from kpitool.io import folder as io_folder

HEADER = (
    '"Date","Ordered Product Sales","Units Ordered","Total Order Items","Page Views - Total",'
    '"Sessions - Total"'
)


@pytest.fixture(autouse=True)
def _no_default_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _row(day: date, sales: str, units: str, sessions: str = "30") -> str:
    return f'"{day:%m/%d/%Y}","{sales}","{units}","3","40","{sessions}"'


def _write(folder: Path, name: str, rows: list[str], mtime: int = 1_700_000_000) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def test_files_measured_together_keep_their_own_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Twelve small files of one layout (one query): each file's rows, bad rows, repeated
    rows and dates are its own. A row repeated in another file is not a repeat of this one."""
    day = date(2026, 3, 1)
    same = _row(day, "$1.00", "1")
    files = {
        "a.csv": [same, _row(day + timedelta(1), "$2.00", "2")],
        "b.csv": [_row(day + timedelta(2), "abc", "1"), _row(day + timedelta(3), "$3.00", "x")],
        "c.csv": [_row(day + timedelta(4), "$4.00", "4")] * 3,  # twice repeated
        "d.csv": [],  # a header alone
    }
    for i in range(8):  # distinct days, so that no two files overlap
        files[f"e{i}.csv"] = [_row(day + timedelta(10 + i), f"${i}.50", str(i))]
    files["f.csv"] = [_row(day + timedelta(20), "$9.00", "9"), same.replace("03/01", "03/21")]
    for name, rows in files.items():
        _write(tmp_path / "m", name, rows)
    run = cli(capsys, "inspect", str(tmp_path / "m"), "--format", "json")
    assert run.code == 0, run
    got = {Path(f["path"]).name: f for f in json.loads(run.stdout)["files"]}
    assert set(got) == set(files) - {"d.csv"} or set(got) == set(files)
    # expected from the rows written above
    assert (got["a.csv"]["rows"], got["a.csv"]["dropped"]) == (2, 0)
    assert (got["b.csv"]["rows"], got["b.csv"]["dropped"]) == (2, 2)
    assert (got["c.csv"]["rows"], got["c.csv"]["dropped"]) == (3, 2)
    assert any("same row as an earlier line" in w for w in got["c.csv"]["warnings"])
    assert any("line 2" in w for w in got["b.csv"]["warnings"])  # the first bad line
    assert any("line 3" in w for w in got["b.csv"]["warnings"])
    for i in range(8):
        f = got[f"e{i}.csv"]
        d = (day + timedelta(10 + i)).isoformat()
        assert (f["rows"], f["dropped"], f["start"], f["end"]) == (1, 0, d, d)
    assert (got["f.csv"]["rows"], got["f.csv"]["dropped"]) == (2, 0)
    assert (got["a.csv"]["start"], got["a.csv"]["end"]) == ("2026-03-01", "2026-03-02")


def test_files_measured_together_equal_files_measured_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same folder, measured with batches and with every file alone (SMALL_FILE 0):
    the same JSON."""
    day = date(2026, 3, 1)
    for i in range(6):
        rows = [_row(day + timedelta(i), f"${i},000.25", str(i)), _row(day, "n/a", "-")]
        _write(tmp_path / "m", f"r{i}.csv", rows if i % 2 else rows[:1])
    together = cli(capsys, "inspect", str(tmp_path / "m"), "--format", "json")
    monkeypatch.setattr(io_folder, "SMALL_FILE", -1)
    alone = cli(capsys, "inspect", str(tmp_path / "m"), "--format", "json")
    assert together.code == alone.code == 0
    assert json.loads(together.stdout) == json.loads(alone.stdout)


def test_a_year_of_daily_reports_computes_each_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """40 one-row daily reports (a compute read them as 40 queries before; a year of them
    ran out of memory): the figures are the sums of the cells written."""
    start = date(2026, 1, 1)
    sales = [round(10 + i * 1.25, 2) for i in range(40)]
    for i, s in enumerate(sales):
        _write(
            tmp_path / "y", f"BusinessReport-{i}.csv", [_row(start + timedelta(i), f"${s}", "2")]
        )
    run = cli(capsys, "compute", str(tmp_path / "y"), "--period", "2026-01-01..2026-02-09",
              "-f", "json", "--fail-on", "never")  # fmt: skip
    assert run.code == 0, run
    values = {r["kpi"]: r["value"] for r in json.loads(run.stdout)["results"] if not r["group"]}
    assert values["sales"] == pytest.approx(sum(sales))
    assert values["units"] == 2 * 40
    assert values["sessions"] == 30 * 40


def test_overlapping_downloads_are_one_warning_and_count_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Six downloads of the same week: one warning (the count and the first files), not 15
    pairs; each day counts once, from the newest download."""
    start = date(2026, 3, 1)
    for i in range(6):
        rows = [_row(start + timedelta(d), f"${10 * (i + 1)}.00", "1") for d in range(7)]
        _write(tmp_path / "w", f"week-{i}.csv", rows, mtime=1_700_000_000 + i)
    run = cli(capsys, "compute", str(tmp_path / "w"), "--period", "2026-03-01..2026-03-07",
              "-f", "json", "--fail-on", "never")  # fmt: skip
    assert run.code == 0, run
    result = json.loads(run.stdout)
    overlaps = [w for w in result["warnings"] if "overlap" in w]
    assert len(overlaps) == 1, overlaps
    assert "6 business_report_by_date files" in overlaps[0]
    assert "15 overlapping pairs" in overlaps[0]
    assert "week-0.csv" in overlaps[0] and "and 3 more" in overlaps[0]
    values = {r["kpi"]: r["value"] for r in result["results"] if not r["group"]}
    assert values["sales"] == pytest.approx(7 * 60.0)  # week-5.csv, the newest
    assert values["units"] == 7


def test_two_overlapping_downloads_are_named_with_their_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = date(2026, 3, 1)
    _write(tmp_path / "w", "a.csv", [_row(start + timedelta(d), "$1.00", "1") for d in range(3)])
    _write(tmp_path / "w", "b.csv", [_row(start + timedelta(d), "$2.00", "1") for d in (2, 3)],
           mtime=1_800_000_000)  # fmt: skip
    _write(tmp_path / "w", "c.csv", [_row(start + timedelta(9), "$5.00", "1")])  # apart
    run = cli(capsys, "inspect", str(tmp_path / "w"), "--format", "json")
    [w] = [w for w in json.loads(run.stdout)["warnings"] if "overlap" in w]
    assert "a.csv and" in w and "b.csv" in w and "from 2026-03-03 to 2026-03-03" in w
    assert "c.csv" not in w


BY_ITEM = (
    '"(Parent) ASIN","(Child) ASIN","Title","SKU","Sessions - Total","Page Views - Total",'
    '"Units Ordered","Ordered Product Sales","Total Order Items"'
)


def test_ten_thousand_owners_by_owner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A config of 10,000 owners (an exact ASIN and a glob each) with --by owner: each ASIN's
    sales go to the first owner in the config whose pattern matches, and an ASIN matched by
    two owners is one warning naming both."""
    month = tmp_path / "2026-10"
    month.mkdir()
    rows = [("B0Z0004999", "5.00"), ("B0Z0007000", "7.25"), ("B0OTHER", "1.00")]
    body = [f'"P","{a}","t","S-{a}","10","12","1","${s}","1"' for a, s in rows]
    (month / "BusinessReport-by-item.csv").write_text("\n".join([BY_ITEM, *body]) + "\n")
    lines = ["version: 1", "owners:"]
    for i in range(10_000):
        lines += [f"  op{i:05d}:", f'    asins: ["B0Z{i:07d}", "B0Y{i:05d}*"]']
    lines.append('    skus: ["S-B0Z0004999"]')  # the last owner also has 4999's SKU
    (tmp_path / "owners.yaml").write_text("\n".join(lines) + "\n")
    run = cli(capsys, "compute", str(month), "-c", str(tmp_path / "owners.yaml"), "--by", "owner",
              "-f", "json", "--fail-on", "never")  # fmt: skip
    assert run.code == 0, run
    result = json.loads(run.stdout)
    sales = {
        r["group"]["owner"]: r["value"]
        for r in result["results"]
        if r["group"] and r["kpi"] == "sales"
    }
    assert sales == {"op04999": 5.0, "op07000": 7.25, "(unassigned)": 1.0}
    [warning] = [w for w in result["warnings"] if "matches owners" in w]
    assert "B0Z0004999" in warning and "op04999, op09999" in warning


# ------------------------------------------------------------------ archives, streamed


def _zeros_gz(path: Path, megabytes: int) -> None:
    """A .gz of ``megabytes`` MB of a repeated report-like line (gzip members, concatenated,
    so that writing it costs little)."""
    import gzip

    block = gzip.compress(b"x" * 1024**2, compresslevel=1)
    path.write_bytes(block * megabytes)


def test_a_gz_bomb_is_refused_while_it_streams(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unpacking stops at the cap, without holding the bytes in memory (the cap lowered to
    16 MB here; 2 GiB in a run): one error line naming the file, exit 3, the other report
    read, nothing left of the unpacked part."""
    import tracemalloc

    from kpitool.io import sniff

    monkeypatch.setattr(sniff, "MAX_EXPANDED_BYTES", 16 * 1024**2)
    month = tmp_path / "2026-03"
    _write(month, "BusinessReport.csv", [_row(date(2026, 3, 1), "$1.00", "1")])
    _zeros_gz(month / "bomb.csv.gz", 40)

    def spooled() -> list[Path]:
        return [p for d in sniff._SPOOL for p in d.glob("*")]

    before = spooled()  # other tests' archives, unpacked until the process ends
    tracemalloc.start()
    try:
        run = cli(capsys, "inspect", str(month), "--format", "json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert run.code == 3
    [error] = [line for line in run.stderr.splitlines() if "bomb.csv.gz" in line]
    assert "past 16777216 bytes; refused" in error
    assert peak < 12 * 1024**2, f"{peak / 1024**2:.0f} MB held while unpacking"
    assert [Path(f["path"]).name for f in json.loads(run.stdout)["files"]] == ["BusinessReport.csv"]
    assert spooled() == before


def test_a_gz_report_is_read_from_its_unpacked_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .gz report is unpacked to a temp file and scanned from it: its figures are the
    cells written."""
    import gzip

    month = tmp_path / "2026-03"
    month.mkdir()
    rows = [_row(date(2026, 3, d), f"${d}.50", str(d)) for d in range(1, 11)]
    text = "\n".join([HEADER, *rows]) + "\n"
    (month / "BusinessReport.csv.gz").write_bytes(gzip.compress(text.encode()))
    run = cli(capsys, "compute", str(month), "-f", "json", "--fail-on", "never")
    assert run.code == 0, run
    values = {r["kpi"]: r["value"] for r in json.loads(run.stdout)["results"] if not r["group"]}
    assert values["sales"] == pytest.approx(sum(d + 0.5 for d in range(1, 11)))
    assert values["units"] == sum(range(1, 11))
