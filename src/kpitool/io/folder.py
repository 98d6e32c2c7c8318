"""Scan a folder: read every report in it, skip what is not one, and say why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import polars as pl

from kpitool.errors import InputError
from kpitool.io import entries
from kpitool.io.kinds import SPEC_BY_KIND, ColType, ReportKind
from kpitool.io.market import folder_marketplace
from kpitool.io.model import FileError, Report, Scan, Skipped
from kpitool.io.read import ROW, SUMMARY, NotAReport, UnknownReport, read_report
from kpitool.io.sniff import ARCHIVE_SUFFIXES, TEXT_SUFFIXES, XLSX_SUFFIXES

#: .xls: an old workbook is skipped with a warning (or read, if it is a CSV or .xlsx inside)
_CANDIDATES = TEXT_SUFFIXES | XLSX_SUFFIXES | ARCHIVE_SUFFIXES | {".xls"}


#: told of each file before it is read: its path, its number (from 1) and the count of files
OnFile = Callable[[Path, int, int], None]


def scan_folder(folder: Path, on_file: OnFile | None = None) -> Scan:
    """Read every report below ``folder`` (recursively). Never raises for one bad file.

    ``on_file(path, i, n)`` is called before each of the ``n`` files is looked at (a
    progress display)."""
    if not folder.exists():
        raise InputError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder; pass the folder that holds the reports")
    scan = Scan(folder=folder)
    paths, passed = entries.walk(folder)
    # only regular files are opened (a FIFO or a link to /dev/zero would hang the scan)
    unread = {p: why for p in paths if (why := entries.not_readable(p)) is not None}
    hashed = _may_be_copies([p for p in paths if p not in unread])
    for entry in passed:
        _skip_with_warning(scan, entry.path, entry.reason)
    for i, path in enumerate(paths, 1):
        if on_file is not None:
            on_file(path, i, len(paths))
        rel = path
        if path.name.startswith((".", "~$")):
            scan.skipped.append(Skipped(rel, "hidden or temporary file"))
            continue
        if path in unread:
            _skip_with_warning(scan, rel, unread[path])
            continue
        if path.suffix.lower() not in _CANDIDATES:
            scan.skipped.append(Skipped(rel, f"not a report file type ({path.suffix or 'none'})"))
            continue
        try:
            report = read_report(
                path, digest=path in hashed, marketplace=folder_marketplace(path, folder)
            )
        except UnknownReport as exc:
            _skip_with_warning(scan, rel, str(exc))
            continue
        except NotAReport as exc:
            scan.skipped.append(Skipped(rel, str(exc)))
            continue
        except InputError as exc:
            scan.errors.append(FileError(rel, _strip_path(str(exc), path)))
            continue
        except PermissionError:  # taken away since the check above
            why = f"cannot be read (permission denied): {entries.permission_hint()}"
            _skip_with_warning(scan, rel, why)
            continue
        except (OSError, pl.exceptions.PolarsError) as exc:
            scan.errors.append(
                FileError(
                    rel, f"cannot be read ({_first_line(exc)}); check the file or download it again"
                )
            )
            continue
        scan.reports.append(report)
    _drop_identical(scan)
    return scan


def _skip_with_warning(scan: Scan, path: Path, reason: str) -> None:
    scan.skipped.append(Skipped(path, reason))
    scan.warnings.append(f"{path}: {reason}; skipped")


def _may_be_copies(paths: list[Path]) -> set[Path]:
    """The files that may be byte-identical to another one: those of the same size, or every
    file when the folder holds an archive (whose member's size is not the archive's)."""
    sizes: dict[int, list[Path]] = {}
    for path in paths:
        if path.suffix.lower() in ARCHIVE_SUFFIXES:
            return set(paths)
        try:
            sizes.setdefault(path.stat().st_size, []).append(path)
        except OSError:
            continue  # read_report says what is wrong with it
    return {p for same in sizes.values() if len(same) > 1 for p in same}


def _drop_identical(scan: Scan) -> None:
    """The same download saved twice (byte-identical) is read once. Undated reports in two
    folders are both kept: each covers its own folder's period (two months of a small catalogue
    can sell the same), and a warning asks whether one is a copy."""
    seen: dict[str, Report] = {}
    kept: list[Report] = []
    for report in scan.reports:
        first = seen.get(report.digest) if report.digest else None
        if (
            first is not None
            and SPEC_BY_KIND[report.kind].date_column is None
            and first.path.parent != report.path.parent
        ):
            scan.warnings.append(
                f"{report.path}: byte-identical to {first.path}; each is read as its own "
                "folder's period: if one is a copy, replace it with that period's download"
            )
            kept.append(report)
            continue
        if first is not None:
            scan.skipped.append(Skipped(report.path, f"same download as {first.path}"))
            scan.warnings.append(f"{report.path}: byte-identical to {first.path}; read once")
            continue
        if report.digest:
            seen[report.digest] = report
        kept.append(report)
    scan.reports = kept


def measure(reports: list[Report], *, cells: bool = True) -> list[FileError]:
    """Count rows read and dropped (by reason) and find each report's date range, in one pass.

    ``cells=False`` leaves out the count of cells emptied in columns no KPI reads (see
    :func:`measure_query`). A file can fail to parse past the sample read_report looked at (a
    broken quote near the end): such reports stay unmeasured and come back as errors, the
    others are measured.
    """
    todo = unmeasured(reports)
    queries = [measure_query(r, cells=cells) for r in todo]
    errors: list[FileError] = []
    try:
        results: list[pl.DataFrame | None] = list(pl.collect_all(queries))
    except _PASS:
        raise
    except BaseException:  # one file's error (or a native panic): find it, read the others
        results = []
        for report, query in zip(todo, queries, strict=True):
            try:
                results.append(query.collect())
            except _PASS:
                raise
            except BaseException as exc:
                results.append(None)
                errors.append(
                    FileError(
                        report.path,
                        f"cannot be read ({_first_line(exc)}); check the file or download it again",
                    )
                )
    for report, stats in zip(todo, results, strict=True):
        if stats is not None:
            try:
                apply_measure(report, stats)
            except (ValueError, OverflowError) as exc:  # a value Python cannot hold
                errors.append(
                    FileError(report.path, f"cannot be read ({_first_line(exc)}); check the file")
                )
    return errors


#: never caught at the reader boundary: the user's interrupt, an exit
_PASS = (KeyboardInterrupt, SystemExit, GeneratorExit)


def unmeasured(reports: list[Report]) -> list[Report]:
    """The reports ``measure`` has still to count (hand-built ones have nothing to count)."""
    return [r for r in reports if r.audit is not None and not r.measured]


def apply_measure(report: Report, stats: pl.DataFrame) -> None:
    """Set a report's rows, dropped rows, warnings and dates from its ``measure_query``."""
    row = stats.row(0, named=True)
    report.rows = int(row["rows"])
    for i, reason in enumerate(report.bad_reasons):
        if f"bad{i}" not in row:  # emptied cells, not counted by this query
            continue
        n = int(row[f"bad{i}"] or 0)
        if not n:
            continue
        where = f"first at line {row[f'first{i}']}"
        if i < report.row_reasons:
            report.dropped[reason] = n
            report.warnings.append(f"{n} row(s) left out: {reason} ({where})")
        else:
            report.warnings.append(f"{n} cell(s): {reason} ({where})")
    if row.get("summary"):
        report.dropped["settlement summary row (carried down to its rows)"] = int(row["summary"])
    report.start, report.end = _as_date(row.get("start")), _as_date(row.get("end"))
    report.measured = True


def measure_query(report: Report, *, cells: bool = True) -> pl.LazyFrame:
    """One row: the report's rows, bad rows and cells by reason (with the first line of
    each), settlement summary rows and date range.

    ``cells=False`` (compute): only the reasons that leave a row out, which change the
    numbers; a cell emptied in a column no KPI reads does not, and checking those columns
    would parse them (``inspect`` and ``--strict`` count them)."""
    assert report.audit is not None
    spec = SPEC_BY_KIND[report.kind]
    aggs: list[pl.Expr] = [pl.len().alias("rows")]
    earlier: list[pl.Expr] = []  # the row reasons before reason i
    for i in range(len(report.bad_reasons) if cells else report.row_reasons):
        flag = pl.col(f"_bad{i}")
        if i < report.row_reasons:
            # a row left out for two reasons counts once, under the first, so that
            # rows == rows_used + dropped
            if earlier:
                flag = flag & ~pl.any_horizontal(earlier)
            earlier.append(pl.col(f"_bad{i}"))
        aggs += [flag.sum().alias(f"bad{i}"), pl.col(ROW).filter(flag).min().alias(f"first{i}")]
    # read.py gives settlements, and only them, a SUMMARY column; the kind says so without
    # resolving the audit's schema (its whole plan: ~2 ms a file, before the collect)
    if report.kind is ReportKind.SETTLEMENT_V2:
        summary = pl.col(SUMMARY)
        if earlier:
            summary = summary & ~pl.any_horizontal(earlier)
        aggs.append(summary.sum().alias("summary"))
    types = {c.name: c.type for c in spec.columns}
    if spec.date_column and types.get(spec.date_column) in (ColType.DATE, ColType.DATETIME):
        start = end = pl.col(spec.date_column)
        if spec.ad_type:
            # summary-layout ads reports carry Start/End Date per row, not a Date
            start = pl.coalesce(pl.col("date"), pl.col("start_date"))
            end = pl.coalesce(pl.col("date"), pl.col("end_date"))
        aggs += [start.min().alias("start"), end.max().alias("end")]
    return report.audit.select(aggs)


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _strip_path(message: str, path: Path) -> str:
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
