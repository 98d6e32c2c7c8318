"""The benchmark script runs end to end on a tiny folder: every baseline, the totals check.

No timing is asserted here; the figures and budgets are for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bad_helpers import run_then_show
from paths import REPO

REPO = REPO
BENCH = REPO / "benchmarks" / "bench.py"

pytest.importorskip("duckdb")
pytest.importorskip("pandas")


def test_benchmark_smoke_run(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "5k", "--runs", "1", "--startup-runs", "1",
         "--data", str(tmp_path / "data"), "--results", str(results), "--label", "smoke"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 5k |")]
    assert [r.split("|")[2].strip() for r in rows] == [
        "kpitool", "polars", "duckdb", "pandas", "kpitool (full)", "kpitool compare (full)",
        "kpitool compare --by owner (full)",
    ]  # fmt: skip
    assert "kpitool --help" in done.stdout
    assert "Machine:" in results.read_text()


def test_benchmark_fails_loudly_when_totals_disagree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH.parent))
    import bench

    want = {k: 1.0 for k in (*bench.MONEY, *bench.COUNTS)}
    bench.check("polars", dict(want, ad_spend=1.004), want, 5000)  # within a cent: fine
    with pytest.raises(bench.Mismatch, match="clicks"):
        bench.check("polars", dict(want, clicks=2.0), want, 5000)


@pytest.mark.parametrize(
    ("args", "heavy"),
    [
        (["--help"], ["polars", "pydantic", "rich", "yaml"]),
        (["--version"], ["polars", "pydantic", "rich", "yaml"]),
        (["compute", "--help"], ["polars", "rich", "yaml"]),  # Typer imports pydantic here
    ],
)
def test_help_and_version_import_no_heavy_module(args: list[str], heavy: list[str]) -> None:
    """``--help`` and ``--version`` stay fast (budget: < 0.3 s): heavy modules stay unloaded."""
    loaded = f"sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))"
    assert run_then_show(args, loaded, cwd=Path.cwd()) == "[]"
