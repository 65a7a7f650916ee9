"""The cost export (`hyojunka export --costs`) and the joint-procurement candidates for the procurement
team (CSV/XLSX).

Without `per_municipality` the export holds only figures that add up at least the setting's number of
municipalities (5): the jurisdiction and each business, a smaller group's yen left empty; with it,
every pair's base year beside its latest year (private: the CIO office's)."""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
from openpyxl import Workbook

from etl import cells, paths
from etl.costs import settings

YEN = ["baseline_total", "current_total", "combined_total", "ratio"]


def aggregate(con: duckdb.DuckDBPyConnection, minimum: int | None = None) -> pd.DataFrame:
    """The jurisdiction's and each business's compared costs, a group of fewer than `minimum`
    municipalities withheld (its yen and ratio empty)."""
    minimum = settings.min_municipalities() if minimum is None else minimum
    frame = con.execute(paths.sql("cost_export_aggregate")).df().drop(columns="business_order")
    small = frame["n_municipalities"] < minimum
    for col in ("baseline_total", "current_total"):
        frame[col] = frame[col].astype("Int64").mask(small)
    frame["ratio"] = frame["ratio"].astype("Float64").mask(small)
    return frame


def pairs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every reported pair's base and latest year (private)."""
    return con.execute(paths.sql("cost_export_pairs")).df()


def render(con: duckdb.DuckDBPyConnection, fmt: str, per_municipality: bool = False) -> bytes:
    """The cost export as CSV or JSON (parquet through `frame`)."""
    frame = pairs(con) if per_municipality or settings.publish_per_municipality() else aggregate(con)
    if fmt == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        return json.dumps(records, ensure_ascii=False, default=str, indent=1).encode("utf-8")
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()
    return cells.csv_bytes(frame)


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """One frame as a workbook of one sheet: the header, then the rows; text never a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    cells.xlsx_row(sheet, [str(c) for c in frame.columns])
    for record in frame.itertuples(index=False):
        cells.xlsx_row(sheet, [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in record])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
