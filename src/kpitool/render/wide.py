"""A breakdown in the wide layout of the table and Markdown: a row per group, a column per KPI
(the breakdown's wide KPIs: ``--kpis``, else a short default set per dimension, README
"Breakdowns"). Pure: rows of text, each cell with the status of its target, if it has one."""

from __future__ import annotations

from dataclasses import dataclass

from kpitool.render import values as fmt
from kpitool.render.frames import group_table
from kpitool.render.values import STATUS_LEGEND
from kpitool.results import ComputeResult, Status
from kpitool.results.groups import MISSING_COSTS, GroupTable


@dataclass(frozen=True)
class Cell:
    text: str
    status: Status | None = None  # owner and team breakdowns: the status of the target


@dataclass(frozen=True)
class WideView:
    title: str
    dims: list[str]
    kpis: list[str]
    rows: list[tuple[list[str], list[Cell]]]

    @property
    def legend(self) -> str | None:
        """What the status symbols of the cells mean, when some cell has one."""
        if any(c.status is not None for _, cells in self.rows for c in cells):
            return f"Targets of the groups: {STATUS_LEGEND.removeprefix('Status: ')}"
        return None


def rows(result: ComputeResult) -> WideView | None:
    """The breakdown of ``result`` as rows of text, or None without one."""
    groups = group_table(result)
    if groups is None:
        return None
    kpis = [k for k in groups.wide_kpis if groups.column(k) is not None]
    statuses = _statuses(groups)
    out = []
    frame = groups.values.select(*groups.dims, *kpis, MISSING_COSTS)
    for row in frame.iter_rows():
        labels = [str(x) for x in row[: len(groups.dims)]]
        uncosted = bool(row[-1])
        cells = []
        for kpi, value in zip(kpis, row[len(groups.dims) : -1], strict=True):
            col = groups.column(kpi)
            assert col is not None
            text = fmt.number(value, col.unit, None)
            partial = col.partial_uncosted if uncosted else col.partial
            if partial and value is not None:
                text += fmt.PARTIAL
            status = statuses.get((tuple(labels), kpi))
            if status is not None:
                text += f" {fmt.SYMBOLS[status]}"
            cells.append(Cell(text, status))
        out.append((labels, cells))
    return WideView(title(result, groups), groups.dims, kpis, out)


def title(result: ComputeResult, groups: GroupTable) -> str:
    """``By search_term (USD): 3 of 87 groups where clicks >= 10, by ad_spend``."""
    by = ", ".join(groups.dims)
    cur = f" ({result.currency})" if result.currency else ""
    view = groups.view
    shown, matched, before = groups.values.height, groups.groups_matched, groups.groups_before
    noun = "group" if matched == 1 else "groups"
    count = f"{shown:,} {noun}" if shown == matched else f"{shown:,} of {matched:,} {noun}"
    if view.where:
        count += f" where {view.where} ({before:,} in all)"
    parts = [f"By {by}{cur}: {count}"]
    if view.sort:
        kpi, _, order = view.sort.partition(":")
        parts.append(f"by {kpi}, {'smallest' if order == 'asc' else 'largest'} first")
    return ", ".join(parts)


def _statuses(groups: GroupTable) -> dict[tuple[tuple[str, ...], str], Status]:
    """The status of each (group, KPI) with a target (owner and team breakdowns)."""
    if groups.targets is None:
        return {}
    out = {}
    for row in groups.targets.iter_rows(named=True):
        key = tuple(str(row[d]) for d in groups.dims)
        out[key, row["kpi"]] = Status(row["status"])
    return out
