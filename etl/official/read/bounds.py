"""A release workbook bounded while it is read, as `etl.bounded` bounds a submission: before openpyxl
parses anything, the size on arrival, the zip's parts (how many, each one's and all their inflated
size, the compression ratio), then one streaming expat pass over the shared strings (how many, how
long) and every worksheet (its used range, cell length, formula cells without a saved result).

The used range fits the releases' own shape with a margin: a row for each of the nation's
municipalities and prefectures (or the jurisdiction's, were it larger) and each business, and the
ministry's 40 step columns beside their headings. A refused file is a rejected release (its bytes
kept) with the finding that stopped it; formula cells without a saved value are findings naming
their sheet and cell. After reading, `twice` finds a municipality (or, in the step sheet, a
municipality's business) given on two rows of one sheet, and `hygiene` the codes and names that
hold control or invisible characters (etl.hygiene, the reports' own rule).
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from etl import hygiene
from etl.bounded.common import MB, Refused, refuse
from etl.bounded.xlsx import Limits, inspect_zip, scan_shared_strings, scan_sheet_formulas, worksheet_paths
from etl.official.read.layout import HEAD_ROWS, Sheet
from etl.official.read.model import Jurisdiction, Release, finding
from schemas.vocabulary.releases import N_STEPS, OFFICIAL_MAX_BYTES, OFFICIAL_MAX_UNPACKED

NATION_MUNICIPALITIES = 1_741  # Japan's municipalities (the releases are national)
PREFECTURES = 47
BUSINESSES = 21  # the 20 businesses and the Digital Agency's common functions
ROW_MARGIN = 1.25  # blank, total and note rows a release may carry besides its data
COLUMNS = 64  # the step sheet: prefecture, municipality, business and 40 steps; the margin beside
MAX_CELL_CHARS = 4_000
MAX_STRINGS = 200_000  # the status words, names and headings: a few thousand in a national workbook
FORMULAS_MAX = 50

# what the bounded reader's codes are called among the releases' findings
_CODES = {
    "xlsx_too_many_entries": "official_too_many_parts",
    "xlsx_too_large_uncompressed": "official_file_too_large",
    "xlsx_compression_ratio": "official_compression_ratio",
    "xlsx_too_many_strings": "official_too_many_strings",
    "xlsx_used_range_too_large": "official_used_range_too_large",
    "cell_too_long": "official_cell_too_long",
    "file_unreadable": "official_file_unreadable",
}


def limits(where: Jurisdiction) -> Limits:
    """The bounds of a release read against this jurisdiction."""
    units = max(len(where.codes), NATION_MUNICIPALITIES) + PREFECTURES
    rows = int(units * BUSINESSES * ROW_MARGIN) + HEAD_ROWS
    columns = max(COLUMNS, N_STEPS + 24)
    return Limits(
        parts=200,
        total=OFFICIAL_MAX_UNPACKED,
        sheet=192 * MB,
        shared=32 * MB,
        other=16 * MB,
        ratio=150,
        strings=MAX_STRINGS,
        rows=rows,
        columns=columns,
        cell_chars=MAX_CELL_CHARS,
    )


_CHUNK = 1024 * 1024
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')

_DIMENSION = re.compile(rb'<dimension\s[^>]*?ref="([^"]*)"')
# what only the exact pass may judge: a formula, an inline string, a DOCTYPE or comment, a cell
# without its reference, a prefixed element name; a formula's text result; a text node longer than a
# cell may be (in bytes: the exact pass counts its characters). Each is one search anchored on a
# literal, which `re` scans for at memchr speed.
_CLOSER_LOOK = re.compile(rb"<(?:f[\s>/]|is>|!|c>|c/>|[A-Za-z_][\w.-]*:(?:row|c)[\s>/])")
_FORMULA_TEXT = b't="str"'
_LONG_TEXT = re.compile(b">[^<]{%d}" % (MAX_CELL_CHARS + 1))


def _beyond(columns: int) -> re.Pattern[bytes]:
    """A cell reference whose column is beyond `columns` (given as two letters, AA-ZZ)."""
    last = get_column_letter(columns)
    if len(last) != 2:
        raise ValueError("the official column bound is a two-letter column")
    first, second = last
    later_first = f"[{chr(ord(first) + 1)}-Z][A-Z]|" if first < "Z" else ""
    later_second = f"{first}[{chr(ord(second) + 1)}-Z]|" if second < "Z" else ""
    return re.compile(f' r="(?:[A-Z]{{3}}|{later_first}{later_second}(?!))[0-9]'.encode())


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def quick_scan(book: zipfile.ZipFile, path: str, bounds: Limits) -> bool:
    """A sheet's used range checked at the speed of `bytes.count` and `re`: True when within the
    bounds and nothing calls for the exact pass (expat, `scan_sheet_formulas`), False when something
    does; Refused when the rows, the cells or a reference are beyond the bounds.

    A national step sheet is 50 MB of XML: an expat callback per cell would cost as much as reading
    it. Here the rows, the cells and the column letters of two or more letters are counted chunk by
    chunk, each chunk cut after its last tag so that no tag is split."""
    rows = cells = top_row = 0
    beyond = _beyond(bounds.columns)
    tail = b""
    first = True
    with book.open(path) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = tail + chunk
            cut = buffer.rfind(b">") + 1
            part, tail = buffer[:cut], buffer[cut:]
            if (
                len(tail) > MAX_CELL_CHARS * 4
                or _CLOSER_LOOK.search(part)
                or part.find(_FORMULA_TEXT) >= 0
                or _LONG_TEXT.search(part)
            ):
                return False
            if first:
                first = False
                dimension = _DIMENSION.search(part)
                if dimension:
                    last = dimension.group(1).split(b":")[-1]
                    letters = last.rstrip(b"0123456789").lstrip(b"$")
                    number = last[len(letters) :]
                    if _column_number(letters) > bounds.columns or (number.isdigit() and int(number) > bounds.rows):
                        raise refuse("xlsx_used_range_too_large", dimension.group(1).decode("ascii", "replace"))
            numbered = _ROW_NUMBER.findall(part)
            in_part = part.count(b"<c ")
            if part.count(b' r="') - len(numbered) < in_part:
                return False  # a cell without its reference: its column is the exact pass's to count
            rows += part.count(b"<row")
            cells += in_part
            top_row = max([top_row, *(int(n) for n in numbered)])
            wide = beyond.search(part)
            if rows > bounds.rows or top_row > bounds.rows or cells > bounds.rows * bounds.columns:
                raise refuse("xlsx_used_range_too_large", f"A{max(rows, top_row):,}")
            if wide:
                raise refuse("xlsx_used_range_too_large", wide.group(0)[4:].decode("ascii"))
    return not tail.strip()


def size_finding(size: int) -> dict | None:
    """A finding when a file is larger than a release may be (checked before it is read whole)."""
    if size > OFFICIAL_MAX_BYTES:
        return finding("official_file_too_large", value=f"{size:,} bytes > {OFFICIAL_MAX_BYTES:,}")
    return None


def guard(raw: bytes, where: Jurisdiction) -> list[dict]:
    """The findings that stop a release before openpyxl reads it (none: read on); formula cells
    without a saved result are findings naming the sheet and cell."""
    too_large = size_finding(len(raw))
    if too_large:
        return [too_large]
    bounds = limits(where)
    found: list[dict] = []
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            inspect_zip(book, bounds)
            scan_shared_strings(book, bounds)
            for title, path in worksheet_paths(book):
                try:
                    formulas = [] if quick_scan(book, path, bounds) else scan_sheet_formulas(book, path, bounds)
                except Refused as refused:
                    raise Refused(*[dict(f, sheet=title) for f in refused.findings]) from refused
                found += [
                    finding("official_formula_without_value", title, _row(ref), value=ref)
                    for ref in formulas[: FORMULAS_MAX - len(found)]
                ]
    except Refused as refused:
        first = refused.findings[0]
        code = _CODES.get(first["code"], "official_file_unreadable")
        return [finding(code, first.get("sheet"), value=first.get("value"))]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError) as exc:
        # a damaged zip, a missing part, a part that inflates past its declared size (bad CRC)
        return [finding("official_file_unreadable", value=type(exc).__name__)]
    return found


def _row(ref: str) -> int | None:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ$")
    return int(digits) if digits.isdigit() else None


def twice(sheet: Sheet, frame: pd.DataFrame, keys: list[str], col_index: int, release: Release) -> pd.DataFrame:
    """An error for each row repeating an earlier row's municipality (and business) in this sheet;
    the rows, without the repeats."""
    if not len(frame):
        return frame
    repeated = frame.duplicated(keys, keep="first").to_numpy()
    for index in np.flatnonzero(repeated):
        release.findings.append(
            finding(
                "official_municipality_twice",
                sheet.name,
                int(frame["sheet_row"].iloc[index]),
                sheet.header[col_index],
                col_index,
                " ".join(str(frame[k].iloc[index]) for k in keys),
            )
        )
    return frame[~repeated]


def hygiene_findings(sheet: Sheet, frame: pd.DataFrame, columns: list[int], release: Release) -> pd.DataFrame:
    """An error for each code or name cell holding a control or invisible character (its code point
    named); the rows without them."""
    bad = np.zeros(len(frame), dtype=bool)
    for col in columns:
        if col >= len(sheet.header) or col not in frame:
            continue
        # a column repeats a few names: each distinct cell looked at once
        codes, distinct = pd.factorize(frame[col].astype(object), use_na_sentinel=True)
        refused = {i: hit for i, v in enumerate(distinct) if isinstance(v, str) and (hit := hygiene.first_refused(v))}
        if not refused:
            continue
        for index in np.flatnonzero(np.isin(codes, list(refused))):
            found = refused[int(codes[index])]
            release.findings.append(
                finding(
                    "official_text_refused",
                    sheet.name,
                    int(frame["sheet_row"].iloc[index]),
                    sheet.header[col],
                    col,
                    hygiene.code_point(found[1]),
                )
            )
            bad[index] = True
    return frame[~bad]
