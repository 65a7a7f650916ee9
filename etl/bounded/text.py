"""Bounded CSV and JSON: the CSV's header record and the JSON's nesting depth checked before the parse."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from etl.bounded.common import refuse
from schemas.vocabulary.contract import MAX_COLUMNS, MAX_JSON_DEPTH

# --- CSV ----------------------------------------------------------------------------------------


def csv_header(text: str) -> list[str]:
    """The header record as written; refuses more than MAX_COLUMNS columns before pandas sees the file."""
    try:
        header = next(csv.reader(_lines(text)), [])
    except csv.Error as exc:
        raise refuse("file_unreadable", str(exc)) from exc
    if len(header) > MAX_COLUMNS:
        raise refuse("too_many_columns", f"{len(header):,}")
    return header


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> Iterator[str]:
    """The text's lines, each with its line break (CRLF, CR or LF, as a file opened with newline=""),
    made only as the CSV reader asks for them: the header record reads the first line or few, not a
    copy of the whole file."""
    start = 0
    for brk in _LINE_BREAK.finditer(text):
        yield text[start : brk.end()]
        start = brk.end()
    if start < len(text):
        yield text[start:]


def csv_frame(text: str) -> pd.DataFrame:
    """The CSV as text columns named as written (duplicates kept), bounded in width; raises Refused."""
    header = csv_header(text)
    # the parser reads UTF-8 bytes itself: handing it a str makes pandas re-encode it chunk by chunk
    data = text.encode("utf-8")
    frame = _arrow_frame(data, header)
    if frame is not None:
        return frame
    try:
        # blank lines stay rows (the reader drops them, still counted) so that a data row's number
        # is its line in the file less the header's
        frame = pd.read_csv(
            io.BytesIO(data), encoding="utf-8", dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        # a data row wider than the header is pandas' error: say which line
        raise refuse("file_unreadable", f"{type(exc).__name__}: {exc}".strip()) from exc
    if len(frame.columns) == len(header):
        # pandas renames a repeated header ("x.1"): keep the names as written so duplicates are seen
        frame.columns = _names(header)
    return frame


def _names(header: list[str]) -> list[str]:
    return [h if h.strip() else f"_unnamed_{i}" for i, h in enumerate(header)]


def _arrow_frame(data: bytes, header: list[str]) -> pd.DataFrame | None:
    """The common file, every line as wide as the header and none blank, read by Arrow's CSV reader
    (a quarter of pandas' time); None for anything else, which pandas' reader then reads or names."""
    if not header or any("\n" in h or "\r" in h for h in header):
        return None  # Arrow skips the header by lines: a header cell over two lines is pandas' to read
    positions = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(skip_rows=1, column_names=positions),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(positions, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None  # a blank or short line, a ragged row, an open quote: pandas keeps or names it
    frame = table.combine_chunks().to_pandas()
    frame.columns = _names(header)
    return frame


# --- JSON ---------------------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects, counted without parsing (strings blanked out)."""
    skeleton = _JSON_STRING.sub("", text).encode("ascii", "ignore")
    chars = np.frombuffer(skeleton, dtype=np.uint8)
    if not len(chars):
        return 0
    steps = np.isin(chars, (ord("["), ord("{"))).astype(np.int32) - np.isin(chars, (ord("]"), ord("}")))
    return int(np.cumsum(steps).max())


class _DuplicateKey(ValueError):
    pass


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def json_records(text: str) -> list[dict]:
    """The JSON's list of row objects, depth, keys and width bounded; raises Refused."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise refuse("json_too_deep")
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except _DuplicateKey as exc:
        raise refuse("json_key_duplicated", str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise refuse("file_unreadable", f"JSON line {exc.lineno}") from exc
    except ValueError as exc:  # a number too long to convert (over 4,300 digits)
        raise refuse("file_unreadable", f"JSON: {exc}") from exc
    except RecursionError as exc:  # the depth check above should make this unreachable
        raise refuse("json_too_deep") from exc
    if isinstance(data, dict):
        data = data.get("rows", data.get("reports"))
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise refuse("file_unreadable", "JSON: a list of objects expected")
    keys: set[str] = set()
    for record in data:
        keys.update(record)
        if len(keys) > MAX_COLUMNS:
            raise refuse("too_many_columns", f"{len(keys):,}+")
    return data
