"""The console script ends the process at once (``console``: no interpreter teardown), with
the exit code ``main`` chose and every byte written; ``main`` itself raises SystemExit, so a
caller in the same process (these tests) goes on."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bad_helpers import cli

SAMPLE = Path(__file__).resolve().parents[2] / "sample_reports"


def _console(*args: str, then: str = "") -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from kpitool.cli import console\n"
        f"sys.argv = ['kpitool', *{list(args)!r}]\n"
        "console()\n"
        f"{then}\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_console_exits_with_mains_code_and_nothing_after_it_runs(tmp_path: Path) -> None:
    done = _console("compute", str(tmp_path / "nope"), then="print('after console')")
    assert done.returncode == 3
    assert done.stderr.startswith("error:") and "nope" in done.stderr
    assert "after console" not in done.stdout  # the process ended in console()
    ok = _console("--version", then="print('after console')")
    assert ok.returncode == 0 and ok.stdout.startswith("kpitool ")
    assert "after console" not in ok.stdout


def test_console_flushes_a_large_stdout_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV of every KPI per ASIN, through a pipe: the same text as ``main`` writes in this
    process, each line whole (the buffered tail is flushed before the exit)."""
    args = ["compute", str(SAMPLE), "--by", "asin", "-f", "csv", "--fail-on", "never"]
    done = _console(*args)
    assert done.returncode == 0, done.stderr
    in_process = cli(capsys, *args)  # main(), its signal handlers put back
    assert in_process.code == 0 and done.stdout == in_process.stdout
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0][:2] == ["asin", "kpi"] and len(rows) > 100
    assert {len(r) for r in rows} == {len(rows[0])}  # no row cut short


def test_main_raises_system_exit_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    """``cli`` calls ``main`` here: it returns (SystemExit caught) with main's exit code."""
    run = cli(capsys, "--version")
    assert run.code == 0 and run.stdout.startswith("kpitool ")


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_closed_stdout_is_exit_141_and_silent(fmt: str) -> None:
    """``kpitool ... | head``: the reader goes away before the output is written whole. Not
    exit 1 (a missed target's code, which click and Rich would give), no traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpitool", "compute", str(SAMPLE), "--by", "asin",
         "-f", fmt, "--fail-on", "never"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before kpitool writes a byte
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_console_runs_the_exit_functions_no_unpacked_archive_is_left(tmp_path: Path) -> None:
    """An archive's report is unpacked to a temp folder that an exit function removes
    (io/sniff.py): console() skips the interpreter's teardown, not the exit functions."""
    month = tmp_path / "2026-10"
    month.mkdir()
    business = (SAMPLE / "2026-10" / "BusinessReport-11-1-26 (1).csv").read_bytes()
    with zipfile.ZipFile(month / "business.zip", "w") as zf:
        zf.writestr("BusinessReport.csv", business)
    (month / "sp.csv.gz").write_bytes(
        gzip.compress((SAMPLE / "2026-10" / "Sponsored Products Campaign report.csv").read_bytes())
    )
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "kpitool", "compute", str(month), "-f", "json", "--fail-on",
         "never"],
        capture_output=True, text=True, timeout=120, check=False, env={**os.environ,
        "TMPDIR": str(temp)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"]  # the archives were read
    assert list(temp.iterdir()) == []  # and their temp folder removed
