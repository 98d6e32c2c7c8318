"""The review pack as the library builds it (kpitool.report.build_report of a Review): the
figures it shows are checked against sums the test takes of the sample's own files."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from coverage_files import by_date as write_by_date
from coverage_files import days, sp_campaign
from report_helpers import CONFIG, Built, ad_spend_and_sales, by_date, column_sum, money, text_of

from kpitool.config import load_config
from kpitool.engine.review import review
from kpitool.engine.scan import read_folder
from kpitool.report import build_report
from kpitool.results.review import Review


def _section(html: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', html, flags=re.S)
    assert found, name
    return text_of(found.group(1))


def _card(html: str, kpi: str) -> str:
    found = re.search(
        rf'<article class="card [a-z-]+" data-kpi="{kpi}">(.*?)</article>', html, re.S
    )
    assert found, kpi
    return text_of(found.group(1))


def test_the_cards_show_the_sample_figures(sample: Built) -> None:
    oct_sales = column_sum(by_date("2026-10"), "Ordered Product Sales")
    sep_sales = column_sum(by_date("2026-09"), "Ordered Product Sales")
    units = column_sum(by_date("2026-10"), "Units Ordered")
    sessions = column_sum(by_date("2026-10"), "Sessions - Total")
    spend, ad_sales = ad_spend_and_sales("2026-10")
    sales = _card(sample.html, "sales")
    assert f"{oct_sales:,.2f} USD" in sales
    assert "✓ pass" in sales and "target ≥ 60,000.00 USD" in sales
    assert f"{oct_sales / 60000 * 100:.0f} %" in sales  # attainment
    # October has 31 days, September 30: sales are compared per day
    per_day = (oct_sales / 31) / (sep_sales / 30) - 1
    assert f"↑ +{per_day * 100:.2f} % per day (better)" in sales
    assert f"was {sep_sales:,.2f} USD" in sales
    conversion = _card(sample.html, "conversion_rate")
    assert f"{units / sessions * 100:.2f} %" in conversion and "✗ fail" in conversion
    assert f"{spend:,.2f} USD" in _card(sample.html, "ad_spend")
    assert f"{spend / ad_sales * 100:.2f} %" in _card(sample.html, "acos")


def test_the_header_says_what_the_page_covers(sample: Built) -> None:
    header = text_of(sample.html.split("<main>")[0])
    assert "KPI review 2026-10" in header
    assert "2026-10-01..2026-10-31 (31 days)" in header
    assert "Currency USD" in header
    assert "Compared with 2026-09, the previous period" in header
    assert "sales 2026-10-01..2026-10-31, 31 of 31 days" in header
    assert "inventory snapshot of 2026-10-31" in header
    assert "BusinessReport-11-1-26 (1).csv" in header


def test_owners_and_teams_have_scorecards_with_missed_targets(sample: Built) -> None:
    owners = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["owners"]
    text = _section(sample.html, "owners")
    for owner in owners.values():
        assert owner["name"] in text
    alice = re.search(r'data-owners="alice">(.*?)</article>', sample.html, re.S)
    assert alice
    # the README's trend example: alice's ACOS 28.95 % against her 25 % maximum
    assert "Off target: ACOS: 28.95 % against ≤ 25.00 % (✗ fail)" in text_of(alice.group(1))
    assert "Growth" in _section(sample.html, "teams") and "Retention" in text_of(sample.html)


def test_owners_scorecards_show_their_payout(sample: Built) -> None:
    """The tier each owner's score reaches, the tiers read from the config's YAML."""
    doc = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    tiers = sorted(doc["incentives"]["tiers"], key=lambda t: t["min_score"])
    scores = sample.review.current.scores
    assert doc["owners"]
    for owner in doc["owners"]:
        [score] = [s for s in scores if s.group == {"owner": owner}]
        assert score.score is not None
        reached = [t["payout"] for t in tiers if score.score >= t["min_score"] - 1e-9]
        paid = f"{(reached[-1] if reached else 0):,.2f} USD"
        card = re.search(rf'data-owners="{owner}">(.*?)</article>', sample.html, re.S)
        assert card and f"payout {paid}" in text_of(card.group(1)), (owner, score.score)


def test_the_charts_are_inline_svg_and_their_numbers_are_text(sample: Built) -> None:
    html = sample.html
    assert html.count("<svg") >= 8  # waterfall, 3 effects, 3 contributors, 7 trends, daily, ...
    assert "<script" not in html and "<img" not in html and "<link" not in html
    assert "@import" not in html and "url(" not in html
    # the only URLs are the SVG namespaces (names, never fetched)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    profit = _section(html, "profit")
    assert "Net profit 13,619.38 USD" in profit  # the README's waterfall
    first = date(2026, 10, 1).isoformat()
    daily = _section(html, "daily")
    with by_date("2026-10").open(encoding="utf-8-sig") as f:
        row = f.readlines()[1].split('","')
    assert f"{first} {money(row[1]):,.2f} " in daily
    assert len(html.encode()) < 3_000_000


def test_the_warnings_have_their_own_section(sample: Built) -> None:
    text = _section(sample.html, "warnings")
    assert sample.review.warnings
    for w in sample.review.warnings:
        assert w in text
    assert "SB ads cannot be broken down by asin" in text


def test_acos_against_break_even_by_asin(sample: Built) -> None:
    text = _section(sample.html, "breakeven")
    assert "B0ALPHA001" in text and "ads lose money" in text


def test_trends_of_the_targeted_kpis(sample: Built) -> None:
    text = _section(sample.html, "trends")
    sep = column_sum(by_date("2026-09"), "Ordered Product Sales")
    oct_ = column_sum(by_date("2026-10"), "Ordered Product Sales")
    assert f"2026-09 {sep:,.2f} USD ≥ 60,000.00 USD ✓ pass" in text
    assert f"2026-10 {oct_:,.2f} USD ≥ 60,000.00 USD ✓ pass" in text
    assert "Sales: ↑ up (better)" in text


CFG = "version: 1\ncurrency: USD\ntargets:\n  sales: {min: 3000}\n  acos: {max: 0.3}\n"
OCT = (date(2026, 10, 1), date(2026, 10, 31))


def _small(tmp_path: Path) -> tuple[Path, Path]:
    """An October of 100 USD sales and 10 USD SP spend (40 USD ad sales) a day."""
    month = tmp_path / "reports" / "2026-10"
    month.mkdir(parents=True)
    write_by_date(month, dict.fromkeys(days(*OCT), 100.0))
    sp_campaign(month, [(d, "C1", 10.0, 40.0) for d in days(*OCT)])
    cfg = tmp_path / "kpitool.yaml"
    cfg.write_text(CFG, encoding="utf-8")
    return month, cfg


def test_no_comparison_is_invented(tmp_path: Path) -> None:
    month, cfg = _small(tmp_path)
    found = review(read_folder(month), load_config(cfg))
    assert found.compare is None
    said = [w for w in found.warnings if w.startswith("no comparison")]
    assert said and "2026-09" in said[0]
    html = build_report(found)
    assert said[0] in _section(html, "warnings")
    assert "no comparison" in text_of(html.split("<main>")[0])
    assert 'id="drivers"' not in html and "was " not in _card(html, "sales")
    assert "3,100.00 USD" in _card(html, "sales")  # 31 days x 100
    assert "25.00 %" in _card(html, "acos")  # 10 / 40


def test_text_from_files_is_escaped(sample: Built) -> None:
    hostile = Review(**{**vars(sample.review), "warnings": ["x\x1b[31m <b>bold</b> & y"]})
    html = build_report(hostile)
    assert "x\\x1b[31m &lt;b&gt;bold&lt;/b&gt; &amp; y" in html
    assert "\x1b" not in html


@pytest.mark.parametrize("day", [0, 30])
def test_every_day_of_the_period_has_a_row(sample: Built, day: int) -> None:
    daily = sample.review.daily
    assert len(daily) == 31
    assert daily[day].day == (date(2026, 10, 1) + timedelta(days=day)).isoformat()
    assert sum(d.sales or 0 for d in daily) == pytest.approx(
        column_sum(by_date("2026-10"), "Ordered Product Sales")
    )
