"""A report of canonical, typed columns from a file's raw cells: the cleaning of each column
(its number style, date format and currency decided from the sample), the checks that
leave a bad row out or a bad cell empty, and the audit the reports are measured from
(moved from read.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from kpitool.io import clean, numstyle, repeats
from kpitool.io.detect import Detection
from kpitool.io.kinds import Col, ColType, ReportKind
from kpitool.io.market import first_marketplace
from kpitool.io.model import FILE, ROW, Recipe, Report
from kpitool.io.parse import DTYPES, _parse
from kpitool.io.sampling import _SAMPLE_ROWS, _distinct, _small_text, _texts, _values
from kpitool.io.xlsx import UNCACHED

SUMMARY = "_summary"  # settlement V2: the payout summary row, carried down then left out
_STYLE_VALUES = 500  # distinct values of a number column that decide its style


def _canonical(
    path: Path,
    raw: pl.LazyFrame,
    found: Detection,
    warnings: list[str],
    digest: str,
    sample: pl.DataFrame | None = None,
    hint: str | None = None,
    uncached: str | None = None,
    distinct: Callable[[], bool] | None = None,
) -> Report:
    """The report of ``raw``'s cells; ``uncached``: the reason for the rows its xlsx flags
    as holding a formula without a saved value (``xlsx.UNCACHED``), left out and counted;
    ``distinct``: a text file's check that its lines all differ (``repeats.distinct_lines``)."""
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
        found = repeats.repeated_rows(raw, raw_names, ROW, distinct)
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
