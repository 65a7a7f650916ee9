"""Bounded reading of untrusted bytes: every limit is checked while reading, before the costly parse.

`etl.read` calls one of three readers; each raises `Refused` with the finding that stops the file.

- XLSX (`xlsx_rows`): first the zip's directory (number of parts, each part's declared uncompressed
  size, the total, the compression ratio; zipfile never inflates a part past its declared size and
  fails its CRC instead). Then one streaming pass of expat over the shared strings (how many, how
  long) and the first sheet (its declared dimension, every row and cell reference, each cell's
  text length, formulas without a saved result). Only then openpyxl, read-only, its rows and
  columns bounded again. Memory stays that of the shared strings (at most XLSX_MAX_SHARED bytes of
  XML) and one row.
- CSV (`csv_frame`): the header record alone first (column count, names as written, so duplicates
  survive to be refused), then pandas; a data row wider than the header is pandas' own error.
- JSON (`json_records`): the nesting depth measured on the text with the strings blanked out,
  before `json.loads`; duplicate keys and the union of keys bounded while decoding.
Cell length is checked on the frame by `etl.read` for every format (`long_cells`).

The readers are in `etl.bounded.xlsx` and `etl.bounded.text` (CSV, JSON); what they share (`Refused`,
`cell_text`, `long_cells`) in `etl.bounded.common`.
"""

from etl.bounded.common import FORMULA_FINDINGS_MAX, MB, ROW_LIMIT, Refused, cell_text, long_cells
from etl.bounded.text import csv_frame, csv_header, json_depth, json_records
from etl.bounded.xlsx import (
    XLSX_MAX_OTHER,
    XLSX_MAX_PARTS,
    XLSX_MAX_RATIO,
    XLSX_MAX_SHARED,
    XLSX_MAX_SHEET,
    XLSX_MAX_STRINGS,
    XLSX_MAX_TOTAL,
    first_sheet_path,
    inspect_zip,
    scan_shared_strings,
    scan_sheet,
    xlsx_rows,
    xlsx_sheet,
)

__all__ = [
    "FORMULA_FINDINGS_MAX",
    "MB",
    "ROW_LIMIT",
    "Refused",
    "XLSX_MAX_OTHER",
    "XLSX_MAX_PARTS",
    "XLSX_MAX_RATIO",
    "XLSX_MAX_SHARED",
    "XLSX_MAX_SHEET",
    "XLSX_MAX_STRINGS",
    "XLSX_MAX_TOTAL",
    "cell_text",
    "csv_frame",
    "csv_header",
    "first_sheet_path",
    "inspect_zip",
    "json_depth",
    "json_records",
    "long_cells",
    "scan_shared_strings",
    "scan_sheet",
    "xlsx_rows",
    "xlsx_sheet",
]
