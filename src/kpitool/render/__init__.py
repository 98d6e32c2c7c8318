"""Renderers of a ComputeResult: pure functions to text, one per output format."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from kpitool.results import ComputeResult


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def renderer(fmt: OutputFormat) -> Callable[[ComputeResult], str]:
    """The text renderer of each format (imported lazily to keep ``--help`` fast)."""
    if fmt is OutputFormat.table:
        from kpitool.render.table import render_table_text

        return render_table_text
    if fmt is OutputFormat.json:
        from kpitool.render.json import render_json

        return render_json
    if fmt is OutputFormat.csv:
        from kpitool.render.csv import render_csv

        return render_csv
    if fmt is OutputFormat.markdown:
        from kpitool.render.markdown import render_markdown

        return render_markdown
    raise ValueError(fmt)  # pragma: no cover - a test loops over every member


def render(fmt: OutputFormat, result: ComputeResult) -> str:
    return renderer(fmt)(result)
