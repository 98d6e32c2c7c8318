"""Breakdowns by search term (issue 14): per-group values against sums read from the file with
the csv module, groups adding up to the total, and --kpis/--where/--sort/--top against a plain
Python filter of the same rows, in every format."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from bad_helpers import cli
from paths import REPO

SP = "Sponsored Products Search term report.csv"
WHERE = "clicks >= 10 and ad_orders == 0"


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated month's SP search term report (20,000 rows, some 9,000 search terms)
    alone in a folder: every figure by search term comes from it."""
    out = tmp_path_factory.mktemp("gen")
    script = REPO / "scripts" / "make_samples.py"
    args = ["--search-term-rows", "20000", "--out", str(out), "--quiet"]
    subprocess.run([sys.executable, str(script), *args], check=True, timeout=120)
    folder = tmp_path_factory.mktemp("st") / "2026-10"
    folder.mkdir()
    shutil.copy(out / "2026-10" / SP, folder / SP)
    return folder


def _money(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", "") or "0")


@pytest.fixture(scope="module")
def terms(month: Path) -> dict[str, dict[str, float]]:
    """Per search term: spend, sales, orders, clicks and impressions, summed by hand."""
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    with (month / SP).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            s = sums[row["Customer Search Term"]]
            s["ad_spend"] += _money(row["Spend"])
            s["ad_sales"] += _money(row["7 Day Total Sales"])
            s["ad_orders"] += Decimal(row["7 Day Total Orders (#)"])
            s["clicks"] += Decimal(row["Clicks"])
            s["impressions"] += Decimal(row["Impressions"])
    return {t: {k: float(v) for k, v in s.items()} for t, s in sums.items()}


def _acos(s: dict[str, float]) -> float | None:
    return s["ad_spend"] / s["ad_sales"] if s["ad_sales"] else None


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    run = cli(capsys, "compute", *args, "-f", "json", "--fail-on", "never")
    assert run.code == 0, run
    doc: dict[str, object] = json.loads(run.stdout)
    return doc


@pytest.mark.parametrize("spilled", [False, True])
def test_each_term_is_the_sum_of_its_rows_and_the_terms_add_up_to_the_total(
    month: Path,
    terms: dict[str, dict[str, float]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spilled: bool,
) -> None:
    """``spilled``: the file taken for a big one, its rows summed from a temporary file in
    passes of 3,000 rows (engine/collect.Grouped), as a search term report of 256 MB is."""
    from kpitool.engine import collect

    if spilled:
        monkeypatch.setattr(collect, "BIG_FILE", 1)
        monkeypatch.setattr(collect, "SPILL_FILES", 1)
        monkeypatch.setattr(collect, "ROWS_PER_PASS", 3_000)
        passes: list[int] = []
        real = collect.Grouped.from_file

        def from_file(g: collect.Grouped, path: Path) -> pl.DataFrame:
            out = real(g, path)
            passes.append(out.height)
            return out

        monkeypatch.setattr(collect.Grouped, "from_file", from_file)
    doc = _json(capsys, str(month), "--by", "search_term")
    if spilled:
        assert passes == [len(terms)]  # the SP report's terms (the only ads report here)
    results = doc["results"]
    assert isinstance(results, list)
    got: dict[str, dict[str, float]] = defaultdict(dict)
    total = {}
    for r in results:
        if r["group"]:
            got[r["group"]["search_term"]][r["kpi"]] = r["value"]
        else:
            total[r["kpi"]] = r["value"]
    assert len(terms) > 5000 and got.keys() == terms.keys()
    for term, s in terms.items():
        for kpi in ("ad_spend", "ad_sales", "ad_orders", "clicks", "impressions"):
            assert got[term][kpi] == pytest.approx(s[kpi], abs=1e-6), (term, kpi)
        acos = _acos(s)
        assert got[term]["acos"] == (None if acos is None else pytest.approx(acos, abs=1e-9))
    for kpi in ("ad_spend", "ad_sales", "ad_orders", "clicks", "impressions"):
        assert sum(g[kpi] for g in got.values()) == pytest.approx(total[kpi], rel=1e-12)
    # only what a search term can carry: the advertising KPIs, no sales-and-traffic KPI
    listed = {k for g in got.values() for k in g}
    assert "ad_spend" in listed and not {"sales", "sessions", "tacos", "net_profit"} & listed
    assert any("by search_term: the sales-and-traffic" in n for n in doc["notes"])  # type: ignore[union-attr]


def _expected(terms: dict[str, dict[str, float]], top: int | None = None) -> list[str]:
    """The terms with 10+ clicks and no order, by spend (largest first, then by name)."""
    kept = [t for t, s in terms.items() if s["clicks"] >= 10 and s["ad_orders"] == 0]
    kept.sort()
    kept.sort(key=lambda t: -terms[t]["ad_spend"])
    return kept[:top] if top else kept


def test_where_sort_top_and_kpis_in_json_csv_and_parquet(
    month: Path,
    terms: dict[str, dict[str, float]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    want = _expected(terms, 25)
    assert len(want) == 25  # the filter keeps more than 25 terms: --top has work to do
    view = ["--by", "search_term", "--where", WHERE, "--sort", "ad_spend", "--top", "25"]
    kpis = ["--kpis", "ad_spend,clicks,ad_orders,acos"]
    doc = _json(capsys, str(month), *view, *kpis)
    rows = [r for r in doc["results"] if r["group"]]  # type: ignore[union-attr]
    order = list(dict.fromkeys(r["group"]["search_term"] for r in rows))
    assert order == want
    assert [r["kpi"] for r in rows[:4]] == ["ad_spend", "clicks", "ad_orders", "acos"]
    total = [r["kpi"] for r in doc["results"] if not r["group"]]  # type: ignore[union-attr]
    assert total == ["ad_spend", "clicks", "ad_orders", "acos"]  # the total: the same KPIs

    run = cli(capsys, "compute", str(month), *view, *kpis, "-f", "csv", "--fail-on", "never")
    body = list(csv.DictReader(io.StringIO(run.stdout)))
    assert list(dict.fromkeys(r["search_term"] for r in body if r["search_term"])) == want

    args = [str(month), *view, "-f", "csv", "--layout", "wide", "--fail-on", "never"]
    run = cli(capsys, "compute", *args)
    wide = list(csv.DictReader(io.StringIO(run.stdout)))
    assert list(wide[0]) == ["search_term", "ad_spend", "ad_sales", "acos", "clicks", "ad_orders"]
    assert [r["search_term"] for r in wide[1:]] == want and wide[0]["search_term"] == ""
    for r in wide[1:]:
        s = terms[r["search_term"]]
        assert float(r["ad_spend"]) == pytest.approx(s["ad_spend"], abs=1e-6)
        assert float(r["clicks"]) == s["clicks"] and float(r["ad_orders"]) == 0

    for layout in ("long", "wide"):
        out = tmp_path / f"{layout}.parquet"
        args = [str(month), *view, "-f", "parquet", "-o", str(out), "--layout", layout]
        assert cli(capsys, "compute", *args, "--fail-on", "never").code == 0
        df = pl.read_parquet(out).filter(pl.col("search_term").is_not_null())
        assert list(dict.fromkeys(df.get_column("search_term").to_list())) == want


def test_sort_ascending_nulls_last_and_table_and_markdown_are_wide(
    month: Path, terms: dict[str, dict[str, float]], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _json(capsys, str(month), "--by", "search_term", "--sort", "acos:asc", "--kpis", "acos")
    got = [r["value"] for r in doc["results"] if r["group"]]  # type: ignore[union-attr]
    plain = sorted(a for s in terms.values() if (a := _acos(s)) is not None)
    assert got[: len(plain)] == pytest.approx(plain, abs=1e-9)
    assert all(v is None for v in got[len(plain) :]) and len(got) == len(terms)

    want = _expected(terms, 5)
    args = ["--by", "search_term", "--where", WHERE, "--sort", "ad_spend", "--top", "5"]
    for fmt in ("markdown", "table"):
        run = cli(capsys, "compute", str(month), *args, "-f", fmt, "--fail-on", "never")
        assert run.code == 0, run
        shown = [t for t in want if t in run.stdout]
        assert shown == want
        positions = [run.stdout.index(t) for t in want]
        assert positions == sorted(positions)  # in the order of spend
        n = len(_expected(terms))
        title = " ".join(run.stdout.split())
        assert f"5 of {n} groups where {WHERE} ({len(terms):,} in all)" in title


@pytest.mark.parametrize(
    ("expr", "token"),
    [
        ("clicks >= 10 and and", "unexpected 'and' at column 18"),
        ("clicks = 10", "unexpected '=' at column 8"),
        ("clicks", "a number where a condition is expected at column 1"),
        ("clicks > 1 or (acos < 0.2", "unexpected end of condition at column 26"),
        ("clicks >> 2", "unexpected '>' at column 9"),
        ("sessions > 10", "sessions cannot be broken down by search_term"),
        ("clickz > 1", "unknown KPI id(s) clickz"),
    ],
)
def test_a_bad_where_is_a_usage_error_naming_the_token(
    month: Path, capsys: pytest.CaptureFixture[str], expr: str, token: str
) -> None:
    run = cli(capsys, "compute", str(month), "--by", "search_term", "--where", expr)
    assert run.code == 2, run
    assert token in " ".join(run.stderr.split()) and "--where" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sort", "acos:up"], "KPI:asc"),
        (["--kpis", "sales"], "sales cannot be broken down by search_term"),
        (["--top", "0"], "--top"),
        (["-f", "parquet"], "-o FILE"),
        (["-f", "json", "--layout", "wide"], "--layout is for csv and parquet"),
    ],
)
def test_other_usage_errors(
    month: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    run = cli(capsys, "compute", str(month), "--by", "search_term", *args)
    assert run.code == 2 and message in " ".join(run.stderr.split()), run


def test_ranking_needs_a_breakdown(month: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "compute", str(month), "--top", "3")
    assert run.code == 2 and "add --by" in run.stderr


def test_kpis_without_a_breakdown_lists_those_of_the_total(
    month: Path, terms: dict[str, dict[str, float]], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _json(capsys, str(month), "--kpis", "clicks,ad_spend")
    values = {r["kpi"]: r["value"] for r in doc["results"]}  # type: ignore[union-attr]
    assert list(values) == ["clicks", "ad_spend"]  # in the order given
    assert values["clicks"] == sum(s["clicks"] for s in terms.values())
    assert math.isclose(values["ad_spend"], sum(s["ad_spend"] for s in terms.values()))
