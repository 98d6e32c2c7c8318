"""The compute, validate and init commands, end to end on report files written to disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_helpers import run_then_show
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.config import load_config
from kpitool.engine.compute import compute
from kpitool.engine.scan import inspect_folder
from kpitool.render import OutputFormat

BR = """\
(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions - Total,Page Views - Total,\
Featured Offer (Buy Box) Percentage,Units Ordered,Ordered Product Sales,Total Order Items
P1,B0ALPHA1,Widget,S1,100,200,90%,10,$100.00,9
P1,B0BETA2,Gadget,S2,50,100,50%,5,$80.00,5
"""
SP = """\
Date,Campaign Name,Currency,Impressions,Clicks,Spend,7 Day Total Sales ,\
7 Day Total Orders (#),7 Day Total Units (#)
"Oct 1, 2026",Alice brand,USD,1000,10,$5.00,$20.00,2,2
"Oct 2, 2026",Alice brand,USD,1000,10,$5.00,$20.00,2,2
"Oct 3, 2026",Other,USD,500,5,$2.50,$0.00,0,0
"""
CONFIG = """\
version: 1
currency: USD
targets:
  sales: {min: 100}
  acos: {max: 0.25, warn_within: 0.1}
owners:
  alice:
    asins: ["B0ALPHA*"]
    campaigns: ["Alice *"]
    targets:
      sales: {min: 50}
"""

runner = CliRunner()


pytestmark = pytest.mark.usefixtures("in_empty_dir")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "2026-10"
    reports.mkdir()
    (reports / "br.csv").write_text(BR, encoding="utf-8")
    (reports / "sp_campaign.csv").write_text(SP, encoding="utf-8")
    return reports


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "kpitool.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_cli_json_equals_the_library_result(folder: Path, config: Path) -> None:
    res = runner.invoke(
        app, ["compute", str(folder), "--config", str(config), "-f", "json", "--by", "owner",
              "--fail-on", "never"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    library = compute(inspect_folder(folder), load_config(config), by=["owner"])
    assert json.loads(res.stdout) == json.loads(json.dumps(library.to_dict()))
    assert "warning(s)" in res.stderr and "warning(s)" not in res.stdout


def test_values_from_files_by_hand(folder: Path) -> None:
    res = runner.invoke(app, ["compute", str(folder), "-f", "json"])
    data = json.loads(res.stdout)
    values = {r["kpi"]: r["value"] for r in data["results"]}
    assert data["period"] == {"start": "2026-10-01", "end": "2026-10-31", "days": 31}
    assert values["sales"] == 180.0 and values["ad_spend"] == 12.5
    assert values["acos"] == pytest.approx(12.5 / 40)
    assert {s["path"] for s in data["sources"]} == {"br.csv", "sp_campaign.csv"}


def test_exit_1_when_a_target_is_missed_at_the_fail_on_level(folder: Path, config: Path) -> None:
    # acos = 12.5 / 40 = 0.3125 > 0.25 x 1.1 = 0.275: fail
    args = ["compute", str(folder), "--config", str(config), "-f", "csv"]
    assert runner.invoke(app, args).exit_code == 1
    assert runner.invoke(app, [*args, "--fail-on", "never"]).exit_code == 0


MISSING = """\
version: 1
currency: USD
targets:
  sales: {min: 190}
  acos: {max: 0.25}
  net_margin: {min: 0.1}
owners:
  alice:
    asins: ["B0ALPHA*"]
    campaigns: ["Alice *"]
    targets:
      sales: {min: 50}
      acos: {max: 0.2}
"""


def test_exit_1_lists_each_missed_target_on_stderr(folder: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "missing.yaml"
    cfg.write_text(MISSING, encoding="utf-8")
    args = ["compute", str(folder), "--config", str(cfg), "-f", "json", "--by", "owner"]
    res = runner.invoke(app, args)
    assert res.exit_code == 1, res.output
    # October in full: no pro-rating. sales 100 + 80 = 180 < 190 but >= 190 x 0.9 = 171: warn
    # (not listed at --fail-on fail). acos 12.5 / 40 = 31.25 % > 25 % x 1.1: fail. No
    # payments report: net_margin has no data, a missed target. alice: 100.00 >= 50 passes;
    # her acos 10 / 40 = 25 % > 20 % x 1.1 = 22 %: fail.
    missed = [
        "target missed: acos 31.25 % > 25.00 % (fail)",
        "target missed: net_margin has no data (no_data)",
        "target missed: owner=alice: acos 25.00 % > 20.00 % (fail)",
    ]
    lines = res.stderr.splitlines()
    assert lines[-3:] == missed
    assert lines[-4].endswith("warning(s)")  # after the warnings
    assert "target missed" not in res.stdout
    # stdout is the JSON artifact, as without the lines
    library = compute(inspect_folder(folder), load_config(cfg), by=["owner"])
    assert json.loads(res.stdout) == json.loads(json.dumps(library.to_dict()))

    warn = runner.invoke(app, [*args, "--fail-on", "warn"])
    assert warn.exit_code == 1
    assert warn.stderr.splitlines()[-4:] == [
        "target missed: sales 180.00 USD < 190.00 USD (warn)",
        *missed,
    ]
    never = runner.invoke(app, [*args, "--fail-on", "never"])
    assert never.exit_code == 0 and "target missed" not in never.stderr


def test_a_targeted_kpi_without_data_alone_exits_1(folder: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "nodata.yaml"
    cfg.write_text("version: 1\ntargets: {net_margin: {min: 0.1}}\n", encoding="utf-8")
    proc = _kpitool("compute", str(folder), "--config", str(cfg), "-f", "csv")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines()[-1] == "target missed: net_margin has no data (no_data)"
    assert "no_data" in proc.stdout  # the CSV itself is unchanged: the status column
    assert _kpitool("compute", str(folder), "-c", str(cfg), "--fail-on", "never").returncode == 0


def test_exit_0_without_targets(folder: Path) -> None:
    res = runner.invoke(app, ["compute", str(folder), "--fail-on", "warn"])
    assert res.exit_code == 0
    assert "sales" in res.stdout and "Period: 2026-10-01..2026-10-31" in res.stdout


@pytest.mark.parametrize(
    "args",
    [["--format", "xml"], ["--fail-on", "sometimes"], ["--by", "colour"], ["--nope"]],
)
def test_exit_2_on_usage_errors(folder: Path, args: list[str]) -> None:
    res = runner.invoke(app, ["compute", str(folder), *args])
    assert res.exit_code == 2


def _kpitool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kpitool", *args], capture_output=True, text=True, cwd=cwd,
        env=env, check=False,
    )  # fmt: skip


def test_exit_3_on_a_bad_config_one_line_no_traceback(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ntargets:\n  acos: {max: lots}\n", encoding="utf-8")
    proc = _kpitool("compute", str(folder), "--config", str(bad))
    assert proc.returncode == 3
    assert "bad.yaml:3: targets.acos.max" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert _kpitool("validate", "--config", str(bad)).returncode == 3


def test_exit_3_on_a_whole_number_percent_target(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "pct.yaml"
    bad.write_text("version: 1\ntargets:\n  sales: {min: 100}\n  acos: {max: 25}\n")
    for args in (["validate"], ["compute", str(folder)], ["compare", str(folder), str(folder)]):
        proc = _kpitool(*args, "--config", str(bad))
        assert proc.returncode == 3, (args, proc.stderr)
        assert proc.stderr.splitlines() == [
            f"error: {bad}:4: targets.acos.max: acos is a ratio, so 25 would be 2500 % and looks "
            'like a whole-number percent: write 0.25 or "25%" for 25 % (a plain ratio bound of 2 '
            'or more in size is refused; write "2500%" if you mean it)'
        ]
        assert proc.stdout == ""


def test_percent_string_target_is_the_fraction(folder: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "pct.yaml"
    cfg.write_text('version: 1\ntargets:\n  acos: {max: "31.25%"}\n', encoding="utf-8")
    assert runner.invoke(app, ["validate", "--config", str(cfg)]).exit_code == 0
    res = runner.invoke(app, ["compute", str(folder), "-c", str(cfg), "-f", "json"])
    (acos,) = [r for r in json.loads(res.stdout)["results"] if r["kpi"] == "acos"]
    # 31.25 % = 0.3125; acos = 12.5 / 40 = 0.3125 exactly: at the bound, a pass
    assert acos["target"] == {"max": 0.3125, "warn_within": 0.1}
    assert acos["status"] == "pass" and res.exit_code == 0


def test_exit_3_on_a_missing_cost_file_before_reading_data(tmp_path: Path) -> None:
    cfg = tmp_path / "conf" / "kpitool.yaml"
    cfg.parent.mkdir()
    cfg.write_text("version: 1\ncosts: costs.csv\n", encoding="utf-8")
    missing = tmp_path / "conf" / "costs.csv"  # relative to the config, not the working folder
    expected = [
        f"error: {cfg}:2: costs: cost file not found: {missing}; create it (header "
        "sku,unit_cost,currency,effective_from) or fix the path (relative to this config file)"
    ]
    proc = _kpitool("validate", "--config", str(cfg))
    assert proc.returncode == 3 and proc.stderr.splitlines() == expected
    # compute stops at the config, before it reads the (here: absent) folder
    proc = _kpitool("compute", str(tmp_path / "no-such-folder"), "--config", str(cfg))
    assert proc.returncode == 3 and proc.stderr.splitlines() == expected
    missing.write_text("sku,unit_cost,currency,effective_from\nS1,1,USD,2026-01-01\n")
    assert _kpitool("validate", "--config", str(cfg)).returncode == 0


def test_exit_3_on_currency_mismatch(folder: Path) -> None:
    (folder / "sp_campaign.csv").write_text(SP.replace(",USD,", ",EUR,"), encoding="utf-8")
    proc = _kpitool("compute", str(folder))
    assert proc.returncode == 3
    assert "EUR" in proc.stderr and "USD" in proc.stderr and "fx" in proc.stderr


def test_currency_converted_with_fx(folder: Path, tmp_path: Path) -> None:
    (folder / "sp_campaign.csv").write_text(SP.replace(",USD,", ",EUR,"), encoding="utf-8")
    cfg = tmp_path / "fx.yaml"
    cfg.write_text("version: 1\ncurrency: USD\nfx: {EUR: 2.0}\n", encoding="utf-8")
    res = runner.invoke(app, ["compute", str(folder), "-c", str(cfg), "-f", "json"])
    data = json.loads(res.stdout)
    values = {r["kpi"]: r["value"] for r in data["results"]}
    assert values["ad_spend"] == 25.0  # 12.50 EUR x 2
    assert any("EUR" in n for n in data["notes"]) and "note:" in res.stderr


def test_validate_ok(config: Path) -> None:
    res = runner.invoke(app, ["validate", "--config", str(config)])
    assert res.exit_code == 0 and "config OK" in res.stderr


def test_init_writes_a_valid_starter_and_never_overwrites(tmp_path: Path) -> None:
    res = runner.invoke(app, ["init", str(tmp_path)])
    assert res.exit_code == 0
    written = tmp_path / "configs" / "kpitool.yaml"
    assert load_config(written).version == 1
    written.write_text("version: 1\n# mine\n", encoding="utf-8")
    proc = _kpitool("init", str(tmp_path))
    assert proc.returncode == 3 and "already exists" in proc.stderr
    assert written.read_text(encoding="utf-8") == "version: 1\n# mine\n"


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_output_file_for_every_format(folder: Path, tmp_path: Path, fmt: OutputFormat) -> None:
    out = tmp_path / f"kpis.{fmt.value}"
    res = runner.invoke(app, ["compute", str(folder), "-f", fmt.value, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stdout == "" and "acos" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_never_overwrites_an_input_report(folder: Path) -> None:
    proc = _kpitool("compute", str(folder), "-f", "csv", "-o", str(folder / "br.csv"))
    assert proc.returncode == 3 and "input report" in proc.stderr
    assert (folder / "br.csv").read_text(encoding="utf-8") == BR


def test_compute_without_a_config_file_skips_what_only_a_file_needs(
    folder: Path, config: Path, tmp_path: Path
) -> None:
    """YAML, the config's Pydantic validators and the formula language are for reading a
    file, the xlsx reader for reading a workbook (a fixed cost otherwise)."""
    models = (
        "sys.modules['kpitool.config.models'].Config, sys.modules['kpitool.config.models'].Settings"
    )
    built = f"*[m.__pydantic_complete__ for m in ({models})]"
    used = f"{built}, 'yaml' in sys.modules, 'kpitool.kpis.formula' in sys.modules, " + (
        "'fastexcel' in sys.modules"
    )
    args = ["compute", str(folder), "-f", "json"]
    assert run_then_show(args, used, tmp_path) == "False False False False False"
    with_file = run_then_show([*args, "--config", str(config)], used, tmp_path)
    assert with_file == "True False True True False"
