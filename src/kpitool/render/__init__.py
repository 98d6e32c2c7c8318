"""Renderers: pure functions of a result to text, one per (result type, output format).

:func:`render` is the one registry: every :class:`OutputFormat` of every result type is
matched exhaustively (``assert_never``), so a missing renderer fails mypy and the test that
loops over the formats. :func:`draw` prints the coloured terminal table of a result; its plain
text is ``render(OutputFormat.table, result)``. Modules are imported lazily: Rich only for a
table (~40 ms), so ``--help`` and JSON runs stay fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

from kpitool.results import ComputeResult
from kpitool.results.compare import CompareResult
from kpitool.results.trend import TrendResult

if TYPE_CHECKING:
    from rich.console import Console

    from kpitool.io.model import Scan  # imports Polars: not on the --help path


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


Result = ComputeResult | CompareResult | TrendResult


def render(fmt: OutputFormat, result: Result, *, wide: bool = False) -> str:
    """The text of ``result`` in ``fmt``; ``wide``: compute's CSV a row per group."""
    if isinstance(result, CompareResult):
        return _compare(fmt, result)
    if isinstance(result, TrendResult):
        return _trend(fmt, result)
    return _compute(fmt, result, wide)


def chunks(fmt: OutputFormat, result: Result, *, wide: bool = False) -> Iterator[str | bytes]:
    """The text of ``result`` in ``fmt``, in pieces: compute's JSON and CSV a slice of the
    breakdown's groups at a time (a breakdown by search term is big output); a piece is text,
    or UTF-8 bytes as Polars wrote them."""
    if isinstance(result, ComputeResult) and fmt is OutputFormat.json:
        from kpitool.render.json import json_chunks

        yield from json_chunks(result)
    elif isinstance(result, ComputeResult) and fmt is OutputFormat.csv:
        from kpitool.render.csv import csv_chunks

        yield from csv_chunks(result, wide)
    else:
        yield render(fmt, result, wide=wide)


def _trend(fmt: OutputFormat, result: TrendResult) -> str:
    from kpitool.render import trend

    match fmt:
        case OutputFormat.table:
            return trend.render_trend_text(result)
        case OutputFormat.json:
            return trend.render_trend_json(result)
        case OutputFormat.csv:
            return trend.render_trend_csv(result)
        case OutputFormat.markdown:
            return trend.render_trend_markdown(result)
        case _:
            assert_never(fmt)


def _compute(fmt: OutputFormat, result: ComputeResult, wide: bool) -> str:
    match fmt:
        case OutputFormat.table:
            from kpitool.render.table import render_table_text

            return render_table_text(result)
        case OutputFormat.json:
            from kpitool.render.json import render_json

            return render_json(result)
        case OutputFormat.csv:
            from kpitool.render.csv import render_csv

            return render_csv(result, wide=wide)
        case OutputFormat.markdown:
            from kpitool.render.markdown import render_markdown

            return render_markdown(result)
        case _:
            assert_never(fmt)


def _compare(fmt: OutputFormat, result: CompareResult) -> str:
    match fmt:
        case OutputFormat.table:
            from kpitool.render.compare_table import render_compare_table_text

            return render_compare_table_text(result)
        case OutputFormat.json:
            from kpitool.render.compare import render_compare_json

            return render_compare_json(result)
        case OutputFormat.csv:
            from kpitool.render.compare import render_compare_csv

            return render_compare_csv(result)
        case OutputFormat.markdown:
            from kpitool.render.compare import render_compare_markdown

            return render_compare_markdown(result)
        case _:
            assert_never(fmt)


def draw(result: Result | Scan, console: Console) -> None:
    """Print the terminal table of ``result`` (coloured where the console allows)."""
    if isinstance(result, TrendResult):
        from kpitool.render.trend import render_trend_table

        render_trend_table(result, console)
    elif isinstance(result, CompareResult):
        from kpitool.render.compare_table import render_compare_table

        render_compare_table(result, console)
    elif isinstance(result, ComputeResult):
        from kpitool.render.table import render_table

        render_table(result, console)
    else:
        from kpitool.render.inspect import render_inspect_table

        render_inspect_table(result, console)
