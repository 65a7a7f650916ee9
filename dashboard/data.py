"""Cached reads for the pages: the only module that uses st.cache_data.

Every cached function takes the database path and its data version (the last accepted submission
id and the number accepted), so a cached result is dropped as soon as a new submission lands; the
ttl bounds the memory a long-running server keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from dashboard import queries
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


def _read(db: str, fn: Callable[..., Any], *args: Any) -> Any:
    with store.connect(db, read_only=True) as con:
        con.execute("set enable_progress_bar = false")  # DuckDB's bar would go to the server's terminal
        return fn(con, *args)


@st.cache_data(ttl=TTL, show_spinner=False)
def meta(db: str, version: Version) -> dict:
    """As-of facts for the captions."""
    return _read(db, queries.meta)


@st.cache_data(ttl=TTL, show_spinner=False)
def kpis(db: str, version: Version, day: date) -> pd.DataFrame:
    """Headline counts on `day` with their change over 30 days."""
    return _read(db, queries.kpis_with_change, day)


@st.cache_data(ttl=TTL, show_spinner=False)
def stage_distribution(db: str, version: Version) -> pd.DataFrame:
    """Latest stages per business."""
    return _read(db, queries.stage_distribution)


@st.cache_data(ttl=TTL, show_spinner=False)
def heatmap_cells(db: str, version: Version, day: date) -> pd.DataFrame:
    """Every municipality x business cell on a day."""
    return _read(db, queries.heatmap_cells, day)


@st.cache_data(ttl=TTL, show_spinner=False)
def prefecture_rollup(db: str, version: Version) -> pd.DataFrame:
    """Prefecture x business share live."""
    return _read(db, queries.prefecture_rollup)


@st.cache_data(ttl=TTL, show_spinner=False)
def live_over_time(db: str, version: Version, end: date, business: str) -> pd.DataFrame:
    """Weekly live and in-scope counts."""
    return _read(db, queries.live_over_time, end, business)


@st.cache_data(ttl=TTL, show_spinner=False)
def live_on_deadline(db: str, version: Version, business: str) -> dict:
    """Live and in scope on the national deadline."""
    return _read(db, queries.live_on_deadline, business)


@st.cache_data(ttl=TTL, show_spinner=False)
def planned_go_lives(db: str, version: Version, business: str) -> pd.DataFrame:
    """Cumulative planned go-lives."""
    return _read(db, queries.planned_go_lives, business)


@st.cache_data(ttl=TTL, show_spinner=False)
def municipality_list(db: str, version: Version) -> pd.DataFrame:
    """The municipalities for pickers."""
    return _read(db, queries.municipality_list)


@st.cache_data(ttl=TTL, show_spinner=False)
def municipality_systems(db: str, version: Version, code: str, day: date) -> pd.DataFrame:
    """One municipality's 20 systems on a day."""
    return _read(db, queries.municipality_systems, code, day)


@st.cache_data(ttl=TTL, show_spinner=False)
def municipality_history(db: str, version: Version, code: str) -> pd.DataFrame:
    """One municipality's reports."""
    return _read(db, queries.municipality_history, code)


@st.cache_data(ttl=TTL, show_spinner=False)
def municipality_summary(db: str, version: Version, day: date) -> pd.DataFrame:
    """Per-municipality progress."""
    return _read(db, queries.municipality_summary, day)


@st.cache_data(ttl=TTL, show_spinner=False)
def cloud_tracks(db: str, version: Version) -> pd.DataFrame:
    """Two-track counts per business."""
    return _read(db, queries.cloud_tracks)


@st.cache_data(ttl=TTL, show_spinner=False)
def cloud_by_business(db: str, version: Version) -> pd.DataFrame:
    """Cloud status per business."""
    return _read(db, queries.cloud_by_business)


@st.cache_data(ttl=TTL, show_spinner=False)
def cloud_by_municipality(db: str, version: Version) -> pd.DataFrame:
    """Cloud readiness per municipality."""
    return _read(db, queries.cloud_by_municipality)


@st.cache_data(ttl=TTL, show_spinner=False)
def special_support(db: str, version: Version) -> pd.DataFrame:
    """Special-support systems."""
    return _read(db, queries.special_support)


@st.cache_data(ttl=TTL, show_spinner=False)
def overdue(db: str, version: Version, day: date) -> pd.DataFrame:
    """Overdue systems."""
    return _read(db, queries.overdue, day)


@st.cache_data(ttl=TTL, show_spinner=False)
def vendor_business(db: str, version: Version, day: date) -> pd.DataFrame:
    """Vendor x business."""
    return _read(db, queries.vendor_business, day)


@st.cache_data(ttl=TTL, show_spinner=False)
def vendor_summary(db: str, version: Version, day: date) -> pd.DataFrame:
    """Per-vendor schedule."""
    return _read(db, queries.vendor_summary, day)


@st.cache_data(ttl=TTL, show_spinner=False)
def reconciliation(db: str, version: Version) -> pd.DataFrame:
    """Discrepancies between reports and official releases."""
    return _read(db, queries.reconciliation)


@st.cache_data(ttl=TTL, show_spinner=False)
def official_latest(db: str, version: Version) -> pd.DataFrame:
    """The newest release of each kind."""
    return _read(db, queries.official_latest)


@st.cache_data(ttl=TTL, show_spinner=False)
def procedure_vs_running(db: str, version: Version) -> pd.DataFrame:
    """Ministry rate vs share live per business."""
    return _read(db, queries.procedure_vs_running)


@st.cache_data(ttl=TTL, show_spinner=False)
def procedure_over_time(db: str, version: Version, business: str) -> pd.DataFrame:
    """Ministry rate vs share live per month."""
    return _read(db, queries.procedure_over_time, business)


@st.cache_data(ttl=TTL, show_spinner=False)
def context_figures(db: str, version: Version) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(national, jurisdiction) headline figures."""
    return _read(db, lambda con: (queries.national_figures(con), queries.jurisdiction_figures(con)))


@st.cache_data(ttl=TTL, show_spinner=False)
def municipality_steps(db: str, version: Version, code: str) -> pd.DataFrame:
    """One municipality's ministry step statuses."""
    return _read(db, queries.municipality_steps, code)
