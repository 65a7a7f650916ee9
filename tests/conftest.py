"""Shared fixtures: a fresh database through the real store, the databases and folders a run builds
once for all its workers (tests/support/shared.py), and clean Streamlit caches."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from _pytest.nodeid import coerce_node_id
from streamlit.components.v2 import manifest_scanner
from xdist.scheduler import LoadGroupScheduling

from etl import database

# the shared helpers assert too (a report accepted, a server healthy): pytest explains their failures as
# it does a test's, as when they lived in test modules
pytest.register_assert_rewrite("tests.support")

from tests.support import shared  # noqa: E402 (after the rewrite is registered)
from tests.support.databases import build_small, tokyo_demo  # noqa: E402
from tests.support.factories import THOROUGH  # noqa: E402
from tests.support.official_books import build_official  # noqa: E402


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


class DemoApart(LoadGroupScheduling):
    """xdist's `loadgroup` scheduling (the largest units first), except that the second worker starts on
    the demo module's group: the first starts on a browser module and builds the Tokyo demo up to today
    (tests/support/shared.py), and the second builds the demo module's own history meanwhile instead
    of waiting for that one (both take most of a minute)."""

    def _assign_work_unit(self, node: Any) -> None:
        if not getattr(self, "_arranged", False):
            self._arranged = True
            first = next(iter(self.workqueue))
            if "demo" in self.workqueue and first != "demo":
                self.workqueue.move_to_end("demo", last=False)
                self.workqueue.move_to_end(first, last=False)
        super()._assign_work_unit(node)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadGroupScheduling | None:
    """`--dist loadgroup` with the demo module's group second (`DemoApart`); xdist's own otherwise."""
    return DemoApart(config, log) if config.getvalue("dist") == "loadgroup" else None


# a failing page must fail the test (and the browser tests' server), not be turned into a polite message
os.environ["HYOJUNKA_RAISE"] = "1"

# Every AppTest scans the installed packages for Streamlit components (their metadata parsed anew each
# time: about 0.4 s of a test's run); what is installed does not change during a run, so the scan is
# made once per process. The app's server scans once at its start, as before.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[Path], Any]], tuple[Path, Any]]:
    """`built_once(name, build)`: a file or folder `build(path)` makes once per run for every worker (to
    be read, not written) and what `build` returned."""
    return functools.partial(shared.built_once, tmp_path_factory)


@pytest.fixture(scope="session")
def database_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, Callable[[Path], Any], Path], tuple[Path, Any]]:
    """`database_once(name, build, to)`: a database `build(path)` makes once per run, copied to `to` (a
    path of this worker's, to read and write), and what `build` returned."""
    return functools.partial(shared.database_once, tmp_path_factory)


def _small(path: Path) -> Path:
    return build_small(database.init(path))


@pytest.fixture(scope="session")
def small_db_copy(database_once) -> Callable[[Path], Path]:
    """`small_db_copy(to)`: the small hand-checked database (`build_small` on a database just
    initialised: tests/support/databases.py), built once per run, copied to `to`."""
    return lambda to: database_once("small.duckdb", _small, to)[0]


def _official(path: Path) -> Path:
    return build_official(_small(path))


@pytest.fixture(scope="session")
def official_db_copy(database_once) -> Callable[[Path], Path]:
    """`official_db_copy(to)`: the small database with its ministry workbooks and national lists
    (`build_official`: tests/support/official_books.py), built once per run, copied to `to`."""
    return lambda to: database_once("official.duckdb", _official, to)[0]


@pytest.fixture(scope="session")
def kept_builds(pytestconfig: pytest.Config) -> Path | None:
    """Where the everyday run keeps its longest builds from one run to the next (a folder of pytest's
    cache: tests/support/shared.py `kept`); none when every test runs in full (CI) or without the cache."""
    cache = getattr(pytestconfig, "cache", None)
    return None if THOROUGH or cache is None else cache.mkdir("kept-builds")


@pytest.fixture(scope="session")
def tokyo_demo_copy(database_once, kept_builds: Path | None) -> Callable[[Path], Path]:
    """`tokyo_demo_copy(to)`: the Tokyo demo history (`tokyo_demo`: tests/support/databases.py), built
    once per run (and kept for the next everyday run while what it is made of stays the same), copied
    to `to`."""

    def build(path: Path) -> Path:
        return shared.kept(kept_builds, "tokyo-demo", tokyo_demo, path)

    return lambda to: database_once("tokyo-demo.duckdb", build, to)[0]


@pytest.fixture(scope="session")
def _empty_db(built_once) -> Path:
    """A database just initialised, built once per run: what every `tmp_db` starts as."""
    return built_once("empty.duckdb", database.init)[0]


@pytest.fixture
def tmp_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _empty_db: Path) -> Path:
    """An initialised, empty database file (a copy of one `database.init` made once per run); HYOJUNKA_DB
    points at it."""
    path = shared.copy_database(_empty_db, tmp_path / "test.duckdb")
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
