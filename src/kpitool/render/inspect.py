"""Renderers for `kpitool inspect`: pure functions of the scan."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kpitool.io.model import Scan
from kpitool.render.text import escape_control, escape_tree, plain_text
from kpitool.results.inspect import inspect_dict

if TYPE_CHECKING:
    from rich.console import Console


def render_inspect_json(scan: Scan) -> str:
    return json.dumps(escape_tree(inspect_dict(scan)), indent=2, ensure_ascii=False)


def render_inspect_table(scan: Scan, console: Console) -> None:
    from rich.table import Table  # Rich only for a table: --format json does without (~40 ms)

    data = inspect_dict(scan)
    table = Table(title=f"Reports in {escape_control(str(scan.folder))}", title_justify="left")
    for col in ("file", "kind", "rows", "dropped", "dates", "cur", "mkt", "window"):
        table.add_column(col, justify="right" if col in ("rows", "dropped") else "left")
    for f in data["files"]:
        dates = f"{f['start']}..{f['end']}" if f["start"] else "-"
        window = f"{f['attribution_days']}d" if f["attribution_days"] else "-"
        table.add_row(
            escape_control(_short(f["path"], scan)),
            f["kind"],
            f"{f['rows']:,}",
            f"{f['dropped']:,}",
            dates,
            f["currency"] or "-",
            f["marketplace"] or "-",
            window,
        )
    console.print(table)
    # one line per finding, never wrapped, so that it can be grepped
    for f in data["files"]:
        for w in f["warnings"]:
            console.print(
                f"  warning: {escape_control(f['path'])}: {escape_control(w)}", soft_wrap=True
            )
    for w in data["warnings"]:
        console.print(f"  warning: {escape_control(w)}", soft_wrap=True)
    if data["skipped"]:
        console.print("Skipped:")
        for s in data["skipped"]:
            console.print(
                f"  {escape_control(s['path'])}: {escape_control(s['reason'])}", soft_wrap=True
            )


def render_inspect_text(scan: Scan, width: int = 120) -> str:
    """The inspect table as plain text (no colour)."""
    return plain_text(lambda console: render_inspect_table(scan, console), width)


def _short(path: str, scan: Scan) -> str:
    """A path relative to the scanned folder, for the table."""
    prefix = str(scan.folder).rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path
