"""Open a file as Amazon wrote it: unwrap .zip/.gz, find the encoding, delimiter and header line.

Preambles are found by locating the header line (the first line whose cells are mostly known
Amazon column names), never by counting lines.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from kpitool.errors import InputError
from kpitool.io import magic
from kpitool.io.headers import known_count

TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ARCHIVE_SUFFIXES = {".zip", ".gz"}
#: a member of an archive may not expand past this (a zip bomb is refused)
MAX_EXPANDED_BYTES = 2 * 1024**3
_HEADER_SEARCH_LINES = 40
#: the compressions Python's zipfile unpacks (Deflate64, PPMd... are not among them)
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


@dataclass
class Payload:
    """The bytes of one report, after unwrapping any archive."""

    name: str  # the file name of the report itself (the member name for archives)
    suffix: str
    data: bytes | None  # None: read lazily from ``path`` (plain UTF-8 CSV)
    path: Path
    #: the warning for a file whose name says another format than its content (it is read
    #: as what its content is: a CSV named .xlsx as a CSV)
    note: str | None = None


#: the bytes read to tell what a file is
_MAGIC_BYTES = 64 * 1024


def unwrap(path: Path) -> Payload:
    """Return the report inside ``path`` (itself, or the one report member of a .zip/.gz),
    read as what its content is, whatever its name says (see :mod:`kpitool.io.magic`)."""
    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        head = fh.read(_MAGIC_BYTES)
    content = magic.sniff_content(head, path, suffix)
    note = magic.misnamed(path, suffix, content)
    if note is None:
        payload = _unwrap(path, suffix)
    else:
        payload = _unwrap(path, magic.READ_AS[content])
        if content is magic.Content.XLSX:  # the reader goes by the name: give it the bytes
            payload.data = path.read_bytes()
    payload.note = note
    if content in (magic.Content.ZIP, magic.Content.GZIP):
        _member_as_content(payload)
    return payload


def _member_as_content(payload: Payload) -> None:
    """The member of an archive, read as what its bytes are."""
    assert payload.data is not None
    content = magic.sniff_content(payload.data[:_MAGIC_BYTES], payload.data, payload.suffix)
    if content in (magic.Content.ZIP, magic.Content.GZIP):
        raise InputError(f"{payload.path}: {payload.name} is itself an archive; unpack it first")
    inner = magic.misnamed(payload.path, payload.suffix, content, member=payload.name)
    if not payload.suffix or inner is not None:
        payload.suffix = magic.READ_AS[content]
    if inner is not None:
        payload.note = inner if payload.note is None else f"{payload.note}; {inner}"


def _unwrap(path: Path, suffix: str) -> Payload:
    if suffix == ".gz":
        inner = path.name[: -len(".gz")] if path.name.lower().endswith(".gz") else path.name
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(MAX_EXPANDED_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(
                f"{path}: not a readable .gz archive ({exc}); download it again"
            ) from exc
        if len(data) > MAX_EXPANDED_BYTES:
            raise InputError(
                f"{path}: expands past {MAX_EXPANDED_BYTES} bytes; refused (a zip bomb?): "
                "unpack it yourself if you trust it"
            )
        return Payload(inner, Path(inner).suffix.lower(), data, path)
    if suffix == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, ValueError, NotImplementedError) as exc:
            raise InputError(
                f"{path}: not a readable zip archive ({exc}); download it again"
            ) from exc
        with zf:
            members = [
                m
                for m in zf.infolist()
                if not m.is_dir()
                and Path(m.filename).suffix.lower() in TEXT_SUFFIXES | XLSX_SUFFIXES
                and not Path(m.filename).name.startswith((".", "__MACOSX"))
                and "__MACOSX" not in m.filename
            ]
            if len(members) != 1:
                raise InputError(
                    f"{path}: a zip must hold exactly one report file, it holds {len(members)};"
                    " unzip it into the folder instead"
                )
            m = members[0]
            if m.flag_bits & 0x1:
                raise InputError(
                    f"{path}: {m.filename} is password-protected; unzip it yourself and put "
                    "the report in the folder"
                )
            if m.compress_type not in _ZIP_METHODS:
                raise InputError(
                    f"{path}: {m.filename} uses an unsupported zip compression (method "
                    f"{m.compress_type}); unzip it yourself and put the report in the folder"
                )
            if m.file_size > MAX_EXPANDED_BYTES:
                raise InputError(
                    f"{path}: {m.filename} would expand past {MAX_EXPANDED_BYTES} bytes; refused "
                    "(a zip bomb?): unzip it yourself if you trust it"
                )
            try:
                with zf.open(m) as fh:
                    data = fh.read(MAX_EXPANDED_BYTES + 1)
            except Exception as exc:  # zipfile, zlib, bz2 and lzma raise many types
                raise InputError(
                    f"{path}: {m.filename} cannot be unpacked ({exc}); download it again"
                ) from exc
            if len(data) > MAX_EXPANDED_BYTES:
                raise InputError(
                    f"{path}: {m.filename} expands past {MAX_EXPANDED_BYTES} bytes; refused "
                    "(a zip bomb?): unzip it yourself if you trust it"
                )
            name = Path(m.filename).name
            return Payload(name, Path(name).suffix.lower(), data, path)
    return Payload(path.name, suffix, None, path)


def head_bytes(payload: Payload, n: int = 256 * 1024) -> bytes:
    if payload.data is not None:
        return payload.data[:n]
    with payload.path.open("rb") as fh:
        return fh.read(n)


def sniff_encoding(head: bytes) -> str:
    """utf-8 (BOM or not), utf-16 (with BOM), else cp1252."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the sample's end is still UTF-8
        if exc.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


@dataclass
class TextLayout:
    encoding: str
    delimiter: str
    quote: str | None
    header_index: int  # 0-based line number of the header line
    header: list[str]
    preamble: list[str]  # the lines before the header


def find_layout(payload: Payload, head: bytes) -> TextLayout | None:
    """Locate the header line and its delimiter; None when no line looks like a header."""
    encoding = sniff_encoding(head)
    text = head.decode(encoding, errors="replace")
    # lines as the CSV parser counts them: only \n ends a line (str.splitlines would also
    # split on \f, \v, \x1c-\x1e, \x85, U+2028/2029 and bare \r, and shift the header index)
    lines = [line.removesuffix("\r") for line in text.split("\n")[:_HEADER_SEARCH_LINES]]
    best: tuple[int, int, str] | None = None  # (score, index, delimiter)
    for i, line in enumerate(lines):
        delimiter = "\t" if line.count("\t") >= max(1, line.count(",")) else ","
        if delimiter == "," and line.count(";") > line.count(","):
            delimiter = ";"
        cells = _split(line, delimiter)
        score = known_count(cells)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, i, delimiter)
            if score >= max(3, len(cells) // 2):
                break
    if best is None:
        return None
    _, index, delimiter = best
    header = _split(lines[index], delimiter)
    # tab flat files are not quoted and titles hold bare '"'
    quote = None if delimiter == "\t" else '"'
    return TextLayout(encoding, delimiter, quote, index, header, lines[:index])


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(line), delimiter=delimiter))
    except (StopIteration, csv.Error):
        return []


def first_rows(head: bytes, n: int = 10) -> list[list[str]]:
    """The first ``n`` lines of a text file as cells (for the skip message of a file without a
    known header: a report kind or a language kpitool does not read)."""
    text = head.decode(sniff_encoding(head), errors="replace")
    out = []
    for line in [x.removesuffix("\r") for x in text.split("\n")[:n]]:
        counts = {d: line.count(d) for d in ("\t", ",", ";")}
        delimiter = max(counts, key=lambda d: counts[d])
        out.append(_split(line, delimiter))
    return out
