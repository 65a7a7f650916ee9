"""The DuckDB store: migrations, one transaction per submission, append-only rows, the lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from etl import database, ingest, paths, store
from tests.support.codes import CHIYODA
from tests.support.factories import csv_bytes, under_way_row, valid_row


def scalar(db, sql: str, params=None):
    with store.connect(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]


def test_init_is_idempotent_and_loads_reference(tmp_db):
    database.init(tmp_db)
    database.init(tmp_db)
    assert scalar(tmp_db, "select count(*) from municipalities") == 62
    assert scalar(tmp_db, "select count(*) from businesses") == 20
    assert scalar(tmp_db, "select count(*) from prefectures") == 47
    assert scalar(tmp_db, "select max(version) from schema_version") == store.SCHEMA_VERSION
    assert scalar(tmp_db, "select count(*) from schema_version") == len(store.MIGRATIONS)


def test_the_migrations_are_the_numbered_files_one_after_another():
    """A migration is a file etl/sql/NNN_<what>.sql and nothing else: numbered from 1 without a gap."""
    assert sorted(store.MIGRATIONS) == list(range(1, store.SCHEMA_VERSION + 1))
    assert store.MIGRATIONS[1] == "001_schema.sql" and store.MIGRATIONS[9] == "009_costs.sql"


def test_accepted_rows_are_stored_with_the_raw_bytes(tmp_db):
    raw = csv_bytes([valid_row(), under_way_row()])
    out = ingest.ingest_bytes(raw, filename="a.csv", db=tmp_db)
    assert out.receipt.outcome == "accepted"
    assert scalar(tmp_db, "select count(*) from status_reports") == 2
    assert scalar(tmp_db, "select raw from submissions where id = ?", [out.receipt.submission_id]) == raw
    assert scalar(tmp_db, "select sha256 from submissions") == store.sha256(raw)
    assert scalar(tmp_db, "select count(*) from v_latest_status") == 2


def test_rejected_submission_keeps_bytes_and_findings_and_applies_nothing(tmp_db):
    raw = csv_bytes([valid_row(), valid_row(business_id="seal_registration", stage="nearly")])
    out = ingest.ingest_bytes(raw, filename="bad.csv", db=tmp_db)
    assert out.receipt.outcome == "rejected" and out.receipt.n_errors == 1
    assert scalar(tmp_db, "select count(*) from status_reports") == 0
    assert scalar(tmp_db, "select raw from submissions") == raw
    assert scalar(tmp_db, "select code from findings") == "stage_unknown"


def test_same_bytes_accepted_twice_are_acknowledged_not_applied(tmp_db):
    raw = csv_bytes([valid_row()])
    first = ingest.ingest_bytes(raw, filename="a.csv", db=tmp_db)
    second = ingest.ingest_bytes(raw, filename="a-again.csv", db=tmp_db)
    assert (second.receipt.outcome, second.receipt.duplicate_of) == ("duplicate", first.receipt.submission_id)
    assert second.accepted
    assert scalar(tmp_db, "select count(*) from status_reports") == 1
    assert scalar(tmp_db, "select count(*) from submissions") == 2


def test_latest_status_is_the_newest_as_of_and_history_is_kept(tmp_db):
    ingest.ingest_bytes(csv_bytes([under_way_row("resident_registry", as_of="2026-10-01")]), db=tmp_db)
    ingest.ingest_bytes(csv_bytes([valid_row(as_of="2026-11-01")]), db=tmp_db)
    # a late report about an older day does not override the newer one
    ingest.ingest_bytes(csv_bytes([under_way_row("resident_registry", as_of="2026-09-01")]), db=tmp_db)
    assert scalar(tmp_db, "select stage from v_latest_status") == "live"
    assert scalar(tmp_db, "select count(*) from status_reports") == 3
    assert scalar(tmp_db, "select stage from status_on(date '2026-10-15')") == "migration"
    assert scalar(tmp_db, "select count(*) from status_on(date '2026-08-01')") == 0
    with store.connect(tmp_db) as con:
        con.execute(paths.sql("rebuild_latest.sql"))
    assert scalar(tmp_db, "select stage from v_latest_status") == "live"


def test_a_failure_midway_leaves_nothing_half_written(tmp_db, monkeypatch):
    real_sql = paths.sql

    def broken(name: str) -> str:
        return "select * from no_such_table" if name == "upsert_latest.sql" else real_sql(name)

    monkeypatch.setattr(paths, "sql", broken)
    with pytest.raises(Exception, match="no_such_table"):
        ingest.ingest_bytes(csv_bytes([valid_row()]), db=tmp_db)
    assert scalar(tmp_db, "select count(*) from submissions") == 0
    assert scalar(tmp_db, "select count(*) from status_reports") == 0


HOLDER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.readline()
    con.close()
""")


def test_writer_waits_for_the_lock_then_fails_clearly(tmp_db):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(store.StoreBusy, match="busy"):
            with store.connect(tmp_db, wait_s=0.5):
                pass
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
    with store.connect(tmp_db, wait_s=0.5) as con:  # released: a writer gets in
        assert con.execute("select count(*) from municipalities").fetchone()[0] == 62


def test_writer_gets_in_once_the_holder_lets_go(tmp_db):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "holding"

    # release from a timer thread while this process is already retrying
    import threading

    def release() -> None:
        holder.stdin.write("\n")
        holder.stdin.flush()

    timer = threading.Timer(0.5, release)
    timer.start()
    try:
        out = ingest.ingest_bytes(csv_bytes([valid_row()]), db=tmp_db)
    finally:
        timer.join()
        holder.wait(timeout=10)
    assert out.receipt.outcome == "accepted"
    assert scalar(tmp_db, "select municipality_code from status_reports") == CHIYODA


# a writer in another process, given `wait_s` to find the file free: prints "in" or "busy"
WRITER = textwrap.dedent("""
    import sys
    from etl import store
    try:
        with store.connect(sys.argv[1], wait_s=float(sys.argv[2])) as con:
            con.execute("select 1")
        print("in")
    except store.StoreBusy:
        print("busy")
""")


def another_process_writes(db, wait_s: float) -> str:
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(db), str(wait_s)], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_batch_holds_its_file_open_through_all_its_writes_and_reads(tmp_db):
    with store.holding(tmp_db):
        with store.connect(tmp_db) as con:
            con.execute("set global errors_as_json = true")  # an instance-wide setting, to tell the instance by
        # every connection of the block is a connection of the one open file, a read-only one included
        with store.connect(tmp_db, read_only=True) as con:
            assert con.execute("select current_setting('errors_as_json')").fetchone()[0] is True
        out = ingest.ingest_bytes(csv_bytes([valid_row()]), db=tmp_db)  # its writer on another thread too
        assert out.receipt.outcome == "accepted"
        assert another_process_writes(tmp_db, 0.3) == "busy"  # as during one long write
    assert another_process_writes(tmp_db, 5) == "in"
    assert scalar(tmp_db, "select municipality_code from status_reports") == CHIYODA


def test_plain_init_keeps_a_loaded_jurisdiction(tmp_db):
    from etl import reference

    two = reference.municipalities().head(2)
    database.init(tmp_db, municipalities=two)
    database.init(tmp_db)
    assert scalar(tmp_db, "select count(*) from municipalities") == 2
    database.init(tmp_db, municipalities=reference.municipalities())
    assert scalar(tmp_db, "select count(*) from municipalities") == 62


def _transaction_db(tmp_path):
    con = duckdb.connect(str(tmp_path / "t.duckdb"))
    con.execute("create table t (x integer)")
    return con


def test_transaction_commits_when_the_block_ends(tmp_path):
    con = _transaction_db(tmp_path)
    with store.transaction(con) as inside:
        assert inside is con
        con.execute("insert into t values (1), (2)")
    with pytest.raises(duckdb.TransactionException):  # committed: no transaction is left open
        con.execute("rollback")
    assert con.execute("select count(*) from t").fetchone() == (2,)


def test_transaction_commits_on_a_return_inside_the_block(tmp_path):
    con = _transaction_db(tmp_path)

    def work() -> int:
        with store.transaction(con):
            con.execute("insert into t values (7)")
            return 7

    assert work() == 7
    con.close()
    again = duckdb.connect(str(tmp_path / "t.duckdb"))
    assert again.execute("select x from t").fetchall() == [(7,)]


def test_transaction_rolls_back_and_reraises_on_any_exception(tmp_path):
    con = _transaction_db(tmp_path)

    class Boom(Exception):
        pass

    with pytest.raises(Boom, match="midway"), store.transaction(con):
        con.execute("insert into t values (1)")
        raise Boom("midway")
    assert con.execute("select count(*) from t").fetchone() == (0,)
    with pytest.raises(KeyboardInterrupt), store.transaction(con):  # not only Exception
        con.execute("insert into t values (2)")
        raise KeyboardInterrupt
    assert con.execute("select count(*) from t").fetchone() == (0,)
    # the connection is free again: a next transaction begins and commits
    with store.transaction(con):
        con.execute("insert into t values (3)")
    assert con.execute("select x from t").fetchall() == [(3,)]


def test_transaction_reraises_a_failed_statement_and_a_failed_commit(tmp_path):
    con = _transaction_db(tmp_path)
    with pytest.raises(duckdb.CatalogException, match="no_such_table"), store.transaction(con):
        con.execute("insert into t values (1)")
        con.execute("select * from no_such_table")
    assert con.execute("select count(*) from t").fetchone() == (0,)
    con.execute("create table k (id integer primary key)")
    other = con.cursor()  # a second connection to the same database: its commit comes first
    with pytest.raises(duckdb.TransactionException), store.transaction(con):
        con.execute("insert into k values (1)")
        with store.transaction(other):
            other.execute("insert into k values (1)")
    assert con.execute("select count(*) from k").fetchone() == (1,)
    with store.transaction(con):  # the failed commit ended the transaction: no second error hid the first
        con.execute("insert into k values (2)")
    assert con.execute("select id from k order by id").fetchall() == [(1,), (2,)]


def test_transaction_says_disk_full_when_the_disk_was_full(tmp_path):
    from etl.errors import DiskFull

    con = _transaction_db(tmp_path)
    with pytest.raises(DiskFull) as caught, store.transaction(con):
        con.execute("insert into t values (1)")
        raise OSError(28, "No space left on device")
    assert isinstance(caught.value.__cause__, OSError)
    assert con.execute("select count(*) from t").fetchone() == (0,)
