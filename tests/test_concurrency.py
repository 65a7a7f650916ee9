"""Separate processes at once on one DuckDB file: two municipalities submitting the app's way while the
command line ingests a file and another process holds the write lock; and a submission killed midway."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from dashboard.reporting import access, form
from etl import clock, store
from schemas.vocabulary.contract import HEADERS_JA
from tests.support.codes import CHIYODA, CHUO, MINATO

pytestmark = pytest.mark.slow  # processes racing for the store

ROOT = Path(__file__).resolve().parents[1]
TODAY = clock.today()
ROUNDS = 3
HOLD_S = 2.5  # how long the lock holder keeps the file once all have started: every other process meets it


def report(code: str, days_ago: int) -> bytes:
    """A clean 20-system report as the app's form sends it."""
    rows = [
        {
            "business_id": b,
            "stage": "migration",
            "target_date": TODAY + timedelta(days=400),
            "go_live_date": None,
            "gov_cloud": "preparing",
            "special_support": True,
            "special_support_reason": 2,
            "pmo_progress": 60,
            "vendor": "",
            "notes": f"{code} round {days_ago}",
        }
        for b in form.businesses()["business_id"]
    ]
    return form.form_bytes(form.form_frame(code, TODAY - timedelta(days=days_ago), rows))


def _hold_lock(db: str, held: mp.synchronize.Event, go: mp.synchronize.Event) -> None:
    # a slow writer: keeps the file locked while the others start
    with store.connect(db) as con:
        con.execute("select count(*) from submissions").fetchone()
        held.set()
        go.wait(60)
        time.sleep(HOLD_S)


def _app_submitter(db: str, code: str, ready: mp.Queue, go: mp.synchronize.Event, out: mp.Queue) -> None:
    # what the report page does on "submit": access.submit with the form's bytes
    ready.put(code)
    go.wait(60)
    results = []
    try:
        started = time.monotonic()
        for days_ago in range(ROUNDS, 0, -1):
            o = access.submit(
                report(code, days_ago),
                filename="form.json",
                source="form",
                submitter=f"token#test {code}",
                code=code,
                db=db,
            )
            results.append(o.receipt.outcome)
            if days_ago == ROUNDS:
                results.append(time.monotonic() - started)  # how long the first one waited for the lock
        # the same bytes from two processes at once: applied once
        o = access.submit(
            report(CHIYODA, 0), filename="form.json", source="form", submitter="same bytes", code=CHIYODA, db=db
        )
        results.append(o.receipt.outcome)
    except BaseException as exc:  # reported to the test rather than lost in the child
        out.put((code, "error", f"{type(exc).__name__}: {exc}"))
        return
    out.put((code, "ok", results))


def test_app_submissions_and_the_command_line_at_once_lose_nothing_and_apply_nothing_twice(tmp_db, tmp_path):
    db = str(tmp_db)
    csv_file = tmp_path / "minato.csv"
    rows = json.loads(report(MINATO, 2))
    csv_file.write_bytes(pd.DataFrame(rows).rename(columns=HEADERS_JA).to_csv(index=False).encode("cp932"))
    ctx = mp.get_context("spawn")
    held, go, ready, out = ctx.Event(), ctx.Event(), ctx.Queue(), ctx.Queue()
    workers = [ctx.Process(target=_app_submitter, args=(db, code, ready, go, out)) for code in (CHIYODA, CHUO)]
    for w in workers:
        w.start()
    holder = ctx.Process(target=_hold_lock, args=(db, held, go))
    holder.start()
    assert held.wait(60), "the lock holder never started"
    assert sorted(ready.get(timeout=60) for _ in workers) == [CHIYODA, CHUO]
    cli = subprocess.Popen(
        [sys.executable, "-m", "cli", "ingest", str(csv_file), "--db", db, "--as", MINATO, "--report", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    go.set()
    stdout, stderr = cli.communicate(timeout=120)
    results = dict((code, (status, detail)) for code, status, detail in (out.get(timeout=120) for _ in workers))
    for p in (*workers, holder):
        p.join(60)
        assert p.exitcode == 0

    assert cli.returncode == 0, stdout + stderr
    assert "busy" not in stderr.lower() and "lock" not in stderr.lower()
    for code in (CHIYODA, CHUO):
        status, detail = results[code]
        assert status == "ok", detail  # no lock error reached anyone
        waited = detail.pop(1)
        assert waited > 0.5 * HOLD_S  # it met the held lock and waited it out
        assert detail[:ROUNDS] == ["accepted"] * ROUNDS
    last = sorted([results[CHIYODA][1][-1], results[CHUO][1][-1]])
    assert last == ["accepted", "duplicate"]  # the identical bytes were applied once

    with store.connect(db, read_only=True) as con:
        subs = con.execute("select outcome, count(*) from submissions group by 1 order by 1").fetchall()
        rows = con.execute(
            "select count(*), count(distinct (submission_id, row_number)) from status_reports"
        ).fetchone()
        latest = dict(con.execute("select municipality_code, min(as_of) from latest_status group by 1").fetchall())
        dup = con.execute(
            "select count(*) from submissions where submitter = 'same bytes' and outcome = 'accepted'"
        ).fetchone()[0]
    accepted = 2 * ROUNDS + 1 + 1  # two municipalities' rounds, the command line's file, the shared bytes once
    assert subs == [("accepted", accepted), ("duplicate", 1)]
    assert rows == (20 * accepted, 20 * accepted)  # every row once
    assert dup == 1
    assert latest == {CHIYODA: TODAY, CHUO: TODAY - timedelta(days=1), MINATO: TODAY - timedelta(days=2)}


KILLED_MIDWAY = """
import os, signal, sys
import pandas as pd
from etl import findings, store, validate
from etl import read as reader

class DiesAfterRows:
    # a real connection that kills its own process once the rows are in, before the commit
    def __init__(self, con):
        self.con = con
    def __getattr__(self, name):
        return getattr(self.con, name)
    def execute(self, query, *args):
        result = self.con.execute(query, *args)
        if "insert into status_reports" in query:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

raw = open(sys.argv[2], "rb").read()
result = reader.read(raw, "form.json", "json")
with store.connect(sys.argv[1]) as con:
    store.write_submission(DiesAfterRows(con), raw=raw, source="form", filename="form.json", submitter="killed",
                           submitter_code="131016", rows=validate.typed(result.frame),
                           findings=findings.frame([]), n_rows=len(result.frame))
print("not killed")
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_submission_killed_midway_leaves_nothing_half_written(tmp_db, tmp_path):
    db = str(tmp_db)
    first = report(CHIYODA, 3)
    assert (
        access.submit(first, filename="form.json", source="form", submitter="t", code=CHIYODA, db=db).receipt.outcome
        == "accepted"
    )
    doomed = tmp_path / "doomed.json"
    doomed.write_bytes(report(CHIYODA, 1))
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MIDWAY, db, str(doomed)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr

    with store.connect(db, read_only=True) as con:
        assert con.execute("select count(*) from submissions").fetchone()[0] == 1
        assert con.execute("select count(*) from status_reports").fetchone()[0] == 20
        assert con.execute("select count(*) from findings").fetchone()[0] == 0
        days = con.execute("select distinct as_of from latest_status").fetchall()
    assert days == [(TODAY - timedelta(days=3),)]
    # the file is whole: the same report goes through afterwards
    again = access.submit(doomed.read_bytes(), filename="form.json", source="form", submitter="t", code=CHIYODA, db=db)
    assert again.receipt.outcome == "accepted"
    assert json.loads(doomed.read_bytes())[0]["as_of"] == (TODAY - timedelta(days=1)).isoformat()
    assert os.path.exists(db)
