"""Bounded XLSX: the zip's directory, then one streaming pass of expat over the shared strings and the
first sheet, and only then openpyxl, read-only, its rows and columns bounded again.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.parsers import expat

from openpyxl.utils import get_column_letter

from etl import findings as fnd
from etl.bounded.common import FORMULA_FINDINGS_MAX, MB, ROW_LIMIT, Refused, cell_text, refuse
from schemas.vocabulary.contract import MAX_CELL_CHARS, MAX_COLUMNS

XLSX_MAX_PARTS = 200  # a workbook from Excel has a dozen or two
XLSX_MAX_TOTAL = 100 * MB  # all parts, uncompressed
XLSX_MAX_SHEET = 64 * MB  # a 50,000-row report is about 25 MB of sheet XML
XLSX_MAX_SHARED = 16 * MB  # the shared strings, which openpyxl holds in memory
XLSX_MAX_OTHER = 8 * MB  # styles, theme, workbook, relationships, properties
XLSX_MAX_RATIO = 150  # uncompressed / compressed, for a part over 1 MB
XLSX_MAX_STRINGS = 60_000  # a distinct text on every row of a full report, and its vocabulary
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold: the submissions' bounds by default (the official releases have their own)."""

    parts: int = XLSX_MAX_PARTS
    total: int = XLSX_MAX_TOTAL
    sheet: int = XLSX_MAX_SHEET
    shared: int = XLSX_MAX_SHARED
    other: int = XLSX_MAX_OTHER
    ratio: int = XLSX_MAX_RATIO
    strings: int = XLSX_MAX_STRINGS
    rows: int = ROW_LIMIT
    columns: int = MAX_COLUMNS
    cell_chars: int = MAX_CELL_CHARS

    def part(self, name: str) -> int:
        """The largest a part may inflate to."""
        if name.startswith("xl/worksheets/"):
            return self.sheet
        if name == "xl/sharedStrings.xml":
            return self.shared
        return self.other


SUBMISSION = Limits()


def inspect_zip(book: zipfile.ZipFile, limits: Limits = SUBMISSION) -> None:
    """Refuse a workbook whose zip directory promises too much before anything is inflated."""
    parts = book.infolist()
    if len(parts) > limits.parts:
        raise refuse("xlsx_too_many_entries", f"{len(parts):,}")
    total = 0
    for part in parts:
        size = part.file_size
        total += size
        if size > limits.part(part.filename):
            raise refuse("xlsx_too_large_uncompressed", f"{part.filename}: {size / MB:,.1f} MB")
        if size > MB and size > limits.ratio * max(part.compress_size, 1):
            raise refuse("xlsx_compression_ratio", f"{part.filename}: {size // max(part.compress_size, 1):,}:1")
    if total > limits.total:
        raise refuse("xlsx_too_large_uncompressed", f"{total / MB:,.1f} MB")


def _local(name: str) -> str:
    # names as written ('c', or 'x:c' where a writer prefixes the main namespace)
    return name.rpartition(":")[2] if ":" in name else name


def _no_doctype(*_args: object) -> None:
    # a spreadsheet part never declares a DOCTYPE; entities are how XML bombs grow
    raise refuse("file_unreadable", "XML DOCTYPE")


def _parse(
    book: zipfile.ZipFile,
    name: str,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream one part through expat (no namespace processing: it would cost time on every cell)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        with book.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise refuse("file_unreadable", f"XML {name}: {expat.ErrorString(exc.code)}") from exc


def worksheet_paths(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """Every worksheet's name and part name, in the workbook's order (openpyxl's worksheets)."""
    order: list[tuple[str, str]] = []

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            order.extend((attrs.get("name", ""), v) for k, v in attrs.items() if _local(k) == "id")

    _parse(book, "xl/workbook.xml", start=sheet)
    worksheets: dict[str, str] = {}

    def relation(name: str, attrs: dict[str, str]) -> None:
        # chartsheets and dialog sheets are sheets too, but not worksheets: openpyxl skips them
        if _local(name) == "Relationship" and attrs.get("Type", "").endswith("/worksheet"):
            worksheets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse(book, "xl/_rels/workbook.xml.rels", start=relation)
    paths = []
    for title, rid in order:
        target = worksheets.get(rid, "")
        if target:
            paths.append((title, target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)))
    return paths


def first_sheet_path(book: zipfile.ZipFile) -> str:
    """The part name of the workbook's first worksheet (the one openpyxl's worksheets[0] reads)."""
    paths = worksheet_paths(book)
    if not paths:
        raise refuse("file_unreadable", "no worksheet")
    return paths[0][1]


def _column_number(ref: str) -> int:
    number = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        else:
            break
    return number


def _row_number(ref: str) -> int:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$")
    return int(digits) if digits.isdigit() else 0


def scan_shared_strings(book: zipfile.ZipFile, limits: Limits = SUBMISSION) -> None:
    """Refuse too many shared strings, or one longer than a cell may be."""
    if "xl/sharedStrings.xml" not in book.namelist():
        return
    state = {"count": 0, "length": 0}

    def start(name: str, _attrs: dict[str, str]) -> None:
        if _local(name) == "si":
            state["count"] += 1
            state["length"] = 0
            if state["count"] > limits.strings:
                raise refuse("xlsx_too_many_strings", f"{state['count']:,}+")

    def text(data: str) -> None:
        state["length"] += len(data)
        if state["length"] > limits.cell_chars:
            raise refuse("cell_too_long", f"#{state['count']} (sharedStrings)")

    _parse(book, "xl/sharedStrings.xml", start=start, text=text)


def _letters(columns: int) -> frozenset[str]:
    return frozenset(get_column_letter(i) for i in range(1, columns + 1))


_COLUMN_LETTERS = _letters(MAX_COLUMNS)


class _SheetScan:
    """One streaming pass over a sheet's XML: used range, cell references, text length, formulas."""

    def __init__(self, limits: Limits = SUBMISSION) -> None:
        self.limits = limits
        # the column letters of a reference, looked up rather than computed: this runs per cell
        self.letters = _COLUMN_LETTERS if limits.columns == MAX_COLUMNS else _letters(limits.columns)
        self.rows = 0
        self.row = 0
        self.cells_in_row = 0
        self.ref = ""
        self.in_cell = False
        self.in_text = False
        self.has_formula = False
        self.has_value = False
        self.length = 0
        self.text_result = False
        self.formulas: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag == "c":
            self.cells_in_row += 1
            ref = attrs.get("r")
            self.ref = ref or f"R{self.row}C{self.cells_in_row}"
            inside = ref is None or ref.rstrip("0123456789") in self.letters
            if not inside or self.cells_in_row > self.limits.columns:
                raise refuse("xlsx_used_range_too_large", self.ref)
            self.in_cell, self.has_formula, self.has_value, self.length = True, False, False, 0
            self.text_result = attrs.get("t") == "str"
        elif tag == "row":
            self.rows += 1
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            if self.row > self.limits.rows or self.rows > self.limits.rows:
                raise refuse("xlsx_used_range_too_large", f"A{self.row}")
            self.cells_in_row = 0
        elif self.in_cell and tag in ("v", "t"):
            self.in_text = True
            if tag == "v":
                self.has_value = True
        elif self.in_cell and tag == "f":
            self.has_formula = True
        elif tag == "dimension":
            self._dimension(attrs.get("ref", ""))

    def _dimension(self, ref: str) -> None:
        last = ref.split(":")[-1]
        if _column_number(last) > self.limits.columns or _row_number(last) > self.limits.rows:
            raise refuse("xlsx_used_range_too_large", ref)

    def end(self, name: str) -> None:
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag in ("v", "t"):
            self.in_text = False
        elif tag == "c":
            self.in_cell = False
            # a formula Excel never calculated (written by a script) has no saved result to read
            # (openpyxl writes an empty <v/>; only a text result may be empty)
            no_result = self.has_formula and not (self.has_value and (self.length or self.text_result))
            if no_result and len(self.formulas) < FORMULA_FINDINGS_MAX:
                self.formulas.append(self.ref)

    def text(self, data: str) -> None:
        if self.in_text:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                raise refuse("cell_too_long", self.ref)


def scan_sheet_formulas(book: zipfile.ZipFile, path: str, limits: Limits = SUBMISSION) -> list[str]:
    """Refuse a sheet beyond the used range or with an overlong cell; the cells holding a formula
    without a saved result (at most FORMULA_FINDINGS_MAX)."""
    scan = _SheetScan(limits)
    _parse(book, path, start=scan.start, end=scan.end, text=scan.text)
    return scan.formulas


def scan_sheet(book: zipfile.ZipFile, path: str) -> None:
    """Refuse a sheet beyond the used range, with an overlong cell, or with formulas but no results."""
    formulas = scan_sheet_formulas(book, path)
    if formulas:
        raise Refused(*[fnd.finding(None, None, "formula_without_value", ref) for ref in formulas])


def xlsx_rows(raw: bytes) -> list[list[str]]:
    """The first sheet's rows as text, read within the bounds above; raises Refused."""
    return xlsx_sheet(raw)[1]


def xlsx_sheet(raw: bytes) -> tuple[str, list[list[str]]]:
    """The first sheet's name and its rows as text, read within the bounds above; raises Refused."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            inspect_zip(book)
            scan_shared_strings(book)
            scan_sheet(book, first_sheet_path(book))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError) as exc:
        # a damaged zip, a missing part, a part that inflates past its declared size (bad CRC)
        raise refuse("file_unreadable", type(exc).__name__) from exc
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise refuse("file_unreadable", type(exc).__name__) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_row=ROW_LIMIT, max_col=MAX_COLUMNS, values_only=True)
        return str(sheet.title), [[cell_text(v) for v in row] for row in rows]
    except Exception as exc:
        raise refuse("file_unreadable", type(exc).__name__) from exc
    finally:
        workbook.close()
