"""The report form's data: the 20 businesses, the prefill from the latest accepted status, and the
form's values turned into a submission (canonical columns, then the JSON bytes that are kept)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import duckdb
import pandas as pd

from dashboard.reporting.values import iso, number
from etl import prefill as etl_prefill
from etl import reference
from schemas.vocabulary import COLUMNS, STATUS_FIELDS, lang_column

# the fields a municipality edits per business in the form, in the form's column order: what a
# report says of one system
FORM_FIELDS: list[str] = STATUS_FIELDS
DIFF_FIELDS: list[str] = FORM_FIELDS


@cache
def businesses() -> pd.DataFrame:
    """The 20 businesses in display order (resident registry first)."""
    frame = reference.businesses().sort_values("order", kind="stable").reset_index(drop=True)
    return frame[["business_id", "order", "name_ja", "name_en"]]


def business_name(business_id: str, lang: str) -> str:
    """A business's name in the language, or its id when unknown."""
    names = businesses().set_index("business_id")
    if business_id not in names.index:
        return business_id
    return str(names.at[business_id, lang_column("name", lang)])


def prefill(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """The municipality's 20 systems for the form: the one prefill (`etl.prefill`: the latest accepted
    status, its defaults where there is none), vendor and notes as text to edit."""
    frame = etl_prefill.prefill(con, code).drop(columns="business_ja")
    frame[["vendor", "notes"]] = frame[["vendor", "notes"]].fillna("")
    return frame.infer_objects()  # the text columns typed as text, the dates kept as dates


def last_as_of(prefilled: pd.DataFrame) -> date | None:
    """The newest as-of day among the prefilled rows, None when the municipality never reported."""
    days = [d for d in prefilled["last_as_of"] if d is not None and not pd.isna(d)]
    return max(days) if days else None


def form_frame(code: str, as_of: date, rows: list[dict]) -> pd.DataFrame:
    """The form's values (one dict per business with FORM_FIELDS) as a submission in canonical columns."""
    out = []
    for row in rows:
        reason = row.get("special_support_reason")
        pmo = row.get("pmo_progress")
        out.append(
            {
                "municipality_code": code,
                "business_id": row["business_id"],
                "as_of": as_of.isoformat(),
                "stage": row.get("stage") or "",
                "target_date": iso(row.get("target_date")),
                "go_live_date": iso(row.get("go_live_date")),
                "gov_cloud": row.get("gov_cloud") or "",
                "special_support": "true" if row.get("special_support") else "false",
                "special_support_reason": "" if reason is None or pd.isna(reason) else str(int(reason)),
                "pmo_progress": "" if pmo is None or pd.isna(pmo) else number(pmo),
                "vendor": (row.get("vendor") or "").strip(),
                "notes": (row.get("notes") or "").strip(),
            }
        )
    return pd.DataFrame(out, columns=COLUMNS)


def no_change_frame(code: str, prefilled: pd.DataFrame, today: date) -> pd.DataFrame:
    """The last accepted status of every reported business, re-confirmed as of today."""
    reported = prefilled[prefilled["reported"]]
    return form_frame(code, today, reported.to_dict("records"))


def form_filename(code: str, as_of: date) -> str:
    """The name a form submission is kept under: the municipality and the as-of day."""
    return f"form_{code}_{as_of:%Y%m%d}.json"


def form_bytes(frame: pd.DataFrame) -> bytes:
    """A form submission's raw bytes: its rows as JSON, the same shape `ingest_frame` keeps."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, default=str, indent=1).encode("utf-8")
