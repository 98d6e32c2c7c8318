"""Why a KPI moved: exact additive splits of a change, and the groups that explain it.

**Effects** (:func:`split`). A KPI that is a product of factors, V = x1 × x2 × … , has its change
V_after − V_before split into one effect per factor, and the effects always sum to the change:

- every factor positive in both periods: LMDI, effect_i = L(V_a, V_b) × ln(x_i,a / x_i,b) with
  the logarithmic mean L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a. Exact for a product.
- otherwise (a factor is 0, negative, or undefined in one period, e.g. no sessions so no
  conversion rate): the Shapley split, the average over every order of changing the factors one
  at a time of each factor's step. Exact for any numbers. A factor undefined in one period takes
  the other period's value (it cannot be said to have moved), so with no sessions before, the
  sessions effect carries the whole change. A factor undefined in both periods did not move
  either: its effect is 0 (it counts as 1 in both). Factors whose product is not the KPI
  (inconsistent data, see :func:`consistent`) give no split.

**Contributors** (:func:`contributions`). For an additive KPI, group i contributes
n_i,a − n_i,b. For a ratio N / D (conversion = units / sessions, ACOS = spend / ad sales), group
i contributes n_i,a / D_a − n_i,b / D_b, with D the period's total denominator: these sum
exactly to the change of the ratio, and a group's contribution mixes its own change with its
weight. share = contribution / Σ contributions. A group with no activity before (absent, or
only zeros) is ``new``; with none after, ``gone``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Any

import polars as pl

from kpitool.results import DIGITS, ComputeResult
from kpitool.results.compare import Contributor, Driver

LMDI = "lmdi"
SHAPLEY = "shapley"


@dataclass(frozen=True)
class Split:
    effects: dict[str, float]
    method: str  # "lmdi" or "shapley"


def log_mean(a: float, b: float) -> float:
    """L(a, b) = (a − b) / (ln a − ln b); L(a, a) = a. For a, b > 0."""
    if a == b:
        return a
    la, lb = math.log(a), math.log(b)
    if la == lb:  # a and b differ by less than ln can see
        return (a + b) / 2
    return (a - b) / (la - lb)


def _product(values: Sequence[float]) -> float:
    return math.prod(values)


def _shapley(before: Sequence[float], after: Sequence[float]) -> list[float]:
    n = len(before)
    effects = [0.0] * n
    orders = list(permutations(range(n)))
    for order in orders:
        current = list(before)
        value = _product(current)
        for i in order:
            current[i] = after[i]
            new = _product(current)
            effects[i] += new - value
            value = new
    return [e / len(orders) for e in effects]


def _usable(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def split(before: Mapping[str, float | None], after: Mapping[str, float | None]) -> Split:
    """Split product(after) − product(before) into one effect per factor (see the module doc)."""
    names = list(before)
    b: list[float] = []
    a: list[float] = []
    for name in names:
        xb, xa = before[name], after[name]
        if not _usable(xb) and not _usable(xa):
            xb = xa = 1.0  # undefined in both periods: it did not move (effect 0)
        b.append(float(xb if _usable(xb) else xa))  # type: ignore[arg-type]
        a.append(float(xa if _usable(xa) else xb))  # type: ignore[arg-type]
    vb, va = _product(b), _product(a)
    if all(x > 0 for x in b + a):
        weight = log_mean(va, vb)
        effects = [weight * math.log(xa / xb) for xa, xb in zip(a, b, strict=True)]
        method = LMDI
    else:
        effects, method = _shapley(b, a), SHAPLEY
    # float rounding only (a large effect less a large effect): the largest effect takes it,
    # so that the effects add up to the change to the last bit that floats can hold
    residual = (va - vb) - math.fsum(effects)
    if residual:
        i = max(range(len(effects)), key=lambda k: abs(effects[k]))
        effects[i] += residual
    return Split(dict(zip(names, effects, strict=True)), method)


def div(n: float | None, d: float | None) -> float | None:
    """n / d, or None when either is missing or d is 0."""
    if n is None or d is None or d == 0:
        return None
    return n / d


def consistent(factors: Mapping[str, float | None], value: float | None) -> bool:
    """True when the defined factors multiply to the KPI's value (or the value is 0 and a factor
    is missing because of it: no sessions, no sales)."""
    if value is None:
        return False
    defined = [x for x in factors.values() if _usable(x)]
    if len(defined) < len(factors):
        return any(x == 0 for x in defined) and value == 0
    product = _product([float(x) for x in defined if x is not None])
    return math.isclose(product, value, rel_tol=1e-6, abs_tol=1e-9)


#: the input of :func:`contributions`, one row per group: its key, numerator ``n``, denominator
#: ``d`` (null for an additive KPI) and whether it had any activity in the period; a frame may
#: also have a ``by`` column (String) first: then each ``by`` is explained on its own
PARTS_SCHEMA = {"key": pl.String, "n": pl.Float64, "d": pl.Float64, "active": pl.Boolean}


def contributions(
    before: pl.DataFrame, after: pl.DataFrame, *, ratio: bool, top: int | None = None
) -> pl.DataFrame | None:
    """Each group's contribution to the change (see the module doc), from each period's
    ``PARTS_SCHEMA`` frame (Polars: a search term breakdown has a group per search term).

    Columns key, before and after (the group's own value), delta, share, change (``new``: no
    activity before, ``gone``: none after); largest |delta| first, then by key. None when a
    ratio's total denominator is 0 in a period (the ratio itself is undefined).

    With a ``by`` column (e.g. the owner of each ASIN), the same per ``by``: its groups'
    contributions to the change of its own total, sorted within it; a ``by`` whose ratio is
    undefined in a period has no rows.

    ``top``: only the ``top`` first rows (of each ``by``), leaving out a change the output
    rounds to 0 (float noise, from sums taken in another order); only they are sorted (the
    others are left out by their rank, without sorting a row per search term by name)."""
    grouped = "by" in before.columns

    def per(expr: pl.Expr) -> pl.Expr:
        return expr.over("by") if grouped else expr

    keys = ["by", "key"] if grouped else ["key"]
    both = before.join(after, on=keys, how="full", coalesce=True, suffix="_a", nulls_equal=True)
    if ratio:  # each period's total denominator (per ``by``)
        both = both.with_columns(
            per(pl.col("d").fill_null(0.0).sum()).alias("_tb"),
            per(pl.col("d_a").fill_null(0.0).sum()).alias("_ta"),
        ).filter((pl.col("_tb") != 0) & (pl.col("_ta") != 0))
        if not grouped and both.is_empty():
            return None
    tb, ta = (pl.col("_tb"), pl.col("_ta")) if ratio else (pl.lit(1.0), pl.lit(1.0))
    nb, na = pl.col("n"), pl.col("n_a")
    delta = na.fill_null(0.0) / ta - nb.fill_null(0.0) / tb
    change = (
        pl.when(~pl.col("active").fill_null(False))
        .then(pl.lit("new"))
        .when(~pl.col("active_a").fill_null(False))
        .then(pl.lit("gone"))
    )
    out = both.select(
        *keys,
        (_div(nb, pl.col("d")) if ratio else nb).alias("before"),
        (_div(na, pl.col("d_a")) if ratio else na).alias("after"),
        delta.alias("delta"),
        change.alias("change"),
    )
    total = per(pl.col("delta").sum())
    share = pl.when(total != 0).then(pl.col("delta") / total)
    out = out.select(*keys, "before", "after", "delta", share.alias("share"), "change")
    if top is not None:
        out = out.filter(pl.col("delta").round(DIGITS) != 0)
        # ties share the smallest rank: every row that may be among the first ``top`` stays
        out = out.filter(per(pl.col("delta").abs().rank("min", descending=True)) <= top)
    out = out.sort(
        *(["by"] if grouped else []),
        pl.col("delta").abs(),
        "key",
        descending=[*([False] if grouped else []), True, False],
        nulls_last=True,
    )
    if top is None:
        return out
    return out.group_by("by", maintain_order=True).head(top) if grouped else out.head(top)


def _div(n: pl.Expr, d: pl.Expr) -> pl.Expr:
    """:func:`div` as an expression: null when either is null or ``d`` is 0."""
    return pl.when(d != 0).then(n / d)


# ------------------------------------------------------------------ the drivers of a comparison


#: KPI -> its breakdowns: (dimension, numerator fact, denominator fact or None when additive).
#: Search terms explain the change as the search term reports see it (SP and SB: SD has none).
CONTRIBUTORS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "sales": (("asin", "sales", None),),
    "sessions": (("asin", "sessions", None),),
    "conversion_rate": (("asin", "units", "sessions"),),
    "ad_spend": (("campaign", "ad_spend", None), ("search_term", "ad_spend", None)),
    "acos": (("campaign", "ad_spend", "ad_sales"), ("search_term", "ad_spend", "ad_sales")),
}
BREAKDOWNS = ("asin", "campaign", "search_term")


#: the facts whose being non-zero makes a group active in a period
ACTIVITY: dict[str, tuple[str, ...]] = {
    "asin": ("sales", "units", "sessions"),
    "campaign": ("ad_spend", "impressions", "clicks", "ad_sales"),
    "search_term": ("ad_spend", "impressions", "clicks", "ad_sales"),
}
#: the KPIs the drivers read per group (``compute(values_by=BREAKDOWNS)``)
DRIVER_KPIS = tuple(
    dict.fromkeys(
        [f for facts in ACTIVITY.values() for f in facts]
        + [k for parts in CONTRIBUTORS.values() for _, n, d in parts for k in (n, d) if k]
    )
)


def factors(kpi: str, v: dict[str, Any]) -> dict[str, float | None]:
    def f(name: str) -> float | None:
        k = v.get(name)
        return None if k is None else k.value

    if kpi == "sales":
        return {
            "sessions": f("sessions"),
            "conversion_rate": div(f("units"), f("sessions")),
            "average_selling_price": div(f("sales"), f("units")),
        }
    if kpi == "acos":  # cpc × (1 / ad_conversion_rate) × (1 / ad order value)
        return {
            "cpc": div(f("ad_spend"), f("clicks")),
            "ad_conversion_rate": div(f("clicks"), f("ad_orders")),
            "ad_order_value": div(f("ad_orders"), f("ad_sales")),
        }
    return {
        "acos": div(f("ad_spend"), f("ad_sales")),
        "ad_sales_share": div(f("ad_sales"), f("sales")),
    }


def build_drivers(
    before: ComputeResult,
    after: ComputeResult,
    facts: dict[str, tuple[pl.DataFrame, pl.DataFrame]],
    top: int,
    warnings: list[str],
) -> list[Driver]:
    vb, va = _totals(before), _totals(after)
    out: list[Driver] = []
    for kpi in ("sales", "sessions", "conversion_rate", "ad_spend", "acos", "tacos"):
        if kpi not in va:
            continue
        old = vb[kpi].value if kpi in vb else None
        new = va[kpi].value
        driver = Driver({}, kpi, None if old is None or new is None else new - old, None, None)
        if kpi in ("sales", "acos", "tacos"):
            fb, fa = factors(kpi, vb), factors(kpi, va)
            if consistent(fb, old) and consistent(fa, new):
                s = split(fb, fa)
                driver.effects, driver.method = s.effects, s.method
            elif driver.delta is not None:
                warnings.append(
                    f"the change in {kpi} is not split into {', '.join(fb)}: their product is "
                    f"not {kpi} in the reports (e.g. sales without units)"
                )
        for dim, num, den in CONTRIBUTORS.get(kpi, ()):
            if dim in facts:
                driver.top_contributors += _top(facts[dim], dim, num, den, top)
        out.append(driver)
    return out


def _top(
    facts: tuple[pl.DataFrame, pl.DataFrame], dim: str, num: str, den: str | None, top: int
) -> list[Contributor]:
    """The ``top`` groups of ``dim`` that moved ``num`` (/ ``den``) most. ``facts``: each
    period's ``compute(values_by=...)`` frame (``group`` and the DRIVER_KPIS)."""
    found = moved(facts, dim, num, den, top)
    if found is None:
        return []
    return [
        Contributor({dim: key}, before, after, delta, share, change)
        for key, before, after, delta, share, change in found.iter_rows()
    ]


def moved(
    facts: tuple[pl.DataFrame, pl.DataFrame], dim: str, num: str, den: str | None, top: int
) -> pl.DataFrame | None:
    """:func:`contributions` of the groups of ``dim`` to ``num`` (/ ``den``), the ``top`` of
    each ``by`` where the frames have one (a two-dimension ``values_by`` frame)."""
    active = pl.any_horizontal([pl.col(f).fill_null(0.0) != 0 for f in ACTIVITY[dim]])
    parts = [
        f.select(
            *(["by"] if "by" in f.columns else []),
            pl.col("group").alias("key"),
            pl.col(num).alias("n"),
            (pl.col(den) if den else pl.lit(None, dtype=pl.Float64)).alias("d"),
            active.alias("active"),
        )
        for f in facts
    ]
    return contributions(parts[0], parts[1], ratio=den is not None, top=top)


def values(r: ComputeResult) -> dict[tuple[tuple[str, str], ...], dict[str, Any]]:
    """Each group's KPI results (the total's under ``()``)."""
    out: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}
    for k in r.all_results():
        out.setdefault(tuple(k.group.items()), {})[k.kpi] = k
    return out


def _totals(r: ComputeResult) -> dict[str, Any]:
    """The total's KPI results (``values(r)[()]``, without a result per group and KPI)."""
    return {k.kpi: k for k in r.results if not k.group}
