"""Benchmark the cost of many small files (issue 20 item 4): it must grow with the files, not
with their square.

    python benchmarks/bench_files.py                 # both budgets, appended to RESULTS.md
    python benchmarks/bench_files.py --no-append     # print only

Two generated folders of one-row daily Business Reports (by date), in a temp folder:

- ``daily``: 365 files, one per day of 2025; ``kpitool compute --period 2025`` must take
  under 15 s and 800 MB (peak RSS), and its sales, units and sessions must equal the sums
  of the files' cells (computed here from the values written);
- ``many``: 4,000 files over the same year (about 11 downloads of each day, each with its
  own figures: they overlap); ``kpitool inspect`` must take under 40 s and 600 MB, list
  every file, and give one overlap warning (not one per pair).

Each process is timed from spawn to exit, with its peak RSS from ``os.wait4``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = (
    '"Date","Ordered Product Sales","Ordered Product Sales - B2B","Units Ordered",'
    '"Units Ordered - B2B","Total Order Items","Total Order Items - B2B","Page Views - Total",'
    '"Page Views - Total - B2B","Sessions - Total","Sessions - Total - B2B",'
    '"Featured Offer (Buy Box) Percentage","Featured Offer (Buy Box) Percentage - B2B",'
    '"Unit Session Percentage","Unit Session Percentage - B2B","Average Offer Count",'
    '"Average Parent Items"'
)
START = date(2025, 1, 1)


def write_daily(folder: Path, n: int) -> dict[str, float]:
    """``n`` one-row reports, file i dated START + i % 365 days; the totals of the files that
    hold each day last (the newest download of a day is the one counted)."""
    folder.mkdir(parents=True)
    last: dict[date, tuple[float, int, int]] = {}
    for i in range(n):
        day = START + timedelta(days=i % 365)
        sales, units, sessions = 100 + i + 0.5, 3 + i % 5, 30 + i % 7
        row = (
            f'"{day:%m/%d/%Y}","${sales:,.2f}","$1.00","{units}","0","3","0","40","0",'
            f'"{sessions}","0","99%","100%","10%","0%","3","1"'
        )
        path = folder / f"BusinessReport-{i:05d}.csv"
        path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))  # later files are newer
        last[day] = (sales, units, sessions)
    return {
        "sales": sum(v[0] for v in last.values()),
        "units": sum(v[1] for v in last.values()),
        "sessions": sum(v[2] for v in last.values()),
    }


def run(args: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MB, exit code and stdout of ``kpitool ARGS``."""
    exe = Path(sys.executable).with_name("kpitool")
    out = cwd / "out.txt"
    start = time.perf_counter()
    with out.open("wb") as fh:
        proc = subprocess.Popen([str(exe), *args], cwd=cwd, stdout=fh, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out.read_text()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="", help="what this run measures (RESULTS.md)")
    parser.add_argument("--no-append", action="store_true", help="do not write RESULTS.md")
    opts = parser.parse_args()
    lines: list[str] = []
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        expected = write_daily(root / "daily", 365)
        write_daily(root / "many", 4000)
        wall, rss, code, out = run(
            ["compute", "daily", "--period", "2025", "-f", "json", "--fail-on", "never"], root
        )
        values = {r["kpi"]: r["value"] for r in json.loads(out)["results"] if not r["group"]}
        for kpi, want in expected.items():
            if abs(values[kpi] - want) > 0.005:
                print(f"{kpi}: kpitool {values[kpi]} != {want} from the files", file=sys.stderr)
                return 1
        ok &= code == 0 and wall < 15 and rss < 800
        lines.append(
            f"| compute 365 one-row daily reports | {wall:.1f} | {rss:.0f} | 15 s, 800 MB |"
        )
        wall, rss, code, out = run(["inspect", "many", "-f", "json"], root)
        result = json.loads(out)
        overlaps = [w for w in result["warnings"] if "overlap" in w]
        if len(result["files"]) != 4000 or len(overlaps) != 1:
            print(f"inspect: {len(result['files'])} files, {len(overlaps)} overlap warnings")
            return 1
        ok &= code == 0 and wall < 40 and rss < 600
        lines.append(f"| inspect 4,000 one-row reports | {wall:.1f} | {rss:.0f} | 40 s, 600 MB |")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            f"## {now}: many small files{': ' + opts.label if opts.label else ''}",
            "",
            f"`benchmarks/bench_files.py` on {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}; one run each, on a shared, busy machine "
            "(other sessions' tests ran beside it). Totals checked against the files.",
            "",
            "| run | wall s | peak RSS MB | budget |",
            "|---|---:|---:|---|",
            *lines,
            "",
            f"Budgets: {'PASS' if ok else 'FAIL'}",
            "",
        ]
    )
    print(text)
    if not opts.no_append:
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
