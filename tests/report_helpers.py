"""Helpers of the review pack's tests: what the session fixtures hold, and the tests' own
readings of the sample's files (plain CSV sums), independent of kpitool's readers."""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from paths import REPO

from kpitool.results.review import Review


def _load_screenshot() -> ModuleType:
    path = REPO / "scripts" / "report_screenshot.py"
    spec = importlib.util.spec_from_file_location("report_screenshot", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: the flags headless Chromium opens the page with here (as root, offline), as the script
#: that photographs the page for the README uses them
CHROMIUM_FLAGS: list[str] = _load_screenshot().FLAGS
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
