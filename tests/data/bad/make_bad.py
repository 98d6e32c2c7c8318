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


def csv_as_xlsx(folder: Path) -> Path:
    """A CSV saved under an .xlsx name."""
    path = folder / f"{REPORT}.xlsx"
    path.write_text(CAMPAIGN, encoding="utf-8")
    return path


def _workbook(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_as_csv(folder: Path) -> Path:
    """A workbook saved under a .csv name: the campaign report's two rows, as cells."""
    path = folder / f"{REPORT}.csv"
    header = HEADER.rstrip("\n").split(",")
    rows: list[list[object]] = [
        [date, "Alice brand", "USD", 1000, 10, 5.0, 20.0, 2, 2]
        for date in ("Oct 1, 2026", "Oct 2, 2026")
    ]
    path.write_bytes(_workbook([list(header), *rows]))
    return path


def gz_as_csv(folder: Path) -> Path:
    """A gzip-compressed CSV without its .gz."""
    import gzip

    path = folder / f"{REPORT}.csv"
    path.write_bytes(gzip.compress(CAMPAIGN.encode()))
    return path


def zip_as_csv(folder: Path) -> Path:
    """A zip holding the report, saved under the report's .csv name."""
    path = folder / f"{REPORT}.csv"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{REPORT}.csv", CAMPAIGN)
    return path


def html_csv(folder: Path) -> Path:
    path = folder / f"{REPORT}.csv"
    path.write_text(
        "\n<!DOCTYPE html>\n<html><head><title>Amazon Sign-In</title></head></html>\n", "utf-8"
    )
    return path


def pdf_csv(folder: Path) -> Path:
    path = folder / f"{REPORT}.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    return path


def _ole2(stream: str) -> bytes:
    """An OLE2 (Compound File) header and a first directory sector naming ``stream``."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[30:32] = (9).to_bytes(2, "little")  # 512-byte sectors
    header[48:52] = (0).to_bytes(4, "little")  # the directory starts at sector 0
    entry = bytearray(128)
    name = "Root Entry".encode("utf-16-le")
    entry[: len(name)] = name
    second = bytearray(128)
    name = stream.encode("utf-16-le") + b"\x00\x00"
    second[: len(name)] = name
    return bytes(header) + bytes(entry) + bytes(second) + bytes(256)


def xls_as_csv(folder: Path) -> Path:
    """An Excel 97-2003 workbook under a .csv name."""
    path = folder / f"{REPORT}.csv"
    path.write_bytes(_ole2("Workbook"))
    return path


def encrypted_xlsx(folder: Path) -> Path:
    """A password-protected workbook (an OLE2 file holding the encrypted package)."""
    path = folder / f"{REPORT}.xlsx"
    path.write_bytes(_ole2("EncryptedPackage"))
    return path


def old_xls(folder: Path) -> Path:
    """An .xls next to a good report: skipped with a warning, the report read."""
    (folder / "costs 2019.xls").write_bytes(_ole2("Workbook"))
    path = folder / f"{REPORT}.csv"
    path.write_text(CAMPAIGN, encoding="utf-8")
    return path


def special_files(folder: Path) -> Path:
    """A good report among a FIFO, a link to /dev/zero, a socket and a broken link, all
    named .csv: opening any of the first three would block or never end."""
    path = folder / f"{REPORT}.csv"
    path.write_text(CAMPAIGN, encoding="utf-8")
    os.mkfifo(folder / "fifo.csv")
    (folder / "zero.csv").symlink_to("/dev/zero")
    (folder / "gone.csv").symlink_to(folder / "deleted.csv")
    import socket

    here = os.getcwd()
    os.chdir(folder)  # a socket's path is limited to ~100 bytes: bind a relative one
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("socket.csv")
    finally:
        os.chdir(here)
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
    "csv_as_xlsx": csv_as_xlsx,
    "xlsx_as_csv": xlsx_as_csv,
    "gz_as_csv": gz_as_csv,
    "zip_as_csv": zip_as_csv,
    "html_csv": html_csv,
    "pdf_csv": pdf_csv,
    "xls_as_csv": xls_as_csv,
    "encrypted_xlsx": encrypted_xlsx,
    "old_xls": old_xls,
    "special_files": special_files,
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
