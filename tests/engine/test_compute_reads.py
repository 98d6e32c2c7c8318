"""``compute`` reads each file it uses once: files are counted (rows, drops, dates) in the
compute's own pass (``read_folder``), not by an ``inspect_folder`` pass before it; the result
is the same, and a file the compute does not use is not read past its sample."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from paths import DATA, REPO

from kpitool.config import Config
from kpitool.engine.compute import compute
from kpitool.engine.scan import inspect_folder, read_folder
from kpitool.errors import InputError
from kpitool.results import ComputeResult

SAMPLES = REPO / "sample_reports"
SP_SEARCH_TERM = "Sponsored Products Search term report.xlsx"


def cfg() -> Config:
    return Config.model_validate({"version": 1})


def _plain(result: ComputeResult) -> dict[str, Any]:
    return {
        "results": [asdict(r) for r in result.results],
        "sources": [asdict(s) for s in result.sources],
        "warnings": result.warnings,
        "scores": [asdict(s) for s in result.scores],
    }


@pytest.mark.parametrize("by", [[], ["search_term"], ["asin"]])
def test_read_folder_gives_the_inspected_result(by: list[str]) -> None:
    folder = SAMPLES / "2026-10"
    counted_later = compute(read_folder(folder), cfg(), by=by)
    counted_first = compute(inspect_folder(folder), cfg(), by=by)
    assert _plain(counted_later) == _plain(counted_first)


def test_an_unused_file_is_not_counted() -> None:
    scan = read_folder(SAMPLES / "2026-10")
    compute(scan, cfg())
    st = next(r for r in scan.reports if r.path.name == SP_SEARCH_TERM)
    assert not st.measured  # the SP campaign report supplies the totals
    campaign = next(r for r in scan.reports if r.path.name.startswith("Sponsored Products Camp"))
    assert campaign.measured and campaign.rows == 186


def test_a_used_file_found_outside_the_period_is_left_out_as_before(tmp_path: Path) -> None:
    """Planned before its dates are known, then found wholly outside: planned again."""
    folder = tmp_path / "2026-10"
    shutil.copytree(SAMPLES / "2026-10", folder)
    shutil.copy(SAMPLES / "2026-09" / SP_SEARCH_TERM, folder / SP_SEARCH_TERM)
    later = compute(read_folder(folder), cfg(), by=["search_term"])
    first = compute(inspect_folder(folder), cfg(), by=["search_term"])
    assert _plain(later) == _plain(first)
    assert any("wholly outside the period" in w for w in later.warnings)


@pytest.mark.parametrize("by", [[], ["asin"]])
def test_a_sku_to_asin_report_outside_the_period_is_left_out_as_before(
    tmp_path: Path, by: list[str]
) -> None:
    """Profit maps SKUs to ASINs from the reports holding both: they are counted in the
    compute's pass too, and one found wholly outside the period is left out as before."""
    folder = tmp_path / "2026-10"
    shutil.copytree(SAMPLES / "2026-10", folder)
    sd = "Sponsored Display Advertised product report.csv"
    shutil.copy(SAMPLES / "2026-09" / sd, folder / sd)  # September's, in October's folder
    later = compute(read_folder(folder), cfg(), by=by)
    first = compute(inspect_folder(folder), cfg(), by=by)
    assert _plain(later) == _plain(first)
    assert any(w.startswith(f"{sd}: dated 2026-09") for w in later.warnings)


def test_compute_does_not_check_columns_no_kpi_reads(tmp_path: Path) -> None:
    """A bad cell in a column no KPI reads (Amazon's own CTR) changes no number: compute does
    not parse that column to count it; inspect does, and --strict refuses it."""
    bad = DATA / "bad" / "reports" / "bad_detail_cell"
    folder = tmp_path / "2026-10"
    shutil.copytree(bad, folder)
    inspected = inspect_folder(folder)
    assert any("cell left empty" in w for r in inspected.reports for w in r.warnings)
    result = compute(read_folder(folder), cfg())
    assert not any("cell left empty" in w for w in result.warnings)
    assert compute(inspected, cfg()).results == result.results
    from typer.testing import CliRunner

    from kpitool.cli import app

    strict = CliRunner().invoke(
        app, ["compute", str(folder), "--strict", "-c", str(_config(tmp_path))]
    )
    # the entry point (kpitool.cli.main) maps this InputError to exit 3
    assert isinstance(strict.exception, InputError)
    assert "cell left empty" in str(strict.exception)


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "kpitool.yaml"
    path.write_text("version: 1\n")
    return path
