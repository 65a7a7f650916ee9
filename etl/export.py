"""Export every pair's status on a day (today by default) with names, due date and schedule status,
as CSV, Parquet or JSON."""

from __future__ import annotations

import io
import json
from datetime import date

import duckdb
import pandas as pd

from etl import cells, clock, paths
from schemas.fields import FIELDS

# what the export adds to a report's own columns: the names beside the codes, the due date and
# schedule status beside the target date, the submission the status comes from
_NAMES = {
    "municipality_code": ["municipality_ja", "municipality_en", "kind", "region"],
    "business_id": ["business_ja", "business_en"],
    "target_date": ["due_date", "schedule_status"],
}


def export_columns(include_notes: bool = False) -> list[str]:
    """The export's columns: the registry's public columns (schemas.fields) in order, each followed
    by what the export adds to it, then the submission; the private ones (the notes) last when asked for."""
    public = [c for f in FIELDS if f.public for c in (f.name, *_NAMES.get(f.name, []))]
    private = [f.name for f in FIELDS if not f.public] if include_notes else []
    return [*public, "submission_id", *private]


EXPORT_COLUMNS = export_columns()
# the day columns written as YYYY-MM-DD in CSV and JSON
DATE_COLUMNS = [*(f.name for f in FIELDS if f.kind == "date"), "due_date"]


CONTACT_COLUMNS = ["contact_emails", "contact_persons", "contact_departments"]


def latest(
    con: duckdb.DuckDBPyConnection,
    include_notes: bool = False,
    day: date | None = None,
    include_contacts: bool = False,
) -> pd.DataFrame:
    """Every pair of the jurisdiction on `day` (default today in Tokyo), in municipality and business order.

    The private notes and the municipalities' contacts are columns only when asked for.
    """
    day = day or clock.today()
    frame = con.execute(paths.sql("export.sql"), {"day": day, "include_notes": include_notes}).df()
    frame = frame[export_columns(include_notes)]
    if include_contacts:
        contacts = con.execute(paths.sql("contacts_by_municipality.sql")).df()
        frame = frame.merge(contacts, on="municipality_code", how="left")
    return frame


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in DATE_COLUMNS:
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
    return out


def render(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    include_notes: bool = False,
    day: date | None = None,
    include_contacts: bool = False,
) -> bytes:
    """The export as bytes in csv (UTF-8 with BOM, cells made safe), parquet or json."""
    frame = latest(con, include_notes, day, include_contacts)
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
