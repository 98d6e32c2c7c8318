"""Build the bad-input fixtures that are big, binary or need the filesystem.

The small text fixtures are committed next to this file (``reports/``, ``configs/``); these
are made at test time (``tests/test_bad_input.py`` calls :data:`BUILDERS` with a tmp folder)
or by hand: ``python tests/data/bad/make_bad.py OUT_DIR`` writes one sub-folder per case.
"""

from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

HEADER = (
    "Date,Campaign Name,Currency,Impressions,Clicks,Spend,7 Day Total Sales ,"
    "7 Day Total Orders (#),7 Day Total Units (#)\n"
)
ROWS = (
    '"Oct 1, 2026",Alice brand,USD,1000,10,$5.00,$20.00,2,2\n'
    '"Oct 2, 2026",Alice brand,USD,1000,10,$5.00,$20.00,2,2\n'
)
CAMPAIGN = HEADER + ROWS
BUSINESS = (
    '"(Parent) ASIN","(Child) ASIN","Sessions - Total","Units Ordered","Ordered Product Sales"\n'
    '"P1","C1","100","10","$50.00"\n'
)
REPORT = "Sponsored Products Campaign report"


def corrupt_xlsx(folder: Path) -> Path:
    """A zip signature, then garbage: what a download cut short looks like."""
    path = folder / f"{REPORT}.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00" + random.Random(1).randbytes(2000))
    return path


def html_xlsx(folder: Path) -> Path:
    """A web page saved under the report's name (a login page, an error page)."""
    path = folder / f"{REPORT}.xlsx"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Amazon Sign-In</title></head>"
        "<body><table><tr><td>Date</td><td>Spend</td></tr></table></body></html>\n",
        encoding="utf-8",
    )
    return path


def binary_junk_csv(folder: Path) -> Path:
    path = folder / f"{REPORT}.csv"
    path.write_bytes(random.Random(2).randbytes(8192))
    return path


def ten_mb_line(folder: Path) -> Path:
    """A header, then one 10 MB line without a line break (a save that went wrong)."""
    path = folder / f"{REPORT}.csv"
    path.write_bytes(HEADER.encode() + b'"Oct 1, 2026",' + b"x" * (10 * 1024 * 1024))
    return path


def zip_two_reports(folder: Path) -> Path:
    path = folder / f"{REPORT}.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{REPORT}.csv", CAMPAIGN)
        zf.writestr("BusinessReport.csv", BUSINESS)
    return path


def zip_big_member(folder: Path, size: int = 64 * 1024) -> Path:
    """One report member that expands to ``size`` bytes: past the limit once the test lowers
    ``kpitool.io.sniff.MAX_EXPANDED_BYTES`` (a real zip bomb would take gigabytes)."""
    path = folder / f"{REPORT}.zip"
    body = io.StringIO()
    body.write(HEADER)
    while body.tell() < size:
        body.write(ROWS)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{REPORT}.csv", body.getvalue())
    return path


def symlink_loop(folder: Path) -> Path:
    """A good report, a folder link back to its own parent and a file link to itself."""
    path = folder / f"{REPORT}.csv"
    path.write_text(CAMPAIGN, encoding="utf-8")
    sub = folder / "sub"
    sub.mkdir()
    (sub / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "self.csv").symlink_to(folder / "self.csv")
    return path


def unreadable(folder: Path) -> Path:
    """A report with mode 000 (root reads it anyway: see the test)."""
    path = folder / f"{REPORT}.csv"
    path.write_text(CAMPAIGN, encoding="utf-8")
    path.chmod(0)
    return path


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "corrupt_xlsx": corrupt_xlsx,
    "html_xlsx": html_xlsx,
    "binary_junk_csv": binary_junk_csv,
    "ten_mb_line": ten_mb_line,
    "zip_two_reports": zip_two_reports,
    "zip_big_member": zip_big_member,
    "symlink_loop": symlink_loop,
    "unreadable": unreadable,
}


def main(out: Path) -> None:
    for name, build in BUILDERS.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=False)
        build(folder)
        print(f"wrote {folder}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2 or os.path.exists(sys.argv[1]):
        sys.exit("usage: make_bad.py OUT_DIR (a folder that does not exist yet)")
    main(Path(sys.argv[1]))
