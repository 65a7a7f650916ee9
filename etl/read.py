"""Bytes to a normalised frame of text: encodings, CSV/XLSX/JSON, Japanese headers and labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from etl import cells as safe_cells
from etl import findings as fnd
from etl import reference
from etl.bounded.common import Refused, cell_text, long_cells
from etl.bounded.text import csv_frame, json_records
from etl.bounded.xlsx import xlsx_sheet
from etl.distinct import Distinct
from schemas.fields import FIELDS
from schemas.status_report import remember_distinct
from schemas.vocabulary.contract import (
    COLUMNS,
    FALSE_WORDS,
    GOV_CLOUD,
    HEADERS_JA,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    SPECIAL_SUPPORT_REASONS,
    STAGES,
    TRUE_WORDS,
)

FORMATS = ("csv", "xlsx", "json")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?$")
_INT_LIKE = re.compile(r"^(-?\d+)\.0+$")
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


@dataclass
class ReadResult:
    """A file read into canonical text columns, or the file-level findings that stopped it."""

    frame: pd.DataFrame | None
    raw: pd.DataFrame | None = None  # the cells as written (after width folding), for messages
    row_numbers: list[int] = field(default_factory=list)  # 1-based data row of each frame row
    findings: list[dict] = field(default_factory=list)
    format: str = "csv"
    header_row: int = 0  # the file row of the header (CSV line, sheet row): a data row n is file row n + this
    sheet: str | None = None  # the sheet read from an XLSX file

    @property
    def n_rows(self) -> int:
        """How many data rows were read (0 when the file could not be read)."""
        return 0 if self.frame is None else len(self.frame)


def detect_format(raw: bytes, filename: str | None = None) -> str:
    """csv, xlsx or json, from the name and the first bytes."""
    name = (filename or "").lower()
    if raw[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if name.endswith(".json") or raw.lstrip()[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def decode(raw: bytes) -> str | None:
    """UTF-8 (with or without BOM), else Shift_JIS/CP932; None when it is neither."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def fold(text: object) -> str:
    """Full-width digits, letters and spaces to their plain forms, trimmed."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip()


# a file's frame, the file row of its header (CSV line, sheet row) and its sheet's name
Parsed = tuple[pd.DataFrame, int, str | None]


def _csv(raw: bytes) -> Parsed:
    text = decode(raw)
    if text is None:
        raise Refused(fnd.finding(None, None, "encoding_unreadable"))
    body = text.lstrip("\r\n")
    header_row = text[: len(text) - len(body)].count("\n") + 1
    return csv_frame(body), header_row, None


def _xlsx(raw: bytes) -> Parsed:
    title, rows = xlsx_sheet(raw)
    # the header is the first row with something in it; blank rows after it stay rows (dropped
    # later, still counted) so that a data row's number is its sheet row less the header's
    first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if first is None:
        return pd.DataFrame(), 0, title
    header, body = rows[first], rows[first + 1 :]
    # the rows come padded to the column bound: the header's last named cell ends the table
    width = max((i + 1 for i, h in enumerate(header) if h.strip()), default=0)
    body = [(r + [""] * width)[:width] for r in body]
    names = [h if h.strip() else f"_unnamed_{i}" for i, h in enumerate(header[:width])]
    return pd.DataFrame(body, columns=names, dtype=str), first + 1, title


def _json(raw: bytes) -> Parsed:
    text = decode(raw)
    if text is None:
        raise Refused(fnd.finding(None, None, "encoding_unreadable"))
    records = json_records(text)
    frame = pd.DataFrame([{k: cell_text(v) for k, v in r.items()} for r in records], dtype=str)
    return frame, 0, None  # a JSON row is numbered as the n-th object


def _header_map() -> dict[str, str]:
    mapping = {c: c for c in COLUMNS}
    mapping.update({fold(ja): c for c, ja in HEADERS_JA.items()})
    return mapping


def _label_map(vocab: dict[str, tuple[str, str]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for key, (ja, en) in vocab.items():
        mapping[key] = key
        mapping[fold(ja)] = key
        mapping[en.lower()] = key
    return mapping


STAGE_LABELS = _label_map(STAGES)
GOV_CLOUD_LABELS = _label_map(GOV_CLOUD)


def reason_choice(number: int) -> str:
    """A special-support reason as the template's drop-down offers it: `4 事業者のリソース不足`."""
    return f"{number} {SPECIAL_SUPPORT_REASONS[number][0]}"


# the drop-down's "4 事業者のリソース不足", the bare label, or its English: all read as the number
REASON_LABELS = {
    key: str(n)
    for n, (ja, en) in SPECIAL_SUPPORT_REASONS.items()
    for key in (fold(reason_choice(n)), fold(ja), en.lower(), f"{n} {en}".lower())
}


def _business_map() -> dict[str, str]:
    frame = reference.businesses()
    mapping: dict[str, str] = {}
    for row in frame.itertuples():
        mapping[row.business_id] = row.business_id
        mapping[fold(row.name_ja)] = row.business_id
        mapping[row.name_en.lower()] = row.business_id
    return mapping


def _map_values(values: pd.Series, mapping: dict[str, str], lower: bool = True) -> pd.Series:
    keys = values.str.lower() if lower else values
    mapped = keys.map(mapping)
    if lower:
        mapped = mapped.fillna(values.map(mapping))
    return mapped.fillna(values).astype(str)


def _dates(values: pd.Series) -> pd.Series:
    # the common case: every cell already ISO or empty, which the pattern below would give back unchanged
    if (values.str.fullmatch(_ISO_DATE) | (values == "")).all():
        return values.astype(str)
    parts = values.str.extract(_DATE)
    ok = parts[0].notna()
    iso = parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)
    return iso.where(ok, values).astype(str)


def _booleans(values: pd.Series) -> pd.Series:
    lowered = values.str.lower()
    out = values.copy()
    out[lowered.isin(TRUE_WORDS)] = "true"
    out[lowered.isin(FALSE_WORDS)] = "false"
    return out


def _ints(values: pd.Series) -> pd.Series:
    if not values.str.contains(".", regex=False).any():  # nothing like "3.0" to shorten: skip the regex
        return values
    return values.str.replace(_INT_LIKE, r"\1", regex=True)


def _fold_text(text: pd.Series) -> pd.Series:
    # NFKC leaves ASCII unchanged: only columns with other characters pay for the normalisation
    if not text.str.isascii().all():
        text = text.str.normalize("NFKC")
    return text.str.strip()


def _codes(values: pd.Series) -> pd.Series:
    return _ints(values.str.replace(r"[-\s]", "", regex=True))


def _percent(values: pd.Series) -> pd.Series:
    return values.str.rstrip("%").str.strip()


def normalisers() -> dict[str, Callable[[pd.Series], pd.Series]]:
    """The reader's normalising steps by the name the registry (schemas.fields) gives a column's."""
    businesses = _business_map()
    return {
        "code": _codes,
        "business": lambda values: _map_values(values, businesses),
        "stage": lambda values: _map_values(values, STAGE_LABELS),
        "gov_cloud": lambda values: _map_values(values, GOV_CLOUD_LABELS),
        "date": _dates,
        "boolean": _booleans,
        "reason": lambda values: _ints(_map_values(values, REASON_LABELS)),
        "int": _ints,
        "percent": _percent,
    }


def normalise(cells: dict[str, Distinct]) -> tuple[dict[str, Distinct], dict[str, Distinct]]:
    """Each column folded (the cells as written, for messages) and normalised (canonical ids,
    labels, ISO dates and true/false) by its step in the registry, worked out on its distinct cells only."""
    steps_by_name = normalisers()
    steps = {f.name: steps_by_name[f.normaliser] for f in FIELDS if f.normaliser is not None}
    written: dict[str, Distinct] = {}
    canonical: dict[str, Distinct] = {}
    for col, cell in cells.items():
        folded = _fold_text(cell.values)
        written[col] = cell.with_values(folded)
        canonical[col] = cell.with_values(steps[col](folded) if col in steps else folded)
    return written, canonical


def _frame(cells: dict[str, Distinct]) -> pd.DataFrame:
    return pd.DataFrame({col: cell.column() for col, cell in cells.items()}, columns=list(cells))


@dataclass(frozen=True)
class Contract:
    """What a report kind's reader needs to know of its columns: the canonical names in order, the
    required ones, the header names (folded) each is known by, and the size and format limits."""

    columns: Sequence[str]
    required: Sequence[str]
    headers: Callable[[], dict[str, str]]
    max_bytes: int
    too_large: str  # the finding code of a file over max_bytes
    readers: Mapping[str, Callable[[bytes], Parsed]]


def headed(
    raw_bytes: bytes, filename: str | None, fmt: str | None, contract: Contract | None = None
) -> ReadResult | tuple[pd.DataFrame, partial[ReadResult]]:
    """The part every report reader shares: bytes to a frame of the contract's columns as text, headers
    mapped to canonical names; or the ReadResult that says why the file cannot be read. With the frame
    comes the ReadResult maker carrying the format, header row and sheet."""
    contract = contract or STATUS_CONTRACT
    fmt = fmt or detect_format(raw_bytes, filename)
    if len(raw_bytes) == 0 or not raw_bytes.strip():
        return ReadResult(None, findings=[fnd.finding(None, None, "file_empty")], format=fmt)
    if len(raw_bytes) > contract.max_bytes:
        return ReadResult(None, findings=[fnd.finding(None, None, contract.too_large, len(raw_bytes))], format=fmt)
    try:
        frame, header_row, sheet = contract.readers[fmt](raw_bytes)
    except Refused as refusal:
        return ReadResult(None, findings=refusal.findings, format=fmt)
    result = partial(ReadResult, format=fmt, header_row=header_row, sheet=sheet)
    if len(frame.columns) > MAX_COLUMNS:
        return result(None, findings=[fnd.finding(None, None, "too_many_columns", len(frame.columns))])
    headers = contract.headers()
    header = [str(c) for c in frame.columns]
    frame.columns = [headers.get(fold(c), headers.get(fold(c).lower(), fold(c))) for c in header]
    duplicated = _duplicated_columns(header, list(frame.columns), contract.columns)
    if duplicated:
        return result(None, findings=duplicated)
    missing = [c for c in contract.required if c not in frame.columns]
    if missing:
        return result(None, findings=[fnd.finding(None, c, "missing_column") for c in missing])
    for col in contract.columns:
        if col not in frame.columns:
            frame[col] = ""
    return frame[list(contract.columns)].fillna("").astype(str), result


def read(raw_bytes: bytes, filename: str | None = None, fmt: str | None = None) -> ReadResult:
    """Read one submission's bytes into canonical text columns, or say why the file cannot be read."""
    front = headed(raw_bytes, filename, fmt)
    if isinstance(front, ReadResult):
        return front
    frame, result = front
    fmt = result.keywords["format"]  # as given or as detected
    # each column's distinct cells, found once: the passes below look at those, not at every cell
    cells = {col: Distinct.of(frame[col]) for col in COLUMNS}
    blank = np.logical_and.reduce([cell.per_row(cell.values.str.strip() == "") for cell in cells.values()])
    row_numbers = (np.flatnonzero(~blank) + 1).tolist()
    if not row_numbers:
        return result(None, findings=[fnd.finding(None, None, "no_rows")])
    if len(row_numbers) > MAX_ROWS:
        return result(None, findings=[fnd.finding(None, None, "too_many_rows", len(row_numbers))])
    cells = {col: cell.rows(~blank) for col, cell in cells.items()}
    if fmt == "csv":  # our CSV template's apostrophe before formula-like text (etl.cells.from_csv)
        cells = {
            col: cell.with_values(cell.values.map(safe_cells.from_csv))
            if cell.values.str.startswith("'").any()
            else cell
            for col, cell in cells.items()
        }
    too_long = list(long_cells(cells, row_numbers))
    if too_long:
        return result(None, findings=too_long)
    written, canonical = normalise(cells)
    normalised = _frame(canonical)
    remember_distinct(normalised, {col: (cell.codes, cell.values) for col, cell in canonical.items()})
    return result(normalised, _frame(written), row_numbers, fnd.text_findings(written, row_numbers))


def _duplicated_columns(written: list[str], canonical: list[str], columns: Sequence[str] = COLUMNS) -> list[dict]:
    """A column_duplicated finding for each report column given twice (by either of its names)."""
    out = []
    for col in columns:
        given = [w for w, c in zip(written, canonical, strict=True) if c == col]
        if len(given) > 1:
            out.append(fnd.finding(None, col, "column_duplicated", ", ".join(given)))
    return out


STATUS_CONTRACT = Contract(
    COLUMNS, REQUIRED_COLUMNS, _header_map, MAX_BYTES, "file_too_large", {"csv": _csv, "xlsx": _xlsx, "json": _json}
)
