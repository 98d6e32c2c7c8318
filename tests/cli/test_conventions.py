"""Terminal and shell conventions (issue "Terminal and ecosystem conventions"): usage errors
exit 2, help names arguments plainly, shells complete options and KPI ids, stderr stays quiet
on success. Through the real entry point, as a user's shell runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_helpers import cli
from paths import REPO

SAMPLE = str(REPO / "sample_reports" / "2026-10")
#: the console script pip installs beside the interpreter: the name shells complete
KPITOOL = str(Path(sys.executable).parent / "kpitool")


def _kpitool(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KPITOOL, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=60
    )


def test_three_by_dimensions_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "compute", SAMPLE, "--by", "owner,asin,sku")
    assert run.code == 2 and run.stdout == ""
    assert "--by takes one or two dimensions, not 3" in run.stderr


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("compute", "Usage: kpitool compute [OPTIONS] FOLDER"),
        ("compare", "Usage: kpitool compare [OPTIONS] BEFORE [AFTER]"),
        ("inspect", "Usage: kpitool inspect [OPTIONS] FOLDER"),
        ("kpis", "Usage: kpitool kpis [OPTIONS] [ID]"),
    ],
)
def test_help_names_the_arguments_plainly(command: str, usage: str) -> None:
    done = _kpitool(command, "--help")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == usage
    assert "{" not in done.stdout and "<list[" not in done.stdout
    if command in ("compute", "compare"):
        text = " ".join(done.stdout.split())  # help wraps its lines
        for form in (
            "2026,",
            "2026-Q3",
            "2026-10,",
            "2026-W43",
            "2026-10-05",
            "2026-10-01..2026-10-31",
        ):
            assert form in text, form


def _complete(words: str) -> list[str]:
    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    done = _kpitool(_KPITOOL_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    return done.stdout.split()


def test_the_shell_completes_options_and_kpi_ids() -> None:
    assert _complete("kpitool compute x --by own") == ["owner"]
    assert "owner,asin" in _complete("kpitool compute x --by owner,a")
    assert _complete("kpitool compute x --format ") == [
        "table",
        "json",
        "csv",
        "markdown",
        "parquet",
    ]
    assert _complete("kpitool trend x --format ") == ["table", "json", "csv", "markdown"]
    assert _complete("kpitool compute x --kpis acos,ad_s") == [
        "acos,ad_spend",
        "acos,ad_sales",
        "acos,ad_sales_share",
    ]
    assert _complete("kpitool kpis aco") == ["acos"]
    done = _kpitool("--help")
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout


def test_stderr_is_quiet_on_success(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "compute", SAMPLE, "-f", "json", "--fail-on", "never")
    assert run.code == 0, run
    assert run.stderr == ""  # no "0 warning(s)": nothing to say
    run = cli(capsys, "compute", SAMPLE, "-f", "json")  # the sample misses its conversion target
    assert run.code == 1
    assert run.stderr.splitlines() == ["target missed: conversion_rate 10.56 % < 12.00 % (fail)"]
