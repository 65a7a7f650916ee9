"""One release file end to end: read, check, keep (accepted, rejected or a duplicate) in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import clock, ingest, paths, store
from etl.official.read.bounds import size_finding
from etl.official.read.model import FINDING_COLUMNS, Jurisdiction, Release, finding
from etl.official.read.workbook import read_release


@dataclass(frozen=True)
class Receipt:
    """What the store says back about one release file."""

    release_id: int
    outcome: str  # accepted, rejected, duplicate
    sha256: str
    kind: str | None
    as_of: date | None
    n_rows: int
    n_outside: int
    n_errors: int
    n_warnings: int
    duplicate_of: int | None = None


@dataclass(frozen=True)
class Outcome(ingest.Outcome):
    """A release's receipt and its findings (a status report's Outcome with the release's receipt)."""

    receipt: Receipt  # type: ignore[assignment]

    def receipt_fields(self) -> dict:
        """What the store said of the release, as JSON-ready fields."""
        r = self.receipt
        return {
            "release_id": r.release_id,
            "outcome": r.outcome,
            "kind": r.kind,
            "as_of": None if r.as_of is None else f"{r.as_of:%Y-%m}",
            "sha256": r.sha256,
            "rows": r.n_rows,
            "rows_outside": r.n_outside,
            "errors": r.n_errors,
            "warnings": r.n_warnings,
            "duplicate_of": r.duplicate_of,
        }


def jurisdiction(con: duckdb.DuckDBPyConnection) -> Jurisdiction:
    """The database's municipalities and prefectures as the reader matches rows against them."""
    munis = con.execute("select code, name_ja from municipalities").df()
    prefectures = con.execute("select prefecture_code, name_ja from prefectures").df()
    return Jurisdiction.from_frame(munis, prefectures)


def _append(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("incoming_official", frame)
    con.execute(f"insert into {table} by name select * from incoming_official")  # fixed table names only
    con.unregister("incoming_official")


def _write_rows(con: duckdb.DuckDBPyConnection, rid: int, release: Release) -> None:
    as_of = release.as_of
    if release.totals is not None and len(release.totals):
        _append(con, "official_totals", release.totals.assign(release_id=rid, as_of=as_of))
    if release.rates is not None and len(release.rates):
        _append(con, "official_rates", release.rates.assign(release_id=rid, as_of=as_of))
    if release.steps is not None and len(release.steps):
        names = pd.DataFrame(
            {"release_id": rid, "step_no": range(1, len(release.step_names) + 1), "step_name": release.step_names}
        )
        _append(con, "official_step_names", names)
        # the wide frame (one column per step) is turned into rows by DuckDB, which drops empty cells
        con.register("incoming_steps", release.steps)
        con.execute(paths.sql("insert_official_steps"), {"release_id": rid, "as_of": as_of})
        con.unregister("incoming_steps")
    if release.marks is not None and len(release.marks):
        marks = release.marks.assign(release_id=rid, as_of=as_of, marked=release.marks["marked"].astype("boolean"))
        _append(con, "official_marks", marks)


def write_release(
    con: duckdb.DuckDBPyConnection,
    *,
    raw: bytes,
    release: Release,
    filename: str | None,
    url: str | None,
    received_at: datetime | None = None,
    keep: bool = True,
    size: int | None = None,
) -> tuple[Receipt, pd.DataFrame]:
    """Keep one release file, its findings and (without errors) its rows, in one transaction
    (`keep=False`: a file refused on arrival, of `size` bytes, whose head `raw` is hashed, not kept)."""
    digest = store.sha256(raw)
    received_at = received_at or clock.now()
    with store.transaction(con):
        duplicate_of = None
        if not release.n_errors:
            first = store.scalar(
                con, "select min(id) from official_releases where sha256 = ? and outcome = 'accepted'", [digest]
            )
            duplicate_of = None if first is None else int(first)
        if duplicate_of:
            release.findings.append(finding("official_duplicate", value=duplicate_of))
        findings = release.findings_frame()
        n_errors = int((findings["severity"] == "error").sum())
        n_warnings = int((findings["severity"] == "warning").sum())
        outcome = "rejected" if n_errors else ("duplicate" if duplicate_of else "accepted")
        rid = int(store.scalar(con, "select nextval('official_release_id_seq')"))
        con.execute(
            "insert into official_releases values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                rid,
                received_at,
                release.kind,
                filename,
                url,
                release.as_of,
                digest,
                len(raw) if size is None else size,
                raw if keep else b"",
                outcome,
                duplicate_of,
                release.n_rows,
                release.n_outside,
                n_errors,
                n_warnings,
            ],
        )
        if len(findings):
            frame = findings.assign(release_id=rid).rename(columns={"row": "row_number", "column": "column_name"})
            _append(con, "official_findings", frame)
        if outcome == "accepted":
            _write_rows(con, rid, release)
    receipt = Receipt(
        rid,
        outcome,
        digest,
        release.kind,
        release.as_of,
        release.n_rows,
        release.n_outside,
        n_errors,
        n_warnings,
        duplicate_of,
    )
    return receipt, findings


def ingest_release(
    raw: bytes,
    *,
    filename: str | None = None,
    as_of: date | None = None,
    url: str | None = None,
    db: str | Path | None = None,
    received_at: datetime | None = None,
    size: int | None = None,
) -> Outcome:
    """Read, check and keep one release file; its rows are appended only when there is no error.

    `size` is the file's size when `raw` is only its head (a file over the size limit, refused on
    arrival: its head is hashed, not kept)."""
    with store.connect(db) as con:
        where = jurisdiction(con)
    too_large = size_finding(size) if size is not None and size > len(raw) else None
    if too_large:
        release = Release(findings=[too_large])
        with store.connect(db) as con:
            receipt, findings = write_release(
                con,
                raw=raw,
                release=release,
                filename=filename,
                url=url,
                received_at=received_at,
                keep=False,
                size=size,
            )
        return Outcome(receipt, findings[FINDING_COLUMNS], filename)
    # the workbook is parsed with no connection open: the dashboard reads meanwhile
    release = read_release(raw, where, as_of)
    with store.connect(db) as con:
        receipt, findings = write_release(
            con, raw=raw, release=release, filename=filename, url=url, received_at=received_at
        )
    return Outcome(receipt, findings[FINDING_COLUMNS], filename)


def outcome_json(outcomes: list[Outcome]) -> str:
    """Several outcomes as the JSON report of the command line."""
    return json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False, indent=1, default=str)
