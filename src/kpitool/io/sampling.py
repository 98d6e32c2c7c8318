"""A text report's lazy scan, the sample of its first rows (which decides how its cells are
read), and the file's fingerprint, in one pass over its bytes (moved from read.py)."""

from __future__ import annotations

import codecs
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from kpitool.io import ragged, repeats
from kpitool.io.sniff import (
    TEXT_SUFFIXES,
    Payload,
    TextLayout,
)

_SAMPLE_ROWS = 2000
_SAMPLE_BYTES = 4 * 1024**2  # the sample is read from at most this much of a text file


def _scan_text(
    payload: Payload, layout: TextLayout, utf8: bool
) -> tuple[pl.LazyFrame, list[str], pl.DataFrame | None, Callable[[], bool]]:
    """The lazy scan of a text report, the warnings about its rows, a sample of its first
    rows, and the check that its lines are all different (io/repeats.py)."""
    names = [f"c{i}" for i in range(len(layout.header))]
    lazy_ok = (
        payload.data is None
        # Polars takes a path as UTF-8: a name with other bytes is read here, not by name
        and _utf8_name(payload.source)
        and layout.encoding in ("utf-8", "utf-8-sig")
        # the encoding was guessed from the head: a cp1252 byte further down would make the
        # lazy scan fail at collect time
        and utf8
    )
    if lazy_ok:
        source: Path | bytes = payload.source
    else:
        data = payload.data if payload.data is not None else payload.source.read_bytes()
        try:
            text = data.decode(layout.encoding)
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        source = text.encode("utf-8")
    options: dict[str, Any] = {
        "has_header": True,
        "new_columns": names,
        "separator": layout.delimiter,
        "quote_char": layout.quote,
        "skip_lines": layout.header_index,
        "infer_schema": False,
        "truncate_ragged_lines": True,
        "encoding": "utf8",
    }
    # a file name such as "Sales [Oct].csv" is a name, not a pattern
    frame = pl.scan_csv(source, glob=False, **options)
    sample = _sample(source, options)
    warnings = []
    n_ragged = _count_ragged(payload, layout, source)
    if n_ragged:
        warnings.append(
            f"{n_ragged} row(s) have a different number of fields than the header; "
            "missing fields were read as empty"
        )
    distinct = functools.partial(
        repeats.distinct_lines, source, layout.header_index + 1, layout.delimiter, layout.quote
    )
    return frame, warnings, sample, distinct


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _sample(source: Path | bytes, options: dict[str, Any]) -> pl.DataFrame | None:
    """The first rows, parsed from the first few MB only: a ``head`` of the lazy scan would
    have the streaming engine read far more of a big file (860 MB: 0.13 s and 150 MB of
    memory, against 0.01 s). None if those MB cannot be parsed alone."""
    if isinstance(source, bytes):
        data = source[:_SAMPLE_BYTES]
    else:
        with source.open("rb") as fh:
            data = fh.read(_SAMPLE_BYTES)
    cut = len(data) == _SAMPLE_BYTES
    if cut:  # whole lines only
        data = data[: data.rfind(b"\n") + 1]
    try:
        return pl.read_csv(data, n_rows=_SAMPLE_ROWS, **options)
    except pl.exceptions.PolarsError:  # e.g. the cut is inside a quoted field: the scan decides
        return None


def file_fingerprint(path: Path, hashed: bool = True) -> tuple[str, bool]:
    """:func:`_fingerprint` of a plain file (``scan_folder`` takes a big file's in a thread
    of its own while it reads the others: the pass over its bytes waits on reads). Read in
    blocks of 8 MB: the thread takes the GIL back after each read, and waits up to the
    switch interval (5 ms) each time while the other thread holds it."""
    return _fingerprint(Payload(path.name, path.suffix.lower(), None, path), hashed, 1 << 23)


def _fingerprint(payload: Payload, hashed: bool = True, block: int = 1 << 20) -> tuple[str, bool]:
    """In one pass over the bytes: their sha256 (to spot the same download saved twice; ""
    unless ``hashed``) and whether they are UTF-8 throughout (the encoding is sniffed from
    the head only)."""
    h = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True

    def feed(chunk: bytes) -> None:
        nonlocal utf8
        if hashed:
            h.update(chunk)
        # an ASCII block with no sequence pending from the last one is UTF-8: isascii is
        # several times faster than decoding it
        if utf8 and not (chunk.isascii() and not decoder.getstate()[0]):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False

    if payload.data is not None:
        feed(payload.data)
    else:
        with payload.source.open("rb") as fh:
            for data in iter(lambda: fh.read(block), b""):
                feed(data)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return (h.hexdigest() if hashed else ""), utf8


def _count_ragged(payload: Payload, layout: TextLayout, source: Path | bytes) -> int:
    size = len(source) if isinstance(source, bytes) else source.stat().st_size
    if size > ragged.LIMIT:
        return 0
    return ragged.count_ragged(source, layout, payload.path)


def _small_text(path: Path) -> bool:
    """A plain text file smaller than the part of it the sample is read from."""
    try:
        return path.suffix.lower() in TEXT_SUFFIXES and path.stat().st_size < _SAMPLE_BYTES
    except OSError:
        return False


def _texts(column: pl.Series) -> list[str]:
    """A sample column's values as text, without nulls: an xlsx cell typed as a date (even
    one Python cannot hold, such as year 10000) is read as its text, never converted."""
    return column.cast(pl.String, strict=False).drop_nulls().to_list()


def _values(column: pl.Series) -> list[Any]:
    """A sample column's values without nulls (a list: Series operations cost ~0.1 ms each,
    which counts for 4,000 one-row files)."""
    return [v for v in column.to_list() if v is not None]


def _distinct(column: pl.Series, n: int) -> list[Any]:
    """The first ``n`` distinct values of a sample column, in order, without nulls."""
    return list(dict.fromkeys(_values(column)))[:n]
