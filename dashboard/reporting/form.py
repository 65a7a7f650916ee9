"""The report form's data: the 20 businesses, the prefill from the latest accepted status, and the
form's values turned into a submission (canonical columns, then the JSON bytes that are kept)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

import duckdb
import pandas as pd

from dashboard.reporting.access import latest_own
from dashboard.reporting.values import iso, number, plain
from etl import reference
from schemas.vocabulary import COLUMNS, STATUS_FIELDS, lang_column

# the fields a municipality edits per business in the form, in the form's column order: what a
# report says of one system
FORM_FIELDS: list[str] = STATUS_FIELDS
DIFF_FIELDS: list[str] = FORM_FIELDS
DEFAULT_STAGE = "not_started"
DEFAULT_GOV_CLOUD = "planned"


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
    """The municipality's 20 systems with their latest accepted status, defaults where there is none."""
    latest = latest_own(con, code).set_index("business_id")
    rows = []
    for biz in businesses().itertuples():
        last = latest.loc[biz.business_id] if biz.business_id in latest.index else None

        def get(col: str, _last: pd.Series | None = last) -> Any:
            return None if _last is None else plain(_last[col])

        reason = get("special_support_reason")
        pmo = get("pmo_progress")
        rows.append(
            {
                "business_id": biz.business_id,
                "stage": get("stage") or DEFAULT_STAGE,
                "target_date": get("target_date"),
                "go_live_date": get("go_live_date"),
                "gov_cloud": get("gov_cloud") or DEFAULT_GOV_CLOUD,
                "special_support": bool(get("special_support") or False),
                "special_support_reason": None if reason is None else int(reason),
                "pmo_progress": None if pmo is None else float(pmo),
                "vendor": get("vendor") or "",
                "notes": get("notes") or "",
                "last_as_of": get("as_of"),
                "reported": last is not None,
            }
        )
    return pd.DataFrame(rows)


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
