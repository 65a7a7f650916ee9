"""Export the latest status of every pair with names, as CSV, Parquet or JSON."""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd

from etl import cells

EXPORT_COLUMNS = [
    "municipality_code",
    "municipality_ja",
    "municipality_en",
    "kind",
    "region",
    "business_id",
    "business_ja",
    "business_en",
    "as_of",
    "stage",
    "target_date",
    "go_live_date",
    "gov_cloud",
    "special_support",
    "special_support_reason",
    "pmo_progress",
    "vendor",
    "submission_id",
]


def latest(con: duckdb.DuckDBPyConnection, include_notes: bool = False) -> pd.DataFrame:
    """The latest status of every pair, ordered by municipality and business order."""
    frame = con.execute("select * from v_latest_status order by municipality_code, business_order").df()
    cols = EXPORT_COLUMNS + (["notes"] if include_notes else [])
    return frame[cols]


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in ("as_of", "target_date", "go_live_date"):
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
    return out


def render(con: duckdb.DuckDBPyConnection, fmt: str, include_notes: bool = False) -> bytes:
    """The export as bytes in csv (UTF-8 with BOM, cells made safe), parquet or json."""
    frame = latest(con, include_notes)
    if fmt == "csv":
        return cells.csv_bytes(_dates_as_text(frame))
    if fmt == "json":
        records = _dates_as_text(frame).astype(object).where(frame.notna(), None).to_dict("records")
        return json.dumps(records, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt}")
