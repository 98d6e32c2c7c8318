"""Read the first sheet of an .xlsx report with fastexcel (calamine).

Amazon's files are written by Apache POI's streaming writer (`<dimension ref="A1"/>`, inline
strings); calamine reads all their rows. Numbers, fractions for percent cells and dates arrive
typed. Blank, headerless columns (added when a file is re-saved) are dropped.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from kpitool.errors import InputError
from kpitool.io.headers import known_count
from kpitool.io.model import ROW
from kpitool.io.sniff import Payload
from kpitool.io.xlsx_guard import check_sheets, native

_HEADER_SEARCH_ROWS = 40


#: the raw column that flags a row holding a formula cell without a saved value
UNCACHED = "_uncached"


def read_xlsx_raw(payload: Payload) -> tuple[pl.LazyFrame, list[str], str | None]:
    """Return (frame with columns c0..cN and ``ROW``, the header cells, the reason for the
    rows flagged in its ``UNCACHED`` column, if it has one).

    ``ROW`` is each row's number on the sheet, as Excel shows it: blank rows are left out
    after they are numbered, so a row below one keeps its number in messages.

    A formula cell without a saved value (a workbook a program wrote and Excel never saved)
    is read as empty by the reader: its row is flagged, to be left out and counted."""
    source: Any = payload.data if payload.data is not None else str(payload.source)
    if isinstance(source, str) and not source.isprintable():
        source = payload.source.read_bytes()  # a name that is not UTF-8 (or holds controls)
    import fastexcel  # only a folder with a workbook loads the reader (~4 ms)

    uncached, top = check_sheets(
        payload.data if payload.data is not None else payload.source, payload.path
    )
    try:
        with native(payload.path):
            reader = fastexcel.read_excel(source)
            probe = reader.load_sheet(0, header_row=None, n_rows=_HEADER_SEARCH_ROWS).to_polars()
    except InputError:
        raise
    except Exception as exc:  # fastexcel raises its own exception types for broken files
        raise InputError(
            f"{payload.path}: not a readable .xlsx workbook ({type(exc).__name__}); "
            "download the report again or save it as .xlsx"
        ) from exc
    header_index = None
    for i, row in enumerate(probe.iter_rows()):
        cells = ["" if v is None else str(v) for v in row]
        if known_count(cells) >= 2:
            header_index = i
            break
    if header_index is None:
        return pl.LazyFrame(), [], None
    try:
        # types from every row, not the first 1,000: a text cell further down makes its column
        # text, so that the cleaners count it instead of the reader nulling it
        with native(payload.path):
            sheet = reader.load_sheet(
                0, header_row=header_index, schema_sample_rows=None
            ).to_polars()
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{payload.path}: cannot read the sheet ({exc})") from exc
    header_cells = ["" if v is None else str(v) for v in probe.row(header_index)]
    keep = [i for i, h in enumerate(header_cells) if h.strip() and i < sheet.width]
    first_row = top + header_index + 1  # the sheet row (Excel's number) of the first data row
    columns = [pl.col(sheet.columns[i]).alias(f"c{j}") for j, i in enumerate(keep)]
    rows = pl.int_range(0, pl.len(), dtype=pl.UInt32).add(first_row)  # numbered before blanks go
    blank = pl.all_horizontal(pl.exclude(ROW, UNCACHED).is_null())
    # cells of the report's columns (sheet columns from A, rows from 1) below the header
    kept = set(keep)
    formulas = sorted((r, c) for r, c in uncached if r >= first_row and c - 1 in kept)
    if not formulas:
        frame = sheet.select(*columns, rows.alias(ROW)).filter(~blank)
        return frame.lazy(), [header_cells[i] for i in keep], None
    flagged = rows.is_in([r for r, _ in formulas])
    frame = sheet.select(*columns, flagged.alias(UNCACHED), rows.alias(ROW)).filter(
        ~blank | pl.col(UNCACHED)
    )
    first_at, col = formulas[0]
    reason = (
        "a formula cell without a saved value, which reads as empty (first: "
        f"{_letters(col)}{first_at} in column '{header_cells[col - 1].strip()}'); open the "
        "workbook in Excel and save it, "
        "or export the report as CSV"
    )
    return frame.lazy(), [header_cells[i] for i in keep], reason


def _letters(col: int) -> str:
    """A 1-based column number as its letters (1 -> A, 28 -> AB)."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out
