"""A cost report's bytes to a normalised frame of text: the same bounded CSV/XLSX/JSON readers as the
status report, the cost columns and their Japanese headers, fiscal years in either era, yen with or
without separators; a workbook's 運用経費 sheet when it has one (the template), else its first."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from pathlib import PurePosixPath

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import findings as fnd
from etl import read as status_read
from etl.bounded.common import ROW_LIMIT, cell_text, long_cells, refuse
from etl.bounded.xlsx import _local, _parse, first_sheet_path, inspect_zip, scan_shared_strings, scan_sheet
from etl.distinct import Distinct
from etl.read import FORMATS, ReadResult, detect_format, fold
from schemas.vocabulary.contract import MAX_COLUMNS
from schemas.vocabulary.costs import (
    COST_CATEGORIES,
    COST_COLUMNS,
    COST_HEADERS,
    COST_KINDS,
    COST_MAX_BYTES,
    COST_MAX_ROWS,
    COST_REQUIRED_COLUMNS,
    COST_SHEET,
)

__all__ = ["FORMATS", "ReadResult", "detect_format", "read"]

YEN_COLUMNS = [*COST_CATEGORIES, "shared_cost_share"]
FIGURE_COLUMNS = YEN_COLUMNS  # a row with none of these is a template row left empty: skipped
_ERAS = {"平成": 1988, "令和": 2018, "h": 1988, "r": 2018}
_ERA_YEAR = re.compile(r"^(平成|令和|h|r)\s*(\d{1,2}|元)\s*(?:年度?)?$", re.IGNORECASE)
_WESTERN_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:年度?)?$", re.IGNORECASE)
_YEN_NOISE = re.compile(r"[,\s円¥]")


def _header_map() -> dict[str, str]:
    mapping = {c: c for c in COST_COLUMNS}
    for col, (ja, en) in COST_HEADERS.items():
        mapping[fold(ja)] = col
        mapping[fold(en).lower()] = col
        # a header without its unit: ハードウェア借料 for ハードウェア借料（円）
        mapping[fold(re.sub(r"[（(](円|yen)[)）]$", "", ja)).strip()] = col
        mapping[fold(re.sub(r"\s*\((円|yen)\)$", "", en)).strip().lower()] = col
    # the status report's names for the same columns
    mapping[fold("備考")] = "note"
    mapping["notes"] = "note"
    return mapping


KIND_LABELS = status_read._label_map(COST_KINDS)


def fiscal_year_text(value: str) -> str:
    """A fiscal year as its Western number: 2024, FY2024, 2024年度, 令和6年度, R6 all read as 2024
    (令和元年度 as 2019); anything else stays as written, for the checks to name."""
    text = value.strip()
    western = _WESTERN_YEAR.match(text)
    if western:
        return western.group(1)
    era = _ERA_YEAR.match(text)
    if era:
        number = 1 if era.group(2) == "元" else int(era.group(2))
        return str(_ERAS[era.group(1).lower() if era.group(1).isascii() else era.group(1)] + number)
    return status_read._ints(pd.Series([text])).iloc[0]


def _years(values: pd.Series) -> pd.Series:
    return pd.Series([fiscal_year_text(v) for v in values.tolist()], index=values.index, dtype=str)


def _yen(values: pd.Series) -> pd.Series:
    # 1,234,567 / 1 234 567 / ¥1,234,567 / 1234567円 / 1234567.0 (a number cell): all 1234567;
    # Arrow's kernels over a national file's tens of thousands of distinct amounts
    if _plain_numbers(values):
        return values  # plain whole numbers (or blanks): nothing to clean
    text = pa.array(values, type=pa.string(), from_pandas=True)
    cleaned = pc.replace_substring_regex(text, _YEN_NOISE.pattern, "")
    return status_read._ints(pd.Series(cleaned.to_pandas(), index=values.index, dtype=values.dtype))


def normalise(
    cells: dict[str, Distinct], plain: Collection[str] = ()
) -> tuple[dict[str, Distinct], dict[str, Distinct]]:
    """Each column folded (the cells as written, for messages) and normalised, on its distinct cells;
    the `plain` columns (yen already written as plain whole numbers) have nothing to fold or clean."""
    businesses = status_read._business_map()
    steps = {
        "municipality_code": status_read._codes,
        "business_id": lambda values: status_read._map_values(values, businesses),
        "fiscal_year": _years,
        "kind": lambda values: status_read._map_values(values, KIND_LABELS),
        "contract_end": status_read._dates,
        **{col: _yen for col in YEN_COLUMNS},
    }
    written: dict[str, Distinct] = {}
    canonical: dict[str, Distinct] = {}
    for col, cell in cells.items():
        if col in plain:
            written[col] = canonical[col] = cell
            continue
        folded = status_read._fold_text(cell.values)
        written[col] = cell.with_values(folded)
        canonical[col] = cell.with_values(steps[col](folded) if col in steps else folded)
    return written, canonical


def _sheet_path(book: zipfile.ZipFile, title: str) -> str | None:
    """The part name of the worksheet with this title, or None."""
    ids: dict[str, str] = {}

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet" and attrs.get("name") == title:
            ids.update(("id", v) for k, v in attrs.items() if _local(k) == "id")

    _parse(book, "xl/workbook.xml", start=sheet)
    if not ids:
        return None
    targets: dict[str, str] = {}

    def relation(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and attrs.get("Type", "").endswith("/worksheet"):
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse(book, "xl/_rels/workbook.xml.rels", start=relation)
    target = targets.get(ids["id"], "")
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def xlsx_cost_sheet(raw: bytes) -> tuple[str, list[list[str]]]:
    """The 運用経費 sheet (else the first sheet) as text rows, read within the status report's bounds."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            inspect_zip(book)
            scan_shared_strings(book)
            path = _sheet_path(book, COST_SHEET)
            scan_sheet(book, path or first_sheet_path(book))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError) as exc:
        raise refuse("file_unreadable", type(exc).__name__) from exc
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise refuse("file_unreadable", type(exc).__name__) from exc
    try:
        sheet = workbook[COST_SHEET] if path and COST_SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(max_row=ROW_LIMIT, max_col=MAX_COLUMNS, values_only=True)
        return str(sheet.title), [[cell_text(v) for v in row] for row in rows]
    except Exception as exc:
        raise refuse("file_unreadable", type(exc).__name__) from exc
    finally:
        workbook.close()


def _xlsx(raw: bytes) -> status_read.Parsed:
    title, rows = xlsx_cost_sheet(raw)
    first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if first is None:
        return pd.DataFrame(), 0, title
    header, body = rows[first], rows[first + 1 :]
    width = max((i + 1 for i, h in enumerate(header) if h.strip()), default=0)
    body = [(r + [""] * width)[:width] for r in body]
    names = [h if h.strip() else f"_unnamed_{i}" for i, h in enumerate(header[:width])]
    return pd.DataFrame(body, columns=names, dtype=str), first + 1, title


CONTRACT = status_read.Contract(
    COST_COLUMNS,
    COST_REQUIRED_COLUMNS,
    _header_map,
    COST_MAX_BYTES,
    "cost_file_too_large",
    {"csv": status_read._csv, "xlsx": _xlsx, "json": status_read._json},
)


def read(raw_bytes: bytes, filename: str | None = None, fmt: str | None = None) -> ReadResult:
    """Read one cost submission's bytes into canonical text columns, or say why the file cannot be read.

    Rows with no figure in any yen column (a template row left empty) are skipped like blank rows;
    row numbers still count them."""
    front = status_read.headed(raw_bytes, filename, fmt, CONTRACT)
    if isinstance(front, ReadResult):
        return front
    frame, result = front
    # a yen column's amounts are nearly all distinct: factorizing them costs more than it saves; one
    # written as plain whole numbers (or blanks) has no space to strip, nothing to fold or clean
    cells = {col: Distinct.whole(frame[col]) if col in YEN_COLUMNS else Distinct.of(frame[col]) for col in COST_COLUMNS}
    plain = {col for col in YEN_COLUMNS if _plain_numbers(frame[col])}
    empty = {
        col: cell.per_row(cell.values == "" if col in plain else cell.values.str.strip() == "")
        for col, cell in cells.items()
    }
    blank = np.logical_and.reduce(list(empty.values()))
    no_figures = np.logical_and.reduce([empty[col] for col in FIGURE_COLUMNS])
    keep = ~(blank | no_figures)
    row_numbers = (np.flatnonzero(keep) + 1).tolist()
    if not row_numbers:
        return result(None, findings=[fnd.finding(None, None, "no_rows")])
    if len(row_numbers) > COST_MAX_ROWS:
        return result(None, findings=[fnd.finding(None, None, "cost_too_many_rows", f"{len(row_numbers):,}")])
    cells = {col: cell.rows(keep) for col, cell in cells.items()}
    too_long = list(long_cells(cells, row_numbers))
    if too_long:
        return result(None, findings=too_long)
    written, canonical = normalise(cells, plain)
    frame_of = status_read._frame
    # a yen column of plain whole numbers holds no character the hygiene rules look for
    texts = {col: cell for col, cell in written.items() if col not in plain}
    return result(frame_of(canonical), frame_of(written), row_numbers, fnd.text_findings(texts, row_numbers))


def _plain_numbers(values: pd.Series) -> bool:
    text = pa.array(values, type=pa.string(), from_pandas=True)
    # blank, or ASCII digits only (four times quicker than a regex); a minus sign takes the long way
    return pc.all(pc.or_(pc.equal(text, ""), pc.ascii_is_decimal(text))).as_py() is not False
