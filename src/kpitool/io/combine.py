"""One table per report kind, with overlapping downloads counted once.

Two files of one kind may cover the same days (a re-download, or a month and a custom range).
Rows are keyed by their dimensions (date and the text columns that identify a row); for each
key, only the rows of the best file that has it are kept: the file with the later data, then
the later modification time. So identical rows count once, and a restated row takes the newer
download. Kinds that carry the same facts (business report by item and by date; the campaign,
advertised product ... reports of one ad type) are never combined here: the KPI layer chooses.
"""

from __future__ import annotations

from bisect import bisect_right
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


def _by_origin(reports: list[Report]) -> dict[Origin, list[Report]]:
    """The reports grouped by origin (see ``_origin``), in their order."""
    groups: dict[Origin, list[Report]] = {}
    for r in reports:
        groups.setdefault(_origin(r), []).append(r)
    return groups


def same_origin(reports: list[Report]) -> list[Report]:
    """The reports that share their kind, marketplace and currency with another one: the
    only ones whose rows can overlap (their dates rank them)."""
    shared = {id(r) for group in _by_origin(reports).values() if len(group) > 1 for r in group}
    return [r for r in reports if id(r) in shared]


def resolve_overlaps(reports: list[Report]) -> list[Report]:
    """The reports, each without the rows that a better file of the same kind also has.

    For each key (see ``key_columns``) only the rows of the best file that has it are kept:
    the file with the later data, then the later modification time. Reports must be measured
    (``io.folder.measure``) so that their dates are known.

    Only files whose dates overlap are resolved together (a chain of overlapping files is one
    cluster): a year of daily downloads is 365 clusters of one file, left as they are. A
    cluster's files are ranked and concatenated once, and each row is kept where its rank is
    the best of its key (one window over the keys), so the plan grows with the files, not
    with their pairs.
    """
    replaced: dict[int, Report] = {}
    for group in _by_origin(reports).values():
        for cluster in _clusters(group):
            if len(cluster) < 2:
                continue
            ranked = sorted(cluster, key=_rank_key, reverse=True)
            keys = key_columns(cluster[0].kind)
            both = pl.concat(
                [
                    b.frame.with_columns(pl.lit(i, pl.Int32).alias(_RANK))
                    for i, b in enumerate(ranked)
                ],
                how="diagonal_relaxed",
            )
            best = both.filter(pl.col(_RANK) == pl.col(_RANK).min().over(keys)).cache()
            for i, report in enumerate(ranked):
                frame = best.filter(pl.col(_RANK) == i).drop(_RANK)
                replaced[id(report)] = replace(report, frame=frame)
    return [replaced.get(id(r), r) for r in reports]


_RANK = "_overlap_rank"


def _rank_key(report: Report) -> tuple[date, float]:
    return (report.end or date.min, report.mtime)


def _clusters(group: list[Report]) -> list[list[Report]]:
    """The reports of one origin in clusters of overlapping dates (a sweep by start date).

    A report without dates (an undated kind, or one not measured) may overlap any other:
    its group is then one cluster, as every file's rows may share keys."""
    if any(not (r.start and r.end) for r in group):
        return [group]
    out: list[list[Report]] = []
    last = date.min
    for r in sorted(group, key=lambda r: (r.start or date.min, r.end or date.min)):
        assert r.start is not None and r.end is not None
        if not out or r.start > last:
            out.append([])
            last = r.end
        out[-1].append(r)
        last = max(last, r.end)
    return out


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
    """Say which same-kind files overlap (dates in common, or undated in one period's folder):
    a single pair is named with the days it shares; more are one line per kind and
    marketplace, with their count and the first files (1,000 overlapping downloads are one
    line, not 500,000).

    Undated reports that no folder places are not said to overlap: nothing tells what they
    cover until the run's period is known (``engine.coverage.place_undated`` says what
    becomes of them)."""
    measure(same_origin(reports))  # dates are known only once measured
    out: list[str] = []
    for group in _by_origin(reports).values():
        if len(group) < 2:
            continue
        undated = [r for r in group if not r.start and r.folder_period is not None]
        dated = [r for r in group if r.start and r.end]
        out += _undated_warnings(undated)
        out += _dated_warnings(dated)
    return out


#: files named in a grouped overlap warning
_FIRST = 3


def _dated_warnings(dated: list[Report]) -> list[str]:
    pair: tuple[Report, Report] | None = None  # the first overlapping pair (named if alone)
    count = 0
    involved: list[Report] = []
    for cluster in _clusters(dated):
        if len(cluster) < 2:
            continue
        involved += cluster
        starts = [r.start for r in cluster]  # sorted by start: a file overlaps those after it
        for i, a in enumerate(cluster):  # that start on or before its end
            n = bisect_right(starts, a.end, lo=i + 1) - (i + 1)  # type: ignore[type-var]
            count += n
            if pair is None and n:
                pair = (a, cluster[i + 1])
    if count == 0 or pair is None:
        return []
    if count == 1:
        a, b = pair
        newer = max((a, b), key=_rank_key)
        return [
            f"{a.path} and {b.path} ({a.kind}) overlap from "
            f"{max(a.start, b.start)} to {min(a.end, b.end)}: rows for the same key "  # type: ignore[type-var]
            f"count once, taken from {newer.path}"
        ]
    first = min(r.start for r in involved)  # type: ignore[type-var]
    last = max(r.end for r in involved)  # type: ignore[type-var]
    return [
        f"{len(involved)} {involved[0].kind} files{_market(involved[0])} overlap between "
        f"{first} and {last} ({count} overlapping pairs; the first: {_names(involved)}): rows "
        "for the same key count once, taken from the file with the later data (then the "
        "newer file); `kpitool inspect` lists every file with its dates"
    ]


def _undated_warnings(undated: list[Report]) -> list[str]:
    if len(undated) < 2:
        return []
    newest = max(undated, key=lambda r: r.mtime)
    if len(undated) == 2:
        a, b = undated
        return [
            f"{a.path} and {b.path} are both {a.kind} reports without dates: rows for "
            f"the same key count once, taken from {newest.path} (newer)"
        ]
    return [
        f"{len(undated)} {undated[0].kind} reports{_market(undated[0])} without dates cover "
        f"the same days (the first: {_names(undated)}): rows for the same key count once, "
        f"taken from the newest file that has them (the newest: {newest.path})"
    ]


def _names(reports: list[Report]) -> str:
    names = ", ".join(str(r.path) for r in reports[:_FIRST])
    more = len(reports) - _FIRST
    return f"{names} and {more} more" if more > 0 else names


def _market(report: Report) -> str:
    return f" of {report.marketplace}" if report.marketplace else ""
