"""Read one report file into a LazyFrame of canonical, typed columns.

Every value is read as text and cleaned once, with Polars expressions (io/clean/): the
sample and the scan are io/sampling.py's, the typed columns and checks io/canonical.py's.
Plain UTF-8 CSVs are scanned lazily, so only the columns a query uses are parsed; other
encodings and archive members are decoded once and then scanned from memory.
"""

from __future__ import annotations

import re
from concurrent.futures import Future
from pathlib import Path

import polars as pl

from kpitool.errors import InputError
from kpitool.io import ranges
from kpitool.io.canonical import _canonical
from kpitool.io.detect import Detection, NearMiss, detect
from kpitool.io.lang import languages_read
from kpitool.io.market import CURRENCY_MARKET, MARKET_CURRENCY
from kpitool.io.model import ROW, Report
from kpitool.io.sampling import _fingerprint, _scan_text
from kpitool.io.sniff import (
    TEXT_SUFFIXES,
    XLSX_SUFFIXES,
    Payload,
    find_layout,
    first_rows,
    head_bytes,
    unwrap,
)
from kpitool.io.unread import guess_language, language_message, unread_kind
from kpitool.io.xlsx import read_xlsx_raw

_AMOUNTS_IN = re.compile(r"amounts in ([A-Z]{3})\b", re.IGNORECASE)


class NotAReport(Exception):
    """The file holds no Amazon report header. Carries the reason it was skipped."""


class UnknownReport(NotAReport):
    """The file looks like a report but matches no kind."""


def read_report(
    path: Path,
    *,
    digest: bool = True,
    marketplace: str | None = None,
    fingerprint: Future[tuple[str, bool]] | None = None,
) -> Report:
    """Read one file. Raises NotAReport (skip it) or InputError (a broken report).

    ``digest=False``: leave ``Report.digest`` empty (no sha256 of the bytes), for a file that
    cannot be the same download as another one (see ``io.folder.scan_folder``).
    ``marketplace``: the one its folder names (``2026-10/DE/``), where its own columns say
    none; it also decides a number column's style that its values leave open.
    ``fingerprint``: the file's :func:`~kpitool.io.sampling.file_fingerprint` (with
    ``digest``), being taken already; used if the file is read as it is (no archive)."""
    try:
        return _read_report(path, digest, marketplace, fingerprint)
    except pl.exceptions.PolarsError as exc:  # a file the CSV parser cannot make sense of
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        raise InputError(
            f"{path}: cannot be read ({lines[0][:200]}); check the file or download it again"
        ) from exc
    except (KeyboardInterrupt, SystemExit, GeneratorExit, NotAReport, InputError, OSError):
        raise
    except BaseException as exc:  # a panic of native code (pyo3 PanicException), or a bug
        if isinstance(exc, Exception) and not type(exc).__name__.endswith("PanicException"):
            raise
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise InputError(
            f"{path}: the reader failed on this file ({text}); check the file or download it again"
        ) from None


def _read_report(
    path: Path,
    hashed: bool = True,
    marketplace: str | None = None,
    fingerprint: Future[tuple[str, bool]] | None = None,
) -> Report:
    try:
        payload = unwrap(path)
    except InputError:
        if path.suffix.lower() == ".xls":  # an old workbook, maybe not a report: skip it
            raise UnknownReport(
                "an Excel 97-2003 workbook (.xls), which kpitool cannot read: if it is a "
                "report, open it in Excel and save it as .xlsx or .csv"
            ) from None
        raise
    try:
        if fingerprint is not None and payload.data is None and payload.source == path:
            taken = fingerprint.result()
        else:
            taken = _fingerprint(payload, hashed)
        return _read_payload(path, payload, taken, marketplace)
    except UnknownReport:
        raise
    except NotAReport as exc:
        if payload.note is None or path.suffix.lower() == ".xls":
            raise
        # named as a report format but holds none: an error (a download gone wrong), as a
        # file of its own format would be
        what = payload.note.split(": rename it to")[0]
        raise InputError(f"{path}: {what}, and not a report ({exc}); download it again") from None


def _read_payload(
    path: Path, payload: Payload, fingerprint: tuple[str, bool], marketplace: str | None
) -> Report:
    digest, utf8 = fingerprint
    if payload.suffix in XLSX_SUFFIXES:
        raw, header, uncached = read_xlsx_raw(payload)  # its ROW: the rows Excel shows
        sample = None
        spans = ranges.range_columns(header)
        found = _detect_or_raise(path, ranges.with_range_headers(header, spans))
        raw = ranges.split_ranges(raw, raw.collect_schema().names(), spans)
        warnings: list[str] = []
        distinct = None
        preamble: list[str] = []
    elif payload.suffix in TEXT_SUFFIXES:
        uncached = None
        head = head_bytes(payload)
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(f"{path}: binary data, not a text report; download it again")
        layout = find_layout(payload, head)
        if layout is None:
            for cells in first_rows(head):
                _skip_unread(cells)
            raise NotAReport("no Amazon report header in the first lines")
        spans = ranges.range_columns(layout.header)
        found = _detect_or_raise(path, ranges.with_range_headers(layout.header, spans))
        raw, warnings, sample, distinct = _scan_text(payload, layout, utf8)
        names = [f"c{i}" for i in range(len(layout.header))]
        raw = ranges.split_ranges(raw, names, spans)
        if sample is not None:
            sample = ranges.split_ranges(sample, names, spans)
        raw = raw.with_row_index(ROW, offset=layout.header_index + 2)
        preamble = layout.preamble
    else:
        raise NotAReport(f"not a report file type ({payload.suffix or 'no extension'})")
    if payload.note is not None:  # a CSV named .xlsx, a workbook named .csv...
        warnings = [payload.note, *warnings]
    report = _canonical(path, raw, found, warnings, digest, sample, marketplace, uncached, distinct)
    if report.currency is None:
        report.currency = _preamble_currency(preamble) or MARKET_CURRENCY.get(
            report.marketplace or ""
        )
    if report.marketplace is None:  # a GBP report is amazon.co.uk's, an INR one amazon.in's
        report.marketplace = CURRENCY_MARKET.get(report.currency or "")
    return report


def _preamble_currency(lines: list[str]) -> str | None:
    """The payments preamble says "All amounts in USD, unless specified"."""
    for line in lines:
        m = _AMOUNTS_IN.search(line)
        if m:
            return m[1]
    return None


def _skip_unread(header: list[str]) -> None:
    """Raise for a report kpitool knows it does not read: its kind, or its language."""
    kind = unread_kind(header)
    if kind is not None:
        raise NotAReport(kind)
    language = guess_language(header)
    if language is not None:
        read = ", ".join(languages_read("business"))
        raise UnknownReport(language_message(language, header, f"Business and Ads reports: {read}"))


def _detect_or_raise(path: Path, header: list[str]) -> Detection:
    if unread_kind(header) is not None:
        _skip_unread(header)
    found = detect(header)
    if found is None or isinstance(found, NearMiss):
        _skip_unread(header)
    if found is None:
        raise NotAReport("no Amazon report header in the first lines")
    if isinstance(found, NearMiss):
        raise UnknownReport(
            f"looks like a {found.closest.kind} report but lacks the column(s) "
            + ", ".join(f"'{m}'" for m in found.missing)
        )
    return found
