"""One cost submission end to end: read, check, keep (accepted or not) in one transaction, with its raw
bytes and findings like the status reports; accepted rows are appended to cost_reports."""

from __future__ import annotations

import contextlib
import json
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from etl import clock, paths, store
from etl import findings as fnd
from etl.costs import read as reader
from etl.costs import validate
from etl.ingest import Outcome
from schemas.status_report import parsing_once
from schemas.vocabulary.costs import COST_CATEGORIES, COST_COLUMNS, COST_MAX_BYTES

ROW_COLUMNS = COST_COLUMNS  # a stored row holds the report's columns, in its order
REQUIRED_STORED = ["municipality_code", "business_id", "fiscal_year", "kind", *COST_CATEGORIES]


@dataclass(frozen=True)
class CostChecked:
    """A cost submission read and checked against the store but not kept (the app's dry run)."""

    raw: bytes
    filename: str | None
    source: str
    result: reader.ReadResult
    findings: pd.DataFrame

    @property
    def has_errors(self) -> bool:
        """True when a finding blocks the submission."""
        return bool((self.findings["severity"] == "error").any())

    @property
    def n_rows(self) -> int:
        """How many data rows were read."""
        return self.result.n_rows

    @cached_property
    def rows(self) -> pd.DataFrame | None:
        """The rows as the store's types, or None when there is an error."""
        return None if self.has_errors or self.result.frame is None else validate.typed(self.result.frame)


def check(
    raw: bytes,
    *,
    con: duckdb.DuckDBPyConnection,
    filename: str | None = None,
    source: str | None = None,
    submitter_code: str | None = None,
) -> CostChecked:
    """Read and check one cost submission against the store on `con`, keeping nothing."""
    fmt = source if source in reader.FORMATS else None
    # the checks and the typed rows parse each yen column once
    with parsing_once():
        result = reader.read(raw, filename, fmt)
        ctx = validate.context_from_store(con, result.frame, submitter_code)
        checked = CostChecked(raw, filename, source or result.format, result, validate.check(result, ctx))
        _ = checked.rows
    return checked


@dataclass(frozen=True)
class _Begun:
    """A cost submission's transaction under way: its id and outcome decided, its rows written."""

    submission_id: int
    outcome: str
    digest: str
    duplicate_of: int | None


def _begin(
    con: duckdb.DuckDBPyConnection,
    digest: str,
    rows: pd.DataFrame | None,
    row_numbers: list[int],
    has_errors: bool,
    sid: int | None = None,
) -> _Begun:
    """Open the transaction, decide the outcome and append an accepted submission's rows (under `sid`
    when the submission already has its number)."""
    con.execute("begin transaction")
    try:
        dup = None
        if not has_errors:
            found = store.scalar(
                con, "select min(id) from cost_submissions where sha256 = ? and outcome = 'accepted'", [digest]
            )
            dup = None if found is None else int(found)
        outcome = "rejected" if has_errors else ("duplicate" if dup else "accepted")
        if sid is None:
            sid = int(store.scalar(con, "select nextval('cost_submission_id_seq')"))
        if outcome == "accepted" and rows is not None and len(rows):
            frame = rows[ROW_COLUMNS].assign(submission_id=sid, row_number=row_numbers)
            # handed over as Arrow: DuckDB reads its columns directly
            con.register("incoming_cost_rows", pa.Table.from_pandas(frame, preserve_index=False))
            con.execute("insert into cost_reports by name select * from incoming_cost_rows")
            con.unregister("incoming_cost_rows")
    except Exception:
        con.execute("rollback")
        raise
    return _Begun(sid, outcome, digest, dup)


def _storable(result: reader.ReadResult) -> pd.DataFrame | None:
    """The rows as the store's types when every stored-as-required cell has a value (else None: a file
    the checks will refuse, not worth appending before they run)."""
    if result.frame is None or any(f["severity"] == "error" for f in result.findings):
        return None
    try:
        rows = validate.typed(result.frame)
    except (ValueError, TypeError, OverflowError):
        return None
    return rows if bool(rows[REQUIRED_STORED].notna().all().all()) else None


def _settle(
    con: duckdb.DuckDBPyConnection,
    beginning: Future[_Begun],
    result: reader.ReadResult,
    digest: str,
    rows: pd.DataFrame | None,
    has_errors: bool,
) -> _Begun:
    """The transaction begun while the rows were checked, made to agree with the checks: rows appended
    to a file with errors are rolled back and the submission kept as rejected under its number; a file
    begun as rejected that the checks pass is begun again with its rows."""
    try:
        begun = beginning.result()
    except duckdb.Error:
        # the store refused rows before the checks ran: begin again as the checks decide
        return _begin(con, digest, _rows_to_apply(result, rows, has_errors), result.row_numbers, has_errors)
    if has_errors == (begun.outcome == "rejected"):
        return begun
    con.execute("rollback")
    rows = _rows_to_apply(result, rows, has_errors)
    return _begin(con, digest, rows, result.row_numbers, has_errors, begun.submission_id)


def _rows_to_apply(result: reader.ReadResult, rows: pd.DataFrame | None, has_errors: bool) -> pd.DataFrame | None:
    if has_errors or result.frame is None:
        return None
    return rows if rows is not None else validate.typed(result.frame)


def _finish(
    con: duckdb.DuckDBPyConnection,
    begun: _Begun,
    checked: CostChecked,
    *,
    submitter: str | None,
    submitter_code: str | None,
    received_at: datetime | None,
    keep_raw: bool = True,
    size: int | None = None,
) -> tuple[store.Receipt, pd.DataFrame]:
    """Keep the submission's bytes and findings and commit."""
    findings, raw, rows = checked.findings, checked.raw, checked.rows
    if begun.duplicate_of:
        findings = fnd.frame(
            [fnd.finding(None, None, "cost_duplicate_submission", begun.duplicate_of, "warning")],
            [findings.to_dict("list")] if len(findings) else [],
        )
    try:
        codes = rows["municipality_code"].unique() if rows is not None and len(rows) else []
        muni = str(codes[0]) if len(codes) == 1 else submitter_code
        n_errors = int((findings["severity"] == "error").sum()) if len(findings) else 0
        n_warnings = int((findings["severity"] == "warning").sum()) if len(findings) else 0
        con.execute(
            paths.sql("insert_cost_submission"),
            {
                "id": begun.submission_id,
                "received_at": received_at or clock.now(),
                "source": checked.source,
                "filename": checked.filename,
                "submitter": submitter,
                "submitter_code": submitter_code,
                "municipality_code": muni,
                "sha256": begun.digest,
                "size_bytes": len(raw) if size is None else size,
                "raw": raw if keep_raw else b"",
                "raw_kept": keep_raw,
                "outcome": begun.outcome,
                "duplicate_of": begun.duplicate_of,
                "n_rows": checked.n_rows,
                "n_errors": n_errors,
                "n_warnings": n_warnings,
            },
        )
        if len(findings):
            kept = findings.assign(submission_id=begun.submission_id).rename(
                columns={"row": "row_number", "column": "column_name"}
            )
            con.register("incoming_cost_findings", kept)
            con.execute("insert into cost_findings by name select * from incoming_cost_findings")
            con.unregister("incoming_cost_findings")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    receipt = store.Receipt(
        begun.submission_id, begun.outcome, begun.digest, checked.n_rows, n_errors, n_warnings, begun.duplicate_of
    )
    return receipt, findings


def _open(stack: contextlib.ExitStack, db: str | Path | None, raw: bytes) -> tuple[duckdb.DuckDBPyConnection, str]:
    return stack.enter_context(store.connect(db)), store.sha256(raw)


def ingest_bytes(
    raw: bytes,
    *,
    filename: str | None = None,
    source: str | None = None,
    submitter: str | None = None,
    submitter_code: str | None = None,
    db: str | Path | None = None,
    received_at: datetime | None = None,
) -> Outcome:
    """Read, check and keep one cost submission; rows are applied only when there is no error.

    Two threads, as the status ingest: the second opens the store and hashes the bytes while the
    file is read, then appends the accepted rows while the warnings are worked out (DuckDB and
    hashlib release the interpreter lock). A file over the size limit is recorded as rejected with
    its size and the sha256 of its first bytes, not the bytes."""
    if len(raw) > COST_MAX_BYTES:
        head = raw[: store.HEAD_BYTES]
        findings = fnd.frame([fnd.finding(None, None, "cost_file_too_large", f"{len(raw):,} bytes")])
        fmt = source if source in reader.FORMATS else reader.detect_format(head, filename)
        checked = CostChecked(head, filename, fmt, reader.ReadResult(None, format=fmt), findings)
        with store.connect(db) as con:
            begun = _begin(con, store.sha256(head), None, [], True)
            receipt, findings = _finish(
                con,
                begun,
                checked,
                submitter=submitter,
                submitter_code=submitter_code,
                received_at=received_at,
                keep_raw=False,
                size=len(raw),
            )
        return Outcome(receipt, findings, filename)
    given = source if source in reader.FORMATS else None
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(max_workers=1) as pool, parsing_once():
        opening = pool.submit(_open, stack, db, raw)
        result = reader.read(raw, filename, given)
        con, digest = opening.result()
        ctx = validate.context_from_store(con, result.frame, submitter_code)
        # the rows are appended while they are checked (the common file has no error): a file that
        # turns out to have one is rolled back and kept as rejected under the same number
        rows = _storable(result)
        beginning = pool.submit(_begin, con, digest, rows, result.row_numbers, rows is None)
        errors = validate.errors(result, ctx)
        has_errors = validate.has_errors(result, errors)
        findings = fnd.frame(list(result.findings), errors + validate.warnings_of(result, ctx))
        begun = _settle(con, beginning, result, digest, rows, has_errors)
        rows = _rows_to_apply(result, rows, has_errors)
        checked = CostChecked(raw, filename, source or result.format, result, findings)
        checked.__dict__["rows"] = rows  # the typed rows already made (cached_property's slot)
        receipt, findings = _finish(
            con,
            begun,
            checked,
            submitter=submitter,
            submitter_code=submitter_code,
            received_at=received_at,
        )
    return Outcome(receipt, findings, filename)


def ingest_frame(frame: pd.DataFrame, *, source: str = "form", **kwargs: Any) -> Outcome:
    """Ingest cost rows given as a frame (the app's form, the demo): kept as their JSON bytes."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    raw = json.dumps(records, ensure_ascii=False, default=str, indent=1).encode("utf-8")
    return ingest_bytes(raw, source=source, filename=kwargs.pop("filename", f"{source}_costs.json"), **kwargs)
