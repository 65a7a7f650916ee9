"""DuckDB storage: connect with a bounded retry on the file lock, migrate, write one submission per
transaction, read back submissions and the last accepted status."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from etl import clock, paths, reference
from etl.clock import TOKYO  # noqa: F401  (where callers have long found it)
from etl.errors import DiskFull, StoreBusy
from schemas.vocabulary.contract import COLUMNS
from schemas.vocabulary.labels import CODE_SETS, label_rows

# the migrations: etl/sql/NNN_<what>.sql, applied once each in their number's order; a new one is a file
MIGRATIONS = {int(p.name[:3]): p.name for p in sorted(paths.SQL_DIR.glob("[0-9][0-9][0-9]_*.sql"))}
SCHEMA_VERSION = max(MIGRATIONS)
HEAD_BYTES = 64 * 1024  # of a file over the size limit, only this much is hashed, and nothing kept
# recreated on every migrate, in this order (schedule.sql reads views.sql's status_on)
VIEWS = ["views.sql", "schedule.sql", "official_views.sql", "cost_views.sql"]
STATUS_COLUMNS = list(COLUMNS)  # a status row holds the report's columns, in its order
# a commit larger than this is checkpointed into the file at once instead of being written to the
# write-ahead log first and copied into the file when the connection closes: a national file is
# written once, not twice (a small submission still goes through the log)
Config = dict[str, str | bool | int | float | list[str]]
WRITER_CONFIG: Config = {"checkpoint_threshold": "1MB"}
NO_CONFIG: Config = {}


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    # another process holds the file lock; or, within one process, the file is open with another
    # configuration (read-only beside read-write) until that connection closes
    return (
        "lock" in text
        or "conflicting" in text
        or "being used by another process" in text
        or "different configuration" in text
    )


# the files a batch of this process holds open for its many writes (`holding`)
_held_for_batch: set[Path] = set()


@contextlib.contextmanager
def holding(db: str | Path | None = None) -> Iterator[None]:
    """For a batch that writes one file many times in this process (the demo's history: some two
    hundred submissions, each opening the file twice): the file stays open for writing through the
    block, so that every connection to it, on any thread, is a new connection of that open database
    (DuckDB's own cache of open files, under a millisecond instead of about 25 ms), read-only ones
    included (as writer's connections: one process cannot open a file both ways). Other processes
    wait for the block's end as for one long write."""
    key = _key(db)
    con = _open(key, read_only=False, wait_s=30.0)
    _held_for_batch.add(key)
    try:
        yield
    finally:
        _held_for_batch.discard(key)
        _close(con)


@contextlib.contextmanager
def connect(
    db: str | Path | None = None, *, read_only: bool = False, wait_s: float = 30.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; waits with jittered back-off while another process holds the file."""
    if read_only and _key(db) in _held_for_batch:
        read_only = False  # a batch holds it open for writing (`holding`): a writer's connection of it
    con = _open(paths.db_path(db), read_only=read_only, wait_s=wait_s)
    try:
        yield con
    finally:
        _close(con)


def _key(db: str | Path | None) -> Path:
    """The file `db` names, as `holding` knows it."""
    return paths.db_path(db).resolve()


def _close(con: duckdb.DuckDBPyConnection) -> None:
    """Close a connection; a writer's close checkpoints its log into the file, which a full disk fails."""
    try:
        con.close()
    except duckdb.Error as exc:
        if is_disk_full(exc):
            raise DiskFull() from exc
        raise


def _open(path: Path, *, read_only: bool, wait_s: float) -> duckdb.DuckDBPyConnection:
    """The file opened, waiting with jittered back-off while another process holds it."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=NO_CONFIG if read_only else WRITER_CONFIG)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    raise StoreBusy(
                        "データベースが他の処理で使用中です。しばらくしてからやり直してください。",
                        f"The database {path} is busy in another process; try again shortly.",
                    ) from exc
                raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


# what a write that found no room says: the OS's ENOSPC, EFBIG (a file-size limit) and EDQUOT, and
# DuckDB's own words for them
_NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})
_NO_ROOM_WORDS = ("no space left on device", "file too large", "disk quota exceeded", "disk is full", "disk full")


def is_disk_full(exc: BaseException) -> bool:
    """True when `exc` (or what caused it) says the disk or the file-size limit left no room."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in _NO_ROOM_ERRNOS:
            return True
        if any(words in str(seen).lower() for words in _NO_ROOM_WORDS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def abort(con: duckdb.DuckDBPyConnection, exc: BaseException) -> None:
    """End a failed transaction: roll back (a failed commit has ended it already: no second error
    hides the first), and raise DiskFull when the disk was full. The caller re-raises otherwise."""
    with contextlib.suppress(duckdb.Error):
        con.execute("rollback")
    if is_disk_full(exc):
        raise DiskFull() from exc


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction on `con`: begun on entry, committed when the block ends (a `return` inside it
    included), rolled back through `abort` on any exception, which is raised again (DiskFull when the
    disk was full)."""
    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException as exc:
        abort(con, exc)
        raise


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> Any:
    """The first value of the first row of a query that always returns a row (a count, nextval)."""
    # fetched to the end: a result left open blocks the connection's next registration (DuckDB 2)
    rows = con.execute(query, params or []).fetchall()
    if not rows:
        raise LookupError("the query returned no row")
    return rows[0][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version the database is at (0 for an empty file)."""
    con.execute("create table if not exists schema_version (version integer primary key, applied_at timestamptz)")
    return int(scalar(con, "select coalesce(max(version), 0) from schema_version"))


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema to the newest version, recreate the views and load reference data."""
    with transaction(con):
        current_version(con)  # creates schema_version in an empty file
        # every migration not applied yet, by number: one merged later with a lower number still runs
        applied = {int(v) for (v,) in con.execute("select version from schema_version").fetchall()}
        for number in sorted(MIGRATIONS):
            if number not in applied:
                con.execute(paths.sql(MIGRATIONS[number]))
                con.execute("insert into schema_version values (?, now())", [number])
        for name in VIEWS:
            con.execute(paths.sql(name))
    return SCHEMA_VERSION


def load_reference(con: duckdb.DuckDBPyConnection, municipalities: pd.DataFrame | None = None) -> None:
    """Replace the reference tables: the jurisdiction's municipalities, the 20 businesses, the settings and
    the vocabulary's labels."""
    munis = municipalities if municipalities is not None else reference.municipalities()
    munis = munis.assign(prefecture_code=munis["code"].str[:2])
    cols = ["code", "name_ja", "name_kana", "name_en", "kind", "kind_ja", "region", "region_ja", "prefecture_code"]
    munis = munis.reindex(columns=cols)
    businesses = reference.businesses().rename(columns={"order": "display_order"})
    prefectures = reference.prefectures()
    settings = reference.settings()
    labels = pd.DataFrame(label_rows(), columns=["kind", "code", "display_order", "ja", "en"])
    sets = pd.DataFrame([(name, code) for name, codes in CODE_SETS.items() for code in codes], columns=["name", "code"])
    tables = (
        ("municipalities", munis),
        ("businesses", businesses),
        ("prefectures", prefectures),
        ("pmo_steps", reference.pmo_steps()),
        ("settings", settings),
        ("labels", labels),
        ("code_sets", sets),
    )
    with transaction(con):
        for table, frame in tables:
            con.execute(f"delete from {table}")  # table names are fixed literals above
            con.register("incoming", frame)
            con.execute(f"insert into {table} by name select * from incoming")
            con.unregister("incoming")


def sha256(raw: bytes) -> str:
    """The hex sha256 of a submission's bytes."""
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Receipt:
    """What the store says back about one submission."""

    submission_id: int
    outcome: str  # accepted, rejected, duplicate
    sha256: str
    n_rows: int
    n_errors: int
    n_warnings: int
    duplicate_of: int | None = None


def find_accepted(con: duckdb.DuckDBPyConnection, digest: str) -> int | None:
    """The id of an accepted submission with these bytes, if any."""
    found = scalar(con, "select min(id) from submissions where sha256 = ? and outcome = 'accepted'", [digest])
    return None if found is None else int(found)


def write_submission(
    con: duckdb.DuckDBPyConnection,
    *,
    raw: bytes,
    rows: pd.DataFrame | None,
    findings: pd.DataFrame,
    digest: str | None = None,
    **kept: Any,
) -> Receipt:
    """Keep one submission, its findings and (when it has no errors) its rows, in one transaction:
    `begin_submission` then `finish_submission`, which takes the rest (`source`, `filename`,
    `submitter`, `submitter_code`, `n_rows`, `received_at`, `size`, `keep_raw`).

    `digest` is `raw`'s sha256 when the caller has it already.
    """
    digest = digest or sha256(raw)
    has_errors = bool((findings["severity"] == "error").any()) if len(findings) else False
    pending = begin_submission(con, digest=digest, rows=rows, has_errors=has_errors)
    return finish_submission(con, pending, raw=raw, rows=rows, findings=findings, **kept)


@dataclass(frozen=True)
class Pending:
    """A submission's transaction under way: its id and outcome decided, its rows (if it applies
    them) written, nothing committed. `finish_submission` commits it."""

    submission_id: int
    outcome: str
    digest: str
    duplicate_of: int | None


def begin_submission(
    con: duckdb.DuckDBPyConnection, *, digest: str, rows: pd.DataFrame | None, has_errors: bool
) -> Pending:
    """Open a submission's transaction: decide its outcome (rejected with an error, a duplicate of
    the same accepted bytes, else accepted) and apply an accepted submission's rows.

    What it needs is known once the errors are (the warnings change nothing here), so ingest runs
    it while the warnings are still being worked out. The transaction is rolled back on failure.
    """
    con.execute("begin transaction")
    try:
        duplicate_of = None if has_errors else find_accepted(con, digest)
        outcome = "rejected" if has_errors else ("duplicate" if duplicate_of else "accepted")
        sid = int(scalar(con, "select nextval('submission_id_seq')"))
        if outcome == "accepted" and rows is not None and len(rows):
            frame = rows[STATUS_COLUMNS].assign(submission_id=sid, row_number=range(1, len(rows) + 1))
            con.register("incoming_rows", frame)
            con.execute("insert into status_reports by name select * from incoming_rows")
            con.unregister("incoming_rows")
            con.execute(paths.sql("upsert_latest.sql"), {"submission_id": sid})
    except Exception as exc:
        abort(con, exc)
        raise
    return Pending(sid, outcome, digest, duplicate_of)


def finish_submission(
    con: duckdb.DuckDBPyConnection,
    pending: Pending,
    *,
    raw: bytes,
    source: str,
    filename: str | None,
    submitter: str | None,
    submitter_code: str | None,
    rows: pd.DataFrame | None,
    findings: pd.DataFrame,
    n_rows: int,
    received_at: datetime | None = None,
    size: int | None = None,
    keep_raw: bool = True,
) -> Receipt:
    """Keep the submission begun by `begin_submission` (its bytes and findings) and commit it all.

    With `keep_raw=False` (a file over the size limit) `raw` is only the file's first bytes: they
    are hashed, not kept, and `size` is the size received.
    """
    sid, outcome, digest, duplicate_of = pending.submission_id, pending.outcome, pending.digest, pending.duplicate_of
    size = len(raw) if size is None else size
    n_errors = int((findings["severity"] == "error").sum()) if len(findings) else 0
    n_warnings = int((findings["severity"] == "warning").sum()) if len(findings) else 0
    received_at = received_at or clock.now()
    codes = rows["municipality_code"].unique() if rows is not None and len(rows) else []
    muni = str(codes[0]) if len(codes) == 1 else submitter_code
    try:
        con.execute(
            paths.sql("insert_submission"),
            {
                "id": sid,
                "received_at": received_at,
                "source": source,
                "filename": filename,
                "submitter": submitter,
                "submitter_code": submitter_code,
                "municipality_code": muni,
                "sha256": digest,
                "size_bytes": size,
                "raw": raw if keep_raw else b"",
                "outcome": outcome,
                "duplicate_of": duplicate_of,
                "n_rows": n_rows,
                "n_errors": n_errors,
                "n_warnings": n_warnings,
                "raw_kept": keep_raw,
            },
        )
        if len(findings):
            frame = findings.assign(submission_id=sid).rename(columns={"row": "row_number", "column": "column_name"})
            con.register("incoming_findings", frame)
            con.execute("insert into findings by name select * from incoming_findings")
            con.unregister("incoming_findings")
        con.execute("commit")
    except Exception as exc:
        abort(con, exc)
        raise
    return Receipt(sid, outcome, digest, n_rows, n_errors, n_warnings, duplicate_of)


def latest_for(con: duckdb.DuckDBPyConnection, codes: list[str]) -> pd.DataFrame:
    """The latest accepted status of every pair of these municipalities."""
    return con.execute("select * from latest_status where list_contains(?, municipality_code)", [codes]).df()


def latest_stages(con: duckdb.DuckDBPyConnection, codes: list[str] | None = None) -> pd.DataFrame:
    """The latest accepted stage of every pair of these municipalities, or of all (what the checks
    compare with)."""
    # three columns rather than latest_for's fourteen, fetched as Arrow: 34,820 rows in a quarter of
    # the time `.df()` takes (which builds a Python string per cell), the columns typed the same
    if codes is None:
        query = con.sql("select municipality_code, business_id, stage from latest_status")
    else:
        query = con.sql(paths.sql("latest_stages"), params={"codes": codes})
    return query.to_arrow_table().to_pandas()


def reference_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The jurisdiction's municipality codes as loaded into the database."""
    return {r[0] for r in con.execute("select code from municipalities").fetchall()}
