"""Scan a folder: read every report in it, skip what is not one, and say why."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import polars as pl

from kpitool.errors import InputError
from kpitool.io import entries
from kpitool.io.canonical import SUMMARY
from kpitool.io.kinds import SPEC_BY_KIND, ColType, ReportKind
from kpitool.io.market import folder_marketplace
from kpitool.io.model import FILE, ROW, FileError, Recipe, Report, Scan, Skipped
from kpitool.io.read import NotAReport, UnknownReport, read_report
from kpitool.io.sampling import file_fingerprint
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
    # a big text file's bytes are checked (UTF-8 throughout? its sha256) in a thread of its
    # own while the others are read: that pass waits on reads, the others hold the GIL
    big = [p for p in paths if p not in unread and _fingerprinted_ahead(p)]
    ahead = ThreadPoolExecutor(1, thread_name_prefix="kpitool-bytes") if big else None
    taken = {p: ahead.submit(file_fingerprint, p, p in hashed) for p in big} if ahead else {}
    try:
        _read_all(scan, folder, paths, unread, hashed, taken, on_file)
    finally:
        if ahead is not None:
            ahead.shutdown(cancel_futures=True)
    _drop_identical(scan)
    return scan


#: a text file at least this big has its bytes checked beside the reading of the others
AHEAD_BYTES = 8 * 1024**2


def _fingerprinted_ahead(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES and not _hidden(path) and _size(path) >= AHEAD_BYTES


def _hidden(path: Path) -> bool:
    """A hidden or temporary file (``~$`` is an open Office file's lock): skipped."""
    return path.name.startswith((".", "~$"))


def _read_all(
    scan: Scan,
    folder: Path,
    paths: list[Path],
    unread: dict[Path, str],
    hashed: set[Path],
    taken: dict[Path, Future[tuple[str, bool]]],
    on_file: OnFile | None,
) -> None:
    """Read each of ``paths`` into ``scan``, in order (``taken``: the big files' bytes being
    checked)."""
    for i, path in enumerate(paths, 1):
        if on_file is not None:
            on_file(path, i, len(paths))
        rel = path
        if _hidden(path):
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
                path,
                digest=path in hashed,
                marketplace=folder_marketplace(path, folder),
                fingerprint=taken.get(path),
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
            _skip_with_warning(scan, rel, entries.DENIED)
            continue
        except (OSError, pl.exceptions.PolarsError) as exc:
            scan.errors.append(
                FileError(
                    rel, f"cannot be read ({_first_line(exc)}); check the file or download it again"
                )
            )
            continue
        scan.reports.append(report)


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
    """Count rows read and dropped (by reason) and find each report's date range.

    ``cells=False`` leaves out the count of cells emptied in columns no KPI reads (see
    :func:`measure_query`). Small files cleaned alike (one ``Recipe.key``) are measured
    together, up to ``BATCH_FILES`` in one query grouped by file, and at most
    ``COLLECT_QUERIES`` queries run at once: time and memory grow with the files, not with
    their square (4,000 one-row reports: one query per recipe and batch, not 4,000). A
    file can fail to parse past the sample read_report looked at (a broken quote near the
    end): such reports stay unmeasured and come back as errors, the others are measured.
    """
    todo = unmeasured(reports)
    units = _batches(todo)
    errors: list[FileError] = []
    for start in range(0, len(units), COLLECT_QUERIES):
        chunk = units[start : start + COLLECT_QUERIES]
        try:
            results = _measure_units(chunk, cells)
        except _PASS:
            raise
        except BaseException:  # one file's error (or a native panic): find it, read the others
            for unit in chunk:
                errors += _measure_alone(unit, cells)
            continue
        for unit, stats in zip(chunk, results, strict=True):
            errors += _apply_unit(unit, stats)
    return errors


#: small files measured in one query (at most this many), and queries collected at once
BATCH_FILES = 256
COLLECT_QUERIES = 32
#: a file at most this big may be measured with others of its recipe, in batches of at
#: most BATCH_BYTES of files
SMALL_FILE = 1024**2
BATCH_BYTES = 32 * 1024**2


def _batches(reports: list[Report]) -> list[list[Report]]:
    """The reports in units of measure: a batch of small files of one recipe, or one file."""
    by_key: dict[str, list[Report]] = {}
    units: list[list[Report]] = []
    for r in reports:
        if r.recipe is not None and kept_in_memory(r):
            by_key.setdefault(r.recipe.key, []).append(r)
        else:  # big files, and settlements (they carry values down their rows): file by file
            units.append([r])
    for group in by_key.values():
        batch: list[Report] = []
        size = 0
        for r in group:
            if batch and (len(batch) == BATCH_FILES or size + _size(r.path) > BATCH_BYTES):
                units.append(batch)
                batch, size = [], 0
            batch.append(r)
            size += _size(r.path)
        units.append(batch)
    return units


def _small(path: Path) -> bool:
    """A small file (not an archive: its size says nothing of what it holds)."""
    return path.suffix.lower() not in ARCHIVE_SUFFIXES and _size(path) <= SMALL_FILE


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return SMALL_FILE + 1  # measured alone, which says what is wrong


def stream_repeats(reports: list[Report]) -> bool:
    """Give each report that is not small, before its rows are read, the audit and frame
    whose repeated rows a streamed pass found (``Recipe.streamed``): its rows are then
    streamed, not held. True if a report changed (plans made from its frame are stale)."""
    changed = False
    for report in reports:
        recipe = report.recipe
        if recipe is None or recipe.streamed is None:
            continue
        report.recipe = replace(recipe, streamed=None)  # one pass, whatever it finds
        made = recipe.streamed()
        if made is not None:
            report.audit, report.frame = made
            changed = True
    return changed


def _in_memory(unit: list[Report]) -> bool:
    """Measured by reading the raw rows first and keeping them cleaned in memory: a batch of
    small files, or one small file (its later queries, e.g. a transactions report's five,
    read its cleaned rows instead of parsing and cleaning the file again)."""
    if len(unit) > 1:
        return True
    r = unit[0]
    return r.recipe is not None and r.kind is not ReportKind.SETTLEMENT_V2 and _small(r.path)


def kept_in_memory(report: Report) -> bool:
    """``measure`` keeps the report's cleaned rows in memory (a small file)."""
    return _in_memory([report])


#: the engine of queries over small files held in memory
SMALL: Final = "in-memory"


def _measure_units(units: list[list[Report]], cells: bool) -> list[pl.DataFrame]:
    """Each unit's counts. The units kept in memory are read and cleaned unit by unit, then
    counted all at once, by Polars' in-memory engine (:data:`SMALL`): the default streaming
    engine costs more per query, and queued these tiny ones behind a big file's line pass
    running beside them (engine/collect.py side_by_side): ten small files took 0.15-0.25 s,
    now 0.07 s. (Each unit's raw rows are let go once it is cleaned: 4,000 one-row files read
    at once held 150 MB more.) The other units (big files) are counted by streamed queries,
    collected together."""
    memory: list[list[Report]] = []
    others: list[list[Report]] = []
    for unit in units:
        (memory if _in_memory(unit) else others).append(unit)
    audits = [_audit(unit) for unit in memory]
    counts = pl.collect_all(
        [
            a.lazy().group_by(FILE).agg(measure_aggs(u[0], cells=cells))
            for u, a in zip(memory, audits, strict=True)
        ],
        engine=SMALL,
    )
    for unit, audit in zip(memory, audits, strict=True):
        _keep(unit, audit)
    for unit in others:
        stream_repeats(unit)
    streamed = pl.collect_all([measure_query(unit[0], cells=cells) for unit in others])
    done = dict(zip(map(id, memory), counts, strict=True)) | dict(
        zip(map(id, others), streamed, strict=True)
    )
    return [done[id(unit)] for unit in units]


def _audit(unit: list[Report]) -> pl.DataFrame:
    """The audit of a unit kept in memory: its files' raw rows, numbered by file, cleaned.
    The raw rows are read first, file by file (~0.7 ms each): a plan over the union of the
    files would clean each branch apart, at the cost of one file each."""
    recipes = _recipes(unit)
    raws = pl.collect_all([r.raw for r in recipes], engine=SMALL)
    rows = pl.concat(
        [raw.with_columns(pl.lit(i, pl.Int32).alias(FILE)) for i, raw in enumerate(raws)]
    )
    return recipes[0].build(rows.lazy(), True).collect(engine=SMALL)


def _recipes(unit: list[Report]) -> list[Recipe]:
    return [r.recipe for r in unit if r.recipe is not None]


def _keep(unit: list[Report], audit: pl.DataFrame) -> None:
    """Each report's rows, cleaned, stay in memory (small files): compute reads them as they
    are instead of cleaning each file in a query of its own."""
    parts = audit.partition_by(FILE, include_key=False, as_dict=True)
    empty = audit.clear().drop(FILE)
    for i, (report, recipe) in enumerate(zip(unit, _recipes(unit), strict=True)):
        report.audit = parts.get((i,), empty).lazy()
        report.frame = recipe.frame_of(report.audit)
        report.recipe = None  # its plan is no longer needed: measured, rows in memory


def _apply_unit(unit: list[Report], stats: pl.DataFrame) -> list[FileError]:
    if FILE not in stats.columns:  # measured by its own query (not _in_memory)
        return _apply_checked(unit[0], stats.row(0, named=True))
    by_file = {row[FILE]: row for row in stats.iter_rows(named=True)}
    errors: list[FileError] = []
    for i, report in enumerate(unit):
        # a file with no data row has no group: nothing read, nothing dropped
        errors += _apply_checked(report, by_file.get(i, {"rows": 0}))
    return errors


def _apply_checked(report: Report, row: dict[str, Any]) -> list[FileError]:
    try:
        apply_row(report, row)
    except (ValueError, OverflowError) as exc:  # a value Python cannot hold
        return [FileError(report.path, f"cannot be read ({_first_line(exc)}); check the file")]
    return []


def _measure_alone(unit: list[Report], cells: bool) -> list[FileError]:
    """Measure each report of ``unit`` on its own: the errors of those that cannot be read."""
    errors: list[FileError] = []
    for report in unit:
        try:
            stats = measure_query(report, cells=cells).collect()
        except _PASS:
            raise
        except BaseException as exc:
            errors.append(
                FileError(
                    report.path,
                    f"cannot be read ({_first_line(exc)}); check the file or download it again",
                )
            )
            continue
        errors += _apply_unit([report], stats)
    return errors


#: never caught at the reader boundary: the user's interrupt, an exit
_PASS = (KeyboardInterrupt, SystemExit, GeneratorExit)


def unmeasured(reports: list[Report]) -> list[Report]:
    """The reports ``measure`` has still to count (hand-built ones have nothing to count)."""
    return [r for r in reports if r.audit is not None and not r.measured]


def apply_measure(report: Report, stats: pl.DataFrame) -> None:
    """Set a report's rows, dropped rows, warnings and dates from its ``measure_query``."""
    apply_row(report, stats.row(0, named=True))


def apply_row(report: Report, row: dict[str, Any]) -> None:
    """Set a report's rows, dropped rows, warnings and dates from its row of measures."""
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
    return report.audit.select(measure_aggs(report, cells=cells))


def measure_aggs(report: Report, *, cells: bool = True) -> list[pl.Expr]:
    """The aggregations of ``measure_query`` (over one file's audit, or per file of a batch)."""
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
    return aggs


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
