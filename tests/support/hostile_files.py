"""Hostile files built on the spot: XLSX bombs written part by part with zipfile, a few KB each,
deep JSON, wide CSV. Each builder returns the bytes; `BOMBS` names them with the finding expected."""

from __future__ import annotations

import io
import zipfile

from schemas.vocabulary.contract import COLUMNS, HEADERS_JA

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="報告" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER_ROW = (
    '<row r="1">'
    + "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{HEADERS_JA[c]}</t></is></c>' for i, c in enumerate(COLUMNS))
    + "</row>"
)


def sheet_xml(rows: str, dimension: str | None = None, prolog: str = "") -> str:
    """A worksheet part around the given <row> elements (the header row first)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<worksheet {_NS}>{dim}<sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>"
    )


def workbook(sheet: str, shared: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """An .xlsx zip of the minimal parts, the sheet and shared strings given as XML text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        book.writestr("xl/sharedStrings.xml", shared or f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="0"/>')
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    return buffer.getvalue()


def far_column() -> bytes:
    """A cell at column XFD (16,384), as in a 51 KB workbook that drove the reader past 5 GB."""
    return workbook(sheet_xml('<row r="2"><c r="XFD2"><v>1</v></c></row>'))


def far_dimension() -> bytes:
    """A sheet whose declared used range is the whole grid."""
    return workbook(sheet_xml("", dimension="A1:XFD1048576"))


def far_row() -> bytes:
    """One cell at the last row of the grid: a reader that fills the gap makes a million rows."""
    return workbook(sheet_xml('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'))


def wide_row() -> bytes:
    """One row of 200,000 cells without references."""
    return workbook(sheet_xml("<row>" + "".join(f"<c><v>{i}</v></c>" for i in range(200_000)) + "</row>"))


def many_empty_rows() -> bytes:
    """60,000 formatted but empty rows: more than the row bound allows."""
    return workbook(sheet_xml("".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(2, 60_002))))


def huge_shared_string(mb: int = 20) -> bytes:
    """One shared string of `mb` MB (a 410 KB workbook held 400 MB this way)."""
    text = "a" * (mb * 1024 * 1024)
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
    return workbook(sheet_xml('<row r="2"><c r="K2" t="s"><v>0</v></c></row>'), shared)


def long_shared_string() -> bytes:
    """A shared string under the size caps but longer than any cell may be."""
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="1"><si><t>{"b" * 100_000}</t></si></sst>'
    return workbook(sheet_xml('<row r="2"><c r="K2" t="s"><v>0</v></c></row>'), shared)


def many_shared_strings(n: int = 70_000) -> bytes:
    """Many short shared strings (a workbook of these ran for minutes)."""
    body = "".join(f"<si><t>{i}</t></si>" for i in range(n))
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="{n}">{body}</sst>'
    return workbook(sheet_xml(""), shared)


def long_inline_cell() -> bytes:
    """An inline string far longer than a cell may be."""
    return workbook(sheet_xml(f'<row r="2"><c r="L2" t="inlineStr"><is><t>{"x" * 200_000}</t></is></c></row>'))


def many_parts() -> bytes:
    """Hundreds of tiny parts."""
    return workbook(sheet_xml(""), extra={f"xl/media/p{i}.xml": b"<a/>" for i in range(500)})


def high_ratio() -> bytes:
    """A part that inflates a thousandfold."""
    return workbook(sheet_xml(""), extra={"docProps/custom.xml": b" " * (6 * 1024 * 1024)})


def entity_bomb() -> bytes:
    """A sheet declaring entities that expand (billion laughs)."""
    prolog = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    return workbook(sheet_xml('<row r="2"><c r="A2" t="inlineStr"><is><t>&d;</t></is></c></row>', prolog=prolog))


def lying_size() -> bytes:
    """A part whose zip directory declares 1 KB but inflates to 20 MB."""
    raw = bytearray(huge_shared_string())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as book:
        info = book.getinfo("xl/sharedStrings.xml")
    declared = (1024).to_bytes(4, "little")
    local = info.header_offset
    raw[local + 22 : local + 26] = declared  # the local header's uncompressed size
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_len = int.from_bytes(raw[central + 28 : central + 30], "little")
        if raw[central + 46 : central + 46 + name_len] == b"xl/sharedStrings.xml":
            raw[central + 24 : central + 28] = declared  # the central directory's uncompressed size
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def deep_json(depth: int = 100_000) -> bytes:
    """A JSON nested far deeper than the parser's recursion limit."""
    return ("[" * depth + "]" * depth).encode()


def wide_csv(columns: int = 200_000) -> bytes:
    """A 1.5 MB CSV of 200,000 columns (it took 26 s and 880 MB before being accepted)."""
    header = ",".join(f"c{i}" for i in range(columns))
    return (header + "\n" + ",".join("1" for _ in range(columns)) + "\n").encode()


# name -> (builder, file name, expected finding code)
BOMBS = {
    "far_column": (far_column, "b.xlsx", "xlsx_used_range_too_large"),
    "far_dimension": (far_dimension, "b.xlsx", "xlsx_used_range_too_large"),
    "far_row": (far_row, "b.xlsx", "xlsx_used_range_too_large"),
    "wide_row": (wide_row, "b.xlsx", "xlsx_used_range_too_large"),
    "many_empty_rows": (many_empty_rows, "b.xlsx", "xlsx_used_range_too_large"),
    "huge_shared_string": (huge_shared_string, "b.xlsx", "xlsx_too_large_uncompressed"),
    "lying_size": (lying_size, "b.xlsx", "file_unreadable"),
    "long_shared_string": (long_shared_string, "b.xlsx", "cell_too_long"),
    "many_shared_strings": (many_shared_strings, "b.xlsx", "xlsx_too_many_strings"),
    "long_inline_cell": (long_inline_cell, "b.xlsx", "cell_too_long"),
    "many_parts": (many_parts, "b.xlsx", "xlsx_too_many_entries"),
    "high_ratio": (high_ratio, "b.xlsx", "xlsx_compression_ratio"),
    "entity_bomb": (entity_bomb, "b.xlsx", "file_unreadable"),
    "deep_json": (deep_json, "b.json", "json_too_deep"),
    "wide_csv": (wide_csv, "b.csv", "too_many_columns"),
}
