"""`kpitool report`: the file it writes is the library's page, exit codes as for compute,
bad input is one line and no file, and the comparison comes from the folder, a BEFORE folder
or the history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from bad_helpers import cli
from coverage_files import by_date, days, sp_campaign
from report_helpers import SAMPLE, Built, Written, text_of

pytestmark = pytest.mark.usefixtures("in_empty_dir")
CFG = "version: 1\ncurrency: USD\ntargets:\n  sales: {min: 3000}\n  acos: {max: 0.3}\n"
SEP = (date(2026, 9, 1), date(2026, 9, 30))
OCT = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture
def in_empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """``kpitool report ARGS`` through the console entry point: (exit code, stderr)."""

    def go(*args: str) -> tuple[int, str]:
        done = cli(capsys, "report", *args)
        assert "Traceback" not in done.stderr, done.stderr
        return done.code, done.stderr

    return go


#: October's campaign: a name with a right-to-left override, as a hostile file could hold
EVIL = "C1\u202eevil"


def _month(
    folder: Path, span: tuple[date, date], sales: float, spend: float, campaign: str = "C1"
) -> Path:
    """Every day of ``span``: ``sales`` of sales and ``spend`` of SP spend (4 x in ad sales)."""
    folder.mkdir(parents=True)
    by_date(folder, dict.fromkeys(days(*span), sales))
    sp_campaign(folder, [(d, campaign, spend, 4 * spend) for d in days(*span)])
    return folder


@pytest.fixture
def months(tmp_path: Path) -> tuple[Path, Path, Path]:
    sep = _month(tmp_path / "reports" / "2026-09", SEP, 100.0, 10.0)
    oct_ = _month(tmp_path / "reports" / "2026-10", OCT, 120.0, 15.0, EVIL)
    cfg = tmp_path / "kpitool.yaml"
    cfg.write_text(CFG, encoding="utf-8")
    return sep, oct_, cfg


def run_compute(folder: Path, cfg: Path) -> int:
    from typer.testing import CliRunner

    from kpitool.cli import app

    args = ["compute", str(folder), "-c", str(cfg), "--history", "h.db"]
    return CliRunner().invoke(app, args).exit_code


def test_the_command_writes_the_library_page(sample_file: Written, sample: Built) -> None:
    # the sample misses its conversion target (and alice her ACOS): exit 1, as compute
    assert sample_file.exit_code == 1, sample_file.stderr
    assert "target missed: conversion_rate 10.56 % < 12.00 % (fail)" in sample_file.stderr
    assert f"wrote {sample_file.path}" in sample_file.stderr
    assert sample_file.path.read_text(encoding="utf-8") == sample.html


def test_against_a_before_folder_and_fail_on_never(
    months: tuple[Path, Path, Path], run: Callable[..., tuple[int, str]]
) -> None:
    sep, oct_, cfg = months
    out = Path("review.html")
    code, err = run(str(oct_), "--against", str(sep), "-c", str(cfg), "-o", str(out),
                     "--fail-on", "never")  # fmt: skip
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    header = text_of(html.split("<main>")[0])
    assert f"Compared with 2026-09, the folder {sep}" in header
    # 31 x 120 against 30 x 100, compared per day: +20 %
    assert "3,720.00 USD" in html and "↑ +20.00 % per day (better)" in html
    assert "was 3,000.00 USD" in html
    # the new campaign explains the change of ad spend, its name escaped in tables and charts
    assert "\u202e" not in html
    assert html.count("C1\\u202eevil") >= 2 and "+465.00 USD" in html  # 31 x 15 new


def test_a_root_without_period_reviews_its_latest_folder(
    months: tuple[Path, Path, Path], run: Callable[..., tuple[int, str]]
) -> None:
    sep, _, cfg = months
    root = sep.parent
    code, err = run(str(root), "-c", str(cfg), "-o", "review.html", "--fail-on", "never")
    assert code == 0, err
    assert f"note: reviewing 2026-10, the latest of the period folders under {root}" in err
    html = Path("review.html").read_text(encoding="utf-8")
    header = text_of(html.split("<main>")[0])
    assert "Compared with 2026-09, the previous period" in header
    # October alone (31 x 120), against September (30 x 100): not the two months summed
    assert "3,720.00 USD" in html and "was 3,000.00 USD" in html
    assert "6,720.00 USD" not in html and "no comparison" not in html


def test_the_history_gives_the_comparison_the_folder_lacks(
    months: tuple[Path, Path, Path], run: Callable[..., tuple[int, str]]
) -> None:
    sep, oct_, cfg = months
    assert run_compute(sep, cfg) == 0
    code, err = run(str(oct_), "-c", str(cfg), "--history", "h.db", "-o", "review.html")
    assert code == 0, err
    html = Path("review.html").read_text(encoding="utf-8")
    assert "2026-09, the previous period (from the history h.db)" in html
    assert "was 3,000.00 USD" in html and "no comparison" not in html
    # the trend holds the history's September beside the folder's October
    assert "2026-09 3,000.00 USD" in text_of(html) and "2026-10 3,720.00 USD" in text_of(html)
    assert "the drivers need the reports of both periods" in html


def test_nothing_to_compare_with_is_a_warning(
    months: tuple[Path, Path, Path], run: Callable[..., tuple[int, str]]
) -> None:
    _, oct_, cfg = months
    code, err = run(str(oct_), "-c", str(cfg), "--against", "last-year", "-o", "r.html")
    assert code == 0
    assert "warning: no comparison: nothing in" in err and "2025-10" in err
    assert "no comparison" in Path("r.html").read_text(encoding="utf-8")


def test_bad_input_is_one_line_and_no_file(
    tmp_path: Path, run: Callable[..., tuple[int, str]]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, err = run(str(empty), "-o", "r.html")
    assert code == 3 and err.startswith("error: ") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err and not Path("r.html").exists()


def test_the_output_never_replaces_an_input(
    months: tuple[Path, Path, Path], run: Callable[..., tuple[int, str]]
) -> None:
    _, oct_, cfg = months
    victim = next(oct_.glob("*.csv"))
    before = victim.read_bytes()
    code, err = run(str(oct_), "-c", str(cfg), "-o", str(victim))
    assert code == 3 and "refusing to overwrite an input" in err
    assert victim.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--against", "nowhere"], "neither previous, last-year, a period"),
        ([], "Missing option '--output'"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], says: str, run: Callable[..., tuple[int, str]]
) -> None:
    code, err = run(str(SAMPLE), *args, *([] if not args else ["-o", "r.html"]))
    assert code == 2 and says in err, err
