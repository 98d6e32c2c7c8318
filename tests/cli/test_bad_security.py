"""Issue 7, security: formula-like cells are neutralised in CSV, `|` escaped in Markdown, and
file names and cell text with control characters or ANSI escapes are printed escaped, so a
crafted product title or file name cannot rewrite the terminal. (Safe YAML and the safe formula
parser are tested through the config corpus in test_bad_input.py and in test_formula.py.)"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bad_helpers import cli

#: ESC[2J clears the screen, OSC 0 sets the window title, U+009B is the one-byte CSI
EVIL_NAME = "evil\x1b[2J[red]x\x9b.csv"
EVIL_CAMPAIGN = "Alice\x1b]0;pwned\x07 \x1b[31mred\x1b[0m\rover"
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]
PIPE = "a|b"
HEADER = "Date,Campaign Name,Impressions,Clicks,Spend,7 Day Total Sales \n"


pytestmark = pytest.mark.usefixtures("in_empty_dir")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "2026-10"
    reports.mkdir()
    rows = [
        f'"Oct {i + 1}, 2026",{_quote(name)},100,2,$1.00,$4.00\n'
        for i, name in enumerate([EVIL_CAMPAIGN, *FORMULAS, PIPE])
    ]
    rows.append('"Oct 9, 2026",Other,abc,1,$1.00,$0.00\n')  # a warning naming the file
    (reports / EVIL_NAME).write_text(HEADER + "".join(rows), encoding="utf-8")
    return reports


def _assert_escaped(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\r" not in text


def test_inspect_table_and_warnings_escape_the_file_name(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = cli(capsys, "inspect", str(folder))
    assert run.code == 0
    _assert_escaped(run.stdout + run.stderr)
    assert "evil\\x1b[2J[red]x\\x9b.csv" in run.stdout  # markup shown, not applied
    [warning] = [line for line in run.stdout.splitlines() if "left out" in line]
    assert "evil\\x1b[2J" in warning and "line 9" in warning


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_compute_outputs_escape_crafted_cells(
    folder: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    run = cli(capsys, "compute", str(folder), "--by", "campaign", "-f", fmt, "--fail-on", "never")
    assert run.code == 0, run
    _assert_escaped(run.stderr)
    assert "evil\\x1b[2J" in run.stderr  # the warning names the file, escaped
    if fmt == "json":  # escaped as in every format (issue 20.6): a consumer that prints a
        # value to a terminal cannot be made to run escapes; the JSON stays valid
        data = json.loads(run.stdout)
        groups = {r["group"]["campaign"] for r in data["results"] if r["group"]}
        assert {PIPE, *FORMULAS} <= groups
        assert "Alice\\x1b]0;pwned\\x07 \\x1b[31mred\\x1b[0m\\x0dover" in groups
        assert "\x1b" not in run.stdout and "\\u001b" not in run.stdout
        return
    _assert_escaped(run.stdout)
    assert "Alice\\x1b]0;pwned\\x07" in run.stdout
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(run.stdout)))
        campaigns = {row[0] for row in rows[1:]}
        for formula in FORMULAS:
            assert formula not in campaigns
        assert {"'" + f for f in FORMULAS} <= campaigns
        assert all(not c.startswith(("=", "+", "-", "@", "\t")) for c in campaigns)
    if fmt == "markdown":
        assert "a\\|b" in run.stdout
        groups = run.stdout.split("## By campaign")[1].split("\n\n")[1]
        for line in groups.splitlines():  # 5 KPI columns after the campaign: none split by a |
            assert line.count("|") - line.count("\\|") == 7, line


def test_error_lines_escape_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "2026-10"
    folder.mkdir()
    (folder / EVIL_NAME).write_bytes(b"\x00\x01binary\x1b[2J" * 100)
    run = cli(capsys, "inspect", str(folder))
    assert run.code == 3
    _assert_escaped(run.stderr)
    [line] = run.errors
    assert "evil\\x1b[2J" in line
