"""What one test run builds once for all its workers: a database or a folder made by whichever worker
asks first, under a lock in the run's own temporary folder (pytest-xdist's workers share it); the
others wait for it, then take their own copy of a database, so that what one worker writes never
reaches another.

A module- or session-scoped fixture that builds through the real ETL (a demo history, a published
site) otherwise runs once per worker that runs one of its tests: on two workers, twice.

The everyday `make test` also keeps the longest of these builds from one run to the next (`kept`): the
Tokyo demo history, most of a minute through the real ETL, is built again only when what it is made of
changed (the project's code, its data, the tests' builders, the libraries, the day). With
HYOJUNKA_FULL_TESTS=1 (CI, `make test-all`) every run builds everything anew.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from etl import clock
from tests.support.paths import ROOT

# what a build kept across runs is made of: the project's packages and data, the tests' builders
MADE_OF = ("etl", "schemas", "data", "tests/support", "pyproject.toml")
MADE_WITH = ("duckdb", "pandas", "pandera", "numpy", "openpyxl")
NOT_SOURCE = {".duckdb", ".wal", ".pyc"}


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


def made_of_key() -> str:
    """A digest of everything a kept build depends on: the files of `MADE_OF` (names and bytes), the
    versions of Python and of the libraries that read and write the data, and today in Tokyo (the demo
    history runs up to today)."""
    digest = hashlib.sha256()
    for part in MADE_OF:
        root = ROOT / part
        files = [root] if root.is_file() else sorted(f for f in root.rglob("*") if f.is_file())
        for file in files:
            if file.suffix in NOT_SOURCE or "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes() + b"\0")
    versions = [sys.version, *(importlib.metadata.version(lib) for lib in MADE_WITH), clock.today().isoformat()]
    digest.update("\0".join(versions).encode())
    return digest.hexdigest()[:16]


def kept(folder: Path | None, name: str, build: Callable[[Path], Any], target: Path) -> Path:
    """The database `build(target)` makes, kept in `folder` under `name` and the key of what it is made
    of (`made_of_key`): a later run with the same key copies it instead of building it again, a run
    with another key builds it and replaces what was kept. No folder: built every time."""
    if folder is None:
        build(target)
        return target
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{name}-{made_of_key()}.duckdb"
    if stored.exists():
        return copy_database(stored, target)
    build(target)
    for old in folder.glob(f"{name}-*.duckdb"):
        old.unlink(missing_ok=True)
    partial = copy_database(target, stored.with_name(stored.name + f".{os.getpid()}.partial"))
    partial.replace(stored)  # whole or not at all: a run stopped midway leaves no half file under the name
    return target
