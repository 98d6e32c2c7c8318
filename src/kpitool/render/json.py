"""JSON output: ``ComputeResult.to_dict()`` (the schema_version 1 contract), with the
``results`` written from one Polars frame (render/frames.py), an object per line: a breakdown
by search term has a result per search term and KPI."""

from __future__ import annotations

import json
from collections.abc import Iterator

from kpitool.render.frames import json_results
from kpitool.render.text import escape_tree
from kpitool.results import ComputeResult
from kpitool.results.compute import RESULTS_SLOT


def render_json(result: ComputeResult) -> str:
    return "".join(c if isinstance(c, str) else c.decode("utf-8") for c in json_chunks(result))


def json_chunks(result: ComputeResult) -> Iterator[str | bytes]:
    """The JSON document in pieces (a breakdown's results a slice of groups at a time)."""
    doc = result.to_dict(results=False)
    text = json.dumps(escape_tree(doc), indent=2, ensure_ascii=False, allow_nan=False)
    slot = json.dumps(escape_tree({"results": RESULTS_SLOT}), ensure_ascii=False)[12:-1]
    head, tail = text.split(slot, 1)
    yield head
    yield from json_results(result)
    yield tail + "\n"
