"""Small hostile files for tests/test_hostile.py (issue 20): zips and workbooks written byte by
byte, so that each one holds exactly the defect under test."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HEADER = [
    "Date", "Campaign Name", "Currency", "Impressions", "Clicks", "Spend",
    "7 Day Total Sales ", "7 Day Total Orders (#)", "7 Day Total Units (#)",
]  # fmt: skip


def csv_row(date: str, campaign: str = "A", impressions: str = "1000", spend: str = "$5.00") -> str:
    return f'"{date}","{campaign}",USD,{impressions},10,{spend},$20.00,2,2\n'


def campaign_csv(*rows: str) -> str:
    return ",".join(HEADER) + "\n" + "".join(rows)


def good_folder(root: Path) -> Path:
    """``root/2026-10`` with one good report (Spend 1.25 + 2.50 over two days)."""
    folder = root / "2026-10"
    folder.mkdir(parents=True)
    (folder / "good.csv").write_text(
        campaign_csv(
            csv_row("Oct 1, 2026", "G", spend="$1.25"), csv_row("Oct 2, 2026", "G", spend="$2.50")
        )
    )
    return folder


def patched_zip(name: str, data: bytes, *, flag: int = 0, method: int | None = None) -> bytes:
    """A one-member zip whose headers claim ``flag`` bits (1: encrypted) and ``method`` (9:
    Deflate64), which Python's zipfile cannot write itself."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(name, data)
    raw = bytearray(buf.getvalue())
    local = raw.find(b"PK\x03\x04")
    central = raw.find(b"PK\x01\x02")
    for at, flag_off, method_off in ((local, 6, 8), (central, 8, 10)):
        raw[at + flag_off] |= flag
        if method is not None:
            raw[at + method_off : at + method_off + 2] = method.to_bytes(2, "little")
    return bytes(raw)


_STYLES = (
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)
_NS = "http://schemas.openxmlformats.org"


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number_cell(ref: str, value: float, date: bool = False) -> str:
    style = ' s="1"' if date else ""
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def header_row() -> str:
    return (
        '<row r="1">'
        + "".join(text_cell(f"{c}1", h) for c, h in zip("ABCDEFGHI", HEADER, strict=True))
        + "</row>"
    )


def data_row(r: int, serial: float, spend: float | str = 1.0) -> str:
    """A row of campaign ``X<r>`` (rows differ), dated by an Excel date serial, Spend ``spend``."""
    spend_cell = (
        text_cell(f"F{r}", spend) if isinstance(spend, str) else number_cell(f"F{r}", spend)
    )
    cells = [number_cell(f"A{r}", serial, date=True), text_cell(f"B{r}", f"X{r}"),
             text_cell(f"C{r}", "USD"), number_cell(f"D{r}", 1), number_cell(f"E{r}", 1),
             spend_cell, number_cell(f"G{r}", 1), number_cell(f"H{r}", 1),
             number_cell(f"I{r}", 1)]  # fmt: skip
    return f'<row r="{r}">' + "".join(cells) + "</row>"


def workbook(rows: list[str], dimension: str | None = None) -> bytes:
    """A minimal .xlsx: one sheet of ``rows`` (``<row>`` XML), a date style (s="1")."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_NS}/spreadsheetml/2006/main">{dim}'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0"?><Types xmlns="{_NS}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_NS}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{_NS}/spreadsheetml/2006/main" '
            f'xmlns:r="{_NS}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_NS}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_NS}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{_NS}/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/styles.xml": _STYLES,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()
