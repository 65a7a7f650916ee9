"""A normalised cost frame to findings (one per row and rule) and, when it passes, typed rows."""

from __future__ import annotations

import warnings

import duckdb
import pandas as pd
import pandera.pandas as pa

from etl import clock, paths, reference, store
from etl import findings as fnd
from etl.read import ReadResult
from etl.validate import _batch
from schemas.cost_report import (
    CATEGORIES,
    COST_FRAME_WARNINGS,
    COST_KEY,
    COST_RULE_COLUMNS,
    CostContext,
    cost_report_schema,
    no_stored,
    years,
    yen,
)
from schemas.status_report import parse_dates


def stored(con: duckdb.DuckDBPyConnection, municipalities: list[str]) -> pd.DataFrame:
    """The newest stored figure of each municipality x business x fiscal year x kind of these municipalities."""
    if not municipalities:
        return no_stored()
    # fetched as Arrow: a national file's municipalities hold hundreds of thousands of stored figures
    return con.sql(paths.sql("cost_stored"), params={"codes": municipalities}).to_arrow_table().to_pandas()


def context_from_store(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame | None, submitter_code: str | None = None
) -> CostContext:
    """The checks' context: the jurisdiction and the stored figures of the rows' municipalities."""
    wanted = [] if frame is None else sorted(frame["municipality_code"].unique().tolist())
    codes = frozenset(store.reference_codes(con) or set(reference.municipalities()["code"]))
    return CostContext(
        codes=codes,
        business_ids=frozenset(reference.businesses()["business_id"]),
        today=clock.today(),
        submitter_code=submitter_code,
        stored=stored(con, wanted),
    )


def _failure_batches(raw: pd.DataFrame, row_numbers: list[int], failures: pd.DataFrame) -> list[dict[str, list]]:
    cases = failures[failures["index"].notna()]
    groups: dict[tuple[str, str | None], list[int]] = {}
    for index, code, column in zip(
        cases["index"].tolist(), cases["check"].tolist(), cases["column"].tolist(), strict=True
    ):
        column = COST_RULE_COLUMNS.get(code, column if isinstance(column, str) else None)
        groups.setdefault((code, column), []).append(int(index))
    # a dataframe-level failure repeats once per column: one finding per row, rule and column
    return [
        _batch(raw, row_numbers, sorted(set(index)), code, column, "error") for (code, column), index in groups.items()
    ]


def errors(result: ReadResult, ctx: CostContext) -> list[dict[str, list]]:
    """The rows' errors, batched by rule and column: the cost report schema, validated by pandera."""
    if result.frame is None:
        return []
    try:
        cost_report_schema(ctx).validate(result.frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as err:
        return _failure_batches(result.raw, result.row_numbers, err.failure_cases)
    return []


def warnings_of(result: ReadResult, ctx: CostContext) -> list[dict[str, list]]:
    """The rows' warnings, batched by rule and column (run as plain functions: advice, never a block)."""
    if result.frame is None:
        return []
    frame, batches = result.frame, []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for column, name, test in COST_FRAME_WARNINGS:
            try:
                passed = test(frame, ctx)
            except Exception:  # rows broken enough to upset a warning already have errors
                continue
            failed = frame.index[~passed.fillna(True).astype(bool).to_numpy()].tolist()
            if failed:
                batches.append(_batch(result.raw, result.row_numbers, failed, name, column, "warning"))
    return batches


def has_errors(result: ReadResult, batches: list[dict[str, list]]) -> bool:
    """True when the file-level findings or these row errors hold an error."""
    return any(f["severity"] == "error" for f in result.findings) or any(b["row"] for b in batches)


def check(result: ReadResult, ctx: CostContext) -> pd.DataFrame:
    """Every finding of a read cost file: file-level ones, then errors and warnings per row and rule."""
    return fnd.frame(list(result.findings), errors(result, ctx) + warnings_of(result, ctx))


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Validated text columns as the store's types (yen Int64, a blank category 0)."""
    out = pd.DataFrame(
        {
            "municipality_code": frame["municipality_code"].astype(str),
            "business_id": frame["business_id"].astype(str),
            "fiscal_year": years(frame["fiscal_year"]).astype("Int16"),
            "kind": frame["kind"].astype(str),
        }
    )
    for col in CATEGORIES:
        out[col] = yen(frame[col])
    shared = frame["shared_cost_share"]
    out["shared_cost_share"] = yen(shared).where(shared != "")
    out["contract_end"] = parse_dates(frame["contract_end"])
    for col in ("vendor", "package", "note"):
        out[col] = frame[col].where(frame[col] != "")
    return out[[*COST_KEY, *CATEGORIES, "shared_cost_share", "contract_end", "vendor", "package", "note"]]
