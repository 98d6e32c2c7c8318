"""Issue 17 item 7: a long read shows a progress bar on stderr, only in a terminal.

The io layer tells a callback of each file (``on_file(path, i, n)``) and knows nothing of
Rich; the command line draws the bar, after ``PROGRESS_AFTER`` seconds only. Through a
pseudo-terminal (stderr) and a pipe (stdout): the bar appears on a long read and stdout
stays clean; with stderr piped nothing of it is written.
"""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from bad_helpers import make_bad

from kpitool.cli.emit import PROGRESS_AFTER, Bar
from kpitool.engine.scan import inspect_folder, read_folder

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "2026-10"
    (folder / "DE").mkdir(parents=True)
    (folder / "b.csv").write_text(make_bad.CAMPAIGN, encoding="utf-8")
    (folder / "a.csv").write_text(make_bad.BUSINESS, encoding="utf-8")
    (folder / "notes.md").write_text("not a report\n", encoding="utf-8")
    (folder / "DE" / "c.csv").write_text(make_bad.CAMPAIGN.replace("USD", "EUR"), "utf-8")
    return folder


@pytest.mark.parametrize("read", [inspect_folder, read_folder])
def test_on_file_is_told_of_each_file_before_it_is_read(read: object, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    # the files below the folder, as a walk in name order lists them (the folder's own
    # files, then each sub-folder's)
    expected = [folder / "a.csv", folder / "b.csv", folder / "notes.md", folder / "DE" / "c.csv"]
    calls: list[tuple[Path, int, int]] = []
    assert callable(read)
    read(folder, on_file=lambda path, i, n: calls.append((path, i, n)))
    assert calls == [(p, i, 4) for i, p in enumerate(expected, 1)]


def test_the_bar_names_the_file_being_read_and_the_count() -> None:
    out = io.StringIO()
    from rich.console import Console

    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    bar = Bar(console, "Reading reports/2026-10")
    bar.on_file(Path("reports/2026-10/BusinessReport-10-1-26.csv"), 2, 5)
    console.print(bar._progress.get_renderable())
    line = out.getvalue()
    assert "Reading reports/2026-10" in line and "BusinessReport-10-1-26.csv" in line
    assert "2/5" in line
    bar.status("Computing the KPIs")
    out.seek(0)
    out.truncate()
    console.print(bar._progress.get_renderable())
    assert "5/5" in out.getvalue() and "Computing the KPIs" in out.getvalue()
    assert "BusinessReport" not in out.getvalue()


def _run_on_terminal(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """``kpitool ARGS`` in a fresh process with stderr on a pseudo-terminal and stdout on a
    pipe: (exit code, stdout, what the terminal received, seconds)."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="100")
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kpitool", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, cwd=cwd, env=env,
    )  # fmt: skip
    os.close(slave)
    stdout: list[bytes] = []
    reader = threading.Thread(target=lambda: stdout.append(proc.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    received = b""
    deadline = start + 120  # a hang fails the test
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the terminal closed: the process is gone
                break
            if not chunk:
                break
            received += chunk
        elif proc.poll() is not None:
            break
    else:
        proc.kill()
        pytest.fail("kpitool hung")
    code = proc.wait(timeout=10)
    reader.join(timeout=10)
    os.close(master)
    return code, stdout[0].decode(), received.decode(errors="replace"), time.monotonic() - start


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One month of a 1M-row campaign report in cp1252 (decoded in full as it is read)."""
    folder = tmp_path_factory.mktemp("big") / "2026-10"
    folder.mkdir()
    n = 1_000_000
    frame = pl.DataFrame({"i": range(n)}).select(
        pl.lit("Oct 5, 2026").alias("Date"),
        pl.format("Café {}", pl.col("i")).alias("Campaign Name"),
        pl.lit("USD").alias("Currency"),
        (pl.col("i") % 1000).alias("Impressions"),
        (pl.col("i") % 7).alias("Clicks"),
        pl.lit("$5.00").alias("Spend"),
        pl.lit("$20.00").alias("7 Day Total Sales "),
        pl.lit(2).alias("7 Day Total Orders (#)"),
        pl.lit(2).alias("7 Day Total Units (#)"),
    )
    (folder / "sp.csv").write_bytes(frame.write_csv().encode("cp1252"))
    return folder


def test_a_long_read_shows_the_bar_on_a_terminal_and_stdout_stays_clean(
    big_folder: Path, tmp_path: Path
) -> None:
    code, out, terminal, seconds = _run_on_terminal(
        ["compute", str(big_folder), "-f", "json"], tmp_path
    )
    assert code == 0, terminal
    if seconds < PROGRESS_AFTER + 0.5:
        pytest.skip(f"the run took {seconds:.1f} s: too quick to show the bar on this machine")
    result = json.loads(out)  # the artifact alone: no bar, no escape code
    assert "\x1b" not in out
    spend = next(r["value"] for r in result["results"] if r["kpi"] == "ad_spend")
    assert spend == 5.0 * 1_000_000
    assert f"Reading {big_folder}" in terminal and "1/1" in terminal
    assert "Computing the KPIs" in terminal
    # cleared when done: the last thing written erases the bar's lines
    assert terminal.rstrip("\r\n").endswith("\x1b[2K")


def test_a_quick_run_on_a_terminal_prints_nothing_of_it(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    # the bar's clock starts once the command runs, after the interpreter has started and
    # imported what it needs: an empty folder takes that time
    (tmp_path / "empty").mkdir()
    _, _, _, startup = _run_on_terminal(["inspect", str(tmp_path / "empty")], tmp_path)
    args = ["inspect", str(folder), "-f", "json"]
    code, out, terminal, seconds = _run_on_terminal(args, tmp_path)
    assert code == 0 and json.loads(out)["files"]
    if seconds - startup >= PROGRESS_AFTER * 0.8:
        pytest.skip(f"the read took about {seconds - startup:.1f} s on this busy machine")
    assert terminal == ""


def test_piped_stderr_shows_nothing_of_it(big_folder: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.run(
        [sys.executable, "-m", "kpitool", "compute", str(big_folder), "-f", "json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert json.loads(proc.stdout)["results"]
