"""Forecast figures for `make bench` (`python -m bench.forecast` runs them alone):

- forecast_national_s: the forecast of every pair of the 260-week national history (34,820 pairs,
  1,000 draws each: durations learned, every system simulated, the curve, capacity and the risk
  list), from the frames the query layer returns (forecast_inputs_s: that read); goal 5 s.
- forecast_peak_mb: the computation's peak memory (tracemalloc, numpy's arrays included), goal 1 GB.
- progress_warm_ms: the progress page's server run for all businesses (AppTest, warm caches, the
  forecast shown), goal 300 ms.
- backtest_brier_*: the backtest of the Tokyo demo (built once under bench-out/): the forecast's
  Brier score at 90 days against the recent-pace line's and the reported plans'.
"""

from __future__ import annotations

import os
import statistics
import time
import tracemalloc
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench import run as bench
from dashboard import queries
from dashboard.forecast import backtest, model
from etl import demo, store

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
bench.GOALS.update({"forecast_national_s": 5.0, "forecast_peak_mb": 1024.0, "progress_warm_ms": 300.0})


def _inputs(db: Path) -> tuple:
    with store.connect(db, read_only=True) as con:
        return queries.forecast_inputs(con)


@bench.measurement
def forecast_national(b: bench.Bench) -> dict[str, float | int | str]:
    """The national forecast's time and peak memory, and the progress page warm with it shown."""
    start = time.perf_counter()
    changes, pairs = _inputs(b.history_db)
    read_s = time.perf_counter() - start
    times = []
    for _ in range(3):
        start = time.perf_counter()
        built = model.build(changes, pairs, b.today)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    model.build(changes, pairs, b.today)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures: dict[str, float | int | str] = {
        "forecast_pairs": len(built.forecast.systems),
        "forecast_inputs_s": round(read_s, 3),
        "forecast_national_s": round(statistics.median(times), 3),
        "forecast_peak_mb": round(peak / 2**20, 1),
    }
    previous = os.environ.get("HYOJUNKA_DB")
    os.environ["HYOJUNKA_DB"] = str(b.history_db)
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(APP, default_timeout=300)
        at.query_params["business"] = "all"
        at.switch_page("app_pages/progress.py")
        at.run()  # cold: the forecast computed once for this data version
        if at.exception:
            raise SystemExit(f"the progress page failed: {[e.value for e in at.exception]}")
        warm = []
        for _ in range(9):
            start = time.perf_counter()
            at.run()
            warm.append((time.perf_counter() - start) * 1000)
    finally:
        if previous is None:
            os.environ.pop("HYOJUNKA_DB", None)
        else:
            os.environ["HYOJUNKA_DB"] = previous
    figures["progress_warm_ms"] = round(statistics.median(warm), 1)
    return figures


def tokyo_demo(b: bench.Bench) -> Path:
    """The Tokyo demo history (the one the app ships), built once under bench-out/ for this day."""
    path = b.out_dir / f"demo-tokyo-seed{bench.SEED}-{b.today.isoformat()}-{bench._schema_key()}.duckdb"
    if not path.exists():
        demo.build(path, scale="tokyo", seed=bench.SEED, today=b.today)
    return path


@bench.measurement
def forecast_backtest(b: bench.Bench) -> dict[str, float | int | str]:
    """The backtest of the Tokyo demo: Brier scores at 90 days of the forecast and the two baselines."""
    changes, pairs = _inputs(tokyo_demo(b))
    start = time.perf_counter()
    records = backtest.run(changes, pairs)
    elapsed = time.perf_counter() - start
    score = backtest.score(records)
    return {
        "backtest_s": round(elapsed, 1),
        "backtest_n": score.n,
        "backtest_brier_forecast": round(score.brier["forecast"], 4),
        "backtest_brier_pace": round(score.brier["pace"], 4),
        "backtest_brier_plan": round(score.brier["plan"], 4),
        "backtest_median_error_days": score.median_error_days,
        "backtest_plan_error_days": score.plan_error_days,
    }


def main() -> None:
    """Run the forecast's figures alone and print them."""
    b = bench.prepare()
    for fn in (forecast_national, forecast_backtest):
        for name, value in fn(b).items():
            goal = bench.GOALS.get(name)
            print(f"{name:<28} {value}" + (f"  (goal {goal})" if goal else ""), flush=True)


if __name__ == "__main__":
    main()
