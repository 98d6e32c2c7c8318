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
from kpitool.io.sniff import Payload
from kpitool.io.xlsx_guard import check_sheets, native

_HEADER_SEARCH_ROWS = 40


def read_xlsx_raw(payload: Payload) -> tuple[pl.LazyFrame, list[str], int]:
    """Return (frame with columns c0..cN, the header cells, the sheet row of the first data row)."""
    source: Any = payload.data if payload.data is not None else str(payload.path)
    if isinstance(source, str) and not source.isprintable():
        source = payload.path.read_bytes()  # a name that is not UTF-8 (or holds controls)
    import fastexcel  # only a folder with a workbook loads the reader (~4 ms)

    check_sheets(payload.data if payload.data is not None else payload.path, payload.path)
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
        return pl.LazyFrame(), [], 0
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
    frame = sheet.select(
        [pl.col(sheet.columns[i]).alias(f"c{j}") for j, i in enumerate(keep)]
    ).filter(~pl.all_horizontal(pl.all().is_null()))
    return frame.lazy(), [header_cells[i] for i in keep], header_index + 2
