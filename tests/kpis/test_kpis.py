"""The KPI registry: safe division, null-aware sums, and each formula on a hand-made facts row."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitool.kpis.catalogue import BUILTIN
from kpitool.kpis.registry import (
    REGISTRY,
    Fact,
    KpiContext,
    kpi_expr,
    nsum,
    safe_div,
    sku_flags,
)


def test_every_kpi_of_the_catalogue_is_registered() -> None:
    expected = {k.id for k in BUILTIN}
    assert set(REGISTRY) == expected


def test_safe_div_is_null_on_zero_or_null_divisor_never_inf_or_nan() -> None:
    df = pl.DataFrame({"a": [1.0, 0.0, 1.0, None, 6.0], "b": [0.0, 0.0, None, 2.0, 4.0]})
    got = df.select(safe_div(pl.col("a"), pl.col("b"))).to_series().to_list()
    assert got == [None, None, None, None, 1.5]


def test_nsum_is_null_when_every_value_is_null_and_a_sum_otherwise() -> None:
    df = pl.DataFrame({"g": [1, 1, 2, 2], "x": [None, None, 1.0, None]}, strict=False)
    got = df.group_by("g").agg(nsum(pl.col("x"))).sort("g").get_column("x").to_list()
    assert got == [None, 1.0]


def _facts(**values: float | None) -> pl.DataFrame:
    row = {f.value: values.get(f.name.lower()) for f in Fact}
    return pl.DataFrame({k: [v] for k, v in row.items()}, schema={k: pl.Float64 for k in row})


def _eval(facts: pl.DataFrame, ctx: KpiContext | None = None) -> dict[str, float | None]:
    ctx = ctx or KpiContext(days=30)
    return facts.select([kpi_expr(k, ctx).alias(k) for k in REGISTRY]).row(0, named=True)


def test_sales_and_advertising_formulas_by_hand() -> None:
    v = _eval(
        _facts(
            sales=1000.0,
            units=50.0,
            order_items=40.0,
            sessions=500.0,
            page_views=800.0,
            bb_weighted=720.0,
            bb_page_views=800.0,
            b2b_sales=100.0,
            ad_spend=200.0,
            ad_sales=800.0,
            ad_orders=20.0,
            ad_units=25.0,
            impressions=10000.0,
            clicks=100.0,
        )
    )
    assert v["conversion_rate"] == pytest.approx(50 / 500)
    assert v["order_item_session_rate"] == pytest.approx(40 / 500)
    assert v["buy_box_rate"] == pytest.approx(0.9)
    assert v["average_selling_price"] == pytest.approx(20.0)
    assert v["ctr"] == pytest.approx(0.01)
    assert v["cpc"] == pytest.approx(2.0)
    assert v["acos"] == pytest.approx(0.25)
    assert v["roas"] == pytest.approx(4.0)
    assert v["ad_conversion_rate"] == pytest.approx(0.2)
    assert v["tacos"] == pytest.approx(0.2)
    assert v["ad_sales_share"] == pytest.approx(0.8)
    assert v["organic_sales"] == pytest.approx(200.0)
    assert v["b2b_sales"] == 100.0


def test_missing_inputs_are_null_not_zero() -> None:
    v = _eval(_facts(sales=1000.0, units=50.0, sessions=500.0))
    for kpi in (
        "ad_spend",
        "acos",
        "roas",
        "tacos",
        "organic_sales",
        "available_units",
        "days_of_supply",
        "b2b_sales",
        "buy_box_rate",
    ):
        assert v[kpi] is None, kpi
    assert v["conversion_rate"] == pytest.approx(0.1)


def test_zero_spend_and_zero_sales_give_nulls_for_the_ratios() -> None:
    v = _eval(_facts(ad_spend=0.0, ad_sales=0.0, clicks=0.0, impressions=0.0))
    assert v["ad_spend"] == 0.0
    assert v["acos"] is None and v["roas"] is None and v["cpc"] is None and v["ctr"] is None


def test_inventory_formulas_by_hand() -> None:
    # 30 days, 60 units sold -> 2 a day; 100 available -> 50 days of supply.
    v = _eval(_facts(units=60.0, available=100.0, onhand_avg=120.0, shipped_t30=90.0))
    assert v["days_of_supply"] == pytest.approx(50.0)
    assert v["weeks_of_cover"] == pytest.approx(50 / 7)
    assert v["inventory_turnover"] == pytest.approx(60 / 120)


def test_days_of_supply_falls_back_to_t30_without_a_business_report() -> None:
    # t30 = 90 -> 3 a day; 100 available -> 33.33 days.
    v = _eval(_facts(available=100.0, onhand_avg=100.0, shipped_t30=90.0))
    assert v["days_of_supply"] == pytest.approx(100 / 3)
    # turnover: units sold in the 30-day period estimated as 3 a day x 30 = 90
    assert v["inventory_turnover"] == pytest.approx(0.9)


def test_sku_flags_by_hand() -> None:
    ctx = KpiContext(days=30, lead_time_days=30, max_days_of_supply=90)
    df = pl.DataFrame(
        {
            # a: none available but sold -> stockout (and 0 days of supply -> low stock);
            # b: 20 / 2 a day = 10 days < 30 -> low; c: 300 at 1 a day: 300 - 90 x 1 = 210
            # excess; d: sells nothing -> unlimited supply, not low, excess = all 5 units
            "available": [0.0, 20.0, 300.0, 5.0],
            "sold": [6.0, 60.0, 30.0, 0.0],
            "daily": [0.2, 2.0, 1.0, 0.0],
        }
    )
    flags = sku_flags(pl.col("available"), pl.col("sold"), pl.col("daily"), ctx)
    got = df.select(**flags).to_dict(as_series=False)
    assert got[Fact.STOCKOUT_SKUS.value] == [1, 0, 0, 0]
    assert got[Fact.LOW_STOCK_SKUS.value] == [1, 1, 0, 0]
    assert got[Fact.EXCESS_UNITS.value] == [0.0, 0.0, 210.0, 5.0]


@given(
    st.floats(min_value=0.01, max_value=1e7, allow_nan=False),
    st.floats(min_value=0.01, max_value=1e7, allow_nan=False),
)
def test_acos_times_roas_is_one(spend: float, sales: float) -> None:
    v = _eval(_facts(ad_spend=spend, ad_sales=sales))
    assert v["acos"] is not None and v["roas"] is not None
    assert math.isclose(v["acos"] * v["roas"], 1.0, rel_tol=1e-12)
