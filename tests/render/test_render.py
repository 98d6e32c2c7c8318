"""Renderers: every output format renders; CSV is injection-safe; markdown escapes pipes."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from rich.console import Console

from kpitool.render import OutputFormat, render
from kpitool.render.csv import escape_cell, render_csv
from kpitool.render.json import render_json
from kpitool.render.markdown import render_markdown
from kpitool.render.table import render_table, render_table_text
from kpitool.results import ComputeResult, KpiResult, Period, Score, Source, Status

COLOUR = re.compile(r"\x1b\[(?:\d+;)*3[0-7](?:;\d+)*m")  # SGR foreground colour


def sample() -> ComputeResult:
    return ComputeResult(
        period=Period(date(2026, 10, 1), date(2026, 10, 31)),
        currency="USD",
        group_by=["campaign"],
        results=[
            KpiResult({}, "sales", 61234.5, "currency", {"min": 60000.0, "warn_within": 0.1},
                      Status.PASS, 1.0206),
            KpiResult({}, "acos", 0.2134, "ratio", {"max": 0.25, "warn_within": 0.1},
                      Status.PASS, 1.1715),
            KpiResult({}, "units", 1234.0, "count", None, Status.NO_TARGET, None),
            KpiResult({"campaign": "=HYPERLINK(\"http://x\")"}, "ad_spend", -5.0, "currency",
                      None, Status.NO_TARGET),
            KpiResult({"campaign": "a|b"}, "ctr", None, "ratio", {"min": 0.01},
                      Status.NO_DATA),
            KpiResult({"campaign": "@x"}, "clicks", 3.0, "count", {"min": 10.0}, Status.FAIL,
                      0.3),
            KpiResult({"campaign": "+y"}, "clicks", 9.5, "count", {"min": 10.0}, Status.WARN,
                      0.95),
        ],
        scores=[Score({}, 1.1)],
        sources=[Source("br.csv", "business_report_by_item", 49)],
        warnings=["a warning"],
        notes=["EUR amounts converted"],
    )  # fmt: skip


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_output_format_renders(fmt: OutputFormat) -> None:
    text = render(fmt, sample())
    assert isinstance(text, str) and "acos" in text
    assert render(fmt, sample()) == text  # pure: the same result, the same text


def test_json_is_the_result_dict() -> None:
    assert json.loads(render_json(sample())) == sample().to_dict()


def test_csv_columns_numbers_and_injection_escaping() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(sample()))))
    assert rows[0] == [
        "campaign", "kpi", "value", "unit", "target_min", "target_max", "status", "attainment",
        "partial", "coverage_days", "coverage_of", "projected", "coverage_snapshot",
        "coverage_spans", "period_start", "period_end",
    ]  # fmt: skip
    assert rows[1][:9] == [
        "", "sales", "61234.5", "currency", "60000.0", "", "pass", "1.0206", "false"
    ]  # fmt: skip
    assert rows[1][9:14] == ["", "", "", "", ""]  # built without coverage: nothing claimed
    assert rows[1][14:] == ["2026-10-01", "2026-10-31"]  # the period it was built for
    assert rows[4][0] == '\'=HYPERLINK("http://x")'
    assert rows[4][2] == "-5.0"  # a negative number stays a number
    assert rows[5][0] == "a|b" and rows[5][2] == ""  # no data: empty cell
    assert rows[6][0] == "'@x" and rows[7][0] == "'+y"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "\\x09x"), ("B0ALPHA", "B0ALPHA"), ("", "")],
)  # fmt: skip
def test_escape_cell(cell: str, expected: str) -> None:
    assert escape_cell(cell) == expected


def test_markdown_escapes_pipes_and_formats_values() -> None:
    text = render_markdown(sample())
    assert "a\\|b" in text
    line = next(x for x in text.splitlines() if "| acos |" in x)
    assert "21.34 %" in line and "≤ 25.00 %" in line and "✓ pass" in line
    assert "61,234.50 USD" in text
    assert "| sales |" in text
    assert "## By campaign" in text  # the groups: a row each, a column per KPI


def test_table_shows_symbols_values_and_the_summary() -> None:
    text = render_table_text(sample(), width=160)
    for expected in ("✓ pass", "✗ fail", "! warn", "? no data", "– no target", "21.34 %",
                     "61,234.50 USD", "1,234", "Period: 2026-10-01..2026-10-31",
                     "Files used: 1", "Warnings: 1", "br.csv"):  # fmt: skip
        assert expected in text, expected
    assert "\x1b[" not in text  # plain text: no colour codes


def test_table_honours_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    render_table(sample(), Console(file=buffer, force_terminal=True, width=160))
    assert COLOUR.search(buffer.getvalue()) is None  # bold/italic may stay; no colours
    assert "✗ fail" in buffer.getvalue()


def test_table_colours_status_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=160)
    render_table(sample(), console)
    assert COLOUR.search(buffer.getvalue()) is not None


def test_control_characters_in_names_are_escaped_in_human_output() -> None:
    result = sample()
    result.results.append(KpiResult({"campaign": "evil\x1b[31m"}, "clicks", 1.0, "count"))
    assert "\x1b" not in render_table_text(result) and "\\x1b" in render_table_text(result)
    assert "\x1b" not in render_markdown(result)


def test_a_count_per_day_keeps_its_decimals() -> None:
    from kpitool.render.values import number, per_day_unit

    # clicks per day: 12,245 clicks in 31 days beside 11,850 in 30 (395 exactly)
    assert number(12245 / 31, per_day_unit("count"), None) == "395.00"
    assert number(11850 / 30, per_day_unit("count"), None) == "395.00"
    assert number(9474 / 31, per_day_unit("count"), None) == "305.61"
    # a count that is not per day stays whole; other units are unchanged per day
    assert number(395.0, "count", None) == "395"
    assert per_day_unit("currency") == "currency" and per_day_unit("ratio") == "ratio"
