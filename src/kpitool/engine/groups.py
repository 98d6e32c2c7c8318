"""A breakdown's facts -> its :class:`~kpitool.results.groups.GroupTable` (issue 14).

The KPI values of every group are one Polars frame from the facts to the renderer: the
registry's expressions and the config's formulas evaluated on the facts table, tidied, then
``--where`` (a condition of kpis/formula.py, as a Polars filter), ``--sort`` and ``--top``
applied to the frame. A breakdown lists only the KPIs its dimensions can carry: by search term
the advertising KPIs; by campaign no sales-and-traffic KPI (no Business Report has campaigns);
one note names the families left out.

Targets apply to owner and team breakdowns only (engine/evaluate.py): their groups are few
(the config names them), and they are evaluated one by one, as the total is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from kpitool.config import Config
from kpitool.engine.dims import OWNER_DIMS, Dim, can_carry
from kpitool.engine.evaluate import evaluate, targets_for
from kpitool.engine.facts import Breakdown
from kpitool.engine.shape import (
    COST_BASED,
    Shape,
    kpi_ids,
    partial_flag,
    projected,
    shaped_coverage,
    shaped_values,
    sort_key,
)
from kpitool.errors import UsageError
from kpitool.kpis.catalogue import ADS, INVENTORY, PROFIT, SALES
from kpitool.kpis.registry import KpiContext
from kpitool.results import DIGITS, KpiResult, Period
from kpitool.results.groups import (
    MISSING_COSTS,
    GroupTable,
    KpiColumn,
    View,
    target_row,
    target_schema,
    tidy,
)

if TYPE_CHECKING:
    from kpitool.kpis.formula import Node

#: families read only when present: inventory KPIs without sales take units-shipped-t30, net
#: profit without ads reports the ads charged in the payments (engine/kpi_coverage.py)
_OPTIONAL = {INVENTORY: SALES, PROFIT: ADS}
_FAMILY_NAMES = {SALES: "sales-and-traffic", ADS: "advertising", INVENTORY: "inventory"}
_ORDER = (SALES, ADS, INVENTORY, PROFIT)

#: the KPIs of the wide layout (table, Markdown, ``--layout wide``) when --kpis is not given
DEFAULT_WIDE: dict[str, tuple[str, ...]] = {
    "search_term": ("ad_spend", "ad_sales", "acos", "clicks", "ad_orders"),
    "campaign": ("ad_spend", "ad_sales", "acos", "clicks", "ad_orders"),
    "ad_type": ("ad_spend", "ad_sales", "acos", "clicks", "ad_orders"),
    "asin": ("sales", "units", "ad_spend", "acos", "tacos"),
    "sku": ("sales", "units", "ad_spend", "acos", "tacos"),
    "parent_asin": ("sales", "units", "sessions", "conversion_rate"),
    "marketplace": ("sales", "units", "ad_spend", "acos", "tacos"),
    "owner": ("sales", "units", "ad_spend", "acos", "tacos"),
    "team": ("sales", "units", "ad_spend", "acos", "tacos"),
    "day": ("sales", "units", "ad_spend", "acos", "tacos"),
    "week": ("sales", "units", "ad_spend", "acos", "tacos"),
    "month": ("sales", "units", "ad_spend", "acos", "tacos"),
}


def carried(
    dims: Sequence[Dim], families: dict[str, frozenset[str]], ids: Sequence[str]
) -> tuple[list[str], str | None]:
    """The KPIs of ``ids`` whose families can carry ``dims``, and a note naming the rest."""
    kept: list[str] = []
    out: list[str] = []
    for kpi in ids:
        fams = families.get(kpi, frozenset())
        needed = {f for f in fams if not (f in _OPTIONAL.values() and _base(f, fams))}
        (kept if all(can_carry(f, dims) for f in needed) else out).append(kpi)
    if not out:
        return kept, None
    by = ", ".join(d.value for d in dims)
    gone_set = {f for k in out for f in families.get(k, ()) if not can_carry(f, dims)}
    gone = sorted(gone_set, key=lambda f: (*_ORDER, f).index(f))
    whole = [k for k in out if families.get(k, frozenset()) <= set(gone)]
    mixed = [k for k in out if k not in whole]
    words = [_FAMILY_NAMES.get(f, f) for f in gone]
    shown = " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
    note = f"by {by}: the {shown} KPIs are left out: no report carries them by {by}"
    if mixed:
        note += f"; so are {', '.join(mixed)}, which read them too"
    return kept, note


def _base(optional: str, fams: frozenset[str]) -> bool:
    return any(opt == optional and base in fams for base, opt in _OPTIONAL.items())


def check_view(view: View, config: Config, dims: Sequence[Dim], listed: Sequence[str]) -> None:
    """Raise a :class:`UsageError` (exit 2) for a view that cannot apply: an unknown KPI, a
    KPI the breakdown does not carry, a ``--where`` that does not parse."""
    known = config.kpi_ids()
    by = ", ".join(d.value for d in dims)

    def check(option: str, ids: Sequence[str]) -> None:
        unknown = [k for k in ids if k not in known]
        if unknown:
            raise UsageError(
                f"{option}: unknown KPI id(s) {', '.join(unknown)}; use ids from the README, "
                "KPIs (kpitool kpis lists them)"
            )
        absent = [k for k in ids if k not in listed]
        if dims and absent:
            raise UsageError(
                f"{option}: {', '.join(absent)} cannot be broken down by {by}: no report "
                f"carries them by {by}"
            )

    check("--kpis", view.kpis)
    if not dims and (view.where or view.sort or view.top):
        raise UsageError("--where, --sort and --top rank the groups of a breakdown: add --by")
    if view.sort is not None:
        check("--sort", [sort_kpi(view.sort)[0]])
    if view.where is not None:
        from kpitool.kpis.formula import names  # only for a --where: the parser loads lazily

        check("--where", sorted(names(where_node(view.where))))


def validate(view: View, config: Config, by: Sequence[str]) -> None:
    """Check ``view`` for the breakdown ``by`` before anything is read (see check_view)."""
    from kpitool.engine.dims import parse_by
    from kpitool.engine.kpi_coverage import kpi_families

    dims = parse_by(by)
    listed = carried(dims, kpi_families(config), kpi_ids(config))[0] if dims else []
    check_view(view, config, dims, listed)


def sort_kpi(text: str) -> tuple[str, bool]:
    """``acos`` -> (acos, descending); ``acos:asc`` -> (acos, ascending)."""
    kpi, _, order = text.partition(":")
    if order not in ("", "asc", "desc"):
        raise UsageError(f"--sort {text}: write KPI (largest first), KPI:asc or KPI:desc")
    return kpi.strip(), order != "asc"


def where_node(text: str) -> Node:
    from kpitool.kpis.formula import FormulaError, parse_condition

    try:
        return parse_condition(text)
    except FormulaError as exc:
        raise UsageError(f"--where {exc}") from None


def group_table(
    table: pl.DataFrame,
    b: Breakdown,
    config: Config,
    ctx: KpiContext,
    per: Period,
    missing: dict[tuple[str, ...], list[str]],
    shape: Shape,
    view: View,
) -> tuple[GroupTable, list[KpiResult], str | None]:
    """The breakdown ``b`` as a frame; the :class:`KpiResult` of its groups where targets
    apply (owner, team); the note naming the families left out."""
    dims = [d.value for d in b.dims]
    listed, note = carried(b.dims, shape.families, kpi_ids(config))
    check_view(view, config, b.dims, listed)
    values = shaped_values(table, dims, config, ctx, shape, listed)
    cover, blank = shaped_coverage(shape, per, listed)
    values = values.with_columns(
        *[pl.col(d).cast(pl.String) for d in dims],
        *[
            (pl.lit(None, dtype=pl.Float64) if k in blank else tidy(pl.col(k))).alias(k)
            for k in listed
        ],
    ).sort([*[sort_key(d) for d in dims], *dims])
    values = _with_missing(values, dims, missing)
    metas = {k: config.kpi_meta(k) for k in listed}
    columns = [
        KpiColumn(
            k,
            str(metas[k].unit),
            cover[k],
            metas[k].additive,
            partial_flag(b, metas[k].group, k, False) or cover[k].partial,
            partial_flag(b, metas[k].group, k, True) or cover[k].partial,
            k in COST_BASED and b.profit is not None,
        )
        for k in listed
    ]
    out = GroupTable(dims, columns, values)
    results: list[KpiResult] = []
    if len(b.dims) == 1 and b.dims[0] in OWNER_DIMS:
        # every group and KPI: the scores and the exit code judge them all
        results, out.targets = _targeted(out, config, per)
    shown = list(view.kpis) or listed
    out.groups_before, out.view = values.height, view
    out.values, out.groups_matched = _apply(values, view)
    out.values = out.values.select(*dims, *shown, MISSING_COSTS)
    out.columns = [c for k in shown for c in columns if c.kpi == k]
    wide = list(view.kpis) or [k for k in DEFAULT_WIDE.get(dims[-1], ()) if k in listed]
    out.wide_kpis = wide or shown[:5]
    return out, results, note


def _with_missing(
    values: pl.DataFrame, dims: list[str], missing: dict[tuple[str, ...], list[str]]
) -> pl.DataFrame:
    """``values`` with :data:`MISSING_COSTS`: each group's SKUs sold without a unit cost."""
    if not missing:
        return values.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias(MISSING_COSTS))
    keys = list(missing)
    frame = pl.DataFrame(
        {
            **{d: [k[i] for k in keys] for i, d in enumerate(dims)},
            MISSING_COSTS: [missing[k] for k in keys],
        },
        schema={**{d: pl.String for d in dims}, MISSING_COSTS: pl.List(pl.String)},
    )
    return values.join(frame, on=dims, how="left", nulls_equal=True, maintain_order="left")


def _apply(values: pl.DataFrame, view: View) -> tuple[pl.DataFrame, int]:
    """``--where``, ``--sort`` and ``--top`` as Polars expressions on the frame; the groups
    ``--where`` keeps."""
    if view.where is not None:
        from kpitool.kpis.formula import to_expr

        node = where_node(view.where)
        values = values.filter(to_expr(node, pl.col).fill_null(False))
    if view.sort is not None:
        kpi, descending = sort_kpi(view.sort)
        values = values.sort(kpi, descending=descending, nulls_last=True, maintain_order=True)
    matched = values.height
    if view.top is not None:
        values = values.head(view.top)
    return values, matched


def _targeted(out: GroupTable, config: Config, per: Period) -> tuple[list[KpiResult], pl.DataFrame]:
    """Owner or team groups: each KPI against the group's targets, as results (for the
    scores, the exit code and the history) and as the frame's target columns."""
    dim = out.dims[0]
    results: list[KpiResult] = []
    rows = []
    for group_row in out.values.iter_rows(named=True):
        group = {dim: group_row[dim]}
        targets = targets_for(config, group)
        for col in out.columns:
            value = group_row[col.kpi]
            meta = config.kpi_meta(col.kpi)
            applied, status, att = evaluate(
                value, targets.get(col.kpi), meta, per, config, coverage=col.coverage
            )
            att = None if att is None else round(att, DIGITS)
            uncosted = group_row[MISSING_COSTS] or []
            results.append(
                KpiResult(
                    group,
                    col.kpi,
                    value,
                    col.unit,
                    applied,
                    status,
                    att,
                    partial=col.partial_uncosted if uncosted else col.partial,
                    missing_costs=uncosted if col.costed else None,
                    coverage=col.coverage,
                    projected=projected(value, col.coverage) if col.additive else None,
                    additive=col.additive,
                )
            )
            if applied is not None:
                rows.append(target_row(group, col.kpi, applied, status, att))
    return results, pl.DataFrame(rows, schema=target_schema([dim]))
