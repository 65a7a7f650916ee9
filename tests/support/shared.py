"""What one test run builds once for all its workers: a database or a folder made by whichever worker
asks first, under a lock in the run's own temporary folder (pytest-xdist's workers share it); the
others wait for it, then take their own copy of a database, so that what one worker writes never
reaches another.

A module- or session-scoped fixture that builds through the real ETL (a demo history, a published
site) otherwise runs once per worker that runs one of its tests: on two workers, twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: under pytest-xdist, the one that holds every worker's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Any]) -> tuple[Path, Any]:
    """`build(path)` run once in the whole run, the first time a worker asks for `name`: the path it
    built (a file or a folder, shared: read it, do not write it) and what `build` returned (pickled
    for the other workers). A build that failed is tried again by the next worker that asks."""
    folder = run_folder(tmp_path_factory) / "built-once"
    folder.mkdir(exist_ok=True)
    target, returned = folder / name, folder / f"{name}.returned"
    with _locked(folder / f"{name}.lock"):
        if not returned.exists():
            _remove(target)  # what a failed build left
            value = build(target)
            returned.write_bytes(pickle.dumps(value))
            return target, value
    return target, pickle.loads(returned.read_bytes())


def copy_database(built: Path, to: Path) -> Path:
    """A copy of a built database file (closed, its log written into it) at `to`, for one worker's writes."""
    assert not built.with_name(built.name + ".wal").exists(), f"{built} still has a write-ahead log"
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built, to)
    return to


def database_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Any], to: Path
) -> tuple[Path, Any]:
    """A database built once in the run by `build(path)` (see `built_once`), copied to `to` (a path of
    this worker's own, replaced if it exists); the copy and what `build` returned."""
    built, value = built_once(tmp_path_factory, name, build)
    return copy_database(built, to), value
