"""Regenerate the generated parts of README.md (between <!-- BEGIN x --> / <!-- END x -->).

    python scripts/update_readme.py          # rewrite README.md
    python scripts/update_readme.py --check  # exit 1 if README.md is stale (tests do this)

Generated: the KPI table (from the catalogue), the real output of the main job on the
bundled sample, the review walkthrough (compute --history, trend by owner, suggest)
with the trend's output in its own section, one owner's drivers of compare --by owner, and the
search-term views (compute --by search_term --where/--sort/--top).
Run from the repository root.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SAMPLE = "sample_reports/2026-10"


def sample_output() -> str:
    """What `kpitool compute sample_reports/2026-10` prints (plain, 100 columns)."""
    import os

    from kpitool.config import load_config
    from kpitool.engine.compute import compute
    from kpitool.engine.scan import inspect_folder
    from kpitool.render.table import render_table_text

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        scan = inspect_folder(Path(SAMPLE))
        result = compute(scan, load_config(Path("configs/kpitool.yaml")))
        text = render_table_text(result, width=100)
    finally:
        os.chdir(cwd)
    lines = [line.rstrip() for line in text.splitlines()]
    return "```text\n$ kpitool compute " + SAMPLE + "\n" + "\n".join(lines) + "\n```\n"


def _run(args: list[str]) -> tuple[str, str]:
    """What ``kpitool ARGS`` prints (stdout, stderr), as a user runs it."""
    from typer.testing import CliRunner

    from kpitool.cli import app

    # tables as a 100-column terminal shows them, whatever $COLUMNS says (pytest sets 80)
    done = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    if done.exit_code not in (0, 1):
        raise SystemExit(f"kpitool {' '.join(args)} exited {done.exit_code}: {done.stderr}")
    return done.stdout, done.stderr


#: the sample's months, walked through in "Reviewing a quarter"; NEXT is the month suggested
MONTHS = ("2026-09", "2026-10", "2026-11")
NEXT = "2026-12"


def walkthrough() -> dict[str, str]:
    """The review cycle on the sample's three months: compute each with --history, trend by
    owner (with payouts), suggest next month's targets; and the trend alone (for its own
    section). Run in a scratch folder that links to the sample, so the history file never
    lands in the repository."""
    import os
    import tempfile

    cwd = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("sample_reports", "configs"):
            os.symlink(ROOT / name, Path(scratch) / name)
        os.chdir(scratch)
        try:
            blocks = []
            for month in MONTHS:
                args = ["compute", f"sample_reports/{month}", "--by", "owner"]
                args += ["--history", "history.db", "-f", "json", "-o", f"{month}.json"]
                _, err = _run(args)
                blocks.append(f"$ kpitool {' '.join(args)}\n{err}")
            args = ["trend", "--history", "history.db", "--by", "owner", "--kpis", "sales,acos"]
            out, _ = _run(args)
            trend = f"$ kpitool {' '.join(args)}\n{out}"
            blocks.append(trend)
            args = ["suggest", "--history", "history.db", "--period", NEXT]
            out, _ = _run(args)
            head = out.split("\n  bob:\n")[0]
            blocks.append(f"$ kpitool {' '.join(args)}\n{head}\n  ...\n")
        finally:
            os.chdir(cwd)
    return {"walkthrough": _text_block("".join(blocks)), "trend-output": _text_block(trend)}


def _text_block(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return "```text\n" + "\n".join(lines) + "\n```\n"


def compare_by_owner() -> str:
    """One owner's drivers in ``kpitool compare ... --by owner --top 2`` (the table's header
    and alice's rows), and the note of ``--by asin``."""
    import os

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        months = ["sample_reports/2026-09", "sample_reports/2026-10"]
        args = ["compare", *months, "--by", "owner", "--top", "2"]
        out, _ = _run(args)
        _, err = _run(["compare", *months, "--by", "asin", "-f", "json"])
    finally:
        os.chdir(cwd)
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Drivers ("))
    alice = [i for i, line in enumerate(lines) if line.startswith("alice ") and i > start]
    table = lines[start : start + 3] + lines[alice[0] : alice[-1] + 1]
    note = next(line for line in err.splitlines() if "per asin list no" in line)
    body = [f"$ kpitool {' '.join(args)}", "...", *table, "...", ""]
    body += ["$ kpitool compare ... --by asin", "...", note]
    return "```text\n" + "\n".join(line.rstrip() for line in body) + "\n```\n"


def search_terms() -> str:
    """The search-term views of a PPC manager on the sample: the terms that spend without
    selling, and those that convert (compute --where/--sort/--top, wide CSV)."""
    import os

    cwd = Path.cwd()
    os.chdir(ROOT)
    blocks = []
    try:
        spend = ["--where", "clicks >= 10 and ad_orders == 0", "--sort", "ad_spend"]
        convert = ["--where", "ad_orders >= 5 and acos < 0.2", "--sort", "ad_sales", "--top", "5"]
        convert += ["--kpis", "ad_sales,acos,ad_orders,clicks"]
        for view in (spend, convert):
            args = ["compute", SAMPLE, "--by", "search_term", *view, "-f", "csv"]
            args += ["--layout", "wide"]
            out, err = _run(args)
            shown = " ".join(f'"{a}"' if " " in a else a for a in args)
            notes = "".join(line + "\n" for line in err.splitlines() if line.startswith("note:"))
            blocks.append(f"$ kpitool {shown}\n{out}{notes if view is spend else ''}")
    finally:
        os.chdir(cwd)
    lines = [line.rstrip() for line in "\n".join(blocks).splitlines()]
    return "```text\n" + "\n".join(lines) + "\n```\n"


def sections() -> dict[str, str]:
    from kpitool.kpis.glossary import glossary
    from kpitool.render.kpis import render_kpis_markdown

    return {
        "kpi-table": render_kpis_markdown(glossary()),
        "sample-output": sample_output(),
        **walkthrough(),
        "compare-by-owner": compare_by_owner(),
        "search-terms": search_terms(),
    }


def render(text: str) -> str:
    for name, body in sections().items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", flags=re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- BEGIN {name} --> section")
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), text)
    return text


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is stale: run python scripts/update_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
