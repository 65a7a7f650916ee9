"""A normalised frame to findings (one per row and rule) and, when it passes, typed rows."""

from __future__ import annotations

import warnings
from datetime import datetime

import duckdb
import pandas as pd
import pandera.pandas as pa

from etl import findings as fnd
from etl import reference, store
from etl.read import ReadResult
from schemas.status_report import (
    RULE_COLUMNS,
    Context,
    parse_dates,
    parse_numbers,
    status_report_schema,
    warning_checks,
)
from schemas.vocabulary import RESIDENT_REGISTRY


def today_in_tokyo() -> datetime:
    """Now in Asia/Tokyo (the day that 'not after today' means)."""
    return datetime.now(store.TOKYO)


def context_from_store(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame | None, submitter_code: str | None = None
) -> Context:
    """The checks' context: the jurisdiction and the last accepted status of the rows' municipalities."""
    codes = store.reference_codes(con) or set(reference.municipalities()["code"])
    business_ids = set(reference.businesses()["business_id"])
    previous: dict[tuple[str, str], str] = {}
    registry_live: set[str] = set()
    if frame is not None and len(frame):
        wanted = sorted(set(frame["municipality_code"].tolist()) & codes)
        if wanted:
            latest = store.latest_stages(con, wanted)
            # plain lists: iterating the columns themselves is several times slower
            previous = dict(zip(zip(latest["municipality_code"].tolist(), latest["business_id"].tolist(),
                                    strict=True), latest["stage"].tolist(), strict=True))
            registry = latest[(latest["business_id"] == RESIDENT_REGISTRY) & (latest["stage"] == "live")]
            registry_live = set(registry["municipality_code"])
    return Context(codes=frozenset(codes), business_ids=frozenset(business_ids),
                   today=today_in_tokyo().date(), submitter_code=submitter_code,
                   previous_stage=previous, registry_live=frozenset(registry_live))


def _row_findings(frame: pd.DataFrame, raw: pd.DataFrame, row_numbers: list[int],
                  failures: pd.DataFrame, severity: str) -> list[dict]:
    items: list[dict] = []
    seen: set[tuple[int, str]] = set()
    cells: dict[str, dict] = {}  # column -> {index: cell}, built once: a lookup per finding is slow
    made: dict[tuple, dict] = {}  # (column, code, value) -> finding: messages depend on nothing else
    columns = set(raw.columns)
    for index, code, column in zip(failures["index"].tolist(), failures["check"].tolist(),
                                   failures["column"].tolist(), strict=True):
        if index is None or pd.isna(index):
            continue
        index = int(index)
        # a dataframe-level failure repeats once per column: keep one per row and rule
        if (index, code) in seen:
            continue
        seen.add((index, code))
        col = RULE_COLUMNS.get(code, column if isinstance(column, str) else None)
        if col in columns and col not in cells:
            cells[col] = dict(zip(raw.index.tolist(), raw[col].tolist(), strict=True))
        value = cells[col][index] if col in columns else None
        key = (col, code, value)
        if key not in made:
            made[key] = fnd.finding(None, col, code, value if value != "" else None, severity)
        items.append({**made[key], "row": row_numbers[index]})
    return items


def check(result: ReadResult, ctx: Context) -> pd.DataFrame:
    """Every finding of a read file: file-level ones, then errors and warnings per row and rule."""
    items = list(result.findings)
    if result.frame is None:
        return fnd.frame(items)
    frame, raw = result.frame, result.raw
    schema = status_report_schema(ctx, include_warnings=False)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        items += _row_findings(frame, raw, result.row_numbers, err.failure_cases, "error")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for column, warning in warning_checks(ctx):
            try:
                passed = warning(frame).check_output
            except Exception:  # a warning is advice: rows broken enough to upset it already have errors
                continue
            failed = frame.index[~passed.fillna(True).astype(bool).to_numpy()]
            cases = pd.DataFrame({"index": failed, "check": warning.name, "column": column})
            items += _row_findings(frame, raw, result.row_numbers, cases, "warning")
    return fnd.frame(items)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Validated text columns as the store's types."""
    out = pd.DataFrame({
        "municipality_code": frame["municipality_code"].astype(str),
        "business_id": frame["business_id"].astype(str),
        "as_of": parse_dates(frame["as_of"]),
        "stage": frame["stage"].astype(str),
        "target_date": parse_dates(frame["target_date"]),
        "go_live_date": parse_dates(frame["go_live_date"]),
        "gov_cloud": frame["gov_cloud"].astype(str),
        "special_support": frame["special_support"] == "true",
        "special_support_reason": parse_numbers(frame["special_support_reason"]).astype("Int8"),
        "pmo_progress": parse_numbers(frame["pmo_progress"]).astype("Float64"),
        "vendor": frame["vendor"].where(frame["vendor"] != ""),
        "notes": frame["notes"].where(frame["notes"] != ""),
    })
    return out
