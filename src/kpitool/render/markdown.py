"""Markdown output: a summary line and one table row per result; ``|`` escaped in cells."""

from __future__ import annotations

from kpitool.render import profit
from kpitool.render import values as fmt
from kpitool.render.text import escape_control
from kpitool.results import ComputeResult


def cell(text: str) -> str:
    """A table cell: no control characters, no line breaks, ``|`` and ``\\`` escaped."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return escape_control(text)


def render_markdown(result: ComputeResult) -> str:
    dims = list(result.group_by)
    p = result.period
    lines = [f"# KPIs {p.start}..{p.end} ({p.days} days)", ""]
    header = [*dims, "KPI", "Value", "Target", "Status", "Attainment"]
    lines.append("| " + " | ".join(header) + " |")
    aligns = ["---"] * (len(dims) + 1) + ["---:", "---", "---", "---:"]
    lines.append("| " + " | ".join(aligns) + " |")
    for r in result.results:
        row = [
            *fmt.group_label(r, dims),
            r.kpi,
            fmt.value(r, result.currency),
            fmt.target(r, result.currency),
            fmt.status(r.status),
            fmt.attainment(r.attainment),
        ]
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
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
