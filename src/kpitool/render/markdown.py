"""Markdown output: a summary line and one table row per result; ``|`` escaped in cells."""

from __future__ import annotations

from kpitool.render import profit, wide
from kpitool.render import values as fmt
from kpitool.render.text import escape_control
from kpitool.results import ComputeResult


def cell(text: str) -> str:
    """A table cell: no control characters, no line breaks, ``|`` and ``\\`` escaped."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return escape_control(text)


def render_markdown(result: ComputeResult) -> str:
    p = result.period
    lines = [f"# KPIs {p.start}..{p.end} ({p.days} days)", ""]
    header = ["KPI", "Value", "Target", "Status", "Attainment"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("| --- | ---: | --- | --- | ---: |")
    for r in result.results:
        if r.group and result.groups is not None:
            continue  # a breakdown's groups: their own table
        row = [
            r.kpi,
            fmt.value(r, result.currency),
            fmt.target(r, result.currency),
            fmt.status(r.status),
            fmt.attainment(r.attainment),
        ]
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    lines += _groups(result)
    steps = profit.waterfall_rows(result)
    if steps:
        lines += ["", "## Profit waterfall (total)", ""]
        lines += ["| Step | Amount | Of product sales |", "| --- | ---: | ---: |"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in steps]
    even = profit.breakeven_rows(result)
    if even:
        lines += ["", f"## ACOS vs break-even ACOS by {profit.breakeven_dim(result)}", ""]
        head = " / ".join(result.group_by)
        lines += [f"| {cell(head)} | acos | break_even_acos | Ads |", "| --- | ---: | ---: | --- |"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in even]
    if result.scores:
        pays = fmt.paid(result.scores)
        lines += ["", "| Group | Score | Payout |" if pays else "| Group | Score |"]
        lines.append("| --- | ---: | ---: |" if pays else "| --- | ---: |")
        for s in result.scores:
            name = ", ".join(f"{k}={v}" for k, v in s.group.items()) or "(total)"
            extra = f" {cell(fmt.payout(s))} |" if pays else ""
            lines.append(f"| {cell(name)} | {cell(fmt.attainment(s.score))} |{extra}")
    lines.append("")
    lines += [f"- {cell(line.strip())}" for line in fmt.summary_lines(result)]
    lines += [f"- warning: {cell(w)}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def _groups(result: ComputeResult) -> list[str]:
    """The breakdown: a row per group, a column per KPI (render/wide.py)."""
    view = wide.rows(result)
    if view is None:
        return []
    lines = ["", f"## {cell(view.title)}", ""]
    lines.append("| " + " | ".join(cell(x) for x in [*view.dims, *view.kpis]) + " |")
    lines.append("| " + " | ".join(["---"] * len(view.dims) + ["---:"] * len(view.kpis)) + " |")
    for labels, cells in view.rows:
        lines.append("| " + " | ".join(cell(x) for x in [*labels, *(c.text for c in cells)]) + " |")
    if view.legend:
        lines += ["", cell(view.legend)]
    return lines
