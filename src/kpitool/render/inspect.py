"""Renderers for `kpitool inspect`: pure functions of the scan."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kpitool.io.model import Scan
from kpitool.render.fit import Squeeze, fit, new_table
from kpitool.render.text import escape_control, escape_tree, plain_text
from kpitool.results.inspect import inspect_dict

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def render_inspect_json(scan: Scan) -> str:
    return json.dumps(escape_tree(inspect_dict(scan)), indent=2, ensure_ascii=False)


def _dates(start: str | None, end: str | None, short: bool) -> str:
    """2026-10-01..2026-10-31; short: 2026-10-01..10-31 within a year, one date for a day."""
    if not start or not end:
        return "-"
    if short and start == end:
        return start
    if short and start[:5] == end[:5]:
        return f"{start}..{end[5:]}"
    return f"{start}..{end}"


def _build(scan: Scan, data: dict[str, Any], squeeze: Squeeze) -> Table:

    title = f"Reports in {escape_control(str(scan.folder))}"
    table = new_table(squeeze, title)
    # narrow: the kind under the file name, and the currency, marketplace and attribution
    # window in one column
    cols = [
        *(["file / kind"] if squeeze.short else ["file", "kind"]),
        *("rows", "dropped", "dates"),
        *(["cur mkt win"] if squeeze.short else ["cur", "mkt", "window"]),
    ]
    for col in cols:
        right = col in ("rows", "dropped")
        table.add_column(col, justify="right" if right else "left", no_wrap=True)
    for f in data["files"]:
        window = f"{f['attribution_days']}d" if f["attribution_days"] else "-"
        where = (f["currency"] or "-", f["marketplace"] or "-", window)
        name = squeeze.name(escape_control(_short(f["path"], scan)))
        table.add_row(
            *((f"{name}\n  {f['kind']}",) if squeeze.short else (name, f["kind"])),
            f"{f['rows']:,}",
            f"{f['dropped']:,}",
            _dates(f["start"], f["end"], squeeze.short),
            *((" ".join(where),) if squeeze.short else where),
        )
    return table


def render_inspect_table(scan: Scan, console: Console) -> None:
    data = inspect_dict(scan)
    longest = max((len(_short(f["path"], scan)) for f in data["files"]), default=0)
    table, _ = fit(console, lambda squeeze: _build(scan, data, squeeze), longest)
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
