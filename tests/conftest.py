"""Shared fixtures: a fresh database through the real store, and clean Streamlit caches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st

from etl import store

# a failing page must fail the test (and the browser tests' server), not be turned into a polite message
os.environ["HYOJUNKA_RAISE"] = "1"


@pytest.fixture
def tmp_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised, empty database file; HYOJUNKA_DB points at it."""
    path = tmp_path / "test.duckdb"
    store.init(path)
    monkeypatch.setenv("HYOJUNKA_DB", str(path))
    return path


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Caches outlive one AppTest in a process: start every test with none."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
