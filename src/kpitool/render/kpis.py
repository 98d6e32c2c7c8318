"""Renderers of the KPI glossary (``kpitool kpis``): the list, or one KPI explained, as a
terminal table, JSON or Markdown (the README's KPI table is this Markdown)."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from kpitool.kpis.glossary import Entry
from kpitool.render.markdown import cell

if TYPE_CHECKING:
    from rich.console import Console

#: the families, short, for the list's "reads" column
_SHORT = {
    "Business Report": "business report",
    "Sponsored": "ads reports",
    "FBA inventory": "inventory snapshot",
    "payments": "payments + unit costs",
}


def _short(reads: list[str]) -> str:
    return " + ".join(next((v for k, v in _SHORT.items() if r.startswith(k)), r) for r in reads)


def render_kpis_json(entries: list[Entry]) -> str:
    doc = {"schema_version": 1, "command": "kpis", "kpis": [e.to_dict() for e in entries]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_kpis_markdown(entries: list[Entry]) -> str:
    """One row per KPI: id, group, formula, unit, direction, the reports it reads."""
    lines = ["| id | group | formula | unit | better | reads |", "|---|---|---|---|---|---|"]
    for e in entries:
        row = [f"`{e.id}`", e.group, cell(e.formula), e.unit, e.better, _short(e.reads)]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


_ADDITIVE = "yes: adds up across groups; its targets are pro-rated by days"


def explain_lines(e: Entry) -> list[str]:
    """One KPI explained, a line per property."""
    lines = [
        f"{e.id} ({e.group})",
        f"  formula:  {e.formula}",
        f"  unit:     {e.unit}",
        f"  better:   {e.better or 'no direction'}",
        f"  additive: {_ADDITIVE if e.additive else 'no'}",
    ]
    lines += [f"  reads:    {r}" for r in e.reads[:1]]
    lines += [f"            {r}" for r in e.reads[1:]]
    if e.caveat:
        lines.append(f"  note:     {e.caveat}")
    return lines


def render_kpis_text(entries: list[Entry], width: int = 120) -> str:
    from kpitool.render.text import plain_text

    return plain_text(lambda console: draw_kpis(entries, console), width)


def draw_kpis(entries: list[Entry], console: Console) -> None:
    """One KPI: explained line by line; several: a table of them."""
    from rich.table import Table
    from rich.text import Text

    if len(entries) == 1:  # wrapped under its label, at the console's width
        for line in explain_lines(entries[0]):
            for part in textwrap.wrap(line, console.width, subsequent_indent=" " * 12) or [""]:
                console.print(Text(part))
        return
    table = Table(title="KPIs", title_justify="left")
    for col in ("id", "group", "unit", "better", "formula", "reads"):
        table.add_column(col, no_wrap=col == "id", overflow="fold")
    for e in entries:
        table.add_row(e.id, e.group, e.unit, e.better, e.formula, _short(e.reads))
    console.print(table)
