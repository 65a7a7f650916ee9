"""The reconciliation as a file: one row per discrepancy (the `v_reconciliation` view), CSV or JSON."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from etl import cells, paths

COLUMNS = [
    "municipality_code",
    "business_id",
    "kind",
    "reported_stage",
    "reported_special_support",
    "reported_as_of",
    "official_rate",
    "official_marked",
    "release_as_of",
    "release_id",
]


def discrepancies(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every discrepancy between the latest reports and the latest releases, in a stable order."""
    return con.execute(paths.sql("reconcile.sql")).df()[COLUMNS]


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in ("reported_as_of", "release_as_of"):
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
    out["release_id"] = out["release_id"].astype("Int64")
    return out


def render(con: duckdb.DuckDBPyConnection, fmt: str) -> bytes:
    """The discrepancies as CSV (UTF-8 with BOM, cells made safe) or JSON."""
    frame = _as_text(discrepancies(con))
    if fmt == "csv":
        return cells.csv_bytes(frame)
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, indent=1, default=str).encode("utf-8")
