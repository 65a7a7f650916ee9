"""The report form's data: the 20 businesses, the prefill from the latest accepted status, and the
form's values turned into a submission (canonical columns, then the JSON bytes that are kept)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import duckdb
import pandas as pd

from dashboard.reporting.values import iso, number, plain
from etl import prefill as etl_prefill
from etl import reference
from schemas.fields import FIELDS
from schemas.vocabulary.contract import COLUMNS, STATUS_FIELDS
from schemas.vocabulary.language import lang_column

# the fields a municipality edits per business in the form, in the form's column order: what a
# report says of one system
FORM_FIELDS: list[str] = STATUS_FIELDS
DIFF_FIELDS: list[str] = FORM_FIELDS
# the most characters a form's text field takes, from the registry (the checks' limits)
MAX_CHARS: dict[str, int] = {f.name: f.max_chars for f in FIELDS if f.max_chars is not None}


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
    text = [f.name for f in FIELDS if f.role == "status" and f.kind == "text"]
    frame[text] = frame[text].fillna("")
    return frame.infer_objects()  # the text columns typed as text, the dates kept as dates


def last_as_of(prefilled: pd.DataFrame) -> date | None:
    """The newest as-of day among the prefilled rows, None when the municipality never reported."""
    days = [d for d in prefilled["last_as_of"] if d is not None and not pd.isna(d)]
    return max(days) if days else None


def _form_text(kind: str, value: object) -> str:
    """A form widget's value of a status field as the canonical text a file's cell holds, by the
    field's kind in the registry."""
    if kind == "date":
        return iso(value)
    if kind == "bool":
        return "true" if value else "false"
    value = plain(value)
    if value is None:
        return ""
    if kind == "int":
        return str(int(value))  # type: ignore[call-overload]  # a number from a widget or a frame
    if kind == "percent":
        return number(value)
    if kind == "text":
        return str(value).strip()
    return str(value)  # a code from a drop-down


def form_frame(code: str, as_of: date, rows: list[dict]) -> pd.DataFrame:
    """The form's values (one dict per business with FORM_FIELDS) as a submission in canonical columns."""
    kinds = {f.name: f.kind for f in FIELDS if f.role == "status"}
    out = [
        {
            "municipality_code": code,
            "business_id": row["business_id"],
            "as_of": as_of.isoformat(),
            **{name: _form_text(kind, row.get(name)) for name, kind in kinds.items()},
        }
        for row in rows
    ]
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
