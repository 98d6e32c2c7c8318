"""JSON output: exactly ``ComputeResult.to_dict()`` (the schema_version 1 contract)."""

from __future__ import annotations

import json

from kpitool.render.text import escape_tree
from kpitool.results import ComputeResult


def render_json(result: ComputeResult) -> str:
    return (
        json.dumps(escape_tree(result.to_dict()), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )
