"""Profit views shared by the table and Markdown renderers (pure: rows of text).

- the waterfall of the total: product sales, then each deduction, down to net profit;
- with ``--by asin`` (or sku): each product's ACOS beside its break-even ACOS, so an operator
  sees which products' ads lose money (ACOS above break-even: every ad sale loses money).
"""

from __future__ import annotations

from kpitool.render import values as fmt
from kpitool.results import ComputeResult

LABELS = {
    "product_sales": "Product sales",
    "refunds": "Refunds",
    "amazon_fees": "Amazon fees",
    "other": "Other (shipping, promotions, taxes, adjustments)",
    "cogs": "Unit costs (COGS)",
    "advertising": "Advertising",
    "net_profit": "Net profit",
}
PRODUCT_DIMS = ("asin", "sku")


def waterfall_rows(result: ComputeResult) -> list[tuple[str, str, str]]:
    """(label, amount, share of product sales) per step; empty without payments data."""
    steps = result.waterfall
    if not steps:
        return []
    base = steps[0].amount
    rows = []
    for s in steps:
        share = "" if s.amount is None or not base else f"{s.amount / base * 100:,.1f} %"
        amount = fmt.number(s.amount, "currency", result.currency)
        rows.append((LABELS.get(s.step, s.step), amount, share))
    return rows


def breakeven_dim(result: ComputeResult) -> str | None:
    """The product dimension of the breakdown, if the ACOS vs break-even view applies."""
    return next((d for d in result.group_by if d in PRODUCT_DIMS), None)


def breakeven_rows(result: ComputeResult) -> list[tuple[str, str, str, str]]:
    """(product, acos, break_even_acos, verdict) per product group with ad spend or sales."""
    dim = breakeven_dim(result)
    if dim is None:
        return []
    groups = result.groups
    if groups is None or not {"acos", "break_even_acos"} <= set(groups.kpis):
        return []
    rows = []
    frame = groups.values.select(*groups.dims, "acos", "break_even_acos")
    for row in frame.iter_rows():
        *labels, acos, even = row
        if acos is None and even is None:
            continue
        if acos is None or even is None:
            verdict = "–"
        elif acos > even:
            verdict = "ads lose money"
        else:
            verdict = "ads profitable"
        label = " / ".join(labels)
        shown = (fmt.number(acos, "ratio", None), fmt.number(even, "ratio", None))
        rows.append((label, *shown, verdict))
    return rows
