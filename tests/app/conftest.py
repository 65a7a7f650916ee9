"""AppTest fixtures: the small hand-checked database, built once through the real ETL."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import store
from tests.test_queries import build_small


@pytest.fixture(scope="session")
def small_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small database file (three municipalities, two report days)."""
    path = tmp_path_factory.mktemp("app") / "small.duckdb"
    store.init(path)
    return build_small(path)


@pytest.fixture
def small_db(small_db_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HYOJUNKA_DB points at the small database."""
    monkeypatch.setenv("HYOJUNKA_DB", str(small_db_file))
    return small_db_file
