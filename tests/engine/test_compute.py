"""The engine on hand-made Scans; every expected value is worked out by hand in the test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kpi_fixtures import D1, D2, D3, report, scan

from kpitool.cli.exits import compute_exit_code
from kpitool.config import Config
from kpitool.engine.compute import compute
from kpitool.engine.evaluate import missed_targets
from kpitool.errors import ExitCode, KpiToolError
from kpitool.io.kinds import ReportKind as K
from kpitool.kpis.catalogue import BUILTIN_BY_ID
from kpitool.results import ComputeResult, Status

PERIOD = "2026-10-01..2026-10-03"


def cfg(**data: Any) -> Config:
    return Config.model_validate({"version": 1, **data})


def by_item(currency: str = "USD", name: str = "br_item.csv") -> Any:
    # A1: 100 sessions, 200 page views at 90 % buy box, 10 units, 100.00, 9 order items
    # A2:  50 sessions, 100 page views at 50 % buy box,  5 units,  80.00, 5 order items
    return report(
        name, K.BUSINESS_REPORT_BY_ITEM, report_currency=currency,
        parent_asin=["P1", "P1"], asin=["A1", "A2"], sku=["S1", "S2"],
        sessions=[100, 50], page_views=[200, 100], buy_box_pct=[0.9, 0.5],
        units=[10, 5], sales=[100.0, 80.0], order_items=[9, 5],
    )  # fmt: skip


def by_date(days: list[date] | None = None) -> Any:
    # Deliberately not equal to the by-item totals, so the tests see which one was used:
    # sales 70 + 70 + 60 = 200, units 6 + 6 + 6 = 18, sessions 60 x 3 = 180.
    days = days or [D1, D2, D3]
    n = len(days)
    return report(
        "br_date.csv", K.BUSINESS_REPORT_BY_DATE, date=days,
        sessions=[60] * n, page_views=[100] * n, units=[6] * n,
        sales=[70.0, 70.0, 60.0][:n], order_items=[5] * n,
    )  # fmt: skip


SP_ROWS: dict[str, list[Any]] = {
    # C1: 5.00 + 5.00 spend, 20 + 20 sales; C2: 2.50 spend, 0 sales. Total 12.50 / 40.00.
    "date": [D1, D2, D3],
    "campaign": ["Alice brand", "Alice brand", "Generic"],
    "impressions": [1000, 1000, 500],
    "clicks": [10, 10, 5],
    "spend": [5.0, 5.0, 2.5],
    "ad_sales": [20.0, 20.0, 0.0],
    "ad_orders": [2, 2, 0],
    "ad_units": [2, 2, 0],
}


def sp_campaign(name: str = "sp_campaign.csv", **override: list[Any]) -> Any:
    return report(name, K.SP_CAMPAIGN, **{**SP_ROWS, **override})


def sp_product() -> Any:
    # The same spend as the campaign report, by advertised ASIN: A1 10.00, A2 2.50.
    return report(
        "sp_product.csv", K.SP_ADVERTISED_PRODUCT, advertised_asin=["A1", "A1", "A2"],
        advertised_sku=["S1", "S1", "S2"], **SP_ROWS,
    )  # fmt: skip


def values(result: ComputeResult, **group: str) -> dict[str, float | None]:
    return {r.kpi: r.value for r in result.all_results() if r.group == group}


def result_of(result: ComputeResult, kpi: str, **group: str) -> Any:
    return next(r for r in result.all_results() if r.kpi == kpi and r.group == group)


def test_facts_carried_by_two_reports_are_counted_once() -> None:
    s = scan(by_item(), by_date(), sp_campaign(), sp_product())
    v = values(compute(s, cfg(), period=PERIOD))
    assert v["sales"] == 200.0  # the by-date report covers the period: 70 + 70 + 60
    assert v["units"] == 18.0
    assert v["sessions"] == 180.0
    assert v["ad_spend"] == 12.5  # campaign report only, not + the advertised-product report
    assert v["ad_sales"] == 40.0
    assert v["acos"] == pytest.approx(12.5 / 40)
    assert v["tacos"] == pytest.approx(12.5 / 200)
    assert v["organic_sales"] == pytest.approx(200 - 40)
    assert v["ctr"] == pytest.approx(25 / 2500)
    assert v["cpc"] == pytest.approx(12.5 / 25)


def test_by_item_report_gives_the_total_when_the_by_date_one_does_not_cover_the_period() -> None:
    s = scan(by_item(), by_date([D1, D2]))
    v = values(compute(s, cfg(), period=PERIOD))
    assert v["sales"] == 180.0  # 100 + 80 from the by-item report
    assert v["buy_box_rate"] == pytest.approx((200 * 0.9 + 100 * 0.5) / 300)
    assert v["conversion_rate"] == pytest.approx(15 / 150)
    assert v["average_selling_price"] == pytest.approx(180 / 15)


def test_breakdown_by_asin_uses_by_item_and_advertised_product_reports() -> None:
    s = scan(by_item(), by_date(), sp_campaign(), sp_product())
    r = compute(s, cfg(), period=PERIOD, by=["asin"])
    a1, a2 = values(r, asin="A1"), values(r, asin="A2")
    assert (a1["sales"], a2["sales"]) == (100.0, 80.0)
    assert (a1["ad_spend"], a2["ad_spend"]) == (10.0, 2.5)
    assert a1["acos"] == pytest.approx(10 / 40)
    assert a2["acos"] is None  # 2.50 spend, 0 sales: division by zero
    assert a2["roas"] == 0.0
    assert values(r)["sales"] == 200.0  # the total still comes from the by-date report


def test_kpis_no_report_can_carry_by_the_dimension_are_left_out_with_a_note() -> None:
    s = scan(by_item(), sp_campaign())
    r = compute(s, cfg(targets={"sessions": {"min": 1}}), period=PERIOD, by=["campaign"])
    alice = values(r, campaign="Alice brand")
    assert alice["ad_spend"] == 10.0
    # no Business Report has campaigns: sales-and-traffic KPIs (and those reading them too,
    # such as TACoS) are not listed by campaign, rather than listed empty
    assert not {"sessions", "sales", "tacos", "ad_sales_share"} & set(alice)
    assert r.groups is not None and "acos" in r.groups.kpis and "sales" not in r.groups.kpis
    (note,) = [n for n in r.notes if n.startswith("by campaign:")]
    assert "sales-and-traffic" in note and "tacos" in note
    assert not any("no Business Report carries it" in w for w in r.warnings)
    assert values(r)["sessions"] is not None  # the total keeps them


def test_kpis_a_report_could_carry_but_none_here_does_are_no_data() -> None:
    s = scan(by_date(), sp_campaign(), sp_product())
    r = compute(s, cfg(), period=PERIOD, by=["asin"])
    a1 = values(r, asin="A1")
    assert a1["sales"] is None and a1["ad_spend"] == 10.0
    assert any("no Business Report carries it" in w for w in r.warnings)


def test_breakdown_by_day_uses_the_by_date_report() -> None:
    s = scan(by_item(), by_date(), sp_campaign())
    r = compute(s, cfg(), period=PERIOD, by=["day"])
    d1, d3 = values(r, day="2026-10-01"), values(r, day="2026-10-03")
    assert (d1["sales"], d1["ad_spend"]) == (70.0, 5.0)
    assert (d3["sales"], d3["ad_spend"]) == (60.0, 2.5)


def test_no_ads_report_is_no_data_and_zero_spend_is_zero() -> None:
    config = cfg(targets={"ad_spend": {"max": 100}})
    without = compute(scan(by_item()), config, period=PERIOD)
    spend = result_of(without, "ad_spend")
    assert spend.value is None and spend.status is Status.NO_DATA
    zero = sp_campaign(spend=[0.0, 0.0, 0.0])
    spend = result_of(compute(scan(by_item(), zero), config, period=PERIOD), "ad_spend")
    assert spend.value == 0.0 and spend.status is Status.PASS
    inventory = values(without)
    assert inventory["available_units"] is None and inventory["days_of_supply"] is None


def test_ad_types_add_up_and_break_down_by_ad_type() -> None:
    sb = report(
        "sb_campaign.csv", K.SB_CAMPAIGN, date=[D1], campaign=["Brand"], impressions=[100],
        clicks=[3], spend=[7.5], ad_sales=[30.0], ad_orders=[1], ad_units=[1],
    )  # fmt: skip
    r = compute(scan(sp_campaign(), sb), cfg(), period=PERIOD, by=["ad_type"])
    assert values(r)["ad_spend"] == 20.0  # 12.50 SP + 7.50 SB
    assert values(r, ad_type="SP")["ad_spend"] == 12.5
    assert values(r, ad_type="SB")["ad_spend"] == 7.5


def test_two_files_of_one_kind_are_concatenated_and_rows_outside_the_period_left_out() -> None:
    first = sp_campaign("a.csv", **{k: v[:2] for k, v in SP_ROWS.items()})
    later = {k: [*v[2:], v[2]] for k, v in SP_ROWS.items()}
    later["date"] = [D3, date(2026, 10, 5)]  # the second row is outside the period
    r = compute(scan(first, sp_campaign("b.csv", **later)), cfg(), period=PERIOD)
    assert values(r)["ad_spend"] == 12.5  # 5 + 5 + 2.5; the 2.5 on Oct 5 is left out
    assert any("b.csv: 1 row(s) dated outside the period" in w for w in r.warnings)


def test_currency_mismatch_without_fx_stops_naming_the_currencies() -> None:
    s = scan(by_item(currency="EUR"), sp_campaign())
    with pytest.raises(KpiToolError, match="EUR, USD"):
        compute(s, cfg(), period=PERIOD)


def test_currency_is_converted_with_fx_and_noted() -> None:
    s = scan(by_item(currency="EUR"), sp_campaign())
    r = compute(s, cfg(currency="USD", fx={"EUR": 1.1}), period=PERIOD)
    v = values(r)
    assert v["sales"] == pytest.approx(180 * 1.1)  # 100 + 80 EUR at 1.1 USD per EUR
    assert v["ad_spend"] == 12.5
    assert v["tacos"] == pytest.approx(12.5 / 198)
    assert r.currency == "USD"
    assert any("EUR" in n and "1.1" in n for n in r.notes)


def test_ads_rows_in_another_currency_without_a_rate_stop_the_run() -> None:
    ads = sp_campaign(currency=["USD", "USD", "GBP"])
    with pytest.raises(KpiToolError, match="GBP"):
        compute(scan(by_item(), ads), cfg(), period=PERIOD)


def test_monthly_target_over_a_whole_month_is_unchanged_and_pro_rated_otherwise() -> None:
    config = cfg(targets={"sales": {"min": 60000}, "acos": {"max": 0.25}})
    whole = compute(scan(by_item(), sp_campaign()), config, period="2026-10")
    assert result_of(whole, "sales").target["min"] == pytest.approx(60000)
    part = compute(scan(by_item(), sp_campaign()), config, period="2026-10-01..2026-10-10")
    assert result_of(part, "sales").target["min"] == pytest.approx(60000 * 10 / 31)
    assert result_of(part, "acos").target["max"] == 0.25  # ratios are never pro-rated


def test_band_targets_on_days_of_supply_and_weeks_of_cover() -> None:
    inv = report(
        "inventory.csv", K.FBA_INVENTORY, snapshot_date=[D3, D3], sku=["S1", "S2"],
        asin=["A1", "A2"], available=[30, 0], units_shipped_t30=[12, 6],
    )  # fmt: skip
    # 15 units sold in 3 days = 5 a day; 30 available -> 6 days of supply, 6/7 weeks of cover
    config = cfg(
        targets={
            "days_of_supply": {"min": 4, "max": 5, "weight": 1},  # 6 is above: 5/6
            "weeks_of_cover": {"min": 0.5, "max": 1, "weight": 1},  # 6/7 is inside: 1.0
        }
    )
    r = compute(scan(by_item(), inv), config, period=PERIOD)
    dos = result_of(r, "days_of_supply")
    woc = result_of(r, "weeks_of_cover")
    assert dos.attainment == pytest.approx(5 / 6)
    assert dos.status is Status.FAIL  # 6 > 5 x 1.1 = 5.5
    assert woc.attainment == 1.0 and woc.status is Status.PASS  # not (6/7) / 0.5 = 1.714
    # score: (5/6 + 1.0) / 2 = 11/12
    assert r.scores[0].score == pytest.approx(11 / 12)


def test_custom_kpi_formula() -> None:
    config = cfg(kpis={"spend_per_unit": {"formula": "ad_spend / units", "unit": "currency"}})
    r = compute(scan(by_item(), sp_campaign()), config, period=PERIOD)
    assert values(r)["spend_per_unit"] == pytest.approx(12.5 / 15)


def test_inventory_kpis_by_hand() -> None:
    inv = report(
        "inventory.csv", K.FBA_INVENTORY, snapshot_date=[D3, D3], sku=["S1", "S2"],
        asin=["A1", "A2"], available=[30, 0], units_shipped_t30=[12, 6],
        inbound_working=[1, None], inbound_shipped=[2, None], inbound_received=[3, None],
        inbound_quantity=[None, 4],
    )  # fmt: skip
    r = compute(scan(by_item(), inv), cfg(), period=PERIOD)
    v = values(r)
    assert v["available_units"] == 30.0
    assert v["inbound_units"] == 10.0  # S1: 1 + 2 + 3; S2: inbound-quantity 4
    # 15 units in 3 days = 5 a day; 30 available -> 6 days
    assert v["days_of_supply"] == pytest.approx(6.0)
    assert v["weeks_of_cover"] == pytest.approx(6 / 7)
    assert v["inventory_turnover"] == pytest.approx(15 / 30)
    assert v["stockout_skus"] == 1.0  # S2: none available, 5 sold
    assert v["low_stock_skus"] == 2.0  # S1: 30 / (10/3) = 9 days < 30; S2: 0 days
    assert v["excess_units"] == 0.0  # S1: 30 - 90 x 10/3 < 0
    assert v["aged_90_plus_share"] is None  # no age columns in the data


def test_inventory_uses_the_snapshot_nearest_the_end_and_averages_with_the_start() -> None:
    inv = report(
        "inventory.csv", K.FBA_INVENTORY,
        snapshot_date=[date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 20)],
        sku=["S1"] * 4, asin=["A1"] * 4, available=[7777, 50, 30, 999],
    )  # fmt: skip
    r = compute(scan(by_item(), inv), cfg(), period=PERIOD)
    v = values(r)
    # only the snapshots in the period count (Sep 30 and Oct 20 lie outside it)
    assert v["available_units"] == 30.0  # Oct 2 is nearest Oct 3
    # start snapshot Oct 1: average on hand (50 + 30) / 2 = 40; 15 units sold
    assert v["inventory_turnover"] == pytest.approx(15 / 40)


def test_a_snapshot_outside_the_period_is_not_used() -> None:
    inv = report(
        "inventory.csv", K.FBA_INVENTORY, snapshot_date=[date(2026, 9, 30)], sku=["S1"],
        asin=["A1"], available=[50],
    )  # fmt: skip
    r = compute(scan(by_item(), inv), cfg(), period=PERIOD)
    assert values(r)["available_units"] is None
    assert any("inventory.csv" in n and "wholly outside" in n for n in r.notes)
    assert not any("inventory.csv" in w for w in r.warnings)  # no folder names a period


def test_owner_targets_and_scores() -> None:
    config = cfg(
        targets={"sales": {"min": 200, "weight": 1}},
        owners={
            "alice": {"team": "growth", "asins": ["A1"], "campaigns": ["Alice *"],
                      "targets": {"sales": {"min": 50, "weight": 2}, "acos": {"max": 0.5}}},
            "bob": {"asins": ["A2"], "targets": {"sales": {"min": 160}}},
        },
    )  # fmt: skip
    r = compute(scan(by_item(), sp_campaign()), config, period=PERIOD, by=["owner"])
    assert values(r, owner="alice")["ad_spend"] == 10.0  # via campaign "Alice brand"
    assert values(r, owner="(unassigned)")["ad_spend"] == 2.5
    alice_sales = result_of(r, "sales", owner="alice")
    # period of 3 days in October: 50 x 3/31 pro-rated; 100 sold -> pass
    assert alice_sales.status is Status.PASS
    bob = result_of(r, "sales", owner="bob")
    assert bob.target["min"] == pytest.approx(160 * 3 / 31) and bob.status is Status.PASS
    scores = {tuple(s.group.items()): s.score for s in r.scores}
    # alice: sales attainment 100 / (50*3/31) capped at 1.2 (w 2); acos 0.25 -> 0.5/0.25 = 2,
    # capped 1.2 (w 1) -> 1.2. Total: 180 / (200*3/31) capped 1.2.
    assert scores[(("owner", "alice"),)] == pytest.approx(1.2)
    assert scores[()] == pytest.approx(1.2)
    assert compute_exit_code(r, "fail") is ExitCode.OK


def test_fail_on_levels() -> None:
    config = cfg(targets={"sales": {"min": 190 * 31 / 3, "warn_within": 0.1}})
    r = compute(scan(by_item()), config, period=PERIOD)
    assert result_of(r, "sales").status is Status.WARN  # 180 vs 190: within 10 %
    assert compute_exit_code(r, "fail") is ExitCode.OK
    assert compute_exit_code(r, "warn") is ExitCode.TARGETS_MISSED
    assert compute_exit_code(r, "never") is ExitCode.OK


def test_a_targeted_kpi_with_no_data_is_a_missed_target() -> None:
    # no payments report: net_margin has no data; sales 180 >= 100 passes
    config = cfg(targets={"sales": {"min": 100 * 31 / 3}, "net_margin": {"min": 0.1}})
    r = compute(scan(by_item()), config, period=PERIOD)
    assert result_of(r, "net_margin").status is Status.NO_DATA
    assert result_of(r, "sales").status is Status.PASS
    assert [(m.kpi, m.status) for m in missed_targets(r, "fail")] == [
        ("net_margin", Status.NO_DATA)
    ]
    assert missed_targets(r, "warn") == missed_targets(r, "fail")
    assert missed_targets(r, "never") == []
    assert compute_exit_code(r, "fail") is ExitCode.TARGETS_MISSED
    assert compute_exit_code(r, "never") is ExitCode.OK
    # a KPI without a target and without data misses nothing
    assert compute_exit_code(compute(scan(by_item()), cfg(), period=PERIOD), "warn") is ExitCode.OK


def test_missed_targets_in_result_order_at_each_level() -> None:
    # sales 180 vs 190: warn; units 15 vs min 20 (x 0.9 = 18): fail
    config = cfg(targets={"sales": {"min": 190 * 31 / 3}, "units": {"min": 20 * 31 / 3}})
    r = compute(scan(by_item()), config, period=PERIOD)
    assert [m.kpi for m in missed_targets(r, "fail")] == ["units"]
    assert [m.kpi for m in missed_targets(r, "warn")] == ["sales", "units"]


def test_period_comes_from_the_report_dates_when_nothing_else_gives_one() -> None:
    r = compute(scan(sp_campaign(), folder="reports"), cfg())
    assert (r.period.start, r.period.end) == (D1, D3)


def test_no_period_at_all_is_an_error_that_says_how_to_pass_one() -> None:
    with pytest.raises(KpiToolError, match="--period"):
        compute(scan(by_item(), folder="reports"), cfg())


def test_unknown_dimension_is_an_error() -> None:
    with pytest.raises(KpiToolError, match="unknown --by dimension 'colour'"):
        compute(scan(by_item()), cfg(), period=PERIOD, by=["colour"])


# ------------------------------------------------------------------ owners add up (property)
ASINS = ["B0ALPHA1", "B0ALPHA2", "B0BETA1", "B0GAMMA1", "X1"]
CAMPAIGNS = ["Alice one", "Alice two", "Bob x", "Other", "Auto"]
OWNERS = {
    "alice": {"team": "growth", "asins": ["B0ALPHA*"], "campaigns": ["Alice *"]},
    "bob": {"team": "core", "asins": ["B0BETA*", "B0ALPHA2"], "campaigns": ["Bob *"]},
    "carol": {"team": "growth", "skus": ["SKU-B0GAMMA*"]},
}
money = st.floats(min_value=0, max_value=10_000, allow_nan=False).map(lambda x: round(x, 2))
count = st.integers(min_value=0, max_value=10_000)


@st.composite
def folders(draw: st.DrawFn) -> Any:
    asins = draw(st.lists(st.sampled_from(ASINS), min_size=1, max_size=5, unique=True))
    n = len(asins)
    br = report(
        "br.csv", K.BUSINESS_REPORT_BY_ITEM, asin=asins, sku=[f"SKU-{a}" for a in asins],
        sessions=draw(st.lists(count, min_size=n, max_size=n)),
        page_views=draw(st.lists(count, min_size=n, max_size=n)),
        units=draw(st.lists(count, min_size=n, max_size=n)),
        sales=draw(st.lists(money, min_size=n, max_size=n)),
        order_items=draw(st.lists(count, min_size=n, max_size=n)),
    )  # fmt: skip
    m = draw(st.integers(min_value=1, max_value=6))
    ads = report(
        "sp.csv", K.SP_CAMPAIGN,
        date=draw(st.lists(st.sampled_from([D1, D2, D3]), min_size=m, max_size=m)),
        campaign=draw(st.lists(st.sampled_from(CAMPAIGNS), min_size=m, max_size=m)),
        impressions=draw(st.lists(count, min_size=m, max_size=m)),
        clicks=draw(st.lists(count, min_size=m, max_size=m)),
        spend=draw(st.lists(money, min_size=m, max_size=m)),
        ad_sales=draw(st.lists(money, min_size=m, max_size=m)),
        ad_orders=draw(st.lists(count, min_size=m, max_size=m)),
        ad_units=draw(st.lists(count, min_size=m, max_size=m)),
    )  # fmt: skip
    return scan(br, ads)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folders(), st.sampled_from(["owner", "team"]))
def test_owners_plus_unassigned_add_up_to_the_total(s: Any, dim: str) -> None:
    r = compute(s, cfg(owners=OWNERS), period=PERIOD, by=[dim])
    additive = [k for k, m in BUILTIN_BY_ID.items() if m.additive and m.group != "profit"]
    total = values(r)
    groups = {r_.group[dim] for r_ in r.all_results() if r_.group}
    for kpi in additive:
        parts = [values(r, **{dim: g})[kpi] for g in groups]
        if total[kpi] is None:
            assert all(p is None for p in parts), kpi
            continue
        assert sum(p or 0.0 for p in parts) == pytest.approx(total[kpi], abs=1e-6), kpi
