"""compare on hand-made Scans: deltas, per-day figures, drivers with a known cause, periods."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kpi_fixtures import D1, D2, D3, report, scan

from kpitool.cli.exits import compare_exit_code
from kpitool.config import Config
from kpitool.engine.compare import compare, declined
from kpitool.engine.periods import against_period, parse_period
from kpitool.errors import ExitCode, KpiToolError
from kpitool.io.kinds import ReportKind as K
from kpitool.results import Period, Status
from kpitool.results.compare import CompareResult, KpiChange

P = parse_period
DAYS = "2026-10-01..2026-10-03"  # the days the hand-built reports hold


def cfg(**data: Any) -> Config:
    return Config.model_validate({"version": 1, **data})


def by_item(sessions: tuple[int, int], units: tuple[int, int], sales: tuple[float, float]) -> Any:
    return report(
        "br_item.csv", K.BUSINESS_REPORT_BY_ITEM,
        parent_asin=["P1", "P1"], asin=["A1", "A2"], sku=["S1", "S2"],
        sessions=list(sessions), page_views=[2 * s for s in sessions], buy_box_pct=[0.9, 0.9],
        units=list(units), sales=list(sales), order_items=list(units),
    )  # fmt: skip


def sp(spend: list[float], campaigns: list[str] | None = None) -> Any:
    return report(
        "sp.csv", K.SP_CAMPAIGN, date=[D1, D2, D3],
        campaign=campaigns or ["Brand", "Brand", "Generic"], impressions=[1000, 1000, 500],
        clicks=[10, 10, 5], spend=spend, ad_sales=[20.0, 20.0, 0.0], ad_orders=[2, 2, 0],
        ad_units=[2, 2, 0],
    )  # fmt: skip


BEFORE = by_item((100, 50), (10, 5), (100.0, 80.0))
# sessions down 20 %, conversion (0.1) and price (12.00) unchanged
AFTER = by_item((80, 40), (8, 4), (80.0, 64.0))


def change(result: CompareResult, kpi: str, **group: str) -> KpiChange:
    return next(c for c in result.results if c.kpi == kpi and c.group == group)


def driver(result: CompareResult, kpi: str) -> Any:
    return next(d for d in result.drivers if d.kpi == kpi)


def test_compare_a_with_itself_is_all_zeros() -> None:
    a = scan(BEFORE, sp([5.0, 5.0, 2.5]), folder=DAYS)
    result = compare(a, a, cfg())
    for c in result.results:
        assert c.delta in (0, None), c.kpi
        assert c.better is None and c.per_day is None
    for d in result.drivers:
        assert d.delta == 0, d.kpi
        assert d.effects is None or all(e == 0 for e in d.effects.values()), d.kpi
        assert d.top_contributors == []
    assert result.warnings == []


def test_sessions_down_20_percent_is_the_sessions_effect() -> None:
    result = compare(scan(BEFORE, folder="2026-10"), scan(AFTER, folder="2026-10"), cfg())
    sales = change(result, "sales")
    assert (sales.before, sales.after, sales.delta) == (180.0, 144.0, -36.0)
    assert sales.delta_pct == pytest.approx(-0.2)
    assert sales.better is False and sales.delta_pp is None
    conv = change(result, "conversion_rate")
    assert conv.delta == 0 and conv.delta_pp == 0 and conv.better is None
    d = driver(result, "sales")
    assert d.method == "lmdi"
    assert d.effects == pytest.approx(
        {"sessions": -36.0, "conversion_rate": 0.0, "average_selling_price": 0.0}, abs=1e-9
    )
    top = d.top_contributors
    assert [(c.group, c.delta) for c in top] == [({"asin": "A1"}, -20.0), ({"asin": "A2"}, -16.0)]
    assert top[0].share == pytest.approx(20 / 36)
    assert result.warnings == ["both sides cover the same period 2026-10-01..2026-10-31"]


def test_cpc_doubled_is_the_cpc_effect_and_campaigns_explain_it() -> None:
    before = scan(BEFORE, sp([5.0, 5.0, 2.5]), folder=DAYS)
    after = scan(BEFORE, sp([10.0, 10.0, 5.0]), folder=DAYS)
    result = compare(before, after, cfg(), top=1)
    acos = change(result, "acos")
    assert (acos.before, acos.after) == (0.3125, 0.625)
    assert acos.delta_pp == pytest.approx(31.25) and acos.better is False
    d = driver(result, "acos")
    assert d.effects == pytest.approx(
        {"cpc": 0.3125, "ad_conversion_rate": 0.0, "ad_order_value": 0.0}, abs=1e-12
    )
    # Brand: 10 -> 20 of spend over 40 of ad sales; Generic 2.5 -> 5
    (top,) = d.top_contributors
    assert top.group == {"campaign": "Brand"} and top.delta == pytest.approx(0.25)
    assert top.share == pytest.approx(0.8)
    tacos = driver(result, "tacos")
    assert tacos.effects == pytest.approx({"acos": tacos.delta, "ad_sales_share": 0.0})


def test_new_and_gone_campaigns() -> None:
    before = scan(BEFORE, sp([5.0, 5.0, 2.5]), folder=DAYS)
    after = scan(BEFORE, sp([5.0, 5.0, 2.5], ["Brand", "Brand", "Launch"]), folder=DAYS)
    result = compare(before, after, cfg())
    marks = {c.group["campaign"]: c.change for c in driver(result, "ad_spend").top_contributors}
    assert marks == {"Launch": "new", "Generic": "gone"}


def test_one_folder_against_the_previous_day() -> None:
    br = report(
        "br_date.csv", K.BUSINESS_REPORT_BY_DATE, date=[D1, D2, D3],
        sessions=[60] * 3, page_views=[100] * 3, units=[6] * 3, sales=[70.0, 70.0, 60.0],
        order_items=[5] * 3,
    )  # fmt: skip
    s = scan(br)
    result = compare(s, s, cfg(), period="2026-10-03", against="previous", top=0)
    assert result.before.period == Period(D2, D2)
    sales = change(result, "sales")
    assert (sales.before, sales.after, sales.delta) == (70.0, 60.0, -10.0)
    assert driver(result, "sales").effects == pytest.approx(
        {"sessions": 0.0, "conversion_rate": 0.0, "average_selling_price": -10.0}
    )


def test_periods_of_different_lengths_compare_additive_kpis_per_day() -> None:
    # the same sales over 30 and 31 days: the total is flat, the daily rate is down
    before = scan(BEFORE, folder="2026-09")
    after = scan(BEFORE, folder="2026-10")
    result = compare(before, after, cfg(targets={"sales": {"min": 100}}))
    assert result.per_day
    sales = change(result, "sales")
    assert sales.delta == 0 and sales.per_day is not None
    assert sales.per_day.before == pytest.approx(6.0) and sales.per_day.after == pytest.approx(
        180 / 31
    )
    assert sales.per_day.delta_pct == pytest.approx(30 / 31 - 1)
    assert sales.better is False  # judged per day
    assert change(result, "conversion_rate").per_day is None  # ratios are not per day
    assert declined(result, 3.0) == [sales]  # −3.2 % per day
    assert declined(result, 5.0) == []
    doc = result.to_dict()
    assert doc["per_day"] is True
    assert doc["results"][0]["per_day"]["after"] == pytest.approx(180 / 31)


def test_exit_codes() -> None:
    targets = {"sales": {"min": 170}, "conversion_rate": {"min": 0.05}}
    result = compare(
        scan(BEFORE, folder="2026-10"), scan(AFTER, folder="2026-10"), cfg(targets=targets)
    )
    sales = change(result, "sales")
    assert (sales.status_before, sales.status_after) == (Status.PASS, Status.FAIL)
    assert compare_exit_code(result, "fail", None) == ExitCode.TARGETS_MISSED
    assert compare_exit_code(result, "never", None) == ExitCode.OK
    assert compare_exit_code(result, "never", 19.9) == ExitCode.TARGETS_MISSED  # sales −20 %
    assert compare_exit_code(result, "never", 20.1) == ExitCode.OK
    # a KPI without a target never trips --fail-on-decline (sessions fell 20 % too)
    assert [c.kpi for c in declined(result, 10)] == ["sales"]


@pytest.mark.parametrize(
    ("against", "after", "expected"),
    [
        ("previous", "2026-10", "2026-09"),
        ("previous", "2026-03", "2026-02"),
        ("previous", "2026-Q1", "2025-Q4"),
        ("previous", "2026", "2025"),
        ("previous", "2026-W43", "2026-W42"),
        ("previous", "2026-10-11..2026-10-20", "2026-10-01..2026-10-10"),
        ("last-year", "2026-10", "2025-10"),
        ("last-year", "2026-Q3", "2025-Q3"),
        ("last-year", "2026-W43", "2025-W43"),
        ("last-year", "2024-02-29", "2023-02-28"),
        ("last-year", "2026-10-05..2026-10-06", "2025-10-05..2025-10-06"),
        ("2026-08", "2026-10", "2026-08"),
    ],
)
def test_against_period(against: str, after: str, expected: str) -> None:
    assert against_period(against, P(after)) == P(expected)


def test_bad_against() -> None:
    with pytest.raises(KpiToolError, match="--against"):
        against_period("yesterday", P("2026-10"))
    with pytest.raises(KpiToolError, match="--top"):
        compare(scan(BEFORE), scan(BEFORE), cfg(), top=-1)


def test_json_contract_shape() -> None:
    result = compare(scan(BEFORE, folder="2026-10"), scan(AFTER, folder="2026-10"), cfg())
    doc = result.to_dict()
    assert doc["schema_version"] == 1 and doc["command"] == "compare"
    assert doc["before"]["period"] == {"start": "2026-10-01", "end": "2026-10-31", "days": 31}
    first = doc["results"][0]
    assert set(first) >= {
        "group", "kpi", "before", "after", "delta", "delta_pct", "delta_pp", "better",
        "status_before", "status_after",
    }  # fmt: skip
    sales = next(d for d in doc["drivers"] if d["kpi"] == "sales")
    assert set(sales["effects"]) == {"sessions", "conversion_rate", "average_selling_price"}
    assert set(sales["top_contributors"][0]) >= {"group", "delta", "share", "change"}
    assert date.fromisoformat(doc["after"]["period"]["end"]) == date(2026, 10, 31)


def sp_terms(spend: list[float], terms: list[str]) -> Any:
    return report(
        "sp_terms.csv", K.SP_SEARCH_TERM, date=[D1, D2, D3],
        campaign=["Brand", "Brand", "Generic"], search_term=terms,
        impressions=[1000, 1000, 500], clicks=[10, 10, 5], spend=spend,
        ad_sales=[20.0, 20.0, 0.0], ad_orders=[2, 2, 0], ad_units=[2, 2, 0],
    )  # fmt: skip


def test_search_terms_explain_spend_and_acos() -> None:
    before = scan(BEFORE, sp_terms([5.0, 5.0, 2.5], ["mat", "rug", "rug"]), folder=DAYS)
    after = scan(BEFORE, sp_terms([5.0, 9.0, 2.5], ["mat", "rug", "rug"]), folder=DAYS)
    result = compare(before, after, cfg())
    spend = driver(result, "ad_spend")
    assert [(c.group, c.delta) for c in spend.top_contributors] == [
        ({"campaign": "Brand"}, 4.0),
        ({"search_term": "rug"}, 4.0),
    ]
    acos = driver(result, "acos")
    assert [c.group for c in acos.top_contributors] == [
        {"campaign": "Brand"},
        {"search_term": "rug"},
    ]
    assert acos.top_contributors[1].delta == pytest.approx(4 / 40)
    assert acos.effects is not None and acos.effects["cpc"] == pytest.approx(0.1)


def test_compute_by_search_term() -> None:
    from kpitool.engine.compute import compute

    result = compute(
        scan(sp_terms([5.0, 5.0, 2.5], ["mat", "rug", "rug"])),
        cfg(),
        period="2026-10",
        by=["search_term"],
    )
    spend = {
        r.group["search_term"]: r.value
        for r in result.all_results()
        if r.group and r.kpi == "ad_spend"
    }
    assert spend == {"mat": 5.0, "rug": 7.5}


def test_hostile_names_are_shown_as_text() -> None:
    from kpitool.render import OutputFormat, render

    name = "[bold]Evil[/bold]\x1b[31m|x"
    before = scan(BEFORE, sp([5.0, 5.0, 2.5], [name, name, "Generic"]), folder=DAYS)
    after = scan(BEFORE, sp([9.0, 5.0, 2.5], [name, name, "Generic"]), folder=DAYS)
    result = compare(before, after, cfg())
    table = render(OutputFormat.table, result)
    assert "campaign [bold]Evil[/bold]\\x1b[31m|x" in table
    assert "\x1b" not in table
    markdown = render(OutputFormat.markdown, result)
    assert "campaign [bold]Evil[/bold]\\x1b[31m\\|x" in markdown


ITEM = st.tuples(st.integers(0, 500), st.integers(0, 60), st.floats(1.0, 80.0))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(ITEM, ITEM), st.tuples(ITEM, ITEM))
def test_random_sales_effects_sum_to_the_change(
    before: tuple[tuple[int, int, float], ...], after: tuple[tuple[int, int, float], ...]
) -> None:
    def item_scan(rows: tuple[tuple[int, int, float], ...]) -> Any:
        # units never exceed sessions; no units, no sales
        sessions = tuple(max(s, u) for s, u, _ in rows)
        units = tuple(u for _, u, _ in rows)
        sales = tuple(round(u * p, 2) for _, u, p in rows)
        return scan(by_item(sessions, units, sales), folder="2026-10")

    b, a = item_scan(before), item_scan(after)
    same = compare(a, a, cfg(), top=0)
    assert all(c.delta in (0, None) for c in same.results)
    assert all(e == 0 for d in same.drivers for e in (d.effects or {}).values())
    result = compare(b, a, cfg(), top=0)
    d = driver(result, "sales")
    assert d.effects is not None, result.warnings
    scale = max(1.0, abs(d.delta), *(abs(e) for e in d.effects.values()))
    assert abs(math.fsum(d.effects.values()) - d.delta) <= 1e-9 * scale
