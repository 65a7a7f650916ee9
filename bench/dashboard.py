"""Dashboard figures for `make bench`: the overview page's server run through AppTest on the
260-week national history (overview_cold_ms: empty caches; overview_warm_ms: cached, median)."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench import run as bench

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
bench.GOALS["overview_warm_ms"] = 300.0


def _overview() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/overview.py")
    return at


def _run_ms(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise SystemExit(f"the overview failed: {[e.value for e in at.exception]}")
    return elapsed


@bench.measurement
def overview_page(b: bench.Bench) -> dict[str, float | int | str]:
    """The overview's full server run, first with empty caches, then warm (median of 9)."""
    previous = os.environ.get("HYOJUNKA_DB")
    os.environ["HYOJUNKA_DB"] = str(b.history_db)
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
        _run_ms(_overview())  # imports and Streamlit's own start-up, not the page's work
        st.cache_data.clear()
        st.cache_resource.clear()
        cold = [_run_ms(_overview())]
        at = _overview()
        _run_ms(at)
        warm = [_run_ms(at) for _ in range(9)]
    finally:
        if previous is None:
            os.environ.pop("HYOJUNKA_DB", None)
        else:
            os.environ["HYOJUNKA_DB"] = previous
    return {"overview_cold_ms": round(cold[0], 1), "overview_warm_ms": round(statistics.median(warm), 1)}
