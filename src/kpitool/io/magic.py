"""What a file really is, from its first bytes, whatever its name says.

Browsers and colleagues rename files: a CSV saved as ``.xlsx``, a workbook as ``.csv``, a
sign-in page as the report. :func:`sniff_content` reads the magic bytes (``PK\\x03\\x04`` zip
or workbook, ``\\x1f\\x8b`` gzip, ``%PDF``, ``<html``, the OLE2 header of an old ``.xls``);
:func:`misnamed` says what to tell the user: read it anyway (with a warning to rename it) when
the content is one kpitool reads, else an error naming what the file is and what to do.
"""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum
from pathlib import Path

from kpitool.errors import InputError


class Content(StrEnum):
    TEXT = "text"
    XLSX = "xlsx"
    ZIP = "zip"
    GZIP = "gzip"
    PDF = "pdf"
    HTML = "html"
    XLS = "xls"  # an Excel 97-2003 workbook (OLE2)
    ENCRYPTED = "encrypted"  # a password-protected workbook (an OLE2 "EncryptedPackage")
    OLE2 = "ole2"  # another old Office document
    BINARY = "binary"


#: the suffix each readable content is read as, and the one to rename the file to
READ_AS = {Content.TEXT: ".csv", Content.XLSX: ".xlsx", Content.ZIP: ".zip", Content.GZIP: ".gz"}
#: the contents each suffix is expected to hold
EXPECTED = {
    ".csv": Content.TEXT,
    ".txt": Content.TEXT,
    ".tsv": Content.TEXT,
    ".xlsx": Content.XLSX,
    ".xlsm": Content.XLSX,
    ".xls": Content.XLS,
    ".zip": Content.ZIP,
    ".gz": Content.GZIP,
}

_WHAT = {
    Content.TEXT: "a CSV text file",
    Content.XLSX: "an Excel workbook",
    Content.ZIP: "a zip archive",
    Content.GZIP: "a gzip-compressed file",
    Content.PDF: "a PDF document",
    Content.HTML: "a web page (a sign-in or error page?)",
    Content.XLS: "an Excel 97-2003 workbook (.xls)",
    Content.ENCRYPTED: "a password-protected Excel workbook",
    Content.OLE2: "an old Microsoft Office document",
    Content.BINARY: "binary data",
}
_ADVICE = {
    Content.PDF: "download the report as CSV or .xlsx instead",
    Content.HTML: "download the report again",
    Content.XLS: "kpitool cannot read it: open it in Excel and save it as .xlsx or .csv",
    Content.ENCRYPTED: "open it in Excel, remove the password and save it as .xlsx",
    Content.OLE2: "kpitool cannot read it: save the report as .xlsx or .csv",
    Content.BINARY: "not a report kpitool can read; download it again",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff_content(head: bytes, whole: bytes | Path | None = None, suffix: str = "") -> Content:
    """What ``head`` (the first bytes of a file) is. ``whole``: the file's bytes or path, to
    tell a workbook from another zip by its members; a zip too broken to list them is what
    its ``suffix`` says (a workbook or a zip), for the reader to say what is wrong with it."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(head, whole, suffix)
    if head.startswith(b"\x1f\x8b"):
        return Content.GZIP
    if head.startswith(b"%PDF"):
        return Content.PDF
    if head.startswith(_OLE2):
        names = head + _ole2_directory(head, whole)
        if _utf16("EncryptedPackage") in names:
            return Content.ENCRYPTED
        if _utf16("Workbook") in names or _utf16("Book\x00") in names:
            return Content.XLS
        return Content.OLE2
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<!-- ")) or (
        start.startswith(b"<") and b"<html" in start
    ):
        return Content.HTML
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Content.BINARY
    return Content.TEXT


def _zip_kind(head: bytes, whole: bytes | Path | None, suffix: str) -> Content:
    """A workbook holds ``[Content_Types].xml`` and ``xl/`` parts; any other zip is a zip."""
    names: list[str] = []
    if whole is not None:
        try:
            source = io.BytesIO(whole) if isinstance(whole, bytes) else whole
            with zipfile.ZipFile(source) as zf:
                names = zf.namelist()
        except Exception:  # zipfile raises many types for a broken file: judge by the head
            names = []
    if names:
        return Content.XLSX if any(n.startswith("xl/") for n in names) else Content.ZIP
    if b"[Content_Types].xml" in head or b"xl/" in head:  # a cut download's first members
        return Content.XLSX
    return Content.XLSX if EXPECTED.get(suffix) is Content.XLSX else Content.ZIP


def _ole2_directory(head: bytes, whole: bytes | Path | None) -> bytes:
    """The first directory sector of an OLE2 file: the names of its streams."""
    if len(head) < 52 or whole is None:
        return b""
    shift = int.from_bytes(head[30:32], "little")
    if not 7 <= shift <= 16:
        return b""
    offset = (int.from_bytes(head[48:52], "little") + 1) << shift
    if isinstance(whole, bytes):
        return whole[offset : offset + 4096]
    try:
        with whole.open("rb") as fh:
            fh.seek(offset)
            return fh.read(4096)
    except OSError:
        return b""


def misnamed(path: Path, suffix: str, content: Content, member: str | None = None) -> str | None:
    """The warning for a readable file whose name says another format (it is read as what it
    is), None when name and content agree. Raises InputError for content kpitool cannot read
    (a PDF, a web page, an old .xls, binary data). ``member``: the file inside the archive
    ``path`` that this is about."""
    this = f"{member}: this {suffix or 'file'}" if member else f"this {suffix or 'file'}"
    if content not in READ_AS:
        raise InputError(f"{path}: {this} is {_WHAT[content]}: {_ADVICE[content]}")
    if EXPECTED.get(suffix) is content or (member and not suffix):
        return None
    target = READ_AS[content]
    if content is Content.GZIP:
        target = f"{suffix}.gz" if suffix in (".csv", ".txt", ".tsv", ".xlsx") else ".gz"
    return f"{this} is {_WHAT[content]}: rename it to {target} (read as such)"
