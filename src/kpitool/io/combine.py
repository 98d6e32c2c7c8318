"""One table per report kind, with overlapping downloads counted once.

Two files of one kind may cover the same days (a re-download, or a month and a custom range).
Rows are keyed by their dimensions (date and the text columns that identify a row); for each
key, only the rows of the best file that has it are kept: the file with the later data, then
the later modification time. So identical rows count once, and a restated row takes the newer
download. Kinds that carry the same facts (business report by item and by date; the campaign,
advertised product ... reports of one ad type) are never combined here: the KPI layer chooses.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from kpitool.errors import InputError
from kpitool.io.folder import measure
from kpitool.io.kinds import SPEC_BY_KIND, ColType, ReportKind
from kpitool.io.model import Report

#: descriptive text that does not identify a row
_NOT_KEYS = {
    "title",
    "portfolio",
    "currency",
    "status",
    "condition",
    "bidding_strategy",
    "targeting_type",
    "campaign_type",
}
_RANK = "_file_rank"


def key_columns(kind: ReportKind) -> list[str]:
    spec = SPEC_BY_KIND[kind]
    keys = [
        c.name
        for c in spec.columns
        if c.type in (ColType.TEXT, ColType.DATE, ColType.DATETIME) and c.name not in _NOT_KEYS
    ]
    if kind is ReportKind.PAYMENTS_DATE_RANGE:
        keys = [c.name for c in spec.columns]  # a payments row is identified by all it holds
    return keys


def combine(reports: list[Report]) -> pl.LazyFrame:
    """Concatenate reports of one kind, resolving overlaps (see the module docstring)."""
    kinds = {r.kind for r in reports}
    if len(kinds) != 1:
        raise ValueError(f"combine() takes reports of one kind, got {sorted(kinds)}")
    if len(reports) == 1:
        return reports[0].frame
    errors = measure(reports)  # the ranking needs each file's last date
    if errors:
        raise InputError(f"{errors[0].path}: {errors[0].message}")
    kind = reports[0].kind
    ranked = sorted(reports, key=lambda r: (r.end or date.min, r.mtime), reverse=True)
    frames = [r.frame.with_columns(pl.lit(i, pl.Int32).alias(_RANK)) for i, r in enumerate(ranked)]
    keys = key_columns(kind)
    both = pl.concat(frames, how="diagonal_relaxed")
    return both.filter(pl.col(_RANK) == pl.col(_RANK).min().over(keys)).drop(_RANK)


def overlap_warnings(reports: list[Report]) -> list[str]:
    """Name every pair of same-kind files whose dates overlap (or that are both undated)."""
    measure(reports)  # dates are known only once measured
    out: list[str] = []
    for i, a in enumerate(reports):
        for b in reports[i + 1 :]:
            if a.kind != b.kind:
                continue
            dated = a.start and a.end and b.start and b.end
            if dated and not (a.end < b.start or b.end < a.start):  # type: ignore[operator]
                newer = max((a, b), key=lambda r: (r.end or date.min, r.mtime))
                out.append(
                    f"{a.path} and {b.path} ({a.kind}) overlap from "
                    f"{max(a.start, b.start)} to {min(a.end, b.end)}: rows for the same key "  # type: ignore[type-var]
                    f"count once, taken from {newer.path}"
                )
            elif not dated and not (a.start or b.start):
                newer = max((a, b), key=lambda r: r.mtime)
                out.append(
                    f"{a.path} and {b.path} are both {a.kind} reports without dates: rows for "
                    f"the same key count once, taken from {newer.path} (newer)"
                )
    return out
