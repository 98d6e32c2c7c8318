"""Benchmark ``kpitool compute`` (the whole process) against minimal Polars, DuckDB and pandas
baselines that compute the same totals from the same files, and check the budgets of issue #6.

    python benchmarks/bench.py                                   # 100k, 500k, 1M, 2M, 5M rows
    python benchmarks/bench.py --sizes 100k,1M --runs 3 --label "after: measure folded"
    python benchmarks/bench.py --sizes 5k --runs 1 --no-append   # a smoke run (the tests do it)
    python benchmarks/bench.py --breakdowns --sizes 1M,5M --runs 1  # issue 14's budgets

``--breakdowns`` (issue 14) times, on a month whose search term report has N rows and its
ASIN-like terms drawn from ``--asin-terms`` (125,000: some 200k distinct search terms at 1M
rows): the totals (``compute -f json``), the Polars query doing the same checks
(``baselines.py polars-checked``: dates parsed, bad cells counted and left out, one currency),
``compute --by search_term`` as CSV and as JSON (to a file), and ``--where ... --sort ad_spend
--top 50``; also the totals of a folder of only the 4 files the checked query reads (equal
work: the timed folder has 11). Its budgets, each at 1M rows as the issue sets them: the
totals within 1.25x the checked query on equal work (kpitool on the query's 4 files; the
timed folder's ratio, where kpitool reads 7 more reports, is reported beside it); the CSV and
the JSON each within 3x the totals and under 1.2 GB peak RSS; the top 50 within 1.5x the
totals; and each kpitool run's peak RSS at 5M rows at most 1.5x that at 1M. The wall ratios
of other sizes are listed for information.

For each size, ``scripts/make_samples.py --search-term-rows N`` writes a month of reports
(business, advertised product, campaign, search term, inventory, payments) into
``benchmarks/data/full-<size>/2026-10``. The timed folder ``st-<size>/2026-10`` holds the same
files (hard links) except the SP campaign, advertised product and targeting reports, so that
kpitool takes its Sponsored Products totals from the N-row search term CSV, as the baselines
do: everyone does the same work. ``kpitool (full)`` runs on the whole folder (SP totals from the
small campaign report, the search term CSV only inspected): shown for information, with no
budget, as it does less work than the baselines. ``kpitool compare (full)`` compares the whole
folder with itself (each side's KPIs, and the drivers by ASIN, campaign and search term: the
search term CSV grouped by its search terms), also with no budget; its AFTER totals are checked
like the others. ``kpitool compare --by owner (full)`` does the same with the sample's config
(owners, unit costs) and ``--by owner``: each owner's KPIs and drivers, the owners' ASINs,
campaigns and search terms in the same pass (no budget either).

Each process is timed from spawn to exit (median of ``--runs``), with its peak RSS from
``os.wait4``. Every run's totals (ad spend, ad sales, ad orders, ad units, impressions, clicks,
sales, units) must agree with kpitool's to the cent, else the script stops with exit 1. The
table and the budgets' pass/fail go to stdout and, unless ``--no-append``, to
``benchmarks/RESULTS.md`` with a description of the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MONTH = "2026-10"
PERIOD = "2026-10-01..2026-10-31"
BASE_ROWS = 5_000  # the fixed-cost reference: time per M rows is measured above this size
DEFAULT_SIZES = "100k,500k,1M,2M,5M"

#: files the baselines read (kpitool finds them itself)
FILES = {
    "sp-search-term": "Sponsored Products Search term report.csv",
    "sb-campaign": "Sponsored Brands Campaign report.csv",
    "sd-campaign": "Sponsored Display Campaign report.csv",
    "business-report-by-date": "BusinessReport-11-1-26 (1).csv",
}
#: left out of the timed folder so that SP totals come from the search term report
SP_PREFERRED = (
    "Sponsored Products Campaign report.csv",
    "Sponsored Products Advertised product report.csv",
    "Sponsored Products Targeting report.csv",
)
MONEY = ("ad_spend", "ad_sales", "sales")
COUNTS = ("ad_orders", "ad_units", "impressions", "clicks", "units")
BASELINES = ("polars", "duckdb", "pandas")
KPITOOL, FULL, COMPARE = "kpitool", "kpitool (full)", "kpitool compare (full)"
COMPARE_BY_OWNER = "kpitool compare --by owner (full)"
#: the sample's config: its owners' patterns match the generated ASINs and campaigns
OWNERS_CONFIG = REPO / "configs" / "kpitool.yaml"


#: every process runs as from an installed package, with its bytecode compiled and cached (a
#: PYTHONDONTWRITEBYTECODE in the environment would have kpitool, run from its source tree,
#: compile its ~40 modules in every run: ~50 ms a run that an installed kpitool never pays)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class Mismatch(Exception):
    """A baseline's totals differ from kpitool's: the benchmark would compare different work."""


# ----------------------------------------------------------------------------- sizes and data
def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1_000}k" if n % 1_000 == 0 else str(n)


def make_folders(
    data: Path, n: int, python: str, asin_terms: int | None = None
) -> tuple[Path, Path]:
    """Generate the month once per size (a stamp records it), then link the timed folder."""
    tag = label(n) + (f"-t{asin_terms}" if asin_terms else "")
    full = data / f"full-{tag}" / MONTH
    stamp = full.parent / ".complete"
    made_by = hashlib.sha256((REPO / "scripts/make_samples.py").read_bytes()).hexdigest()[:16]
    if not stamp.exists() or stamp.read_text().split() != [str(n), made_by]:
        shutil.rmtree(full.parent, ignore_errors=True)
        cmd = [python, str(REPO / "scripts/make_samples.py"), "--search-term-rows", str(n)]
        cmd += ["--asin-terms", str(asin_terms)] if asin_terms else []
        subprocess.run([*cmd, "--months", MONTH, "--out", str(full.parent), "--quiet"], check=True)
        stamp.write_text(f"{n} {made_by}\n")
    st = data / f"st-{tag}" / MONTH
    shutil.rmtree(st.parent, ignore_errors=True)
    st.mkdir(parents=True)
    for f in sorted(full.iterdir()):
        if f.is_file() and f.name not in SP_PREFERRED:
            link(f, st / f.name)
    return st, full


def link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (the same bytes, no copy), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# ----------------------------------------------------------------------------------- running
@dataclass
class Run:
    wall: float  # seconds, spawn to exit
    rss: int  # peak resident set size, bytes
    stdout: str


def run(cmd: list[str], cwd: Path) -> Run:
    """Run one process; its wall time and peak RSS (``os.wait4``: this child's own maximum)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=ENV, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{stderr}")
    return Run(wall, usage.ru_maxrss * 1024, stdout)


def kpitool_cmd() -> list[str]:
    script = Path(sys.executable).parent / "kpitool"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kpitool"]


def commands(st: Path, full: Path) -> dict[str, list[str]]:
    kpitool, json_out = kpitool_cmd(), ["--format", "json", "--fail-on", "never"]
    out = {
        KPITOOL: [*kpitool, "compute", str(st), "--period", MONTH, *json_out],
        FULL: [*kpitool, "compute", str(full), "--period", MONTH, *json_out],
        COMPARE: [*kpitool, "compare", str(full), str(full), *json_out],
        COMPARE_BY_OWNER: [
            *kpitool, "compare", str(full), str(full), "--by", "owner",
            "--config", str(OWNERS_CONFIG), *json_out,
        ],
    }  # fmt: skip
    files = [a for key, name in FILES.items() for a in (f"--{key}", str(st / name))]
    for engine in BASELINES:
        out[engine] = [
            sys.executable,
            str(HERE / "baselines.py"),
            engine,
            "--period",
            PERIOD,
            *files,
        ]
    return out


def totals(name: str, stdout: str) -> dict[str, float]:
    if not name.startswith(KPITOOL):
        return {k: float(v) for k, v in json.loads(stdout).items()}
    doc = json.loads(stdout)
    value = "after" if doc["command"] == "compare" else "value"
    return {r["kpi"]: r[value] for r in doc["results"] if not r["group"]}


def check(name: str, got: dict[str, float], want: dict[str, float], rows: int) -> None:
    """Fail loudly unless ``got`` equals kpitool's totals (money to the cent, counts exactly)."""
    bad = []
    for key in (*MONEY, *COUNTS):
        a, b = got.get(key), want.get(key)
        tol = 0.005 if key in MONEY else 0.0
        if a is None or b is None or abs(a - b) > tol:
            bad.append(f"{key}: {name} {a!r} != kpitool {b!r}")
    if bad:
        raise Mismatch(f"{label(rows)} rows: totals disagree:\n  " + "\n  ".join(bad))


@dataclass
class Measured:
    rows: int
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def wall(self, name: str) -> float:
        return statistics.median(r.wall for r in self.runs[name])

    def rss(self, name: str) -> float:
        return statistics.median(r.rss for r in self.runs[name])


def measure_size(n: int, st: Path, full: Path, runs: int, cwd: Path) -> Measured:
    cmds = commands(st, full)
    m = Measured(n, {name: [] for name in cmds})
    names = list(cmds)
    for i in range(runs):
        for name in names[i % len(names) :] + names[: i % len(names)]:  # rotate the order
            m.runs[name].append(run(cmds[name], cwd))
    want = totals(KPITOOL, m.runs[KPITOOL][0].stdout)
    for name, rs in m.runs.items():
        for r in rs:
            check(name, totals(name, r.stdout), want, n)
    return m


def time_startup(runs: int, cwd: Path) -> dict[str, float]:
    return {
        f"kpitool {arg}": statistics.median(
            run([*kpitool_cmd(), arg], cwd).wall for _ in range(runs)
        )
        for arg in ("--help", "--version")
    }


# ------------------------------------------------------------------------------------ report
def per_million(base: Measured, m: Measured, name: str) -> float:
    """Seconds per million rows above the fixed cost (the BASE_ROWS folder's wall time)."""
    return (m.wall(name) - base.wall(name)) / max(1, m.rows - base.rows) * 1e6


def table(base: Measured, sizes: list[Measured]) -> list[str]:
    lines = [
        "| rows | process | wall s | peak RSS MB | wall / polars | RSS / polars | s per M rows |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for m in [base, *sizes]:
        for name in (KPITOOL, *BASELINES, FULL, COMPARE, COMPARE_BY_OWNER):
            slope = "–" if m is base else f"{per_million(base, m, name):.3f}"
            lines.append(
                f"| {label(m.rows)} | {name} | {m.wall(name):.3f} | {m.rss(name) / 2**20:.0f} "
                f"| {m.wall(name) / m.wall('polars'):.2f} | {m.rss(name) / m.rss('polars'):.2f} "
                f"| {slope} |"
            )
    return lines


def budgets(base: Measured, sizes: list[Measured], startup: dict[str, float]) -> list[str]:
    out: list[str] = []

    def verdict(ok: bool, what: str) -> None:
        out.append(f"- {'PASS' if ok else 'FAIL'}: {what}")

    for m in sizes:
        wall_x = m.wall(KPITOOL) / m.wall("polars")
        rss_x = m.rss(KPITOOL) / m.rss("polars")
        verdict(wall_x <= 1.3, f"{label(m.rows)}: wall {wall_x:.2f}x the Polars baseline (<= 1.3x)")
        verdict(rss_x <= 1.5, f"{label(m.rows)}: peak RSS {rss_x:.2f}x Polars (<= 1.5x)")
        for engine in ("duckdb", "pandas"):
            k, e = m.wall(KPITOOL), m.wall(engine)
            verdict(k < e, f"{label(m.rows)}: faster than {engine} ({k:.2f} s vs {e:.2f} s)")
    rates = [per_million(base, m, KPITOOL) for m in sizes if m.rows >= 100_000]
    if len(rates) >= 2 and min(rates) > 0:
        spread = max(rates) / min(rates)
        listed = ", ".join(
            f"{label(m.rows)} {per_million(base, m, KPITOOL):.3f}"
            for m in sizes
            if m.rows >= 100_000
        )
        verdict(spread <= 1.5, f"time per M rows near constant: max/min {spread:.2f} (<= 1.5; "
                f"s per M rows above the {label(base.rows)} fixed cost: {listed})")  # fmt: skip
    by_rows = {m.rows: m for m in sizes}
    if 1_000_000 in by_rows and 5_000_000 in by_rows:
        x = by_rows[5_000_000].rss(KPITOOL) / by_rows[1_000_000].rss(KPITOOL)
        verdict(x <= 1.5, f"peak RSS at 5M rows {x:.2f}x that at 1M (<= 1.5x)")
    for what, wall in startup.items():
        verdict(wall < 0.3, f"{what}: {wall:.3f} s (< 0.3 s)")
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) * 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    versions = ", ".join(f"{p} {_version(p)}" for p in ("kpitool", "polars", "duckdb", "pandas"))
    return (
        f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {mem / 2**30:.0f} GiB, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"{versions}; commit {commit or '?'}"
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def publish(args: argparse.Namespace, lines: list[str]) -> int:
    """Print a run's report, and append it to RESULTS.md unless ``--no-append``."""
    text = "\n".join(lines)
    print(text)
    if not args.no_append:
        with args.results.open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    return 0


# ------------------------------------------------------------------------- breakdowns (#14)
TOTALS, CHECKED = "kpitool totals", "polars-checked"
#: kpitool on a folder of the 4 files the checked query reads (the timed folder has 11)
TOTALS4 = "kpitool totals (the query's 4 files)"
BY_CSV, BY_JSON = "--by search_term -f csv", "--by search_term -f json"
BY_TOP = "--by search_term --where ... --top 50"
WHERE = "clicks >= 10 and ad_orders == 0"
GB = 10**9


def breakdown_commands(st: Path, out: Path) -> dict[str, list[str]]:
    base = [*kpitool_cmd(), "compute", str(st), "--period", MONTH, "--fail-on", "never"]
    by = [*base, "--by", "search_term"]
    files = [a for key, name in FILES.items() for a in (f"--{key}", str(st / name))]
    checked = ["--period", PERIOD, *files]
    four = out / "four" / MONTH  # the same work as the checked query: its files, no other
    four.mkdir(parents=True)
    for name in FILES.values():
        link(st / name, four / name)
    totals4 = [*kpitool_cmd(), "compute", str(four), "--period", MONTH, "--fail-on", "never"]
    return {
        TOTALS: [*base, "-f", "json"],
        TOTALS4: [*totals4, "-f", "json"],
        CHECKED: [sys.executable, str(HERE / "baselines.py"), "polars-checked", *checked],
        BY_CSV: [*by, "-f", "csv", "-o", str(out / "terms.csv")],
        BY_JSON: [*by, "-f", "json", "-o", str(out / "terms.json")],
        BY_TOP: [*by, "--where", WHERE, "--sort", "ad_spend", "--top", "50", "-f", "csv"],
    }


def measure_breakdowns(n: int, st: Path, runs: int, cwd: Path) -> tuple[Measured, int]:
    """Each process ``runs`` times (the order rotated); the totals checked against the
    checked Polars query; the number of distinct search terms of the month."""
    import polars as pl

    with tempfile.TemporaryDirectory() as out:
        cmds = breakdown_commands(st, Path(out))
        m = Measured(n, {name: [] for name in cmds})
        names = list(cmds)
        for i in range(runs):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                m.runs[name].append(run(cmds[name], cwd))
    want = totals(KPITOOL, m.runs[TOTALS][0].stdout)
    check(CHECKED, totals(CHECKED, m.runs[CHECKED][0].stdout), want, n)
    check(TOTALS4, totals(KPITOOL, m.runs[TOTALS4][0].stdout), want, n)
    sp = pl.scan_csv(st / FILES["sp-search-term"], infer_schema=False)
    terms = sp.select(pl.col("Customer Search Term").n_unique()).collect().item()
    return m, int(terms)


def breakdown_report(measured: list[tuple[Measured, int]]) -> list[str]:
    lines = [
        "| rows | search terms | process | wall s | peak RSS MB | wall / totals |",
        "|---:|---:|---|---:|---:|---:|",
    ]
    for m, terms in measured:
        for name in m.runs:
            lines.append(
                f"| {label(m.rows)} | {terms:,} | {name} | {m.wall(name):.2f} | "
                f"{m.rss(name) / 2**20:.0f} | {m.wall(name) / m.wall(TOTALS):.2f} |"
            )
    lines += ["", "Budgets (wall at 1M rows; memory at 5M against 1M):", ""]

    def verdict(ok: bool, what: str) -> None:
        lines.append(f"- {'PASS' if ok else 'FAIL'}: {what}")

    info: list[str] = []
    for m, _ in measured:
        size, t = label(m.rows), m.wall(TOTALS)
        judged = m.rows == 1_000_000
        say = verdict if judged else (lambda ok, what: info.append(f"- {what}"))
        x = m.wall(TOTALS4) / m.wall(CHECKED)
        say(
            x <= 1.25,
            f"{size}: totals on equal work (the query's 4 files) {x:.2f}x the checked Polars "
            "query (<= 1.25x)",
        )
        x = t / m.wall(CHECKED)
        info.append(
            f"- {size}: totals of the timed folder {x:.2f}x the checked Polars query (kpitool "
            "reads its 11 reports, the query 4 of them)"
        )
        for name in (BY_CSV, BY_JSON):
            x, rss = m.wall(name) / t, m.rss(name)
            say(x <= 3, f"{size}: `{name}` {x:.2f}x the totals (<= 3x)")
            verdict(rss < 1.2 * GB, f"{size}: `{name}` peak RSS {rss / GB:.2f} GB (< 1.2 GB)")
        x = m.wall(BY_TOP) / t
        say(x <= 1.5, f"{size}: `{BY_TOP}` {x:.2f}x the totals (<= 1.5x)")
    by_rows = {m.rows: m for m, _ in measured}
    if 1_000_000 in by_rows and 5_000_000 in by_rows:
        one, five = by_rows[1_000_000], by_rows[5_000_000]
        for name in (TOTALS, BY_CSV, BY_JSON, BY_TOP):
            x = five.rss(name) / one.rss(name)
            verdict(x <= 1.5, f"`{name}`: peak RSS at 5M rows {x:.2f}x that at 1M (<= 1.5x)")
    return [*lines, "", "For information (no budget):", "", *info]


def main_breakdowns(args: argparse.Namespace) -> int:
    sizes = sorted({parse_size(s) for s in args.sizes.split(",") if s.strip()})
    args.data.mkdir(parents=True, exist_ok=True)
    started = datetime.now().astimezone()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    measured = []
    try:
        for n in sizes:
            print(f"{label(n)} rows...", file=sys.stderr, flush=True)
            st, _ = make_folders(args.data, n, sys.executable, args.asin_terms)
            measured.append(measure_breakdowns(n, st, args.runs, args.data))
    except Mismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    title = args.label or "breakdowns by search term (issue 14)"
    lines = [
        f"## {started:%Y-%m-%d %H:%M %Z}: {title}",
        "",
        f"Machine: {machine()}. Median of {args.runs} run(s) per process; totals checked "
        f"against the checked Polars query; ASIN-like terms from a pool of {args.asin_terms:,}.",
        "",
        *breakdown_report(measured),
        "",
    ]
    return publish(args, lines)


# -------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help=f"default {DEFAULT_SIZES}")
    ap.add_argument("--runs", type=int, default=3, help="runs per process (median; default 3)")
    ap.add_argument("--data", type=Path, default=HERE / "data", help="where folders are written")
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--no-append", action="store_true", help="print only, leave RESULTS.md")
    ap.add_argument("--label", default="", help="a note for this run in RESULTS.md")
    ap.add_argument("--startup-runs", type=int, default=5, help="runs of --help, --version")
    ap.add_argument("--breakdowns", action="store_true", help="issue 14's budgets (see above)")
    ap.add_argument("--asin-terms", type=int, default=125_000,
                    help="--breakdowns: make_samples.py --asin-terms (default 125000)")  # fmt: skip
    args = ap.parse_args(argv)
    if args.breakdowns:
        return main_breakdowns(args)
    sizes = sorted({parse_size(s) for s in args.sizes.split(",") if s.strip()})
    args.data.mkdir(parents=True, exist_ok=True)
    cwd = args.data  # no configs/kpitool.yaml there: kpitool runs without targets
    started = datetime.now().astimezone()
    # compiled once before any timing, as pip does on install
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    try:
        base_rows = min(BASE_ROWS, *sizes)
        base = measure_size(base_rows, *make_folders(args.data, base_rows, sys.executable),
                            args.runs, cwd)  # fmt: skip
        measured = []
        for n in sizes:
            if n == base.rows:
                measured.append(base)
                continue
            print(f"{label(n)} rows...", file=sys.stderr, flush=True)
            st, full = make_folders(args.data, n, sys.executable)
            measured.append(measure_size(n, st, full, args.runs, cwd))
    except Mismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    startup = time_startup(args.startup_runs, cwd)
    sizes_only = [m for m in measured if m is not base]
    lines = [
        f"## {started:%Y-%m-%d %H:%M %Z}{': ' + args.label if args.label else ''}",
        "",
        f"Machine: {machine()}. Median of {args.runs} run(s) per process; totals checked.",
        "",
        *table(base, sizes_only),
        "",
        *(f"- {what}: {wall:.3f} s" for what, wall in startup.items()),
        "",
        "Budgets:",
        "",
        *budgets(base, sizes_only, startup),
        "",
    ]
    return publish(args, lines)


if __name__ == "__main__":
    raise SystemExit(main())
