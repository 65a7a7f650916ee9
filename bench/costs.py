"""Cost figures for `make bench` (run alone: `python -m bench.costs`):

- cost_ingest_s against cost_bare_load_s: a national cost file (1,741 municipalities x 20 businesses x
  4 years: FY2018, two actuals, this year's budget) read, checked and stored through
  `etl.costs.ingest.ingest_bytes` into a fresh file database of the national jurisdiction, against
  DuckDB's bare `read_csv` of the same file into a table of a fresh file database (goal: at most 3);
- costs_cold_ms / costs_warm_ms: the cost page's server run through AppTest at national scale (a
  national status snapshot and the national cost file), empty caches, then warm (median of 9; goal:
  at most 300 ms).
"""

from __future__ import annotations

import io
import os
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench import run as bench
from etl import database, demo, ingest, reference
from etl.costs import demo as cost_demo
from etl.costs import ingest as cost_ingest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
bench.GOALS["cost_ingest_ratio"] = 3.0
bench.GOALS["costs_warm_ms"] = 300.0


def national_cost_file(b: bench.Bench) -> Path:
    """The national cost file as a municipality-neutral CSV (canonical headers), written once a run."""
    path = b.out_dir / "costs-national.csv"
    frame = cost_demo.figures(b.municipalities, list(reference.businesses()["business_id"]), b.today, bench.SEED)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _national_db(b: bench.Bench, name: str) -> Path:
    db = bench._fresh(b.out_dir / name)
    database.init(db, municipalities=b.municipalities)
    return db


@bench.measurement
def cost_ingest_against_bare_load(b: bench.Bench) -> dict[str, float | int | str]:
    """The cost ingest of the national file into a fresh database against DuckDB's bare load."""
    costs_csv = national_cost_file(b)
    raw = costs_csv.read_bytes()
    outcomes: list[cost_ingest.Outcome] = []
    template = _national_db(b, "costs-template.duckdb")

    def ingest_once() -> float:
        db = bench._fresh(b.out_dir / "costs-ingest.duckdb")  # removed after each run
        db.write_bytes(template.read_bytes())  # the initialised database, not timed
        start = time.perf_counter()
        outcomes.append(cost_ingest.ingest_bytes(raw, filename=costs_csv.name, source="csv", submitter="bench", db=db))
        elapsed = time.perf_counter() - start
        bench._fresh(db)
        return elapsed

    bare = b.out_dir / "costs-bare.duckdb"
    ingest_s, bare_s = bench.paired_medians(ingest_once, lambda: bench.bare_load_s(bare, costs_csv))
    bench._fresh(bare)
    bench._fresh(template)
    last = outcomes[-1]
    if last.receipt.outcome != "accepted":
        raise SystemExit(f"the national cost file was not accepted: {last.receipt}")
    return {
        "cost_ingest_s": round(ingest_s, 3),
        "cost_bare_load_s": round(bare_s, 3),
        "cost_ingest_ratio": round(ingest_s / bare_s, 2),
        "cost_rows": last.receipt.n_rows,
        "cost_warnings": last.receipt.n_warnings,
        "cost_bytes": len(raw),
    }


def _costs_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/costs.py")
    return at


def _run_ms(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise SystemExit(f"the cost page failed: {[e.value for e in at.exception]}")
    return elapsed


@bench.measurement
def cost_page(b: bench.Bench) -> dict[str, float | int | str]:
    """The cost page's server run at national scale: cold, then warm (median of 9)."""
    db = _national_db(b, "costs-page.duckdb")
    ingest.ingest_bytes(b.snapshot_csv.read_bytes(), filename="snapshot.csv", source="csv", db=db)
    costs_csv = b.out_dir / "costs-national.csv"
    if not costs_csv.exists():
        national_cost_file(b)
    cost_ingest.ingest_bytes(costs_csv.read_bytes(), filename=costs_csv.name, source="csv", db=db)
    previous = os.environ.get("HYOJUNKA_DB")
    os.environ["HYOJUNKA_DB"] = str(db)
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
        _run_ms(_costs_page())  # imports and Streamlit's own start-up
        st.cache_data.clear()
        st.cache_resource.clear()
        cold = _run_ms(_costs_page())
        at = _costs_page()
        _run_ms(at)
        warm = [_run_ms(at) for _ in range(9)]
    finally:
        if previous is None:
            os.environ.pop("HYOJUNKA_DB", None)
        else:
            os.environ["HYOJUNKA_DB"] = previous
    return {"costs_cold_ms": round(cold, 1), "costs_warm_ms": round(statistics.median(warm), 1)}


def main() -> int:
    """Only the cost figures, without the 260-week history the rest of the bench builds."""
    import numpy as np

    from etl import clock

    out_dir = bench.OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    today = clock.today()
    municipalities = demo.national_municipalities()
    plan = demo.make_plan(municipalities, np.random.default_rng(bench.SEED))
    snapshot_csv = out_dir / "snapshot-national.csv"
    snapshot_csv.write_bytes(demo.to_csv(demo.snapshot(plan, today)))
    b = bench.Bench(out_dir, today, municipalities, plan, snapshot_csv, snapshot_csv, out_dir / "unused.duckdb")
    figures: dict[str, float | int | str] = {}
    figures.update(cost_ingest_against_bare_load(b))
    figures.update(cost_page(b))
    print(bench._table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
