"""The review pack of the bundled sample, built once per test session: by the library (a
Review and its HTML) and by the command line (the file it writes), for the tests of the
page, the command and the browser."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from paths import REPO
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.config import load_config
from kpitool.engine.review import review
from kpitool.engine.scan import read_folder
from kpitool.report import build_report
from kpitool.results.review import Review

SAMPLE = REPO / "sample_reports"
CONFIG = REPO / "configs" / "kpitool.yaml"


@dataclass(frozen=True)
class Built:
    review: Review
    html: str


@dataclass(frozen=True)
class Written:
    path: Path
    exit_code: int
    stderr: str


@pytest.fixture(scope="session")
def sample() -> Built:
    """October of the sample under its ROOT (so September is there to compare with)."""
    found = review(read_folder(SAMPLE), load_config(CONFIG), period="2026-10")
    return Built(found, build_report(found))


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """``kpitool report sample_reports --period 2026-10 -o review.html``, as a user runs it."""
    out = tmp_path_factory.mktemp("report") / "review.html"
    args = ["report", str(SAMPLE), "--period", "2026-10", "-c", str(CONFIG), "-o", str(out)]
    done = CliRunner().invoke(app, args)
    return Written(out, done.exit_code, done.stderr)


def money(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


def column_sum(path: Path, column: str) -> float:
    """The sum of a column of a sample report, read as plain CSV (the test's own reading)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return sum(money(row[column]) for row in csv.DictReader(f) if row[column].strip())


def by_date(month: str) -> Path:
    return next((SAMPLE / month).glob("BusinessReport-*(1).csv"))


def ad_spend_and_sales(month: str) -> tuple[float, float]:
    """Spend and attributed sales of the three campaign reports (SP 7 days, SB/SD 14 days)."""
    folder = SAMPLE / month
    spend = sales = 0.0
    for name, column in (
        ("Sponsored Products Campaign report.csv", "7 Day Total Sales "),
        ("Sponsored Brands Campaign report.csv", "14 Day Total Sales "),
        ("Sponsored Display Campaign report.csv", "14 Day Total Sales"),
    ):
        spend += column_sum(folder / name, "Spend")
        sales += column_sum(folder / name, column)
    return spend, sales


def text_of(html: str) -> str:
    """The page's text without tags or entities' markup, spaces collapsed."""
    import html as htmllib

    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))
