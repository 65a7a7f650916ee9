"""AppTest fixtures: the small hand-checked database, built once per run through the real ETL; a national
database; the schedule history in which every schedule status occurs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import database, demo, ingest
from tests.support.codes import CHIYODA, RR
from tests.support.databases import FIRST, SECOND, THIRD
from tests.support.factories import report_row


@pytest.fixture(scope="session")
def small_db_file(tmp_path_factory: pytest.TempPathFactory, small_db_copy) -> Path:
    """The small database file (three municipalities, two report days), built once per run."""
    return small_db_copy(tmp_path_factory.mktemp("app") / "small.duckdb")


@pytest.fixture
def small_db(small_db_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HYOJUNKA_DB points at the small database."""
    monkeypatch.setenv("HYOJUNKA_DB", str(small_db_file))
    return small_db_file


@pytest.fixture
def national_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The national reference with reports from a Tokyo ward and a Hokkaido municipality; the latter's code."""
    munis = demo.national_municipalities()
    path = tmp_path / "national.duckdb"
    database.init(path, municipalities=munis)
    hokkaido = munis[munis["code"].str.startswith("01")].iloc[0]["code"]
    for code, stage in ((CHIYODA, "live"), (hokkaido, "planning")):
        rows = [
            report_row(
                code,
                RR,
                "2025-01-06",
                stage,
                target=None if stage == "live" else "2026-12-31",
                go_live="2025-01-01" if stage == "live" else None,
            )
        ]
        assert ingest.ingest_frame(pd.DataFrame(rows), db=path).receipt.outcome == "accepted"
    monkeypatch.setenv("HYOJUNKA_DB", str(path))
    return hokkaido


@pytest.fixture(scope="module")
def schedule_history_file(tmp_path_factory: pytest.TempPathFactory, database_once) -> Path:
    """The hand-built schedule history (every class occurs across D), through the real ETL, built once
    per run."""

    def build(path: Path) -> None:
        database.init(path)
        for rows in (FIRST, SECOND, THIRD):
            assert ingest.ingest_frame(pd.DataFrame(rows), db=path).receipt.outcome == "accepted"

    return database_once("schedule-history.duckdb", build, tmp_path_factory.mktemp("lateness") / "lateness.duckdb")[0]


@pytest.fixture
def schedule_history(schedule_history_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HYOJUNKA_DB points at the schedule history."""
    monkeypatch.setenv("HYOJUNKA_DB", str(schedule_history_file))
    return schedule_history_file
