"""`kpitool kpis`: the glossary through the real entry point. Expected facts are kpis.md's
(ROAS is a multiple read from the ads reports, TACoS reads ads and the Business Report)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bad_helpers import cli
from paths import REPO

from kpitool.kpis.catalogue import KPI_IDS

pytestmark = pytest.mark.usefixtures("in_empty_dir")


def test_every_kpi_is_listed_with_its_unit_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "kpis", "-f", "json")
    assert run.code == 0, run
    doc = json.loads(run.stdout)
    by_id = {k["id"]: k for k in doc["kpis"]}
    assert set(by_id) == set(KPI_IDS)
    assert by_id["roas"]["unit"] == "multiple" and by_id["roas"]["better"] == "higher"
    assert by_id["acos"]["unit"] == "ratio" and by_id["acos"]["better"] == "lower"
    assert len(by_id["tacos"]["reads"]) == 2  # the ads reports and the Business Report
    assert any("Business Report" in r for r in by_id["tacos"]["reads"])
    assert by_id["sales"]["additive"] is True and by_id["acos"]["additive"] is False


def test_one_kpi_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "kpis", "acos")
    assert run.code == 0, run
    assert "formula:  ad_spend / ad_sales" in run.stdout
    assert "7 days after the click for Sponsored Products" in " ".join(run.stdout.split())


def test_an_unknown_id_is_a_usage_error_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "kpis", "acoss")
    assert run.code == 2 and run.stdout == ""
    assert "did you mean 'acos'" in run.stderr


def test_custom_kpis_of_the_config_are_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "k.yaml"
    cfg.write_text(
        "version: 1\nkpis:\n  spend_per_unit: {formula: ad_spend / units, unit: currency}\n"
    )
    run = cli(capsys, "kpis", "spend_per_unit", "-c", str(cfg), "-f", "json")
    assert run.code == 0, run
    (kpi,) = json.loads(run.stdout)["kpis"]
    assert kpi["group"] == "custom" and kpi["formula"] == "ad_spend / units"
    assert len(kpi["reads"]) == 2  # ad_spend: the ads reports; units: the Business Report


def test_the_readme_table_is_the_markdown_output(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "kpis", "-f", "markdown")
    assert run.code == 0, run
    assert run.stdout in (REPO / "README.md").read_text(encoding="utf-8")
