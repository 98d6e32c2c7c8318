"""The sample's review pack in a real browser (headless Chromium through Playwright): it
loads with no console error and no request but its own file, shows the KPI values (summed
here from the sample's files), the owners and the warnings, reads on a phone and prints to PDF.

Skipped only where Chromium is absent (CI installs it: see .ci/run)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from report_helpers import CHROMIUM_FLAGS, CONFIG, Written, ad_spend_and_sales, by_date, column_sum

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (apt-get install -y chromium)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system's Chromium, headless, with a fresh profile (Playwright makes one per launch)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def loaded(browser: Any, sample_file: Written) -> Iterator[tuple[Any, list[str], list[str]]]:
    """The page, its console errors (and uncaught exceptions), and every request it made."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(sample_file.path.as_uri(), wait_until="load")
    yield page, errors, requests
    page.close()


def test_it_loads_alone(loaded: tuple[Any, list[str], list[str]], sample_file: Written) -> None:
    _, errors, requests = loaded
    assert errors == []
    assert requests == [sample_file.path.as_uri()]
    assert sample_file.path.stat().st_size < 3_000_000


def test_the_page_shows_the_values_owners_and_warnings(
    loaded: tuple[Any, list[str], list[str]],
) -> None:
    page, _, _ = loaded
    text = page.inner_text("body")
    sales = column_sum(by_date("2026-10"), "Ordered Product Sales")
    spend, ad_sales = ad_spend_and_sales("2026-10")
    assert f"{sales:,.2f} USD" in text
    assert f"{spend:,.2f} USD" in text
    assert f"{spend / ad_sales * 100:.2f} %" in text
    cards = page.locator("article.card")
    assert cards.count() >= 42  # every KPI of the catalogue, and the custom one
    for owner in yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["owners"].values():
        assert owner["name"] in page.inner_text("#owners")
    assert "SB ads cannot be broken down by asin" in page.inner_text("#warnings")
    assert page.locator("figure.chart svg").count() >= 8


def test_it_reads_on_a_phone(browser: Any, sample_file: Written) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(sample_file.path.as_uri())
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert wide <= 390


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_it_prints_to_pdf(loaded: tuple[Any, list[str], list[str]], paper: str) -> None:
    page, _, _ = loaded
    pdf = page.pdf(format=paper, print_background=True)
    assert pdf.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", pdf)
    assert 2 <= len(pages) <= 40, len(pages)
