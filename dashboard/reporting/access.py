"""Store access for the reporting pages: short-lived connections, the queries of one municipality's
own data, the one write (`submit`, through `etl.ingest`) and the few store facts pages need
(today in Tokyo, a file's digest and format, the template, token revocation), so that pages never
import `etl` themselves."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from access import tokens
from etl import clock, errors, ingest, paths, store
from etl import read as reader

# re-exported so that pages name them without importing etl
StoreBusy = store.StoreBusy
Principal = tokens.Principal
UserError = errors.UserError

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
MIMES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "form": "application/json",
}


def sql(name: str) -> str:
    """The text of one dashboard/sql/reporting_*.sql file."""
    return paths.sql(f"reporting_{name}", SQL_DIR)


@contextlib.contextmanager
def connection(*, read_only: bool = True, db: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; the store waits out other processes and other sessions of this one."""
    with store.connect(db, read_only=read_only) as con:
        yield con


def submit(
    raw: bytes, *, filename: str, source: str, submitter: str, code: str, db: str | Path | None = None
) -> ingest.Outcome:
    """Ingest one submission as a municipality through the same path as the command line."""
    return ingest.ingest_bytes(raw, filename=filename, source=source, submitter=submitter, submitter_code=code, db=db)


@dataclass(frozen=True)
class Filed:
    """What filing a submission came to: its receipt and findings; `earlier` when the very same bytes
    had been filed by this municipality before and nothing was filed again."""

    receipt: store.Receipt
    findings: pd.DataFrame
    earlier: bool = False


def file_once(raw: bytes, *, filename: str, source: str, submitter: str, code: str) -> Filed:
    """File a submission, unless this municipality filed these very bytes before: then that one's receipt."""
    with connection(read_only=True) as con:
        before = earlier_submission(con, digest(raw), code)
        if before is not None:
            row = con.execute(sql("receipt"), {"submission_id": before[0]}).fetchone()
            found = submission_findings(con, before[0], code)
    if before is not None and row is not None:
        sid, outcome, sha, n_rows, n_errors, n_warnings = row
        receipt = store.Receipt(int(sid), str(outcome), str(sha), int(n_rows), int(n_errors), int(n_warnings))
        return Filed(receipt, found, earlier=True)
    outcome_ = submit(raw, filename=filename, source=source, submitter=submitter, code=code)
    return Filed(outcome_.receipt, outcome_.findings)


def check(con: duckdb.DuckDBPyConnection, raw: bytes, *, filename: str, source: str, code: str) -> ingest.Checked:
    """Read and check a submission exactly as `submit` would, keeping nothing (ingest's own check)."""
    return ingest.check(raw, con=con, filename=filename, source=source, submitter_code=code)


def earlier_submission(con: duckdb.DuckDBPyConnection, digest: str, code: str) -> tuple[int, str] | None:
    """This municipality's earliest submission of these very bytes (id, outcome), if any."""
    row = con.execute(sql("earlier"), {"sha256": digest, "code": code}).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def read_file(raw: bytes, filename: str | None, source: str) -> reader.ReadResult:
    """A file read as ingest reads it (no check, no store): for where its rows are."""
    return reader.read(raw, filename, source if source in reader.FORMATS else None)


def today() -> date:
    """Today in Asia/Tokyo (the day 'not after today' means)."""
    return clock.today()


def digest(raw: bytes) -> str:
    """The hex sha256 of a file's bytes, as the store keeps it."""
    return store.sha256(raw)


def file_format(raw: bytes, filename: str | None) -> str:
    """csv, xlsx or json, from the name and the first bytes (as ingest decides)."""
    return reader.detect_format(raw, filename)


def template(code: str, fmt: str) -> bytes:
    """The municipality's prefilled template (xlsx or csv) as bytes."""
    from etl.template import build_template  # openpyxl: only when a template is asked for

    with connection(read_only=True) as con:
        return build_template(con, code, fmt)


def issue_token(who: str, label: str | None, *, by: str) -> tuple[int, str]:
    """Issue a token for a municipality code or 'admin' (recorded in the admin log as by `by`); the
    token is returned once and never kept."""
    with connection(read_only=False) as con:
        return tokens.issue(con, who, label, by=by)


def reissue_token(token_id: int, *, by: str) -> tuple[int, str]:
    """Replace a live token: the old one revoked and its sessions ended, the new one returned once."""
    with connection(read_only=False) as con:
        return tokens.reissue(con, token_id, by=by)


def revoke_token(token_id: int, *, by: str | None = None) -> bool:
    """Revoke a token and end its sessions; False when it was unknown or already revoked."""
    with connection(read_only=False) as con:
        return tokens.revoke(con, token_id, by=by)


def token_listing(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Issued tokens without their hashes: id, role, municipality_code, label and times."""
    return tokens.listing(con)


def latest_own(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """One municipality's latest accepted status per business, with its notes."""
    return con.execute(sql("latest_own"), {"code": code}).df()


def history(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """A municipality's own submissions, accepted and rejected, newest first."""
    return con.execute(sql("history"), {"code": code, "holding": False}).df()


def submission_findings(con: duckdb.DuckDBPyConnection, submission_id: int, code: str | None) -> pd.DataFrame:
    """A submission's findings; with a code, empty unless the submission is that municipality's."""
    return con.execute(sql("findings"), {"submission_id": submission_id, "code": code}).df()


def municipalities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The jurisdiction's municipalities: code and names."""
    return con.execute(sql("municipalities")).df()


@dataclass(frozen=True)
class RawFile:
    """A kept submission's bytes with a name to download them under."""

    submission_id: int
    filename: str
    mime: str
    data: bytes
    source: str = "csv"
    original_name: str | None = None  # the name it was received under


def raw_file(con: duckdb.DuckDBPyConnection, submission_id: int) -> RawFile | None:
    """The raw bytes of a submission as received, or None."""
    row = con.execute(sql("raw"), {"submission_id": submission_id}).fetchone()
    if row is None:
        return None
    sid, filename, source, _digest, raw = row
    ext = {"form": "json"}.get(source, source)
    name = Path(filename).name if filename else f"submission_{sid}.{ext}"
    mime = MIMES.get(source, "application/octet-stream")
    return RawFile(int(sid), f"{sid}_{name}", mime, bytes(raw), source, filename)
