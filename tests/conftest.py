"""Shared fixtures: a fresh database through the real store, and clean Streamlit caches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from _pytest.nodeid import coerce_node_id

from etl import database

# the shared helpers assert too (a report accepted, a server healthy): pytest explains their failures as
# it does a test's, as when they lived in test modules
pytest.register_assert_rewrite("tests.support")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep `--dist loadgroup` grouping under pytest 9.2: pytest-xdist 3.8 writes a test's group into
    `item._nodeid`, which pytest no longer reads (pytest-dev/pytest-xdist#1386), so the browser tests
    were spread over both workers, each building its own database and server. Write the group suffix
    into the node id pytest does read, as xdist's own fix does; a no-op once xdist does it itself."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        groups = sorted(
            {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        )
        suffix = "@" + "_".join(groups)
        if groups and not item.nodeid.endswith(suffix):
            item._id = coerce_node_id(item.nodeid + suffix)  # type: ignore[attr-defined]


# a failing page must fail the test (and the browser tests' server), not be turned into a polite message
os.environ["HYOJUNKA_RAISE"] = "1"


@pytest.fixture
def tmp_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised, empty database file; HYOJUNKA_DB points at it."""
    path = tmp_path / "test.duckdb"
    database.init(path)
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
