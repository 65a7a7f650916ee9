"""One submission end to end: read, check, keep (accepted or not) in one transaction."""

from __future__ import annotations

import contextlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl import findings as fnd
from etl import read as reader
from etl import store, validate
from schemas.status_report import parsing_once
from schemas.vocabulary.contract import MAX_BYTES


@dataclass(frozen=True)
class Outcome:
    """A submission's receipt and its findings."""

    receipt: store.Receipt
    findings: pd.DataFrame
    filename: str | None = None

    @property
    def accepted(self) -> bool:
        """True when the rows were applied or had been already (a duplicate)."""
        return self.receipt.outcome in ("accepted", "duplicate")

    def receipt_fields(self) -> dict:
        """What the store said of the file, as JSON-ready fields."""
        r = self.receipt
        return {
            "submission_id": r.submission_id,
            "outcome": r.outcome,
            "sha256": r.sha256,
            "rows": r.n_rows,
            "errors": r.n_errors,
            "warnings": r.n_warnings,
            "duplicate_of": r.duplicate_of,
        }

    def to_dict(self) -> dict:
        """The file's name, its receipt and its findings as plain JSON-ready data (the command line's --json)."""
        findings = self.findings.astype(object).where(self.findings.notna(), None).to_dict("records")
        return {"file": self.filename, **self.receipt_fields(), "findings": findings}


@dataclass(frozen=True)
class Checked:
    """A submission read and checked against the store but not kept: what ingest then stores, and
    what the app's dry run shows."""

    raw: bytes
    filename: str | None
    source: str
    result: reader.ReadResult
    findings: pd.DataFrame

    @property
    def sha256(self) -> str:
        """The hex sha256 of the bytes."""
        return store.sha256(self.raw)

    @property
    def n_rows(self) -> int:
        """How many data rows were read (0 when the file could not be read)."""
        return self.result.n_rows

    @property
    def has_errors(self) -> bool:
        """True when a finding blocks the submission."""
        return bool((self.findings["severity"] == "error").any())

    def rows(self) -> pd.DataFrame | None:
        """The rows as the store's types, or None when there is an error (nothing to apply)."""
        return self._rows

    @cached_property
    def _rows(self) -> pd.DataFrame | None:
        return _rows_to_apply(self.result, self.has_errors)


def _rows_to_apply(result: reader.ReadResult, has_errors: bool) -> pd.DataFrame | None:
    return None if has_errors or result.frame is None else validate.typed(result.frame)


def check(
    raw: bytes,
    *,
    con: duckdb.DuckDBPyConnection,
    filename: str | None = None,
    source: str | None = None,
    submitter_code: str | None = None,
) -> Checked:
    """Read and check one submission against the store on `con`, keeping nothing.

    The app's dry run calls this on a read-only connection; ingest runs the same steps (`_read`,
    `validate.context`, `validate.errors` and `validate.warnings_of`, `_rows_to_apply`) with the
    store opened and written on a second thread in between: one path, two callers.
    """
    # the checks and the typed rows parse the date and number columns once, and take each
    # column's distinct values from the reader
    with parsing_once():
        result = _read(raw, filename, source)
        ctx = validate.context_from_store(con, result.frame, submitter_code)
        findings = validate.check(result, ctx)
        checked = Checked(raw, filename, source or result.format, result, findings)
        checked.rows()
    return checked


def _read(raw: bytes, filename: str | None, source: str | None) -> reader.ReadResult:
    return reader.read(raw, filename, source if source in reader.FORMATS else None)


def _open_and_fetch(
    stack: contextlib.ExitStack, db: str | Path | None, raw: bytes
) -> tuple[duckdb.DuckDBPyConnection, str, validate.Stored]:
    """The store opened (closed with `stack`), the bytes' sha256, and what the checks compare with."""
    con = stack.enter_context(store.connect(db))
    return con, store.sha256(raw), validate.stored(con)


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
    """Read, check and keep one submission; rows are applied only when there is no error.

    `received_at` defaults to now; only a history being replayed (the demo) passes another time.
    A file over the size limit is recorded without its bytes (`ingest_too_large`).
    """
    if len(raw) > MAX_BYTES:
        return ingest_too_large(
            len(raw),
            raw[: store.HEAD_BYTES],
            filename=filename,
            source=source,
            submitter=submitter,
            submitter_code=submitter_code,
            db=db,
            received_at=received_at,
        )
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(max_workers=1) as pool, parsing_once():
        # two threads at once where neither needs the other's result (DuckDB and hashlib release
        # the interpreter lock while they work):
        #   this thread                          the second thread
        #   1. read the file                     open the store, hash the bytes, fetch the stored stages
        #   2. the errors, then the typed rows   -
        #   3. the warnings                      begin the transaction: outcome, rows, latest_status
        #   4. the bytes and the findings, then commit (after 3 on both threads)
        # a failure on either thread ends the transaction: the connection closes without a commit
        opening = pool.submit(_open_and_fetch, stack, db, raw)
        result = _read(raw, filename, source)
        con, digest, stored = opening.result()
        ctx = validate.context(stored, result.frame, submitter_code)
        errors = validate.errors(result, ctx)
        rejected = validate.has_errors(result, errors)
        rows = _rows_to_apply(result, rejected)
        beginning = pool.submit(store.begin_submission, con, digest=digest, rows=rows, has_errors=rejected)
        findings = fnd.frame(list(result.findings), errors + validate.warnings_of(result, ctx))
        receipt = store.finish_submission(
            con,
            beginning.result(),
            raw=raw,
            source=source or result.format,
            filename=filename,
            submitter=submitter,
            submitter_code=submitter_code,
            rows=rows,
            findings=findings,
            n_rows=result.n_rows,
            received_at=received_at,
        )
    return Outcome(receipt, findings, filename)


def ingest_too_large(
    size: int,
    head: bytes,
    *,
    filename: str | None = None,
    source: str | None = None,
    submitter: str | None = None,
    submitter_code: str | None = None,
    db: str | Path | None = None,
    received_at: datetime | None = None,
) -> Outcome:
    """Record a file over the size limit as rejected: its size and the sha256 of its first bytes, not the bytes."""
    findings = fnd.frame([fnd.finding(None, None, "file_too_large", f"{size:,} bytes")])
    fmt = source if source in reader.FORMATS else reader.detect_format(head, filename)
    with store.connect(db) as con:
        receipt = store.write_submission(
            con,
            raw=head,
            source=fmt,
            filename=filename,
            submitter=submitter,
            submitter_code=submitter_code,
            rows=None,
            findings=findings,
            n_rows=0,
            received_at=received_at,
            size=size,
            keep_raw=False,
        )
    return Outcome(receipt, findings, filename)


def ingest_frame(frame: pd.DataFrame, *, source: str = "form", **kwargs: Any) -> Outcome:
    """Ingest rows given as a frame (the app's form, the demo): kept as their JSON bytes."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    raw = json.dumps(records, ensure_ascii=False, default=str, indent=1).encode("utf-8")
    return ingest_bytes(raw, source=source, filename=kwargs.pop("filename", f"{source}.json"), **kwargs)
