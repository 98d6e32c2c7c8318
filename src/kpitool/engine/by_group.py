"""The drivers of each group of ``compare --by owner|team|asin|campaign``: its effects (the
splits of :mod:`kpitool.engine.drivers`, on the group's own values) and its top contributors,
restricted to the group: by owner, the ASINs, campaigns and search terms that owner owns.

The contributors come from two-dimension ``values_by`` breakdowns ("owner,asin", ...) that
``compute`` plans in the same pass over the data as the total: one Polars frame per breakdown,
whatever the number of groups, and only the top contributors of each group become objects.
A contributor dimension that a group dimension cannot split (the search term reports carry no
ASIN) is named in a note, and in each driver it leaves out (``contributors_not_split``), never
replaced with the total's contributors.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from kpitool.engine.drivers import (
    CONTRIBUTORS,
    consistent,
    factors,
    moved,
    split,
    values,
)
from kpitool.results import DIGITS, ComputeResult
from kpitool.results.compare import Contributor, Driver

#: the KPIs whose drivers each group gets, in order
KPIS = ("sales", "sessions", "conversion_rate", "ad_spend", "acos", "tacos")
#: per ``--by`` dimension whose groups get drivers: the contributor dimensions split by it
#: (the reports carry both). A group is not its own contributor (by asin: no ASINs).
SPLITS: dict[str, tuple[str, ...]] = {
    "owner": ("asin", "campaign", "search_term"),
    "team": ("asin", "campaign", "search_term"),
    "asin": ("campaign",),
    "campaign": ("search_term",),
}
#: (group dimension, contributor dimension) -> why the contributors cannot be split by it
NOT_SPLIT: dict[tuple[str, str], str] = {
    ("asin", "search_term"): "the search term reports carry no ASIN",
    ("campaign", "asin"): "the Business Report carries no campaign",
}


#: the total's contributor breakdowns that are the sums of a group dimension's: every row has
#: one group, the same reports supply both, and the drivers' values are sums. The search term
#: one (a group per search term) is then not grouped a second time.
SUMMED: dict[str, tuple[str, ...]] = {
    "owner": ("search_term",),
    "team": ("search_term",),
    "campaign": ("search_term",),
}


def group_dim(by: Sequence[str]) -> str | None:
    """The dimension whose groups get drivers: ``by`` when it is one of :data:`SPLITS`."""
    return by[0] if len(by) == 1 and by[0] in SPLITS else None


def breakdowns(by: Sequence[str]) -> tuple[str, ...]:
    """The ``values_by`` breakdowns the groups' contributors read ("owner,asin", ...)."""
    dim = group_dim(by)
    return () if dim is None else tuple(f"{dim},{c}" for c in SPLITS[dim])


def summed_dims(by: Sequence[str]) -> tuple[str, ...]:
    """The total's contributor breakdowns that :func:`total_frame` sums from the groups'."""
    dim = group_dim(by)
    return () if dim is None else SUMMED.get(dim, ())


def total_frame(result: ComputeResult, dim: str) -> pl.DataFrame | None:
    """The total's ``values_by`` frame of ``dim``: computed, or summed over the groups of
    ``result``'s breakdown (see :data:`SUMMED`; a value null in every group stays null, and
    sums are tidied as computed values are). None when neither is there."""
    if dim in result.values_by:
        return result.values_by[dim]
    group = group_dim(result.group_by)
    frame = result.values_by.get(f"{group},{dim}")
    if frame is None or group is None or dim not in SUMMED.get(group, ()):
        return None
    kpis = [c for c in frame.columns if c not in ("by", "group")]
    return frame.group_by("group", maintain_order=True).agg(
        pl.when(pl.col(k).is_not_null().any())
        .then(pl.col(k).sum().round(DIGITS).round_sig_figs(15))
        .alias(k)
        for k in kpis
    )


def group_drivers(
    before: ComputeResult,
    after: ComputeResult,
    top: int,
    warnings: list[str],
    notes: list[str],
) -> list[Driver]:
    """The drivers of each group of AFTER's breakdown (none unless it is by one of
    :data:`SPLITS`), in the order of AFTER's results; a group gets a driver for each KPI it
    has a value for in either period."""
    dim = group_dim(after.group_by)
    if dim is None:
        if after.group_by:
            notes.append(
                f"the drivers are the total's: groups get their own with --by "
                f"{'|'.join(SPLITS)} (not --by {','.join(after.group_by)})"
            )
        return []
    vb, va = values(before), values(after)
    out: list[Driver] = []
    unsplit: dict[str, list[str]] = {}  # contributor dimension -> the KPIs it is left out of
    inconsistent: dict[str, list[str]] = {}  # KPI -> the groups whose change is not split
    for key, mine in va.items():
        if not key:
            continue
        label = key[0][1]
        old = vb.get(key, {})
        for kpi in KPIS:
            new_v = mine[kpi].value if kpi in mine else None
            old_v = old[kpi].value if kpi in old else None
            if new_v is None and old_v is None:
                continue  # the group has no such KPI (a campaign has no sessions)
            delta = None if old_v is None or new_v is None else new_v - old_v
            driver = Driver({dim: label}, kpi, delta, None, None)
            if kpi in ("sales", "acos", "tacos"):
                fb, fa = factors(kpi, old), factors(kpi, mine)
                if consistent(fb, old_v) and consistent(fa, new_v):
                    s = split(fb, fa)
                    driver.effects, driver.method = s.effects, s.method
                elif delta is not None:
                    inconsistent.setdefault(kpi, []).append(label)
            for c, _, _ in CONTRIBUTORS.get(kpi, ()) if top else ():
                if c not in SPLITS[dim] and (dim, c) in NOT_SPLIT:
                    driver.contributors_not_split.append(c)
                    unsplit.setdefault(c, [])
                    if kpi not in unsplit[c]:
                        unsplit[c].append(kpi)
            out.append(driver)
    _attach(out, before, after, dim, top)
    for kpi, groups in inconsistent.items():
        shown = ", ".join(groups[:5]) + (f" and {len(groups) - 5} more" if len(groups) > 5 else "")
        warnings.append(
            f"the change in {kpi} of {dim} {shown} is not split into its factors: their "
            f"product is not {kpi} in the reports (e.g. sales without units)"
        )
    for c, kpis in unsplit.items():
        notes.append(
            f"the drivers per {dim} list no {c.replace('_', ' ')}s: {NOT_SPLIT[dim, c]} (the "
            f"total's {' and '.join(kpis)} drivers list them)"
        )
    return out


def _attach(
    drivers: list[Driver], before: ComputeResult, after: ComputeResult, dim: str, top: int
) -> None:
    """Each group's top contributors, from one Polars pass per (KPI, contributor dimension)."""
    if not top or not drivers:
        return
    index = {(d.group[dim], d.kpi): d for d in drivers}
    for kpi in KPIS:
        for c, num, den in CONTRIBUTORS.get(kpi, ()):
            name = f"{dim},{c}"
            if c not in SPLITS[dim] or name not in after.values_by or name not in before.values_by:
                continue
            facts = (before.values_by[name], after.values_by[name])
            found = moved(facts, c, num, den, top)
            if found is None:
                continue
            for by, key, old, new, delta, share, change in found.iter_rows():
                driver = index.get((by, kpi))
                if driver is not None:
                    driver.top_contributors.append(
                        Contributor({c: key}, old, new, delta, share, change)
                    )


__all__ = [
    "NOT_SPLIT",
    "SPLITS",
    "SUMMED",
    "breakdowns",
    "group_drivers",
    "summed_dims",
    "total_frame",
]
