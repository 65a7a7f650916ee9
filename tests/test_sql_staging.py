"""The staging macros of etl/sql/schedule.sql the queries select from: status_named_on(day) is
schedule_on(day) with the municipality's and the business's names, row for row, and never the
private notes; status_named_private_on(day) is the same with each status's notes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import database, ingest, paths, store
from tests.support.codes import CHIYODA, CHUO, MINATO
from tests.support.factories import csv_bytes, under_way_row, valid_row

DAYS = [date(2025, 1, 1), date(2026, 1, 15), date(2026, 6, 30), date(2027, 1, 1)]
NAMES = [
    "municipality_ja",
    "municipality_en",
    "kind",
    "kind_ja",
    "region",
    "region_ja",
    "prefecture_code",
    "business_order",
    "business_ja",
    "business_en",
]
# what schedule_on joined with the names reads like when written out by hand
BY_HAND = """
select
    s.*,
    m.name_ja as municipality_ja,
    m.name_en as municipality_en,
    m.kind,
    m.kind_ja,
    m.region,
    m.region_ja,
    m.prefecture_code,
    b.display_order as business_order,
    b.name_ja as business_ja,
    b.name_en as business_en
from schedule_on(?::date) as s
join municipalities as m on m.code = s.municipality_code
join businesses as b on b.business_id = s.business_id
"""
SUBMISSIONS = [
    [
        valid_row(as_of="2025-12-01", go_live_date="2025-11-01", notes="千代田の内部メモ"),
        under_way_row(as_of="2025-12-01", notes="固定資産税は遅れ気味"),
        under_way_row(
            "seal_registration",
            as_of="2025-12-01",
            special_support="false",
            special_support_reason="",
            target_date="2025-12-31",
        ),
    ],
    [
        valid_row(
            municipality_code=CHUO,
            as_of="2026-05-01",
            stage="migration",
            target_date="2026-09-30",
            go_live_date="",
            gov_cloud="preparing",
            pmo_progress="40",
        ),
        valid_row(
            municipality_code=CHUO,
            business_id="individual_inhabitant_tax",
            as_of="2026-05-01",
            stage="not_applicable",
            target_date="",
            go_live_date="",
            gov_cloud="not_planned",
            pmo_progress="",
            vendor="",
        ),
    ],
    [  # Chiyoda again: its fixed asset tax live, its notes gone
        under_way_row(as_of="2026-06-01", stage="live", go_live_date="2026-05-20", gov_cloud="running"),
    ],
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("staging") / "staging.duckdb"
    database.init(path)
    for rows in SUBMISSIONS:
        outcome = ingest.ingest_bytes(csv_bytes(rows), filename="report.csv", source="upload", db=path)
        assert outcome.receipt.outcome == "accepted", outcome.findings.to_dict("records")
    return path


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with store.connect(db, read_only=True) as connection:
        yield connection


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["municipality_code", "business_id"]).reset_index(drop=True)


@pytest.mark.parametrize("day", DAYS)
def test_status_named_on_is_schedule_on_with_the_names(con: duckdb.DuckDBPyConnection, day: date) -> None:
    named = _sorted(con.execute("select * from status_named_on(?::date)", [day]).df())
    by_hand = _sorted(con.execute(BY_HAND, [day]).df())
    assert len(named) == 62 * 20
    assert set(named.columns) == set(by_hand.columns)
    pd.testing.assert_frame_equal(named, by_hand[named.columns])


def test_status_named_on_holds_every_schedule_on_column_and_the_names(con: duckdb.DuckDBPyConnection) -> None:
    schedule = [d[0] for d in con.execute("select * from schedule_on(current_date) limit 0").description]
    named = [d[0] for d in con.execute("select * from status_named_on(current_date) limit 0").description]
    assert sorted(named) == sorted(schedule + NAMES)


def test_the_public_macro_exposes_no_notes(con: duckdb.DuckDBPyConnection) -> None:
    named = [d[0] for d in con.execute("select * from status_named_on(current_date) limit 0").description]
    assert "notes" not in named
    assert not any("notes" in value for value in con.execute("select * from status_named_on(current_date)").fetchall())


def test_the_private_macro_is_the_public_one_with_the_notes(con: duckdb.DuckDBPyConnection) -> None:
    for day in DAYS:
        public = _sorted(con.execute("select * from status_named_on(?::date)", [day]).df())
        private = _sorted(con.execute("select * from status_named_private_on(?::date)", [day]).df())
        assert list(private.columns) == [*public.columns, "notes"]
        pd.testing.assert_frame_equal(private.drop(columns="notes"), public)
    notes = con.execute(
        "select business_id, notes from status_named_private_on(date '2026-01-15')"
        " where municipality_code = ? and notes is not null and notes <> '' order by 1",
        [CHIYODA],
    ).fetchall()
    assert notes == [("fixed_asset_tax", "固定資産税は遅れ気味"), ("resident_registry", "千代田の内部メモ")]
    later = con.execute(
        "select notes from status_named_private_on(date '2026-06-30')"
        " where municipality_code = ? and business_id = 'fixed_asset_tax'",
        [CHIYODA],
    ).fetchall()
    assert later in ([(None,)], [("",)])  # the newer report carries no notes
    unreported = con.execute(
        "select count(*) from status_named_private_on(current_date) where municipality_code = ? and notes is not null",
        [MINATO],
    ).fetchone()
    assert unreported == (0,)


def test_only_the_export_reads_the_private_macro() -> None:
    readers = [
        path.relative_to(paths.ROOT).as_posix()
        for path in [*paths.ROOT.glob("dashboard/**/*.sql"), *paths.ROOT.glob("etl/**/*.sql")]
        if "status_named_private_on(" in path.read_text(encoding="utf-8")
        and path.name != "schedule.sql"  # where it is defined
    ]
    assert readers == ["etl/sql/export.sql"]


def test_no_query_joins_the_names_onto_schedule_on_again() -> None:
    files = [*paths.ROOT.glob("dashboard/**/*.sql"), *paths.ROOT.glob("etl/**/*.sql")]
    rejoined = [
        path.relative_to(paths.ROOT).as_posix()
        for path in files
        if path.name != "schedule.sql"  # where status_named_on joins them, once
        and "schedule_on(" in (text := path.read_text(encoding="utf-8").lower())
        and ("join municipalities" in text or "join businesses" in text)
    ]
    assert rejoined == []
