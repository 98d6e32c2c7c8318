"""`kpitool compare` on the sample months 2026-09 -> 2026-10: golden outputs, the CLI's JSON
equals the library's result, exit codes, and the figures worked out independently."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bad_helpers import run_then_show
from paths import GOLDEN, REPO
from typer.testing import CliRunner

import kpitool.engine.compare
from kpitool.cli import app
from kpitool.cli.exits import compare_exit_code
from kpitool.config import load_config
from kpitool.engine.by_group import total_frame
from kpitool.engine.compare import CompareResult, compare
from kpitool.engine.compute import compute
from kpitool.engine.drivers import BREAKDOWNS, DRIVER_KPIS
from kpitool.engine.scan import read_folder
from kpitool.errors import KpiToolError
from kpitool.render import OutputFormat, render

ROOT = REPO
GOLDEN = GOLDEN
SEP, OCT = "sample_reports/2026-09", "sample_reports/2026-10"
CONFIG = ["--config", "configs/kpitool.yaml"]


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["compare", *args, *CONFIG])


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the output are relative to the repo root


@pytest.fixture(scope="module")
def sample() -> Iterator[CompareResult]:
    """The library's comparison of the sample months, read as the CLI reads them (computed
    once: it reads 28 files)."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        scans = [read_folder(Path(f)) for f in (SEP, OCT)]
        yield compare(*scans, load_config(Path("configs/kpitool.yaml")))
    finally:
        os.chdir(cwd)


CASES = {
    "compare_2026-09_2026-10.json": ["-f", "json"],
    "compare_2026-09_2026-10.txt": ["-f", "table"],
    "compare_2026-09_2026-10_by_owner.csv": ["--by", "owner", "-f", "csv", "--top", "0"],
    "compare_2026-09_2026-10_by_owner.md": ["--by", "owner", "-f", "markdown", "--top", "2"],
    "compare_2026-09_2026-10_by_owner_drivers.csv": ["--by", "owner", "-f", "csv", "--drivers"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, update_golden: bool) -> None:
    result = _run(SEP, OCT, *CASES[name])
    assert result.exit_code == 1, result.output  # October fails its conversion target
    path = GOLDEN / name
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run pytest --update-golden"
    assert result.stdout == path.read_text(encoding="utf-8")


def test_golden_markdown(sample: CompareResult, update_golden: bool) -> None:
    path = GOLDEN / "compare_2026-09_2026-10.md"
    if update_golden:
        path.write_text(render(OutputFormat.markdown, sample), encoding="utf-8")
    assert render(OutputFormat.markdown, sample) == path.read_text(encoding="utf-8")


def test_cli_json_equals_the_library_result_and_effects_sum_to_the_change(
    sample: CompareResult,
) -> None:
    # the golden JSON is what the CLI prints (test_golden): the library gives the same
    cli = (GOLDEN / "compare_2026-09_2026-10.json").read_text(encoding="utf-8")
    assert render(OutputFormat.json, sample) == cli
    doc = json.loads(cli)
    sales = next(r for r in doc["results"] if r["kpi"] == "sales" and not r["group"])
    sep = json.loads((GOLDEN / "compute_2026-09.json").read_text(encoding="utf-8"))
    assert sales["before"] == next(r["value"] for r in sep["results"] if r["kpi"] == "sales")
    for d in doc["drivers"]:
        if d["effects"] is not None:
            assert math.isclose(sum(d["effects"].values()), d["delta"], abs_tol=1e-8), d["kpi"]
        dims = [next(iter(c["group"])) for c in d["top_contributors"]]
        assert all(dims.count(x) <= 5 for x in dims)  # --top 5 of each breakdown
    assert doc["per_day"] is True  # September has 30 days, October 31


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_formats_other_than_the_table_do_not_import_rich(fmt: str) -> None:
    """Rich draws the table only (a fixed cost of every run)."""
    args = ["compare", SEP, OCT, *CONFIG, "--format", fmt]
    assert run_then_show(args, "'rich' in sys.modules", ROOT) == "False"


def test_exit_codes(sample: CompareResult) -> None:
    assert (
        compare_exit_code(sample, "fail", None) == 1
    )  # conversion_rate fails its target in October
    assert compare_exit_code(sample, "never", None) == 0
    assert compare_exit_code(sample, "never", 10) == 1  # conversion −13.8 %
    assert compare_exit_code(sample, "never", 15) == 0
    cli = _run(SEP, OCT, "--top", "0", "-f", "csv", "--fail-on", "never", "--fail-on-decline", "10")
    assert cli.exit_code == 1, cli.output


def test_drivers_csv_rows_and_usage(tmp_path: Path) -> None:
    """-f csv --drivers: one row per driver line, each owner's contributors being the
    owner's own (bob = B0BRAVO*, "Bob *"); --drivers with another format is exit 2."""
    import csv
    import io

    bad = _run(SEP, OCT, "--drivers", "-f", "json")
    assert bad.exit_code == 2 and "--drivers" in bad.output
    out = tmp_path / "drivers.csv"
    done = _run(SEP, OCT, "--by", "owner", "-f", "csv", "--drivers", "-o", str(out))
    assert done.exit_code == 1, done.output  # October fails its conversion target
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    bob = [r for r in rows if r["owner"] == "bob" and r["row"] == "contributor"]
    assert {r["dimension"] for r in bob} == {"asin", "campaign", "search_term"}
    assert all(r["key"].startswith("B0BRAVO") for r in bob if r["dimension"] == "asin")
    assert all(r["key"].startswith("Bob ") for r in bob if r["dimension"] == "campaign")
    changes = {
        r["owner"]: float(r["delta"])
        for r in rows
        if r["row"] == "change" and r["kpi"] == "ad_spend"
    }
    owners = [v for k, v in changes.items() if k]
    assert len(owners) == 4 and math.isclose(sum(owners), changes[""], abs_tol=1e-6)


def test_usage_errors() -> None:
    assert _run(SEP, OCT, OCT).exit_code == 2
    assert _run(SEP, OCT, "--top", "-1").exit_code == 2
    assert _run(SEP, OCT, "--by", "nope").exit_code == 2


def test_bad_against_is_an_input_error() -> None:
    result = _run(OCT, "--against", "yesterday")
    # main() turns a KpiToolError into one line on stderr and exit 3
    assert isinstance(result.exception, KpiToolError)
    assert result.exception.exit_code == 3 and "--against" in str(result.exception)


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "cmp.md"
    result = _run(SEP, OCT, "--top", "0", "-f", "markdown", "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# KPIs 2026-10-01..2026-10-31 vs ")
    assert f"wrote {out}" in result.stderr


def test_one_folder_of_both_months_against_the_previous_month() -> None:
    result = _run("sample_reports", "--period", "2026-10", "--top", "0", "-f", "json")
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["before"]["period"]["start"] == "2026-09-01"
    sales = next(r for r in doc["results"] if r["kpi"] == "sales" and not r["group"])
    # the dated (by-date) Business Reports give each month its own sales
    assert (sales["before"], sales["after"]) == (65909.62, 70379.33)


def test_each_folder_is_computed_once_with_the_drivers_breakdowns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One pass over each folder's data: the total, the --by breakdown and the drivers'
    breakdowns (asin, campaign, search term; and per owner, each owner's) are planned
    together (they were 8 passes); no compute per owner."""
    calls: list[tuple[str, ...]] = []
    real = kpitool.engine.compare.compute

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(tuple(kwargs.get("values_by", ())))
        return real(*args, **kwargs)

    monkeypatch.setattr(kpitool.engine.compare, "compute", counting)
    assert _run(SEP, OCT, "--by", "owner", "-f", "json").exit_code == 1  # a target missed
    # the total's by search term is the sum of the owners' (one grouping by search term)
    per_owner = ("owner,asin", "owner,campaign", "owner,search_term")
    assert calls == [("asin", "campaign", *per_owner)] * 2


@pytest.mark.parametrize("dim", BREAKDOWNS)
def test_driver_values_are_the_breakdowns_results(dim: str) -> None:
    """compute(values_by=[dim]) gives each group the values compute(by=[dim]) reports for it
    (one rounds in Polars, the other in Python: equal to 14 significant digits)."""
    config = load_config(Path("configs/kpitool.yaml"))
    fast = compute(read_folder(Path(OCT)), config, values_by=[dim], value_kpis=DRIVER_KPIS)
    full = compute(read_folder(Path(OCT)), config, by=[dim])
    expected = {
        (r.group[dim], r.kpi): r.value
        for r in full.all_results()
        if r.group and r.kpi in DRIVER_KPIS
    }
    assert full.groups is not None  # by search term: no sales KPI (it cannot carry them)
    got = {
        (row["group"], kpi): row[kpi]
        for row in fast.values_by[dim].iter_rows(named=True)
        for kpi in DRIVER_KPIS
        if kpi in full.groups.kpis
    }
    assert len(expected) > 3 * len(DRIVER_KPIS)  # several groups
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if value is None:
            assert got[key] is None, key
        else:
            assert got[key] == pytest.approx(value, rel=1e-14), key


@pytest.mark.parametrize("by", ["owner", "team", "campaign"])
def test_the_totals_search_terms_summed_over_the_groups_are_the_computed_ones(by: str) -> None:
    """compare takes the total's values by search term from the groups' (by_group.SUMMED):
    the same as computing them (to 14 significant digits: sums of tidied values)."""
    config = load_config(Path("configs/kpitool.yaml"))
    wanted = ["search_term", f"{by},search_term"]
    both = compute(
        read_folder(Path(OCT)), config, by=[by], values_by=wanted, value_kpis=DRIVER_KPIS
    )
    computed = both.values_by.pop("search_term")
    summed = total_frame(both, "search_term")
    assert summed is not None and summed.height == computed.height > 50
    got = {row["group"]: row for row in summed.iter_rows(named=True)}
    for row in computed.iter_rows(named=True):
        for kpi in DRIVER_KPIS:
            want = row[kpi]
            if want is None:
                assert got[row["group"]][kpi] is None, (row["group"], kpi)
            else:
                assert got[row["group"]][kpi] == pytest.approx(want, rel=1e-14), kpi


BR_HEADER = (
    "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions - Total,Page Views - Total,"
    "Featured Offer (Buy Box) Percentage,Units Ordered,Ordered Product Sales,Total Order Items\n"
)


def _month(root: Path, name: str, units: int, sales: str) -> Path:
    folder = root / name
    folder.mkdir()
    row = f"P1,B0ALPHA1,Widget,S1,100,200,90%,{units},{sales},{units}\n"
    (folder / "br.csv").write_text(BR_HEADER + row, encoding="utf-8")
    return folder


def test_exit_1_lists_each_decline_and_missed_target_on_stderr(tmp_path: Path) -> None:
    # September (30 days): 100 sessions, 20 units, 300.00 -> conversion 20 %, 10.00 a day.
    # October (31 days): 100 sessions, 10 units, 155.00 -> conversion 10 %, 5.00 a day.
    before = _month(tmp_path, "2026-09", 20, '"$300.00"')
    after = _month(tmp_path, "2026-10", 10, '"$155.00"')
    cfg = tmp_path / "k.yaml"
    cfg.write_text(
        "version: 1\ncurrency: USD\n"
        "targets: {sales: {min: 100}, conversion_rate: {min: 0.05}, units: {min: 12}}\n",
        encoding="utf-8",
    )
    args = ["compare", str(before), str(after), "-c", str(cfg), "--top", "0", "-f", "json"]
    # both changes are -50 % (sales per day, as the months differ in length): past 40 %
    result = CliRunner().invoke(app, [*args, "--fail-on-decline", "40"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    # units 10 < 12 x 0.9 = 10.8: a fail in October; units is not judged per day by the
    # target (its 12 a month is over a whole month), only its change is per day (-51.6 %)
    assert lines[-4:] == [
        "target missed: units 10 < 12 (fail)",
        "declined: sales 10.00 USD/day -> 5.00 USD/day (-50.00 %, more than 40 % the wrong way)",
        # 20/30 a day -> 10/31 a day: (10/31 - 2/3) / (2/3) = 15/31 - 1 = -51.61 %
        # (a count that is not whole is shown with 2 decimals: 0.67, 0.32)
        "declined: units 0.67/day -> 0.32/day (-51.61 %, more than 40 % the wrong way)",
        "declined: conversion_rate 20.00 % -> 10.00 % (-50.00 %, more than 40 % the wrong way)",
    ]
    assert len(lines) == 4 or lines[-5].endswith("warning(s)")  # after the warnings, if any
    assert "declined" not in result.stdout and json.loads(result.stdout)["command"] == "compare"
    # below the threshold, only the missed target explains the exit
    result = CliRunner().invoke(app, [*args, "--fail-on-decline", "60"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "target missed: units 10 < 12 (fail)"
    result = CliRunner().invoke(app, [*args, "--fail-on", "never"])
    assert result.exit_code == 0
    assert "target missed" not in result.stderr and "declined" not in result.stderr
