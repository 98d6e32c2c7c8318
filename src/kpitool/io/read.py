"""Read one report file into a LazyFrame of canonical, typed columns.

Every value is read as text and cleaned once, here, with Polars expressions (io/clean/).
Plain UTF-8 CSVs are scanned lazily, so only the columns a query uses are parsed; other
encodings and archive members are decoded once and then scanned from memory.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from kpitool.errors import InputError
from kpitool.io import clean, numstyle, ragged, ranges, repeats
from kpitool.io.detect import Detection, NearMiss, detect
from kpitool.io.kinds import Col, ColType, ReportKind
from kpitool.io.lang import languages_read
from kpitool.io.market import CURRENCY_MARKET, MARKET_CURRENCY, first_marketplace
from kpitool.io.model import FILE, ROW, Recipe, Report
from kpitool.io.sniff import (
    TEXT_SUFFIXES,
    XLSX_SUFFIXES,
    Payload,
    TextLayout,
    find_layout,
    first_rows,
    head_bytes,
    unwrap,
)
from kpitool.io.unread import guess_language, language_message, unread_kind
from kpitool.io.xlsx import UNCACHED, read_xlsx_raw

SUMMARY = "_summary"  # settlement V2: the payout summary row, carried down then left out
_SAMPLE_ROWS = 2000
_SAMPLE_BYTES = 4 * 1024**2  # the sample is read from at most this much of a text file
_STYLE_VALUES = 500  # distinct values of a number column that decide its style

DTYPES: dict[ColType, pl.DataType] = {
    ColType.TEXT: pl.String(),
    ColType.INT: pl.Int64(),
    ColType.FLOAT: pl.Float64(),
    ColType.MONEY: pl.Float64(),
    ColType.AMOUNT: clean.AMOUNT_DTYPE,
    ColType.PERCENT: pl.Float64(),
    ColType.DATE: pl.Date(),
    ColType.DATETIME: pl.Datetime("us"),
}

_AMOUNTS_IN = re.compile(r"amounts in ([A-Z]{3})\b", re.IGNORECASE)


class NotAReport(Exception):
    """The file holds no Amazon report header. Carries the reason it was skipped."""


class UnknownReport(NotAReport):
    """The file looks like a report but matches no kind."""


def read_report(path: Path, *, digest: bool = True, marketplace: str | None = None) -> Report:
    """Read one file. Raises NotAReport (skip it) or InputError (a broken report).

    ``digest=False``: leave ``Report.digest`` empty (no sha256 of the bytes), for a file that
    cannot be the same download as another one (see ``io.folder.scan_folder``).
    ``marketplace``: the one its folder names (``2026-10/DE/``), where its own columns say
    none; it also decides a number column's style that its values leave open."""
    try:
        return _read_report(path, digest, marketplace)
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


def _read_report(path: Path, hashed: bool = True, marketplace: str | None = None) -> Report:
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
        return _read_payload(path, payload, hashed, marketplace)
    except UnknownReport:
        raise
    except NotAReport as exc:
        if payload.note is None or path.suffix.lower() == ".xls":
            raise
        # named as a report format but holds none: an error (a download gone wrong), as a
        # file of its own format would be
        what = payload.note.split(": rename it to")[0]
        raise InputError(f"{path}: {what}, and not a report ({exc}); download it again") from None


def _read_payload(path: Path, payload: Payload, hashed: bool, marketplace: str | None) -> Report:
    digest, utf8 = _fingerprint(payload, hashed)
    if payload.suffix in XLSX_SUFFIXES:
        raw, header, uncached = read_xlsx_raw(payload)  # its ROW: the rows Excel shows
        sample = None
        spans = ranges.range_columns(header)
        found = _detect_or_raise(path, ranges.with_range_headers(header, spans))
        raw = ranges.split_ranges(raw, raw.collect_schema().names(), spans)
        warnings: list[str] = []
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
        raw, warnings, sample = _scan_text(payload, layout, utf8)
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
    report = _canonical(path, raw, found, warnings, digest, sample, marketplace, uncached)
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


def _scan_text(
    payload: Payload, layout: TextLayout, utf8: bool
) -> tuple[pl.LazyFrame, list[str], pl.DataFrame | None]:
    """The lazy scan of a text report, the warnings about its rows, and a sample of its
    first rows."""
    names = [f"c{i}" for i in range(len(layout.header))]
    lazy_ok = (
        payload.data is None
        # Polars takes a path as UTF-8: a name with other bytes is read here, not by name
        and _utf8_name(payload.source)
        and layout.encoding in ("utf-8", "utf-8-sig")
        # the encoding was guessed from the head: a cp1252 byte further down would make the
        # lazy scan fail at collect time
        and utf8
    )
    if lazy_ok:
        source: Path | bytes = payload.source
    else:
        data = payload.data if payload.data is not None else payload.source.read_bytes()
        try:
            text = data.decode(layout.encoding)
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        source = text.encode("utf-8")
    options: dict[str, Any] = {
        "has_header": True,
        "new_columns": names,
        "separator": layout.delimiter,
        "quote_char": layout.quote,
        "skip_lines": layout.header_index,
        "infer_schema": False,
        "truncate_ragged_lines": True,
        "encoding": "utf8",
    }
    # a file name such as "Sales [Oct].csv" is a name, not a pattern
    frame = pl.scan_csv(source, glob=False, **options)
    sample = _sample(source, options)
    warnings = []
    n_ragged = _count_ragged(payload, layout, source)
    if n_ragged:
        warnings.append(
            f"{n_ragged} row(s) have a different number of fields than the header; "
            "missing fields were read as empty"
        )
    return frame, warnings, sample


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _sample(source: Path | bytes, options: dict[str, Any]) -> pl.DataFrame | None:
    """The first rows, parsed from the first few MB only: a ``head`` of the lazy scan would
    have the streaming engine read far more of a big file (860 MB: 0.13 s and 150 MB of
    memory, against 0.01 s). None if those MB cannot be parsed alone."""
    if isinstance(source, bytes):
        data = source[:_SAMPLE_BYTES]
    else:
        with source.open("rb") as fh:
            data = fh.read(_SAMPLE_BYTES)
    cut = len(data) == _SAMPLE_BYTES
    if cut:  # whole lines only
        data = data[: data.rfind(b"\n") + 1]
    try:
        return pl.read_csv(data, n_rows=_SAMPLE_ROWS, **options)
    except pl.exceptions.PolarsError:  # e.g. the cut is inside a quoted field: the scan decides
        return None


def _fingerprint(payload: Payload, hashed: bool = True) -> tuple[str, bool]:
    """In one pass over the bytes: their sha256 (to spot the same download saved twice; ""
    unless ``hashed``) and whether they are UTF-8 throughout (the encoding is sniffed from
    the head only)."""
    h = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True

    def feed(block: bytes) -> None:
        nonlocal utf8
        if hashed:
            h.update(block)
        # an ASCII block with no sequence pending from the last one is UTF-8: isascii is
        # several times faster than decoding it
        if utf8 and not (block.isascii() and not decoder.getstate()[0]):
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False

    if payload.data is not None:
        feed(payload.data)
    else:
        with payload.source.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                feed(block)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return (h.hexdigest() if hashed else ""), utf8


def _count_ragged(payload: Payload, layout: TextLayout, source: Path | bytes) -> int:
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > ragged.LIMIT:
        return 0
    return ragged.count_ragged(source, layout, payload.path)


def _canonical(
    path: Path,
    raw: pl.LazyFrame,
    found: Detection,
    warnings: list[str],
    digest: str,
    sample: pl.DataFrame | None = None,
    hint: str | None = None,
    uncached: str | None = None,
) -> Report:
    """The report of ``raw``'s cells; ``uncached``: the reason for the rows its xlsx flags
    as holding a formula without a saved value (``xlsx.UNCACHED``), left out and counted."""
    spec = found.spec
    schema = raw.collect_schema()
    raw_names = [n for n in schema.names() if n not in (ROW, UNCACHED)]
    # the sample is the whole file (a small CSV, or an xlsx of few rows): its dates are read
    # by the general parser, which a detected format must equal anyway (detecting one costs
    # ~5 ms a file, more than a small file's whole read)
    whole = sample is not None and sample.height < _SAMPLE_ROWS and _small_text(path)
    if sample is None:
        sample = raw.head(_SAMPLE_ROWS).collect()
        whole = sample.height < _SAMPLE_ROWS
    by_name = {c.name: c for c in spec.columns}
    src = {name: raw_names[i] for name, i in found.columns.items() if i < len(raw_names)}
    # the report's own marketplace or country column, else its folder's (``2026-10/DE/``)
    marketplace = hint
    for name in ("marketplace", "country"):
        if name in src:
            marketplace = first_marketplace(_texts(sample[src[name]])) or hint
            break

    number_cols = {
        name: numstyle.NumberColumn(
            found.headers[found.columns[name]].raw.strip(),
            by_name[name].type,
            _distinct(sample[col], _STYLE_VALUES),
        )
        for name, col in src.items()
        if by_name[name].type in _NUMERIC and schema[col] == pl.String
    }
    comma_by_col, style_warnings = numstyle.decide(number_cols, marketplace)
    warnings = [*warnings, *style_warnings]
    prefix_by_col = {name: clean.fast_prefix(c.values) for name, c in number_cols.items()}
    date_text = [
        s
        for name, col in src.items()
        if by_name[name].type in (ColType.DATE, ColType.DATETIME) and schema[col] == pl.String
        for s in _values(sample[col])[:200]
    ]
    day_first = clean.detect_day_first(date_text)
    date_formats = {  # per date column, the one format the whole sample is in (fast to read)
        col: clean.detect_date_format(
            sample[col].to_list(),
            datetime=by_name[name].type is ColType.DATETIME,
            day_first=day_first,
        )
        for name, col in src.items()
        if by_name[name].type in (ColType.DATE, ColType.DATETIME)
        and schema[col] == pl.String
        and not whole
    }

    exprs: list[pl.Expr] = [pl.col(ROW)]
    # the checks read each parsed column by name, in a second step, so that every column is
    # cleaned once (Polars does not share the cleaning between a column and its check)
    raws: list[pl.Expr] = []  # raw text of checked columns, as _raw_<name>
    bad: list[tuple[str, pl.Expr]] = []  # a bad cell here leaves the row out
    cells: list[tuple[str, pl.Expr]] = []  # a bad cell here is left empty
    for col in spec.columns:
        if col.name not in src:
            exprs.append(pl.lit(None, DTYPES[col.type]).alias(col.name))
            continue
        raw_col = pl.col(src[col.name])
        parsed = _parse(
            col.type,
            src[col.name],
            schema[src[col.name]],
            comma_by_col.get(col.name, False),
            day_first,
            date_formats.get(src[col.name]),
            prefix_by_col.get(col.name),
        )
        exprs.append(parsed.alias(col.name))
        if col.type is not ColType.TEXT:
            header = found.headers[found.columns[col.name]].raw.strip()
            what = f"column '{header}': value is not a valid {_WHAT[col.type]}"
            raws.append(raw_col.alias(f"_raw_{col.name}"))
            if schema[src[col.name]] == pl.String:
                check = clean.invalid(pl.col(f"_raw_{col.name}"), pl.col(col.name))
            else:  # an .xlsx cell typed already: a value that did not convert is bad
                check = pl.col(f"_raw_{col.name}").is_not_null() & pl.col(col.name).is_null()
            if _informational(col):
                cells.append((f"{what} (cell left empty, row kept)", check))
            else:
                bad.append((what, check))
        if col.name in _NON_NEGATIVE:
            header = found.headers[found.columns[col.name]].raw.strip()
            bad.append(
                (
                    f"column '{header}': negative value (a count of events cannot be below 0)",
                    (pl.col(col.name) < 0).fill_null(False),
                )
            )

    if uncached is not None and UNCACHED in schema:
        raws.append(pl.col(UNCACHED).alias(f"_raw_{UNCACHED}"))
        bad.insert(0, (uncached, pl.col(f"_raw_{UNCACHED}")))
    if spec.kind not in _TRANSACTIONS and raw_names:
        # the same row twice in one file (a copy-paste, a re-export appended): counted once,
        # as between two files (the flag is made in ``build`` below). Not in transaction
        # lists, whose lines may repeat (two equal fee lines of one order in a payments export)
        bad.append(
            (
                "the same row as an earlier line of this file (a repeated row is counted once)",
                pl.col("_raw__repeat"),
            )
        )
    checks = bad + cells
    reasons = [r for r, _ in checks]
    flags = [e.alias(f"_bad{i}") for i, (_, e) in enumerate(checks)]
    repeat = spec.kind not in _TRANSACTIONS and bool(raw_names)

    def build(
        rows: pl.LazyFrame, batched: bool = False, found: list[int] | None = None
    ) -> pl.LazyFrame:
        """The audit of ``rows``: one file's raw rows, or (``batched``) those of several
        files of this recipe with their FILE number (a row repeats only within its file);
        ``found``: the file's repeated rows, found already (``streamed``)."""
        extra = [pl.col(FILE)] if batched else []
        if repeat and found is not None:
            extra.append(repeats.repeat_flag(found, ROW).alias("_raw__repeat"))
        elif repeat:  # read from the raw cells, in the first step (held in memory)
            same = pl.struct(*[pl.col(n) for n in raw_names], *extra)
            extra.append((~same.is_first_distinct()).alias("_raw__repeat"))
        audited = (
            rows.select(*exprs, *raws, *extra)
            .with_columns(flags)
            .drop([e.meta.output_name() for e in raws], "_raw__repeat", strict=False)
        )
        return _post(spec.kind, audited)

    # cached: compute's queries of one report (its facts, rows outside the period, counts)
    # read the file once in their collect_all, not once each
    audit = build(raw).cache()
    drop = [f"_bad{i}" for i in range(len(checks))]
    row_drop = drop[: len(bad)]
    keep = ~pl.any_horizontal(*[pl.col(c) for c in row_drop]) if row_drop else pl.lit(True)
    if spec.kind is ReportKind.SETTLEMENT_V2:
        keep = keep & ~pl.col(SUMMARY)
        drop.append(SUMMARY)

    def frame_of(audited: pl.LazyFrame) -> pl.LazyFrame:
        return audited.filter(keep).drop(ROW, *drop)

    frame = frame_of(audit)

    def streamed() -> tuple[pl.LazyFrame, pl.LazyFrame] | None:
        found = repeats.repeated_rows(raw, raw_names, ROW)
        if found is None:
            return None
        audited = build(raw, False, found).cache()
        return audited, frame_of(audited)

    currency = _currency(found, sample, src, by_name)
    report = Report(
        path=path,
        kind=spec.kind,
        frame=frame,
        audit=audit,
        bad_reasons=reasons,
        columns=frozenset(src),
        row_reasons=len(bad),
        recipe=Recipe(
            _recipe_key(
                spec.kind,
                schema,
                reasons,
                (src, comma_by_col, date_formats, prefix_by_col, day_first),
            ),
            raw,
            build,
            frame_of,
            # a file past the sample: its repeated rows found by a streamed pass when it is
            # used (io/repeats.py); small files are flagged in memory (and batched)
            streamed if repeat and not whole else None,
        ),
        currency=currency,
        marketplace=marketplace,
        ad_type=spec.ad_type,
        attribution_days=found.window if spec.ad_type else None,
        warnings=warnings,
        digest=digest,
        mtime=path.stat().st_mtime,
    )
    if spec.kind is ReportKind.BUSINESS_REPORT_BY_ITEM:
        report.grain = "child" if "asin" in src else "parent"
    if spec.kind is ReportKind.PAYMENTS_DATE_RANGE:
        report.requested = requested_range(path.name)
    return report


def _small_text(path: Path) -> bool:
    """A plain text file smaller than the part of it the sample is read from."""
    try:
        return path.suffix.lower() in TEXT_SUFFIXES and path.stat().st_size < _SAMPLE_BYTES
    except OSError:
        return False


def _texts(column: pl.Series) -> list[str]:
    """A sample column's values as text, without nulls: an xlsx cell typed as a date (even
    one Python cannot hold, such as year 10000) is read as its text, never converted."""
    return column.cast(pl.String, strict=False).drop_nulls().to_list()


def _values(column: pl.Series) -> list[Any]:
    """A sample column's values without nulls (a list: Series operations cost ~0.1 ms each,
    which counts for 4,000 one-row files)."""
    return [v for v in column.to_list() if v is not None]


def _distinct(column: pl.Series, n: int) -> list[Any]:
    """The first ``n`` distinct values of a sample column, in order, without nulls."""
    return list(dict.fromkeys(_values(column)))[:n]


def _recipe_key(
    kind: ReportKind, schema: pl.Schema, reasons: list[str], params: tuple[Any, ...]
) -> str:
    """What decides a file's audit: two files with the same key are cleaned by the same
    expressions, so they can be measured in one query (``io.folder.measure``)."""
    return repr((kind, list(schema.items()), reasons, params))


_REQUESTED = re.compile(r"(\d{4})([A-Za-z]{3})(\d{1,2})-(\d{4})([A-Za-z]{3})(\d{1,2})")


def requested_range(name: str) -> tuple[date, date] | None:
    """``2026Oct1-2026Oct31CustomTransaction.csv`` -> (2026-10-01, 2026-10-31), else None."""
    m = _REQUESTED.search(name)
    if m is None:
        return None
    try:
        a = date(int(m[1]), clean.MONTHS[m[2].lower()], int(m[3]))
        b = date(int(m[4]), clean.MONTHS[m[5].lower()], int(m[6]))
    except (KeyError, ValueError):
        return None
    return (a, b) if a <= b else None


_TRANSACTIONS = frozenset({ReportKind.SETTLEMENT_V2, ReportKind.PAYMENTS_DATE_RANGE})
_NUMERIC = (ColType.INT, ColType.FLOAT, ColType.MONEY, ColType.AMOUNT, ColType.PERCENT)
_WHAT = {
    ColType.INT: "whole number",
    ColType.FLOAT: "number",
    ColType.MONEY: "amount",
    ColType.AMOUNT: "amount (at most 6 decimals)",
    ColType.PERCENT: "percentage",
    ColType.DATE: "date",
    ColType.DATETIME: "date and time",
}


def _informational(col: Col) -> bool:
    """Columns no KPI sums: a bad cell there is left empty instead of dropping the row.

    Rows are left out only for a bad cell in a column a KPI reads, so a lazy query parses
    those columns and the ones it selects, not every column of the file.
    """
    return col.name.endswith("_reported") or col.name in _INFORMATIONAL


#: counts of events that cannot be negative: a row with a negative one is left out (counted).
#: Money columns may be negative (refunds, credits), so they are not checked.
_NON_NEGATIVE = frozenset({"impressions", "clicks", "sessions", "page_views"})

_INFORMATIONAL = {
    "budget",
    "your_price",
    "transaction_release_date",
    "total_amount",
    # ads: splits of the attributed totals, new-to-brand and viewability detail
    "advertised_units",
    "other_units",
    "advertised_sales",
    "other_sales",
    "ntb_orders",
    "ntb_sales",
    "ntb_units",
    "viewable_impressions",
    # inventory detail no KPI reads
    "units_shipped_t7",
    "units_shipped_t60",
    "units_shipped_t90",
    "mfn_fulfillable",
    "warehouse",
    "unsellable",
    "reserved",
    "total_quantity",
}


@functools.lru_cache(maxsize=1024)
def _parse(
    ctype: ColType,
    name: str,
    dtype: pl.DataType,
    decimal_comma: bool,
    day_first: bool,
    date_format: str | None = None,
    prefix: str | None = None,
) -> pl.Expr:
    """The cleaning of raw column ``name`` (``c0``, ``c1``...) into ``ctype``. Cached: files
    of one kind (a month's folder and the one before, in compare) share their expressions,
    which take ~1 ms each to build."""
    raw = pl.col(name)
    target = DTYPES[ctype]
    if dtype != pl.String:
        # an .xlsx cell that is already typed: numbers, fractions for percents, real dates
        if ctype is ColType.TEXT:
            return raw.cast(pl.String)
        if ctype in (ColType.DATE, ColType.DATETIME):  # a serial for year 10000: a bad cell
            return clean.in_date_range(raw.cast(target, strict=False))
        return raw.cast(target, strict=False)
    text = raw.str.strip_chars()
    match ctype:
        case ColType.TEXT:
            # the 2025 Ads console writes IDs as Excel formulas: ="468170906203317"
            text = text.str.replace(r'^="(.*)"$', "${1}")
            return pl.when(text == "").then(None).otherwise(text)
        case ColType.INT:
            return clean.count(raw, decimal_comma=decimal_comma)
        case ColType.FLOAT:
            # Amazon writes "Infinite" weeks of cover for a SKU with no sales
            infinite = text.str.to_lowercase().is_in(["infinite", "infinity", "inf"])
            number = clean.number(raw, decimal_comma=decimal_comma, prefix=prefix)
            return pl.when(infinite).then(float("inf")).otherwise(number)
        case ColType.MONEY:
            return clean.money(raw, decimal_comma=decimal_comma, prefix=prefix)
        case ColType.AMOUNT:
            return clean.amount(raw, decimal_comma=decimal_comma)
        case ColType.PERCENT:
            return clean.percent(raw, decimal_comma=decimal_comma)
        case ColType.DATE | ColType.DATETIME:
            # cells that do not fit a detected format are null: counted as invalid, not silent
            formats = None if date_format is None else [date_format]
            cleaner = clean.to_date if ctype is ColType.DATE else clean.to_datetime
            return cleaner(raw, day_first=day_first, formats=formats)
    raise AssertionError(ctype)  # pragma: no cover


def _post(kind: ReportKind, frame: pl.LazyFrame) -> pl.LazyFrame:
    """Kind-specific derived columns."""
    if kind is ReportKind.PAYMENTS_DATE_RANGE:
        return frame.with_columns(pl.col("posted_at").dt.date().alias("date"))
    if kind is ReportKind.SETTLEMENT_V2:
        carried = [
            "settlement_id",
            "settlement_start_date",
            "settlement_end_date",
            "deposit_date",
            "total_amount",
            "currency",
        ]
        return frame.with_columns(
            pl.col("amount_type").is_null().alias(SUMMARY),
            *[pl.col(c).forward_fill() for c in carried],
        )
    return frame


def _currency(
    found: Detection, sample: pl.DataFrame, src: dict[str, str], by_name: dict[str, Col]
) -> str | None:
    if "currency" in src:
        values = [v.strip().upper() for v in _texts(sample[src["currency"]])]
        values = [v for v in values if len(v) == 3 and v.isalpha()]
        if values:
            return values[0]
    if found.header_currency:
        return found.header_currency
    money_text = [
        str(v)
        for name, col in src.items()
        if by_name[name].type in (ColType.MONEY, ColType.AMOUNT) and sample[col].dtype == pl.String
        for v in sample[col].drop_nulls().head(50).to_list()
    ]
    return clean.currency_from_values(money_text)
