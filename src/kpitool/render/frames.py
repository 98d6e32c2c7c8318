"""A compute result's rows as one Polars frame, for the CSV, JSON and Parquet writers.

The total's few results and the breakdown's frame (results/groups.py) are brought to one long
layout (a row per group and KPI: the contract of CSV and JSON) or one wide layout (a row per
group, a column per KPI), with Polars expressions: a breakdown by search term has a group per
search term, and no Python object is made per group and KPI.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import polars as pl

from kpitool.render.text import escape_control
from kpitool.results import ComputeResult, KpiResult, Score
from kpitool.results.groups import (
    LONG_COLUMNS,
    MISSING_COSTS,
    GroupTable,
    KpiColumn,
    empty_long,
    target_row,
    target_schema,
    tidy,
)

#: what errors.escape_control escapes, in Rust's regex syntax (Polars strings are UTF-8: no
#: lone surrogates)
_CONTROL = r"[\x00-\x1f\x7f-\x9f\x{061c}\x{200e}\x{200f}\x{2028}-\x{202e}\x{2066}-\x{2069}]"
#: a text cell a spreadsheet would run as a formula (control characters escaped already)
_FORMULA = r"^[=+\-@]"


def escape_labels(df: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """``columns`` (text, or lists of text such as ``missing_costs``) with control characters
    escaped as ``\\xNN``, as everywhere in kpitool's output: the few labels that have one go
    through :func:`escape_control`."""
    for c in columns:
        col = df.get_column(c)
        listed = isinstance(col.dtype, pl.List)
        flat = col.explode().drop_nulls() if listed else col
        bad = flat.filter(flat.str.contains(_CONTROL)).unique().to_list()
        if bad:
            fix = {v: escape_control(v) for v in bad}
            if listed:
                df = df.with_columns(pl.col(c).list.eval(pl.element().replace(fix)))
            else:
                df = df.with_columns(pl.col(c).replace(fix))
    return df


def spreadsheet_safe(column: str) -> pl.Expr:
    """A text column with ``'`` before a cell that starts like a formula (CSV injection)."""
    col = pl.col(column)
    return pl.when(col.str.contains(_FORMULA)).then(pl.lit("'") + col).otherwise(col).alias(column)


#: the groups a writer takes at a time: its memory stays that of a slice, not of the output
SLICE = 50_000
#: JSON: slices of groups made at once (each by one thread; one more slice held in memory)
SIDE_BY_SIDE = 2


def long_frame(result: ComputeResult) -> pl.DataFrame:
    """The total's results, then the breakdown's: the dimensions (null for the total) and
    :data:`~kpitool.results.groups.LONG_COLUMNS`, a row per group and KPI."""
    return pl.concat(list(long_frames(result, None)), how="vertical_relaxed")


def long_frames(result: ComputeResult, size: int | None = SLICE) -> Iterator[pl.DataFrame]:
    """:func:`long_frame` in pieces: the total's rows, then ``size`` groups at a time."""
    dims = list(result.group_by)
    yield results_frame(result.totals(), dims)  # a result built by hand: its groups too
    groups = result.groups
    if groups is None:
        return
    if size is None:
        yield groups.long()
        return
    for offset in range(0, groups.values.height, size):
        yield groups.long(offset, size)


def wide_frames(result: ComputeResult, size: int | None = SLICE) -> Iterator[pl.DataFrame]:
    """:func:`wide_frame` in pieces: the total, then ``size`` groups at a time."""
    frame = wide_frame(result)
    yield frame.head(1)
    step = size or max(1, frame.height)
    for offset in range(1, frame.height, step):
        yield frame.slice(offset, step)


def wide_frame(result: ComputeResult) -> pl.DataFrame:
    """A row per group (the total first, its dimensions null) and a column per KPI of the
    breakdown's wide layout (or the total's KPIs without a breakdown)."""
    dims = list(result.group_by)
    totals = [r for r in result.results if not r.group]
    groups = group_table(result)
    kpis = groups.wide_kpis if groups is not None else [r.kpi for r in totals]
    value = {r.kpi: r.value for r in totals}
    total = pl.DataFrame(
        [{**dict.fromkeys(dims), **{k: value.get(k) for k in kpis}}],
        schema={**{d: pl.String for d in dims}, **{k: pl.Float64 for k in kpis}},
    )
    if groups is None:
        return total
    return pl.concat([total, groups.wide(kpis)], how="vertical_relaxed")


def parquet_bytes(result: ComputeResult, wide: bool) -> bytes:
    """The long (or ``wide``) frame as a Parquet file: the total's rows first, their
    dimensions null; text as it is in the reports (Parquet is read by programs, not shown)."""
    df = wide_frame(result) if wide else long_frame(result).with_columns(coverage_columns(result))
    buffer = io.BytesIO()
    df.write_parquet(buffer)
    return buffer.getvalue()


#: the long CSV's (and Parquet's) last columns, what each row covers (the same for every
#: group): the date of the inventory snapshot a KPI's value stands on, empty for a flow (JSON
#: says it in its top-level coverage; coverage_days and coverage_of alone would read as 92
#: days of data where there is one day's stock); the days its inputs cover, as spans
#: (``2026-09-01..2026-09-30``, several joined by ``;``, empty where nothing does); and the
#: period asked for. A CSV row read alone then says which days its value, its pro-rated target
#: and its projection are of.
SNAPSHOT = "coverage_snapshot"
SPANS = "coverage_spans"
COVERAGE_COLUMNS = (SNAPSHOT, SPANS, "period_start", "period_end")


def coverage_columns(result: ComputeResult) -> list[pl.Expr]:
    """:data:`COVERAGE_COLUMNS` of each row, from its KPI's coverage and the period."""
    covs = [(r.kpi, r.coverage) for r in result.totals()]  # a hand-built result's groups too
    if result.groups is not None:
        covs += [(c.kpi, c.coverage) for c in result.groups.columns]
    dates: dict[str, str] = {}
    spans: dict[str, str] = {}
    for kpi, cov in covs:
        if cov is not None and cov.at is not None:
            dates.setdefault(kpi, cov.at.isoformat())
        if cov is not None and cov.spans:
            spans.setdefault(kpi, ";".join(f"{p.start}..{p.end}" for p in cov.spans))
    of_kpi = pl.col("kpi")
    return [
        of_kpi.replace_strict(dates, default=None, return_dtype=pl.String).alias(SNAPSHOT),
        of_kpi.replace_strict(spans, default=None, return_dtype=pl.String).alias(SPANS),
        pl.lit(result.period.start.isoformat()).alias("period_start"),
        pl.lit(result.period.end.isoformat()).alias("period_end"),
    ]


def group_table(result: ComputeResult) -> GroupTable | None:
    """``result.groups``, or the frame of the group results of a result built by hand."""
    if result.groups is not None or not any(r.group for r in result.results):
        return result.groups
    return from_results([r for r in result.results if r.group], result.group_by)


def payout_frame(scores: list[Score], dims: list[str]) -> pl.DataFrame | None:
    """Each group's payout and its currency (the config has incentives), else None."""
    if not any(s.incentives for s in scores):
        return None
    rows = [
        {
            **{d: s.group.get(d) for d in dims},
            "payout": None if s.payout is None else s.payout.amount,
            "payout_currency": None if s.payout is None else s.payout.currency,
        }
        for s in scores
        if set(s.group) <= set(dims)
    ]
    schema = {**{d: pl.String for d in dims}, "payout": pl.Float64, "payout_currency": pl.String}
    return pl.DataFrame(rows, schema=schema)


def _text(expr: pl.Expr) -> pl.Expr:
    """A number as JSON text: ``null`` for no value."""
    return expr.cast(pl.String).fill_null("null")


def json_rows(df: pl.DataFrame, dims: list[str]) -> pl.Series:
    """Each row of a long frame as the JSON object of the contract (README, JSON output):
    ``projected`` only for an additive KPI, ``missing_costs`` only for a cost-based one, a
    ``target`` with the bounds it has."""
    group = pl.struct(*dims).struct.json_encode() if dims else pl.lit("{}")
    if dims:  # the total's dimensions are null: its group is {}
        group = pl.when(pl.col(dims[0]).is_null()).then(pl.lit("{}")).otherwise(group)
    bound = pl.col("target_min").is_not_null() | pl.col("target_max").is_not_null()
    parts = [
        pl.when(pl.col(f"target_{k}").is_not_null()).then(
            pl.lit(f'"{k}":') + pl.col(f"target_{k}").cast(pl.String)
        )
        for k in ("min", "max", "warn_within")
    ]
    target = (
        pl.when(bound)
        .then(pl.lit("{") + pl.concat_str(parts, separator=",", ignore_nulls=True) + pl.lit("}"))
        .otherwise(pl.lit("null"))
    )
    missing = pl.struct(pl.col("missing_costs").alias("m")).struct.json_encode().str.slice(5)
    row = pl.concat_str(
        pl.lit('{"group":'),
        group,
        pl.lit(',"kpi":'),
        pl.lit('"'),
        pl.col("kpi"),  # an id: letters, digits and _ (config/models.py)
        pl.lit('","value":'),
        _text(pl.col("value")),
        pl.lit(',"unit":"'),
        pl.col("unit"),
        pl.lit('","target":'),
        target,
        pl.lit(',"status":"'),
        pl.col("status"),
        pl.lit('","attainment":'),
        _text(pl.col("attainment")),
        pl.lit(',"partial":'),
        pl.when(pl.col("partial")).then(pl.lit("true")).otherwise(pl.lit("false")),
        pl.when(pl.col("coverage_days").is_not_null())
        .then(
            pl.lit(',"coverage":{"days":')
            + pl.col("coverage_days").cast(pl.String)
            + pl.lit(',"of":')
            + pl.col("coverage_of").cast(pl.String)
            + pl.lit("}")
        )
        .otherwise(pl.lit("")),
        pl.when(pl.col("additive"))
        .then(pl.lit(',"projected":') + _text(pl.col("projected")))
        .otherwise(pl.lit("")),
        pl.when(pl.col("missing_costs").is_not_null())
        .then(pl.lit(',"missing_costs":') + missing.str.head(-1))
        .otherwise(pl.lit("")),
        pl.lit("}"),
    )
    return df.select(row.alias("row")).get_column("row")


def json_results(result: ComputeResult) -> Iterator[str | bytes]:
    """The ``results`` list of the JSON contract, an object per line, in pieces: text, or
    the UTF-8 bytes Polars writes for a slice of groups (never a Python string per group)."""
    dims = list(result.group_by)
    groups = result.groups
    fast = groups is not None and (groups.targets is None or not groups.targets.height)
    pieces: list[pl.DataFrame | pl.Series] = (
        [results_frame(result.totals(), dims)] if fast else list(long_frames(result))
    )
    first = True
    for piece in pieces:
        if not len(piece):
            continue
        if isinstance(piece, pl.DataFrame):
            piece = json_rows(escape_labels(piece, [*dims, "missing_costs"]), dims)
        joined: str = piece.str.join(",\n    ").item()
        yield ("[\n    " if first else ",\n    ") + joined
        first = False
    if fast and groups is not None:  # the groups from the wide frame, a slice at a time
        offsets = range(0, groups.values.height, SLICE)
        for at in range(0, len(offsets), SIDE_BY_SIDE):
            # a few slices made at once: Polars joins each slice's strings in one thread
            made = []
            for offset in offsets[at : at + SIDE_BY_SIDE]:
                values = escape_labels(groups.values.slice(offset, SLICE), [*dims, MISSING_COSTS])
                rows = pl.lit(",\n    ") + _json_groups(groups, values)
                made.append(values.lazy().select(rows.alias("row")))
            done = pl.collect_all(made)
            while done:  # each slice's strings let go once written
                buffer = io.BytesIO()
                done.pop(0).write_csv(
                    buffer, quote_style="never", include_header=False, line_terminator=""
                )
                data = buffer.getvalue()
                del buffer
                yield (b"[" + data[1:]) if first and data else data
                first = first and not data
    yield "[]" if first else "\n  ]"


def _json_groups(groups: GroupTable, values: pl.DataFrame) -> pl.Expr:
    """The JSON objects of the groups of ``values`` (a slice of ``groups.values``, labels
    escaped), made from the wide frame: what is the same for every group (unit, coverage,
    partial, no target) is written once per KPI; a row per group, its objects joined."""
    group = pl.struct(*groups.dims).struct.json_encode()
    uncosted = pl.col(MISSING_COSTS).list.len().fill_null(0) > 0
    listed = pl.struct(pl.col(MISSING_COSTS).fill_null(pl.lit([], pl.List(pl.String))).alias("m"))
    missing = pl.lit(',"missing_costs":') + listed.struct.json_encode().str.slice(5).str.head(-1)
    objects = []
    for c in groups.columns:
        value = pl.col(c.kpi)

        def middle(partial: bool, c: KpiColumn = c) -> str:
            cov = c.coverage
            text = f',"unit":"{c.unit}","target":null,"status":"no_target","attainment":null'
            text += f',"partial":{"true" if partial else "false"}'
            return text + (
                "" if cov is None else f',"coverage":{{"days":{cov.days},"of":{cov.period.days}}}'
            )

        mid: pl.Expr = pl.lit(middle(c.partial))
        if c.partial != c.partial_uncosted:
            mid = pl.when(uncosted).then(pl.lit(middle(True))).otherwise(mid)
        parts = [
            pl.lit('{"group":'),
            group,
            pl.lit(f',"kpi":"{c.kpi}","value":'),
            _text(value),
            mid,
        ]
        if c.additive:
            cov = c.coverage
            days = cov.days if cov is not None else 0
            scaled = (
                tidy(value * float(cov.period.days) / float(days))
                if cov is not None and days
                else None
            )
            parts += [
                pl.lit(',"projected":'),
                _text(scaled if scaled is not None else pl.lit(None, pl.Float64)),
            ]
        if c.costed:
            parts.append(missing)
        parts.append(pl.lit("}"))
        objects.append(pl.concat_str(parts))
    return pl.concat_str(objects, separator=",\n    ")


__all__ = [
    "COVERAGE_COLUMNS",
    "LONG_COLUMNS",
    "coverage_columns",
    "escape_labels",
    "json_results",
    "long_frame",
    "payout_frame",
    "spreadsheet_safe",
    "wide_frame",
]


def results_frame(results: list[KpiResult], dims: list[str]) -> pl.DataFrame:
    """A few :class:`KpiResult` (the total's) in the long layout, dimensions empty."""
    rows = []
    for r in results:
        t = r.target or {}
        cov = r.coverage
        rows.append(
            {
                **{d: r.group.get(d) for d in dims},
                "kpi": r.kpi,
                "value": r.value,
                "unit": r.unit,
                "target_min": t.get("min"),
                "target_max": t.get("max"),
                "target_warn_within": t.get("warn_within") if r.target else None,
                "status": str(r.status),
                "attainment": r.attainment,
                "partial": r.partial,
                "coverage_days": None if cov is None else cov.days,
                "coverage_of": None if cov is None else cov.period.days,
                "projected": r.projected if r.additive else None,
                "additive": r.additive,
                "missing_costs": r.missing_costs,
            }
        )
    return pl.DataFrame(rows, schema=empty_long(dims).schema)


def from_results(results: list[KpiResult], dims: list[str]) -> GroupTable:
    """The frame of a few group results (a result built by hand, without ``groups``)."""
    first: dict[str, KpiResult] = {}
    rows: dict[tuple[str, ...], dict[str, object]] = {}
    targets = []
    for r in results:
        first.setdefault(r.kpi, r)
        key = tuple(r.group.get(d, "") for d in dims)
        row = rows.setdefault(key, {**dict(zip(dims, key, strict=True)), MISSING_COSTS: None})
        row[r.kpi] = r.value
        if r.target:
            group = dict(zip(dims, key, strict=True))
            targets.append(target_row(group, r.kpi, r.target, r.status, r.attainment))
    columns = [
        KpiColumn(
            k,
            r.unit,
            r.coverage,
            r.additive,
            r.partial,
            r.partial,
            r.missing_costs is not None,
        )
        for k, r in first.items()
    ]
    schema = {
        **{d: pl.String() for d in dims},
        **{k: pl.Float64() for k in first},
        MISSING_COSTS: pl.List(pl.String()),
    }
    values = pl.DataFrame(list(rows.values()), schema=schema)
    frame = pl.DataFrame(targets, schema=target_schema(dims)) if targets else None
    out = GroupTable(dims, columns, values, frame, wide_kpis=list(first)[:5])
    out.groups_before = out.groups_matched = values.height
    return out
