"""Every table fits the terminal: at 80, 100 and 160 columns no line is wider, and no KPI id
or report kind is cut (the names around them may be ellipsized in the middle)."""

from __future__ import annotations

import json
import re

import pytest
from bad_helpers import cli
from paths import REPO

from kpitool.render.fit import middle

SAMPLE = REPO / "sample_reports"
OCT, SEP = str(SAMPLE / "2026-10"), str(SAMPLE / "2026-09")

#: (table command, the JSON run whose KPI ids or kinds must all appear whole in the table)
CASES = {
    "compute": ["compute", OCT],
    "compute by owner": ["compute", OCT, "--by", "owner"],
    "compute by asin and campaign": ["compute", OCT, "--by", "asin,campaign"],
    "compare": ["compare", SEP, OCT],
    "compare by asin": ["compare", SEP, OCT, "--by", "asin"],
    "compare by owner": ["compare", SEP, OCT, "--by", "owner"],
    "compare by campaign": ["compare", SEP, OCT, "--by", "campaign"],
    "trend by owner": ["trend", str(SAMPLE), "--by", "owner"],
    "trend by week": ["trend", OCT, "--per", "week"],
    "inspect": ["inspect", OCT],
    "kpis": ["kpis"],
    "kpis acos": ["kpis", "acos"],
}
WIDTHS = (80, 100, 160)


def _judged(args: list[str]) -> list[str]:
    return args if args[0] in ("inspect", "kpis") else [*args, "--fail-on", "never"]


def _ids(capsys: pytest.CaptureFixture[str], args: list[str]) -> set[str]:
    """What must stay whole, read from the JSON of the same run: KPI ids, or report kinds."""
    run = cli(capsys, *_judged(args), "--format", "json")
    assert run.code == 0, run
    doc = json.loads(run.stdout)
    if args[0] == "inspect":
        return {f["kind"] for f in doc["files"]}
    if args[0] == "kpis":
        return {k["id"] for k in doc["kpis"]}
    return {r["kpi"] for r in doc["results"]}


@pytest.mark.parametrize("name", CASES)
def test_tables_fit_and_keep_ids_whole(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = CASES[name]
    ids = _ids(capsys, args)
    assert ids
    for width in WIDTHS:
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli(capsys, *_judged(args))
        assert run.code == 0, run
        lines = run.stdout.splitlines()
        too_wide = [line for line in lines if len(line.rstrip()) > width]
        assert not too_wide, (width, too_wide[:3])
        for kpi in ids:  # whole: not followed or preceded by more of a word, nor by "…"
            pattern = rf"(?<![\w…]){re.escape(kpi)}(?![\w…])"
            assert re.search(pattern, run.stdout), (width, kpi)
        assert "…" not in run.stdout or width < 160, (width, "ellipsized at 160 columns")


def test_a_pipe_without_columns_gets_120(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    run = cli(capsys, "inspect", OCT)
    widths = [len(line.rstrip()) for line in run.stdout.splitlines()]
    assert max(widths) <= 120
    assert max(widths) > 100  # it uses the room: the file names are whole
    assert "Sponsored Products Advertised product report.csv" in run.stdout


def test_narrow_statuses_are_symbols_with_a_legend(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    run = cli(capsys, "compute", OCT, "--fail-on", "never")
    # conversion_rate misses its 12 % target in the sample: a cross, without the word
    [row] = [line for line in run.stdout.splitlines() if line.startswith("conversion_rate")]
    assert "✗" in row and "fail" not in row
    assert "Status: ✓ pass, ! warn, ✗ fail, – no target, ? no data" in run.stdout
    assert "KPIs 2026-10-01..2026-10-31 (USD)" in run.stdout  # money lost its code: the title


def test_many_periods_show_the_latest_that_fit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # October by week: 2026-W40 (from 2026-09-28) to 2026-W44, five periods
    monkeypatch.setenv("COLUMNS", "160")
    wide = cli(capsys, "trend", OCT, "--per", "week", "--fail-on", "never")
    assert all(f"2026-W{w}" in wide.stdout for w in range(40, 45))
    monkeypatch.setenv("COLUMNS", "80")
    narrow = cli(capsys, "trend", OCT, "--per", "week", "--fail-on", "never")
    header = next(line for line in narrow.stdout.splitlines() if line.startswith("KPI "))
    shown = re.findall(r"2026-W\d\d", header)
    assert shown and shown[-1] == "2026-W44" and len(shown) < 5
    assert f"Shown: the last {len(shown)} of 5 periods" in narrow.stdout
    # the sparkline still has a bar (or a gap) for each of the five weeks
    sales = next(line for line in narrow.stdout.splitlines() if line.startswith("sales "))
    assert re.search(r"\s[▁▂▃▄▅▆▇█ ]{5}\s", sales), sales


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Sponsored Products report.csv", 12, "Sponso…t.csv"),
        ("abcdef", 6, "abcdef"),
        ("abcdef", 5, "ab…ef"),
        ("abcdef", 2, "a…"),
        ("abcdef", None, "abcdef"),
    ],
)
def test_middle_keeps_both_ends(text: str, width: int | None, expected: str) -> None:
    assert middle(text, width) == expected
