"""Count the ragged rows of a text report: rows with more or fewer fields than its header.

Polars reads such a file with ``truncate_ragged_lines`` (short rows padded with nulls, long
ones cut) and says nothing; kpitool counts them so the reader can warn. The count is by
Python's ``csv`` module, which knows every quoting rule, but at ~40 MB/s; most files take
a vectorised count of the same thing instead (Polars reads each line as one string), and
fall back to ``csv`` when a line is not simple enough for it (see ``_by_lines``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl

from kpitool.errors import InputError
from kpitool.io.sniff import TextLayout

#: ragged rows are counted in files up to this size (the count reads the whole file again)
LIMIT = 32 * 1024**2
_UNIT = "\x1f"  # a separator no report holds: each line is read as one field
_SMALL = 128 * 1024  # csv reads a file this small faster than a Polars query starts (~1 ms)


def count_ragged(source: Path | bytes, layout: TextLayout, path: Path) -> int:
    """The number of non-empty rows after the header whose field count is not the header's.

    ``source``: the file (UTF-8), or its bytes as UTF-8 (a BOM may lead). ``path`` only
    names the file in an error."""
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    quick = _by_lines(source, layout) if size > _SMALL else None
    if quick is not None:
        return quick
    return _by_csv(source if isinstance(source, bytes) else source.read_bytes(), layout, path)


def _holds(source: Path | bytes, needle: bytes) -> bool:
    if isinstance(source, bytes):
        return needle in source
    with source.open("rb") as fh:  # block by block: the file is not held in memory
        return any(needle in block for block in iter(lambda: fh.read(1 << 20), b""))


def scan_lines(source: Path | bytes, skip: int) -> pl.LazyFrame:
    """The lines of ``source`` past its first ``skip``, each one string (column ``l``; a
    line holding the unit separator is cut there), read by Polars, streamed."""
    return pl.scan_csv(
        source,
        glob=False,
        has_header=False,
        separator=_UNIT,
        quote_char=None,
        schema={"l": pl.String},
        skip_lines=skip,
        encoding="utf8-lossy",
        raise_if_empty=False,
        truncate_ragged_lines=True,
    )


def _by_lines(source: Path | bytes, layout: TextLayout) -> int | None:
    """Fields per line = separators outside quoted fields + 1, for files whose quotes all
    open and close on one line, at field edges (``"Oct 1, 2026"``, ``"a ""b"" c"``). None
    when a line is not like that (a field across lines, ``5" mat``): ``csv`` decides.

    Streamed by Polars: a 17 MB file read whole, with its lines' intermediate columns, took
    ~90 MB of memory (more than the report's own KPI queries)."""
    if _holds(source, _UNIT.encode()):
        return None
    frame = scan_lines(source, layout.header_index + 1)
    line = pl.col("l").str.strip_chars_end("\r")
    sep = layout.delimiter
    if layout.quote is None:
        fields = line.str.count_matches(sep, literal=True) + 1
        odd = stray = pl.lit(False)
    else:
        q, qs, ss = layout.quote, re.escape(layout.quote), re.escape(sep)
        odd = line.str.count_matches(q, literal=True) % 2 == 1
        # every field either wholly quoted ("" inside) or free of quotes: else a quote is
        # inside a field ('5" mat', 'x"y'), which only csv reads right
        field = rf"{qs}(?:[^{qs}]|{qs}{qs})*{qs}|[^{ss}{qs}]*"
        stray = ~line.str.contains(rf"^(?:{field})(?:{ss}(?:{field}))*$")
        unquoted = line.str.replace_all(rf"{qs}[^{qs}]*{qs}", "")
        fields = unquoted.str.count_matches(sep, literal=True) + 1
    filled = line.is_not_null() & (line != "")
    # a line longer than csv's field limit holds a field no report has: csv says so
    huge = line.str.len_bytes() > csv.field_size_limit()
    try:
        out = frame.select(
            ragged=(filled & (fields != len(layout.header))).sum(),
            unsure=(filled & (odd | stray | huge)).any(),
        ).collect(engine="streaming")
    except pl.exceptions.PolarsError:  # pragma: no cover - csv will say what is wrong
        return None
    if out["unsure"][0]:
        return None
    return int(out["ragged"][0])


def _by_csv(data: bytes, layout: TextLayout, path: Path) -> int:
    lines = io.StringIO(data.decode("utf-8-sig", errors="replace"))
    for _ in range(layout.header_index + 1):
        lines.readline()
    width = len(layout.header)
    if layout.quote is None:
        reader = csv.reader(lines, delimiter=layout.delimiter, quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(lines, delimiter=layout.delimiter, quotechar=layout.quote)
    try:
        return sum(1 for row in reader if row and len(row) != width)
    except csv.Error as exc:  # e.g. a 10 MB line: no report Amazon writes has such a field
        line = layout.header_index + 1 + reader.line_num
        raise InputError(
            f"{path}: not a well-formed report (line {line}: {exc}); download it again"
        ) from None
