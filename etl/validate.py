"""A normalised frame to findings (one per row and rule) and, when it passes, typed rows."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import duckdb
import pandas as pd
import pandera.pandas as pa

from etl import clock, reference, store
from etl import findings as fnd
from etl.read import ReadResult
from schemas.fields import FIELDS
from schemas.status_report import (
    FRAME_WARNINGS,
    RULE_COLUMNS,
    Context,
    parse_dates,
    parse_numbers,
    parsing_once,
    previous_stages,
    status_report_schema,
)
from schemas.vocabulary.contract import RESIDENT_REGISTRY


@dataclass(frozen=True, eq=False)
class Stored:
    """What the checks compare a submission with, read from the store: the jurisdiction's codes and
    the last accepted stage of the pairs of some (or all) of its municipalities."""

    codes: frozenset[str]
    previous: pd.DataFrame


def stored(con: duckdb.DuckDBPyConnection, municipalities: list[str] | None = None) -> Stored:
    """The store's side of the checks' context; the previous stages of these municipalities only,
    or of all of them (ingest fetches them while the file is still being read, before it knows
    which municipalities the file speaks of)."""
    codes = frozenset(store.reference_codes(con) or set(reference.municipalities()["code"]))
    if municipalities is not None and not municipalities:
        return Stored(codes, previous_stages({}))
    return Stored(codes, store.latest_stages(con, municipalities))


def context(stored: Stored, frame: pd.DataFrame | None, submitter_code: str | None = None) -> Context:
    """The checks' context for these rows from what the store holds."""
    previous = stored.previous if frame is not None and len(frame) else previous_stages({})
    registry = previous[(previous["business_id"] == RESIDENT_REGISTRY) & (previous["stage"] == "live")]
    return Context(
        codes=stored.codes,
        business_ids=frozenset(reference.businesses()["business_id"]),
        today=clock.today(),
        deadline=reference.national_deadline(),
        special_support_horizon=reference.special_support_horizon(),
        submitter_code=submitter_code,
        previous_stage=previous,
        registry_live=frozenset(registry["municipality_code"].unique().tolist()),
    )


def context_from_store(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame | None, submitter_code: str | None = None
) -> Context:
    """The checks' context: the jurisdiction and the last accepted status of the rows' municipalities."""
    wanted = [] if frame is None else sorted(frame["municipality_code"].unique().tolist())
    return context(stored(con, wanted), frame, submitter_code)


def _batch(
    raw: pd.DataFrame, row_numbers: list[int], index: list[int], code: str, column: str | None, severity: str
) -> dict[str, list]:
    # the cell as written, for the message; an empty cell is no value
    if column in raw.columns:
        cells = raw[column].iloc[raw.index.get_indexer(index)].tolist()
        values = [cell if cell != "" else None for cell in cells]
    else:
        values = [None] * len(index)
    as_of = None
    if "as_of" in raw.columns:
        as_of = [cell if cell != "" else None for cell in raw["as_of"].iloc[raw.index.get_indexer(index)].tolist()]
    return fnd.batch([row_numbers[i] for i in index], column, code, values, severity, as_of)


def _failure_batches(raw: pd.DataFrame, row_numbers: list[int], failures: pd.DataFrame) -> list[dict[str, list]]:
    """pandera's failure cases as error findings, one per row and rule, batched by rule and column."""
    cases = failures[failures["index"].notna()]
    # a dataframe-level failure repeats once per column: keep one per row and rule
    cases = cases.drop_duplicates(["index", "check"])
    groups: dict[tuple[str, str | None], list[int]] = {}
    for index, code, column in zip(
        cases["index"].tolist(), cases["check"].tolist(), cases["column"].tolist(), strict=True
    ):
        column = RULE_COLUMNS.get(code, column if isinstance(column, str) else None)
        groups.setdefault((code, column), []).append(int(index))
    return [_batch(raw, row_numbers, index, code, column, "error") for (code, column), index in groups.items()]


def check(result: ReadResult, ctx: Context) -> pd.DataFrame:
    """Every finding of a read file: file-level ones, then errors and warnings per row and rule."""
    return fnd.frame(list(result.findings), errors(result, ctx) + warnings_of(result, ctx))


def has_errors(result: ReadResult, batches: list[dict[str, list]]) -> bool:
    """True when the file-level findings or these row errors hold an error."""
    return any(f["severity"] == "error" for f in result.findings) or any(b["row"] for b in batches)


def errors(result: ReadResult, ctx: Context) -> list[dict[str, list]]:
    """The rows' errors, batched by rule: the status report schema, validated by pandera."""
    if result.frame is None:
        return []
    schema = status_report_schema(ctx, include_warnings=False)
    with parsing_once():
        try:
            # in place: the schema coerces nothing, so pandera's copy of the frame would only hide
            # its columns from the memo of what was already factorized and parsed
            schema.validate(result.frame, lazy=True, inplace=True)
        except pa.errors.SchemaErrors as err:
            return _failure_batches(result.raw, result.row_numbers, err.failure_cases)
    return []


def warnings_of(result: ReadResult, ctx: Context) -> list[dict[str, list]]:
    """The rows' warnings, batched by rule: the schema's warning checks, run as their plain
    functions (only which rows pass is wanted, not pandera's failure-case frames, one row per
    failing cell of every column)."""
    if result.frame is None:
        return []
    frame, batches = result.frame, []
    with parsing_once(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for column, name, test in FRAME_WARNINGS:
            try:
                passed = test(frame, ctx)
            except Exception:  # a warning is advice: rows broken enough to upset it already have errors
                continue
            failed = frame.index[~passed.fillna(True).astype(bool).to_numpy()].tolist()
            batches.append(_batch(result.raw, result.row_numbers, failed, name, column, "warning"))
    return batches


def _as_store_type(values: pd.Series, store_type: str, required: bool) -> pd.Series:
    """One validated text column as the store's type (a column of the registry, schemas.fields)."""
    if store_type == "varchar":
        return values.astype(str) if required else values.where(values != "")
    if store_type == "date":
        return parse_dates(values)
    if store_type == "boolean":
        return values == "true"
    if store_type in STORE_INTEGERS:
        return parse_numbers(values).astype(STORE_INTEGERS[store_type])
    if store_type == "double":
        return parse_numbers(values).astype("Float64")
    raise ValueError(f"no pandas type for the store type {store_type!r}")


# DuckDB's integer types as pandas' nullable ones
STORE_INTEGERS: dict[str, str] = {"tinyint": "Int8", "smallint": "Int16", "integer": "Int32", "bigint": "Int64"}


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Validated text columns as the store's types, each as the registry (schemas.fields) says."""
    return pd.DataFrame({f.name: _as_store_type(frame[f.name], f.store_type, f.required) for f in FIELDS})
