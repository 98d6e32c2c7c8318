"""One table per report kind, with overlapping downloads counted once.

Two files of one kind may cover the same days (a re-download, or a month and a custom range).
Rows are keyed by their dimensions (date and the text columns that identify a row); for each
key, only the rows of the best file that has it are kept: the file with the later data, then
the later modification time. So identical rows count once, and a restated row takes the newer
download. Kinds that carry the same facts (business report by item and by date; the campaign,
advertised product ... reports of one ad type) are never combined here: the KPI layer chooses.
"""

from __future__ import annotations

from dataclasses import replace
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


Origin = tuple[ReportKind, str | None, str | None, tuple[date, date] | None]


def _origin(report: Report) -> Origin:
    """Files overlap only with files of the same kind, marketplace and currency; undated ones
    (a by-item Business Report) only with those of the same folder period (``2026-09/`` and
    ``2026-10/`` hold two months, not two downloads of one)."""
    undated = SPEC_BY_KIND[report.kind].date_column is None
    return (
        report.kind,
        report.marketplace,
        report.currency,
        report.folder_period if undated else None,
    )


def same_origin(reports: list[Report]) -> list[Report]:
    """The reports that share their kind, marketplace and currency with another one: the
    only ones whose rows can overlap (their dates rank them)."""
    counts: dict[Origin, int] = {}
    for r in reports:
        counts[_origin(r)] = counts.get(_origin(r), 0) + 1
    return [r for r in reports if counts[_origin(r)] > 1]


def resolve_overlaps(reports: list[Report]) -> list[Report]:
    """The reports, each without the rows that a better file of the same kind also has.

    For each key (see ``key_columns``) only the rows of the best file that has it are kept:
    the file with the later data, then the later modification time. Reports must be measured
    (``io.folder.measure``) so that their dates are known.
    """
    groups: dict[Origin, list[Report]] = {}
    for r in reports:
        groups.setdefault(_origin(r), []).append(r)
    replaced: dict[int, Report] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        ranked = sorted(group, key=lambda r: (r.end or date.min, r.mtime), reverse=True)
        keys = key_columns(group[0].kind)
        for i, report in enumerate(ranked[1:], start=1):
            better = pl.concat([b.frame.select(keys) for b in ranked[:i]]).unique()
            frame = report.frame.join(better, on=keys, how="anti", nulls_equal=True)
            replaced[id(report)] = replace(report, frame=frame)
    return [replaced.get(id(r), r) for r in reports]


def combine(reports: list[Report]) -> pl.LazyFrame:
    """Concatenate reports of one kind, each row key counted once (see ``resolve_overlaps``)."""
    kinds = {r.kind for r in reports}
    if len(kinds) != 1:
        raise ValueError(f"combine() takes reports of one kind, got {sorted(kinds)}")
    if len(reports) == 1:
        return reports[0].frame
    errors = measure(reports)  # the ranking needs each file's last date
    if errors:
        raise InputError(f"{errors[0].path}: {errors[0].message}")
    return pl.concat([r.frame for r in resolve_overlaps(reports)], how="diagonal_relaxed")


def overlap_warnings(reports: list[Report]) -> list[str]:
    """Name every pair of same-kind files whose dates overlap (or that are both undated)."""
    measure(same_origin(reports))  # dates are known only once measured
    out: list[str] = []
    for i, a in enumerate(reports):
        for b in reports[i + 1 :]:
            if _origin(a) != _origin(b):
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
