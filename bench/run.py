"""The benchmark (`make bench`, i.e. `python -m bench.run`): not a test, so pytest does not collect it.

At national scale (1,741 municipalities x 20 businesses = 34,820 rows a snapshot) it measures
  (a) reading + validating + storing one snapshot CSV through `etl.ingest.ingest_bytes` into a file
      database, against (b) DuckDB's bare `read_csv` of the same file into a table of a fresh file
      database (goal: a/b at most 3), and
  (c) the latest-status query (`select * from v_latest_status` fetched to a DataFrame) over a
      260-week national history of about 9 million status rows (goal: at most 150 ms, median).

It prints a table; with BENCH_OUT=path it also writes the figures as JSON. Files go to bench-out/
(git-ignored); the 260-week history is built once and reused while the schema is unchanged.

More measurements join the same run and JSON through `measurement`: decorate a function taking the
`Bench` and returning {name: value} in this module, or in `bench/dashboard.py` (imported when it
exists), e.g. for overview_cold_ms / overview_warm_ms against `bench.history_db`.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl import clock, database, demo, findings, ingest, paths, store, validate

OUT_DIR = paths.ROOT / "bench-out"
HISTORY_WEEKS = 260
SEED = 7
RUNS = 5
GOALS = {"ingest_ratio": 3.0, "latest_status_ms": 150.0}
PLUGINS = [
    "bench.dashboard",
    "bench.official",
    "bench.publish",
    "bench.images",
    "bench.browser",
    "bench.costs",
    "bench.forecast",
]


@dataclass
class Bench:
    """What every measurement may use: the national reference, its plan, the files under bench-out/."""

    out_dir: Path
    today: date
    municipalities: pd.DataFrame
    plan: demo.Plan
    snapshot_csv: Path
    previous_csv: Path
    history_db: Path
    figures: dict[str, float | int | str] = field(default_factory=dict)


Measurement = Callable[[Bench], dict[str, float | int | str]]
MEASUREMENTS: list[Measurement] = []


def measurement(fn: Measurement) -> Measurement:
    """Add a measurement to the run; its returned figures go into the table and the JSON."""
    MEASUREMENTS.append(fn)
    return fn


def _median_time(fn: Callable[[], object], runs: int = RUNS, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(first: Callable[[], float], second: Callable[[], float], runs: int = RUNS) -> tuple[float, float]:
    """The medians of `runs` timings of two measurements taken in turn, after one warm-up run of each
    (imports, caches): a host whose speed drifts during the benchmark slows both alike, so their ratio
    does not depend on which one ran in the slower minute. Each function returns the seconds it timed."""
    first()
    second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def bare_load_s(db: Path, csv: Path) -> float:
    """Seconds for DuckDB alone to load `csv` into a table of a new file `db` (opening and closing it
    included): the floor an ingest of the same file is measured against. The file is left in place."""
    _fresh(db)
    start = time.perf_counter()
    con = duckdb.connect(str(db))
    try:
        con.execute("create table loaded as select * from read_csv(?)", [str(csv)])
    finally:
        con.close()
    return time.perf_counter() - start


def _fresh(path: Path) -> Path:
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def _schema_key() -> str:
    # a history built under another schema is rebuilt rather than trusted
    digest = hashlib.sha256()
    for sql in sorted(paths.SQL_DIR.glob("*.sql")):
        digest.update(sql.read_bytes())
    return digest.hexdigest()[:12]


def build_history(
    path: Path, municipalities: pd.DataFrame, plan: demo.Plan, today: date, weeks: int = HISTORY_WEEKS
) -> int:
    """A weekly national history of `weeks` full snapshots ending `today`; returns its status rows.

    Going through the full ETL 260 times would take most of an hour, so the rows come from the
    demo's own generator and go in bulk through `store.write_submission` (one submission a week,
    with an empty findings frame and a short manifest as the raw bytes). The snapshot whose ingest
    is measured goes through the real ETL.
    """
    _fresh(path)
    database.init(path, municipalities=municipalities)
    no_findings = findings.frame([])
    with store.connect(path) as con:
        for k in range(weeks - 1, -1, -1):
            day = today - timedelta(weeks=k)
            rows = validate.typed(demo.snapshot(plan, day))
            manifest = json.dumps({"bench_history_week": day.isoformat(), "rows": len(rows)}).encode()
            store.write_submission(
                con,
                raw=manifest,
                source="csv",
                filename=f"bench-history-{day.isoformat()}.csv",
                submitter="bench",
                submitter_code=None,
                rows=rows,
                findings=no_findings,
                n_rows=len(rows),
                received_at=datetime(day.year, day.month, day.day, 12, tzinfo=clock.TOKYO),
            )
        con.execute("checkpoint")
        return int(store.scalar(con, "select count(*) from status_reports"))


def prepare(today: date | None = None, out_dir: Path = OUT_DIR) -> Bench:
    """The national reference, the snapshot files and the (cached) 260-week history."""
    out_dir.mkdir(parents=True, exist_ok=True)
    today = today or clock.today()
    municipalities = demo.national_municipalities()
    plan = demo.make_plan(municipalities, np.random.default_rng(SEED))
    snapshot_csv = out_dir / "snapshot-national.csv"
    previous_csv = out_dir / "snapshot-national-previous.csv"
    snapshot_csv.write_bytes(demo.to_csv(demo.snapshot(plan, today)))
    previous_csv.write_bytes(demo.to_csv(demo.snapshot(plan, today - timedelta(weeks=1))))
    history_db = out_dir / f"history-national-{HISTORY_WEEKS}w-seed{SEED}-{_schema_key()}.duckdb"
    bench = Bench(out_dir, today, municipalities, plan, snapshot_csv, previous_csv, history_db)
    if not history_db.exists():
        print(f"building the {HISTORY_WEEKS}-week national history once: {history_db.name}", flush=True)
        start = time.perf_counter()
        rows = build_history(history_db, municipalities, plan, today)
        bench.figures["history_build_s"] = round(time.perf_counter() - start, 1)
        print(f"  {rows:,} status rows in {bench.figures['history_build_s']} s", flush=True)
    return bench


@measurement
def ingest_against_bare_load(bench: Bench) -> dict[str, float | int | str]:
    """(a) the full ETL of one snapshot against (b) DuckDB's bare read_csv of the same file."""
    outcomes: list[ingest.Outcome] = []

    def full_etl() -> float:
        # each run stores into a fresh database that already holds last week's reports, so the
        # checks against the previous status have something to compare with (not timed)
        db = _fresh(bench.out_dir / "ingest.duckdb")  # removed after each run
        database.init(db, municipalities=bench.municipalities)
        ingest.ingest_bytes(bench.previous_csv.read_bytes(), filename="previous.csv", source="csv", db=db)
        start = time.perf_counter()
        outcome = ingest.ingest_bytes(
            bench.snapshot_csv.read_bytes(), filename=bench.snapshot_csv.name, source="csv", submitter="bench", db=db
        )
        elapsed = time.perf_counter() - start
        outcomes.append(outcome)
        _fresh(db)
        return elapsed

    bare = bench.out_dir / "bare.duckdb"
    ingest_s, bare_s = paired_medians(full_etl, lambda: bare_load_s(bare, bench.snapshot_csv))
    _fresh(bare)
    last = outcomes[-1]
    if last.receipt.outcome != "accepted":
        raise SystemExit(f"the snapshot was not accepted: {last.receipt}")
    return {
        "ingest_s": round(ingest_s, 3),
        "bare_load_s": round(bare_s, 3),
        "ingest_ratio": round(ingest_s / bare_s, 2),
        "snapshot_rows": last.receipt.n_rows,
        "snapshot_warnings": last.receipt.n_warnings,
        "snapshot_bytes": bench.snapshot_csv.stat().st_size,
    }


@measurement
def latest_status(bench: Bench) -> dict[str, float | int | str]:
    """(c) select * from v_latest_status over the 260-week history, fetched to a DataFrame."""
    with store.connect(bench.history_db, read_only=True) as con:
        history_rows = int(store.scalar(con, "select count(*) from status_reports"))
        frame_rows: list[int] = []

        def query() -> None:
            frame_rows.append(len(con.execute("select * from v_latest_status").df()))

        seconds = _median_time(query, runs=9)
        # for comparison: most of the time above is the conversion to pandas, not the query
        arrow = _median_time(lambda: con.sql("select * from v_latest_status").to_arrow_table().to_pandas(), runs=9)
    return {
        "latest_status_ms": round(seconds * 1000, 1),
        "latest_status_rows": frame_rows[-1],
        "latest_status_via_arrow_ms": round(arrow * 1000, 1),
        "history_rows": history_rows,
    }


def _load_plugins() -> None:
    for name in PLUGINS:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def _table(figures: dict) -> str:
    lines = [f"{'measure':<24} {'value':>14}  goal"]
    for key, value in figures.items():
        goal = GOALS.get(key)
        verdict = "" if goal is None else f"<= {goal:g}  {'ok' if float(value) <= goal else 'MISSED'}"
        shown = f"{value:,}" if isinstance(value, int) else str(value)
        lines.append(f"{key:<24} {shown:>14}  {verdict}")
    return "\n".join(lines)


def main() -> int:
    """Run every measurement, print the table and write BENCH_OUT when set."""
    _load_plugins()
    started = time.perf_counter()
    bench = prepare()
    figures: dict[str, float | int | str] = {}
    for fn in MEASUREMENTS:
        print(f"measuring {fn.__name__} ...", flush=True)
        figures.update(fn(bench))
    figures.update(bench.figures)
    figures["bench_s"] = round(time.perf_counter() - started, 1)
    print()
    print(_table(figures))
    target = os.environ.get("BENCH_OUT")
    if target:
        report = {
            **figures,
            "goals": GOALS,
            "today": bench.today.isoformat(),
            "machine": {
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "duckdb": duckdb.__version__,
                "pandas": pd.__version__,
            },
        }
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {target}")
    return 0


if __name__ == "__main__":
    # run as bench.run, not __main__: plugins import bench.run and register their measurements there
    from bench import run as canonical

    raise SystemExit(canonical.main())
