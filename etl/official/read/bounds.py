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
import zipfile

import numpy as np
import pandas as pd

from etl import hygiene
from etl.bounded import MB, Refused
from etl.bounded.xlsx import Limits, inspect_zip, scan_shared_strings, scan_sheet_formulas, worksheet_paths
from etl.official.read.layout import HEAD_ROWS, Sheet
from etl.official.read.model import Jurisdiction, Release, finding
from schemas.vocabulary import N_STEPS, OFFICIAL_MAX_BYTES, OFFICIAL_MAX_UNPACKED

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
                    formulas = scan_sheet_formulas(book, path, bounds)
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
