"""Checks on an .xlsx before the reader allocates anything, and a guard around native code.

calamine allocates a sheet as one dense grid from its first to its last cell: a 4 KB file with
one cell at ``XFD1048576`` asks for 17 billion cells (an abort). :func:`check_sheets` streams
the XML of every worksheet (never more than :data:`kpitool.io.sniff.MAX_EXPANDED_BYTES`) and
refuses a sheet whose declared (``<dimension>``) or real (last row x last column) size is past
:data:`MAX_CELLS`. :func:`native` turns a panic of the Rust reader (``PanicException``, a
``BaseException``) into an :class:`InputError` and keeps its backtrace off the terminal.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from kpitool.errors import InputError
from kpitool.io import sniff

#: a sheet may span at most this many cells (a million rows of 50 columns)
MAX_CELLS = 50_000_000
_REF = re.compile(rb'<(?:\w+:)?(?:c|row)\s[^>]*?\br="([A-Z]{0,3})([0-9]+)"')
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s[^>]*?\bref="([A-Z]{1,3})?([0-9]*):?([A-Z]{1,3})?([0-9]*)"'
)
_CHUNK = 1 << 20


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class FirstSheet(NamedTuple):
    """What the reader does not say of the first sheet."""

    #: the cells (sheet row, column, 1-based) that hold a formula without a saved value (a
    #: workbook written by a program and never opened in Excel): the reader reads them as
    #: empty, so read.py counts them as bad cells
    uncached: set[tuple[int, int]]
    #: the sheet row of its first cell with a value: the reader's first row (it skips the
    #: empty rows above), so that messages name rows as Excel numbers them
    top: int = 1


def check_sheets(source: bytes | Path, path: Path) -> FirstSheet:
    """Raise InputError if a worksheet of the workbook ``source`` is absurdly large; else
    say what the reader does not of the first sheet (see :class:`FirstSheet`)."""
    try:
        zf = zipfile.ZipFile(source if isinstance(source, Path) else _bytes_io(source))
    except Exception:  # zipfile raises many types for a broken file
        return FirstSheet(set())  # not a zip it can open: the reader says what it is
    first_sheet = FirstSheet(set())
    with zf:
        _check_expansion(zf, path)  # before any part is read
        first = _first_sheet(zf)
        for info in zf.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                try:
                    with zf.open(info) as fh:
                        found = _check_sheet(fh, path, formulas=info.filename == first)
                except InputError:
                    raise
                except Exception as exc:  # as above
                    raise InputError(
                        f"{path}: not a readable .xlsx workbook ({exc}); download it again"
                    ) from exc
                if found is not None:  # the first sheet's (formulas=True)
                    first_sheet = found
    return first_sheet


def _check_expansion(zf: zipfile.ZipFile, path: Path) -> None:
    """Refuse a workbook whose parts expand past the cap together (shared strings, styles:
    the reader loads them whole), counted while they stream, whatever their headers say."""
    limit = sniff.MAX_EXPANDED_BYTES
    if sum(i.file_size for i in zf.infolist()) > limit:
        raise _bomb(path, limit)
    total = 0
    for info in zf.infolist():
        if info.filename.startswith("xl/worksheets/"):
            continue  # streamed by _check_sheet
        try:
            with zf.open(info) as fh:
                while block := fh.read(_CHUNK):
                    total += len(block)
                    if total > limit:
                        raise _bomb(path, limit)
        except InputError:
            raise
        except Exception as exc:  # zipfile, zlib...: a part the reader could not read either
            raise InputError(
                f"{path}: not a readable .xlsx workbook ({exc}); download it again"
            ) from exc


def _bomb(path: Path, limit: int) -> InputError:
    return InputError(
        f"{path}: the workbook expands past {limit} bytes; refused (a zip bomb?): export the "
        "report as CSV"
    )


_SHEET_ID = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?\br:id="([^"]+)"')
_TARGET = re.compile(rb"<Relationship\s[^>]*>")


def _head(zf: zipfile.ZipFile, name: str) -> bytes:
    """The first MB of a part, not the whole part decompressed."""
    with zf.open(name) as fh:
        return fh.read(_CHUNK)


def _first_sheet(zf: zipfile.ZipFile) -> str:
    """The XML part of the workbook's first sheet (the one the reader reads)."""
    try:
        m = _SHEET_ID.search(_head(zf, "xl/workbook.xml"))
        rels = _head(zf, "xl/_rels/workbook.xml.rels")
    except Exception:  # missing, or a mangled member (zlib, CRC...): the reader says what
        return "xl/worksheets/sheet1.xml"
    if m is not None:
        for tag in _TARGET.findall(rels):
            if f'Id="{m[1].decode(errors="replace")}"'.encode() in tag:
                t = re.search(rb'Target="([^"]+)"', tag)
                if t is not None:
                    target = t[1].decode(errors="replace").lstrip("/")
                    return target if target.startswith("xl/") else f"xl/{target}"
    return "xl/worksheets/sheet1.xml"


#: a cell element with content: its attributes, then what it holds
_CELL = re.compile(rb"<(?:\w+:)?c(\s[^>]*?)?(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]")
_INLINE = re.compile(rb"<(?:\w+:)?is>")
#: formula cells without a value past this many: the workbook is refused, not counted
MAX_UNCACHED = 100_000


class _Formulas:
    """Collects the formula cells without a saved value from the sheet XML, fed by blocks
    (a cell is looked at once whole: the text after the last ``</c>`` waits for the next
    block)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.carry = b""
        self.cells: set[tuple[int, int]] = set()
        self.top: int | None = None  # the row of the first cell with a value

    def feed(self, block: bytes) -> None:
        data = self.carry + block
        # after the last closing cell tag, ``</c>`` or a prefixed ``</x:c>``
        plain, prefixed = data.rfind(b"</c>"), data.rfind(b":c>")
        cut = max(plain + 4 if plain >= 0 else 0, prefixed + 3 if prefixed >= 0 else 0)
        data, self.carry = data[:cut], data[cut:]
        if len(self.carry) > 8 * _CHUNK:  # a cell of 8 MB is not one a report has
            self.carry = self.carry[-_CHUNK:]
        if self.top is None:  # rows come in order: the first cell with a value is the top's
            for cell in _CELL.finditer(data):
                ref = _CELL_REF.search(cell[1] or b"")
                if ref is not None and (_VALUE.search(cell[2]) or _INLINE.search(cell[2])):
                    self.top = int(ref[2])
                    break
        if b"<f" not in data and b":f" not in data:
            return
        for attrs, body in _CELL.findall(data):
            if _FORMULA.search(body) and not _VALUE.search(body):
                ref = _CELL_REF.search(attrs or b"")
                if ref is not None:
                    self.cells.add((int(ref[2]), _column(ref[1])))
        if len(self.cells) > MAX_UNCACHED:
            raise InputError(
                f"{self.path}: more than {MAX_UNCACHED:,} formula cells without a saved value; "
                "open the workbook in Excel and save it (which stores their values), or "
                "export the report as CSV"
            )


def _bytes_io(data: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(data)


def _too_big(path: Path, rows: int, cols: int, what: str) -> InputError:
    return InputError(
        f"{path}: the sheet {what} {rows:,} rows x {cols:,} columns, past {MAX_CELLS:,} cells; "
        "refused (a broken or hostile file?): save only the report's rows as .xlsx or export "
        "it as CSV"
    )


def _check_sheet(fh: IO[bytes], path: Path, *, formulas: bool = False) -> FirstSheet | None:
    scan = _Formulas(path) if formulas else None
    limit = sniff.MAX_EXPANDED_BYTES
    read = 0
    tail = b""
    max_row = max_col = 0
    declared = False
    while block := fh.read(_CHUNK):
        read += len(block)
        if read > limit:
            raise InputError(
                f"{path}: a sheet expands past {limit} bytes; refused (a zip bomb?): export "
                "the report as CSV"
            )
        if scan is not None:
            scan.feed(block)
        data = tail + block
        cut = data.rfind(b">") + 1
        data, tail = data[:cut], data[cut:]
        if len(tail) > _CHUNK:  # no tag ends in a whole MB: not a sheet the reader can use
            tail = tail[-1024:]
        if not declared:
            m = _DIMENSION.search(data)
            if m is not None:
                declared = True
                rows = int(m[4] or m[2] or 0)
                cols = _column(m[3] or m[1] or b"")
                if rows * cols > MAX_CELLS:
                    raise _too_big(path, rows, cols, "declares")
        for letters, digits in _REF.findall(data):
            row = int(digits)
            if row > max_row:
                max_row = row
            if letters:
                col = _column(letters)
                if col > max_col:
                    max_col = col
        if max_row * max(max_col, 1) > MAX_CELLS:
            raise _too_big(path, max_row, max(max_col, 1), "spans")
    if scan is not None:
        scan.feed(b"")
        return FirstSheet(scan.cells, scan.top or 1)
    return None


_PASS = (KeyboardInterrupt, SystemExit, GeneratorExit)


@contextlib.contextmanager
def native(path: Path) -> Iterator[None]:
    """Run native reader code: a panic becomes one InputError naming ``path``, and what the
    Rust runtime prints about it (a backtrace when RUST_BACKTRACE is set) is dropped."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2: nothing to keep quiet
        saved = -1
    spool = tempfile.TemporaryFile() if saved >= 0 else None  # noqa: SIM115 - closed below
    if spool is not None:
        os.dup2(spool.fileno(), 2)
    panicked = False
    try:
        yield
    except _PASS:
        raise
    except InputError:
        raise
    except BaseException as exc:
        if isinstance(exc, Exception) and not type(exc).__name__.endswith("PanicException"):
            raise
        panicked = True
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise InputError(
            f"{path}: the .xlsx reader failed on a cell ({first}); a date or number far out "
            "of range? fix the cell or export the report as CSV"
        ) from None
    finally:
        if spool is not None:
            os.dup2(saved, 2)
            os.close(saved)
            if not panicked:  # replay what others wrote meanwhile (a progress spinner)
                spool.seek(0)
                kept = spool.read()
                if kept:
                    os.write(2, kept)
            spool.close()
