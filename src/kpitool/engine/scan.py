"""Reading a folder for the engine: every report in it, measured where needed, each placed
in the period its folder names (``kpitool inspect`` shows this scan)."""

from __future__ import annotations

from pathlib import Path

from kpitool.engine.coverage import assign_folder_periods
from kpitool.io.combine import overlap_warnings, same_origin
from kpitool.io.folder import OnFile, measure, scan_folder
from kpitool.io.model import FileError, Report, Scan


def inspect_folder(folder: Path, *, strict: bool = False, on_file: OnFile | None = None) -> Scan:
    """Read the folder, count every file's rows (read, used, dropped) and find its dates.

    ``strict``: a row left out, a cell emptied or a ragged row is also an error of its file.
    ``on_file(path, i, n)``: told of each file before it is read (a progress display).
    """
    scan = scan_folder(folder, on_file)
    assign_folder_periods(scan)
    _measure_into(scan, scan.reports)
    scan.warnings.extend(overlap_warnings(scan.reports))
    if strict:
        scan.errors.extend(strict_errors(scan.reports))
    return scan


def read_folder(folder: Path, *, strict: bool = False, on_file: OnFile | None = None) -> Scan:
    """``compute``'s reading of a folder: as ``inspect_folder``, but a file's rows and dates
    are counted only where needed before the compute (files whose downloads may overlap);
    ``compute`` counts the files it uses in its own pass over the data, and leaves the others
    (e.g. a large search term report where a campaign report is preferred) unread.
    ``strict`` needs every file's findings: it counts them all up front."""
    if strict:
        return inspect_folder(folder, strict=True, on_file=on_file)
    scan = scan_folder(folder, on_file)
    assign_folder_periods(scan)  # undated reports of two folder periods never overlap
    _measure_into(scan, same_origin(scan.reports))
    scan.warnings.extend(overlap_warnings(scan.reports))
    return scan


def _measure_into(scan: Scan, reports: list[Report]) -> None:
    """Measure ``reports``; a file that cannot be read becomes an error of the scan."""
    errors = measure(reports)
    failed = {e.path for e in errors}
    scan.reports = [r for r in scan.reports if r.path not in failed]
    scan.errors.extend(errors)


def strict_errors(reports: list[Report]) -> list[FileError]:
    """``--strict``: every finding about a file (its warnings: bad rows or cells, ragged rows,
    a name that says another format than its content) is an error."""
    return [
        FileError(r.path, f"{w}; --strict refuses it: fix the file or run without --strict")
        for r in reports
        for w in r.warnings
    ]
