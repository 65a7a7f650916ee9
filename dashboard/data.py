"""Cached reads for the pages: the only module that uses st.cache_data.

Each query of `dashboard.queries` is declared here once, by `cached(queries.name)`: that gives the
page-facing reader `name(db, version, *args)`, which opens a short-lived read-only connection and
runs the query. A query one page alone reads needs neither: `frame(name, db, version, **params)`
runs the SQL file `dashboard/sql/<name>.sql` with its parameters. Every reader takes the database
path and its data version (the last accepted submission id and the number accepted), so a cached
result is dropped as soon as a new submission lands; the ttl bounds the memory a long-running server
keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Concatenate, ParamSpec, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from dashboard import figures, queries
from dashboard.forecast import backtest as forecast_backtest
from dashboard.forecast import model as forecast_model
from etl import clock, paths, store

TTL = "30m"
Version = tuple[int, int, int]


@dataclass(frozen=True)
class Probe:
    """What the database can offer right now: ok, empty, missing or busy, and its version."""

    state: str
    db: str
    version: Version = (0, 0, 0)


def today() -> date:
    """Today in Asia/Tokyo: the day overdue and 'within 30 days' are counted on."""
    return clock.today()


def probe() -> Probe:
    """The database's state and data version (not cached: it is one cheap read per run)."""
    db = str(paths.db_path())
    if not paths.db_path().exists():
        return Probe("missing", db)
    try:
        with store.connect(db, read_only=True, wait_s=5) as con:
            version = queries.data_version(con)
    except store.StoreBusy:
        return Probe("busy", db)
    except duckdb.Error:  # a file that is not (yet) an initialised hyojunka database
        return Probe("missing", db)
    return Probe("ok" if version[1] else "empty", db, version)


def _read(db: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    with store.connect(db, read_only=True) as con:
        con.execute("set enable_progress_bar = false")  # DuckDB's bar would go to the server's terminal
        return fn(con, *args, **kwargs)


P = ParamSpec("P")
R = TypeVar("R")


def cached(
    query: Callable[Concatenate[duckdb.DuckDBPyConnection, P], R],
) -> Callable[Concatenate[str, Version, P], R]:
    """The cached, data-version-keyed reader of one query: reader(db, version, *args) = query(con, *args)."""

    def reader(db: str, version: Version, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return _read(db, query, *args, **kwargs)

    # Streamlit keys a cache on the function's module and qualified name: one name per query
    reader.__name__ = reader.__qualname__ = query.__name__
    reader.__doc__ = query.__doc__
    return st.cache_data(ttl=TTL, show_spinner=False)(reader)


@st.cache_data(ttl=TTL, show_spinner=False)
def frame(name: str, db: str, version: Version, /, **params: Any) -> pd.DataFrame:
    """The rows of one file of dashboard/sql/ (`name`, without .sql) run with its named parameters:
    `data.frame("vendor_summary", ctx.db, ctx.version, day=ctx.today)`. A page's own query needs no
    function in `queries` nor a reader here; it is cached like theirs, on the database, the data
    version, the name and the parameters."""
    return _read(db, queries.frame, name, **params)


meta = cached(queries.meta)
kpis = cached(queries.kpis_with_change)
stage_distribution = cached(queries.stage_distribution)
heatmap_cells = cached(queries.heatmap_cells)
prefecture_rollup = cached(queries.prefecture_rollup)
live_over_time = cached(queries.live_over_time)
live_on_deadline = cached(queries.live_on_deadline)
planned_go_lives = cached(queries.planned_go_lives)
municipality_list = cached(queries.municipality_list)
municipality_systems = cached(queries.municipality_systems)
municipality_history = cached(queries.municipality_history)
municipality_summary = cached(queries.municipality_summary)
cloud_tracks = cached(queries.cloud_tracks)
cloud_by_business = cached(queries.cloud_by_business)
cloud_by_municipality = cached(queries.cloud_by_municipality)
special_support = cached(queries.special_support)
overdue = cached(queries.overdue)
vendor_business = cached(queries.vendor_business)
vendor_summary = cached(queries.vendor_summary)
reconciliation = cached(queries.reconciliation)
official_latest = cached(queries.official_latest)
official_loads = cached(queries.official_loads)
prefecture_record = cached(queries.prefecture_record)
municipality_marks = cached(queries.municipality_marks)
procedure_vs_running = cached(queries.procedure_vs_running)
procedure_over_time = cached(queries.procedure_over_time)
context_figures = cached(queries.context_figures)
municipality_steps = cached(queries.municipality_steps)


@st.cache_resource(ttl=TTL, max_entries=32, show_spinner=False)
def map_part(
    db: str,
    version: Version,
    day: date,
    metric: str,
    business: str,
    national: bool,
    lang: str,
    height: int = 640,
) -> figures.MapPart:
    """The map as the overview and the map page show it, kept whole (figure included) per database,
    data version, day and choice. Shared by every session, so nothing that receives it may change it:
    `st.plotly_chart` serialises a figure without touching it and `documents.images` frames a copy."""
    summary = municipality_summary(db, version, day)
    cells = heatmap_cells(db, version, day)
    rollup = prefecture_rollup(db, version) if national else None
    return figures.build_map(metric, business, summary, cells, rollup, national, lang, height)


@st.cache_resource(ttl=TTL, max_entries=4, show_spinner=False)
def forecast(db: str, version: Version, day: date) -> forecast_model.Bundle:
    """The go-live forecast on `day` (per system, the curve, vendor capacity, the risk list), computed
    once per database, data version and day and shared by every session: nothing may change it."""
    changes, pairs = _read(db, queries.forecast_inputs)
    return forecast_model.build(changes, pairs, day)


@st.cache_resource(ttl=TTL, max_entries=2, show_spinner=False)
def backtest(db: str, version: Version) -> tuple[pd.DataFrame, forecast_backtest.Score]:
    """The forecast checked against the history (records, score), once per data version."""
    changes, pairs = _read(db, queries.forecast_inputs)
    records = forecast_backtest.run(changes, pairs)
    return records, forecast_backtest.score(records)


# the cost page's reads (dashboard/cost_queries.py)
from dashboard import cost_queries  # noqa: E402

cost_figures = cached(cost_queries.cost_figures)
cost_municipalities = cached(cost_queries.cost_municipalities)
cost_categories = cached(cost_queries.cost_categories)
cost_by_group = cached(cost_queries.cost_by_group)
cost_by_business = cached(cost_queries.cost_by_business)
cost_of_municipality = cached(cost_queries.cost_of_municipality)
joint_candidates = cached(cost_queries.joint_candidates)
joint_members = cached(cost_queries.joint_members)
