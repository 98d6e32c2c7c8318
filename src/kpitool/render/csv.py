"""CSV output: one row per result, flat columns, safe to open in a spreadsheet (``--layout
wide``: one row per group, a column per KPI).

Columns: the group dimensions (empty for the total), kpi, value, unit, target_min, target_max,
status, attainment, partial (true when some of the value's inputs are missing), coverage_days
and coverage_of (the days of the period the value's inputs cover, of its days), projected (an
additive value at the pace of those days over the whole period); when the config has
incentives, payout and payout_currency (the row's owner's payout; empty for other groups and
for an owner without a score); last, what the row covers: coverage_snapshot (the date of the
inventory snapshot a stock KPI stands on, as JSON's top-level coverage says; empty for flows),
coverage_spans (the days its inputs cover, ``2026-09-01..2026-09-30``, several joined by ``;``),
period_start and period_end (the period asked for). target_min and target_max are the target
as applied to the period: an additive KPI's pro-rated to the covered days (kpis.md, Targets).
Numbers are written as numbers. A *text* cell that starts with ``=``, ``+``, ``-``, ``@`` (or
a tab / carriage return) is prefixed with ``'`` so that a spreadsheet shows it instead of
running it as a formula; control characters are escaped as ``\\xNN``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator

import polars as pl

from kpitool.render.frames import (
    COVERAGE_COLUMNS,
    LONG_COLUMNS,
    coverage_columns,
    escape_labels,
    long_frames,
    payout_frame,
    spreadsheet_safe,
    wide_frames,
)
from kpitool.render.text import escape_control
from kpitool.results import ComputeResult, Payout, Score

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@functools.lru_cache(maxsize=4096)  # a breakdown repeats each group's cells for every KPI
def escape_cell(text: str) -> str:
    """Neutralise spreadsheet formulas in a text cell (CSV/formula injection), and escape
    control characters (a CSV printed to a terminal cannot rewrite it)."""
    text = escape_control(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def number_cell(value: float | None) -> float | str:
    """A number in a CSV cell: empty for no value."""
    return "" if value is None else value


def render_csv(result: ComputeResult, wide: bool = False) -> str:
    return "".join(csv_chunks(result, wide))


def csv_chunks(result: ComputeResult, wide: bool = False) -> Iterator[str]:
    """The long layout (a row per group and KPI; the contract) or, ``wide``, a row per group
    and a column per KPI of the breakdown's wide layout: written by Polars, a slice of groups
    at a time."""
    dims = list(result.group_by)
    if wide:
        for i, frame in enumerate(wide_frames(result)):
            yield _write(frame, dims, header=i == 0)
        return
    pays = payout_frame(result.scores, dims)
    pay = ["payout", "payout_currency"] if pays is not None else []
    cols = [*dims, *_LONG, *pay, *COVERAGE_COLUMNS]
    text = [*dims, "payout_currency"] if pays is not None else dims
    covered = coverage_columns(result)
    for i, frame in enumerate(long_frames(result)):
        df = frame.with_columns(
            pl.when(pl.col("additive")).then(pl.col("projected")).alias("projected"), *covered
        )
        if pays is not None:
            df = _with_payouts(df, pays, dims)
        yield _write(df.select(cols), text, header=i == 0)


def _with_payouts(df: pl.DataFrame, pays: pl.DataFrame, dims: list[str]) -> pl.DataFrame:
    """Each row's group's payout (the config has incentives)."""
    if dims:
        return df.join(pays, on=dims, how="left", maintain_order="left", nulls_equal=True)
    first = pays.head(1)
    return df.with_columns(
        pl.lit(first["payout"].first() if first.height else None, pl.Float64).alias("payout"),
        pl.lit(first["payout_currency"].first() if first.height else None, pl.String).alias(
            "payout_currency"
        ),
    )


#: the long CSV's columns after the dimensions (the long frame's, less what is Parquet's only)
_LONG = [c for c in LONG_COLUMNS if c not in ("target_warn_within", "additive", "missing_costs")]


def _write(df: pl.DataFrame, text: list[str], header: bool) -> str:
    """``df`` as CSV, its ``text`` columns escaped and spreadsheet-safe."""
    df = escape_labels(df, text).with_columns(spreadsheet_safe(c) for c in text)
    return df.write_csv(line_terminator="\n", null_value="", include_header=header)


def payouts(scores: list[Score]) -> dict[str, Payout | None] | None:
    """Each group's payout by its group key (None: the config has no incentives)."""
    if not any(s.incentives for s in scores):
        return None
    return {json.dumps(s.group, sort_keys=True): s.payout for s in scores}


def payout_cells(pays: dict[str, Payout | None], group: dict[str, str]) -> list[float | str]:
    """The ``payout`` and ``payout_currency`` cells of a row: empty without a payout."""
    p = pays.get(json.dumps(group, sort_keys=True))
    return ["", ""] if p is None else [p.amount, escape_cell(p.currency or "")]
