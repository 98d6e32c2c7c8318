"""The exact splits of a change (LMDI, Shapley for zeros) and the contributions of groups."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitool.engine import drivers
from kpitool.engine.drivers import LMDI, SHAPLEY, consistent, log_mean, split

Parts = dict[str, tuple[float | None, float | None]]


def contributions(before: Parts, after: Parts, *, ratio: bool) -> list[Any] | None:
    """drivers.contributions on each period's {group: (numerator, denominator)}, a group
    active where present; its rows as objects (c.key, c.delta...)."""
    frames = [
        pl.DataFrame(
            [(k, n, d, True) for k, (n, d) in parts.items()],
            schema=drivers.PARTS_SCHEMA,
            orient="row",
        )
        for parts in (before, after)
    ]
    table = drivers.contributions(frames[0], frames[1], ratio=ratio)
    if table is None:
        return None
    return [type("Row", (), row)() for row in table.iter_rows(named=True)]


POSITIVE = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
ANY = st.one_of(st.just(0.0), POSITIVE, st.floats(min_value=-1e6, max_value=-1e-3), st.none())


def _close(effects: dict[str, float], change: float) -> bool:
    # within 1e-9 relative to the largest number involved: two effects of ±1.6e7 that net to
    # 1.7 (a negative factor) cannot add up more closely than floats hold them
    scale = max([1.0, abs(change), *(abs(e) for e in effects.values())])
    return math.isclose(math.fsum(effects.values()), change, rel_tol=0, abs_tol=1e-9 * scale)


@given(st.lists(st.tuples(POSITIVE, POSITIVE), min_size=2, max_size=3))
def test_lmdi_effects_sum_to_the_change(pairs: list[tuple[float, float]]) -> None:
    before = {f"x{i}": b for i, (b, _) in enumerate(pairs)}
    after = {f"x{i}": a for i, (_, a) in enumerate(pairs)}
    s = split(before, after)
    assert s.method == LMDI
    change = math.prod(after.values()) - math.prod(before.values())
    assert _close(s.effects, change)


@given(st.lists(st.tuples(ANY, ANY), min_size=2, max_size=3))
def test_any_split_sums_to_the_change(pairs: list[tuple[float | None, float | None]]) -> None:
    before = {f"x{i}": b for i, (b, _) in enumerate(pairs)}
    after = {f"x{i}": a for i, (_, a) in enumerate(pairs)}
    s = split(before, after)
    # an undefined factor takes the other period's value; undefined in both, it counts as 1
    b = [x if x is not None else y if y is not None else 1.0 for x, y in pairs]
    a = [y if y is not None else x if x is not None else 1.0 for x, y in pairs]
    change = math.prod(a) - math.prod(b)
    assert _close(s.effects, change)


@given(st.lists(ANY, min_size=2, max_size=3))
def test_no_change_gives_zero_effects(values: list[float | None]) -> None:
    factors = {f"x{i}": v for i, v in enumerate(values)}
    s = split(factors, factors)
    assert all(e == 0 for e in s.effects.values())


def test_sessions_down_20_percent_is_all_the_sessions_effect() -> None:
    before = {"sessions": 1000.0, "conversion_rate": 0.1, "average_selling_price": 25.0}
    after = {**before, "sessions": 800.0}
    s = split(before, after)
    assert s.method == LMDI
    assert s.effects["sessions"] == pytest.approx(-500.0, abs=1e-9)
    assert s.effects["conversion_rate"] == 0
    assert s.effects["average_selling_price"] == 0


def test_no_sessions_before_gives_the_whole_change_to_sessions() -> None:
    # before: no traffic, so neither conversion nor price is defined: they take AFTER's values
    before = {"sessions": 0.0, "conversion_rate": None, "average_selling_price": None}
    after = {"sessions": 100.0, "conversion_rate": 0.1, "average_selling_price": 20.0}
    s = split(before, after)
    assert s.method == SHAPLEY
    assert s.effects == pytest.approx(
        {"sessions": 200.0, "conversion_rate": 0.0, "average_selling_price": 0.0}
    )


def test_a_zero_factor_uses_the_shapley_split() -> None:
    # conversion falls to zero: 100 × 0.1 × 20 = 200 -> 120 × 0 × 20 = 0
    before = {"s": 100.0, "c": 0.1, "p": 20.0}
    after = {"s": 120.0, "c": 0.0, "p": 20.0}
    s = split(before, after)
    assert s.method == SHAPLEY
    # sessions: ½ (120·0.1·20 − 200) + ½ (0 − 0) = 20; conversion: the rest
    assert s.effects == pytest.approx({"s": 20.0, "c": -220.0, "p": 0.0})


def test_log_mean() -> None:
    assert log_mean(5.0, 5.0) == 5.0
    assert log_mean(math.e, 1.0) == pytest.approx(math.e - 1)
    assert log_mean(1.0, 1.0 + 1e-17) == 1.0


def test_consistent_factors() -> None:
    assert consistent({"a": 2.0, "b": 3.0}, 6.0)
    assert not consistent({"a": 2.0, "b": 3.0}, 7.0)
    assert consistent({"a": 0.0, "b": None}, 0.0)  # no sessions, no sales
    assert not consistent({"a": 2.0, "b": None}, 5.0)
    assert not consistent({"a": 2.0}, None)


def test_additive_contributions_sum_and_mark_new_and_gone() -> None:
    before = {"A": (10.0, None), "B": (5.0, None)}
    after = {"A": (12.0, None), "C": (4.0, None)}
    found = contributions(before, after, ratio=False)
    assert found is not None
    by_key = {c.key: c for c in found}
    assert [c.key for c in found] == ["B", "C", "A"]  # largest |delta| first
    assert by_key["B"].delta == -5.0 and by_key["B"].change == "gone"
    assert by_key["C"].delta == 4.0 and by_key["C"].change == "new"
    assert by_key["A"].change is None
    assert sum(c.delta for c in found) == 1.0
    assert sum(c.share or 0 for c in found) == pytest.approx(1.0)


@given(
    st.dictionaries(
        st.sampled_from("ABCDE"), st.tuples(st.integers(0, 50), st.integers(1, 500)), min_size=1
    ),
    st.dictionaries(
        st.sampled_from("ABCDE"), st.tuples(st.integers(0, 50), st.integers(1, 500)), min_size=1
    ),
)
def test_ratio_contributions_sum_to_the_change_of_the_ratio(
    before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]
) -> None:
    pb = {k: (float(n), float(d)) for k, (n, d) in before.items()}
    pa = {k: (float(n), float(d)) for k, (n, d) in after.items()}
    found = contributions(pb, pa, ratio=True)
    assert found is not None
    ratio_b = sum(n for n, _ in pb.values()) / sum(d for _, d in pb.values())
    ratio_a = sum(n for n, _ in pa.values()) / sum(d for _, d in pa.values())
    assert sum(c.delta for c in found) == pytest.approx(ratio_a - ratio_b, abs=1e-12)
    for c in found:
        if c.key in pa:
            assert c.after == pa[c.key][0] / pa[c.key][1]


def test_ratio_contributions_need_a_denominator() -> None:
    assert contributions({"A": (1.0, 0.0)}, {"A": (1.0, 2.0)}, ratio=True) is None


_PARTS = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D", "é"]),
    st.tuples(
        st.one_of(st.none(), st.integers(-50, 50)), st.one_of(st.none(), st.integers(0, 500))
    ),
    max_size=5,
)


@given(_PARTS, _PARTS, st.booleans())
def test_contributions_equal_a_plain_loop_over_the_groups(
    before: dict[str, tuple[int | None, int | None]],
    after: dict[str, tuple[int | None, int | None]],
    ratio: bool,
) -> None:
    """drivers.contributions runs on Polars frames (a group per search term); here, group by
    group in plain Python, as the module doc defines it."""

    def floats(
        parts: dict[str, tuple[int | None, int | None]],
    ) -> dict[str, tuple[float | None, float | None]]:
        return {
            k: (None if n is None else float(n), None if d is None else float(d))
            for k, (n, d) in parts.items()
        }

    pb, pa = floats(before), floats(after)
    found = contributions(pb, pa, ratio=ratio)
    tb = sum(d or 0.0 for _, d in pb.values()) if ratio else 1.0
    ta = sum(d or 0.0 for _, d in pa.values()) if ratio else 1.0
    if ratio and (tb == 0 or ta == 0):
        assert found is None
        return
    expected = {}
    for key in set(pb) | set(pa):
        nb, db = pb.get(key, (None, None))
        na, da = pa.get(key, (None, None))
        own_b = (nb / db if nb is not None and db else None) if ratio else nb
        own_a = (na / da if na is not None and da else None) if ratio else na
        change = "new" if key not in pb else "gone" if key not in pa else None
        expected[key] = (own_b, own_a, (na or 0.0) / ta - (nb or 0.0) / tb, change)
    total = sum(e[2] for e in expected.values())
    assert found is not None
    assert sorted(c.key for c in found) == sorted(expected)
    # largest change first, ties by key (Polars divides a column by a number through its
    # reciprocal: the last bit of a quotient may differ from Python's, hence approx below)
    assert found == sorted(found, key=lambda c: (-abs(c.delta), c.key))
    for c in found:
        own_b, own_a, delta, change = expected[c.key]
        assert c.change == change
        assert c.delta == pytest.approx(delta, rel=1e-12, abs=1e-15)
        for got, want in ((c.before, own_b), (c.after, own_a)):
            assert got == (None if want is None else pytest.approx(want, rel=1e-12))
        if total:
            assert c.share == pytest.approx(delta / total)
        else:
            assert c.share is None
