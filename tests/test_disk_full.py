"""A full disk is named as such (Japanese and English), nothing of the write kept: the ingest runs in a
child process whose file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored) leaves the database no room to
grow, as a full disk would; the database is then opened without the limit and checked."""

from __future__ import annotations

import json
import os
import resource
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from etl import database, store
from etl.errors import DiskFull
from tests.support.factories import csv_bytes, valid_row

ROOT = Path(__file__).resolve().parents[1]


def _limited(limit_bytes: int):
    def setup() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return setup


def _counts(db: Path) -> tuple[int, int, int]:
    with store.connect(db, read_only=True) as con:
        return tuple(
            int(con.execute(f"select count(*) from {t}").fetchone()[0])
            for t in ("submissions", "status_reports", "findings")
        )


@pytest.fixture
def full(tmp_path: Path) -> tuple[Path, Path, int]:
    """A database, a report file 2 MB large (its bytes are kept), and the file-size limit."""
    db = tmp_path / "t.duckdb"
    database.init(db)
    rows = [valid_row(notes=secrets.token_hex(600)) for _ in range(1_800)]  # incompressible
    report = tmp_path / "big.csv"
    report.write_bytes(csv_bytes(rows))
    assert report.stat().st_size > 2 * 1024 * 1024
    # no file may grow past 1 MB: the report's 2 MB of kept bytes find no room in the write-ahead
    # log, as on a full disk (the database file itself is larger already, written before the limit)
    return db, report, 1024 * 1024


def test_the_command_line_says_the_disk_is_full_and_keeps_nothing(full):
    db, report, limit = full
    before = _counts(db)
    done = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", str(report), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=_limited(limit),  # noqa: PLW1509 (the child's own limit, set before it runs)
        timeout=120,
        check=False,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "ディスクの空き容量が不足" in said and "The disk is full" in said, said
    assert "Traceback" not in said and "no transaction is active" not in said
    assert _counts(db) == before  # nothing partial: the database opens and holds what it held


CHILD = """
import json, sys
from etl import ingest
from etl.errors import DiskFull
try:
    ingest.ingest_bytes(open(sys.argv[1], "rb").read(), filename="big.csv", db=sys.argv[2])
    print(json.dumps({"outcome": "written"}))
except DiskFull as exc:
    print(json.dumps({"outcome": "disk_full", "ja": exc.ja, "en": exc.en}))
"""


def test_the_ingest_raises_disk_full(full):
    db, report, limit = full
    before = _counts(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(report), str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        preexec_fn=_limited(limit),  # noqa: PLW1509
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["outcome"] == "disk_full" and said["ja"] == DiskFull().ja
    assert _counts(db) == before


def test_disk_full_is_recognised_from_the_os_and_duckdb():
    import errno

    assert store.is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert store.is_disk_full(RuntimeError('IO Error: Could not write file "x.wal": File too large'))
    assert not store.is_disk_full(RuntimeError("Constraint Error: Duplicate key"))
