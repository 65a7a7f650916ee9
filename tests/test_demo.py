"""The demo history: deterministic, accepted by the real ETL, and shaped like the real migration."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl import demo, reference, store
from etl.costs import demo as cost_demo
from schemas.codes import check_digit

TODAY = date(2026, 11, 20)

# nearly every test here reads the full Tokyo history, which takes half a minute to build
# one worker runs the module: the other never waits for its demo history to be built
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]


def _query(db: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    with store.connect(db, read_only=True) as con:
        return con.execute(sql, params or []).df()


@pytest.fixture(scope="module")
def tokyo(tmp_path_factory: pytest.TempPathFactory, database_once) -> tuple[Path, dict]:
    """The full Tokyo demo history, built once per run (this worker's copy), and its summary."""
    db = tmp_path_factory.mktemp("demo") / "tokyo.duckdb"
    return database_once("demo-tokyo.duckdb", lambda path: demo.build(path, scale="tokyo", seed=7, today=TODAY), db)


@pytest.fixture(scope="module")
def latest(tokyo: tuple[Path, dict]) -> pd.DataFrame:
    """The latest status of every pair, with the municipality's region and kind."""
    return _query(tokyo[0], "select * from v_latest_status")


def _live_share(frame: pd.DataFrame) -> float:
    in_scope = frame[frame["stage"] != "not_applicable"]
    return float((in_scope["stage"] == "live").mean())


def test_every_submission_is_accepted(tokyo):
    db, summary = tokyo
    outcomes = _query(db, "select outcome, count(*) as n, sum(n_rows) as rows from submissions group by outcome")
    assert outcomes["outcome"].tolist() == ["accepted"]
    assert int(outcomes["n"].iloc[0]) == summary["submissions"]
    assert int(outcomes["rows"].iloc[0]) == summary["rows"]
    assert _query(db, "select count(*) as n from findings where severity = 'error'")["n"].iloc[0] == 0


def test_warnings_are_only_the_plausible_kinds(tokyo):
    codes = set(_query(tokyo[0], "select distinct code from findings")["code"])
    # late targets and a few regressions, never a business live before the resident registry
    assert codes <= {
        "target_after_deadline_without_special_support",
        "target_date_passed_not_live",
        "stage_moved_backwards",
    }
    assert "target_date_passed_not_live" in codes


def test_submissions_are_dated_to_the_week_they_report(tokyo):
    received = _query(tokyo[0], "select min(received_at) as first, max(received_at) as last from submissions")
    assert received["first"].iloc[0].year == 2023
    assert received["last"].iloc[0].date() >= TODAY - timedelta(days=7)


def test_history_spans_2023_04_to_today_with_all_pairs(tokyo, latest):
    db, summary = tokyo
    span = _query(db, "select min(as_of) as first, max(as_of) as last from status_reports")
    assert span["first"].iloc[0].date() == date(2023, 4, 3)
    assert span["last"].iloc[0].date() <= TODAY
    assert summary["first_as_of"] == "2023-04-03"
    assert len(latest) == 62 * 20 - demo.N_UNREPORTED  # a few pairs never reported (see the national list)
    assert summary["municipalities"] == 62


def test_official_releases_monthly_and_every_reconciliation_class_present(tokyo):
    db, summary = tokyo
    releases = _query(db, "select kind, as_of, outcome, n_warnings from official_releases order by id")
    assert set(releases["outcome"]) == {"accepted"} and releases["n_warnings"].eq(0).all()
    ministry = releases[releases["kind"] == "mic_progress"]
    assert len(ministry) == 12 and pd.to_datetime(ministry["as_of"]).max().date() == date(2026, 10, 1)
    assert 4 <= (releases["kind"] == "da_special_support").sum() <= 5
    assert summary["releases"] == len(releases)
    kinds = _query(db, "select kind, count(*) as n from v_reconciliation group by kind").set_index("kind")["n"]
    assert set(kinds.index) == {
        "live_procedure_incomplete",
        "procedure_done_not_live",
        "listed_reported_not_special",
        "special_not_listed",
        "listed_never_reported",
    }
    assert kinds["listed_never_reported"] == demo.N_UNREPORTED
    assert kinds["special_not_listed"] >= 3 and kinds["listed_reported_not_special"] >= 4


def test_overall_progress_is_plausible_for_late_2026(latest):
    share = _live_share(latest)
    registry = _live_share(latest[latest["business_id"] == "resident_registry"])
    assert 0.55 <= share <= 0.70
    assert 0.75 <= registry <= 0.92


def test_resident_registry_is_ahead_of_the_average(latest):
    registry = latest[latest["business_id"] == "resident_registry"]
    assert _live_share(registry) > _live_share(latest) + 0.1
    by_business = latest.groupby("business_id")[["stage"]].apply(_live_share)
    assert by_business.idxmax() == "resident_registry"


def test_islands_are_behind_wards(latest):
    by_region = latest.groupby("region")[["stage"]].apply(_live_share)
    assert by_region["islands"] < by_region["tama"] < by_region["ku"]
    assert by_region["islands"] < 0.2  # islands are mostly not live


def test_special_support_share_and_reasons(latest):
    special = latest[latest["special_support"]]
    assert 0.08 <= len(special) / len(latest) <= 0.16
    counts = special["special_support_reason"].value_counts()
    assert counts.idxmax() == 4
    assert set(counts.index) == {1, 2, 3, 4}
    # designated systems plan beyond the FY2025 deadline, up to FY2027
    under_way = special[special["stage"] != "live"]
    assert (under_way["target_date"] > pd.Timestamp(2026, 3, 31)).all()
    assert (special["target_date"] <= pd.Timestamp(2028, 3, 31)).all()


def test_some_municipalities_are_silent_for_60_days_or_more(tokyo):
    last = _query(tokyo[0], "select municipality_code, max(as_of) as last from status_reports group by 1")
    silent = last[last["last"] <= pd.Timestamp(TODAY - timedelta(days=60))]
    assert 2 <= len(silent) <= 8
    recent = last[last["last"] > pd.Timestamp(TODAY - timedelta(days=42))]
    assert len(recent) >= 50  # everyone else reports every few weeks


def test_public_assistance_not_applicable_only_in_towns_and_villages(latest):
    assistance = latest[latest["business_id"] == "public_assistance"]
    outside = assistance[assistance["stage"] == "not_applicable"]
    assert len(outside) >= 5
    assert set(outside["kind"]) <= {"town", "village"}
    small = assistance[assistance["kind"].isin(["town", "village"])]
    assert len(outside) / len(small) >= 0.6
    assert (latest[latest["business_id"] != "public_assistance"]["stage"] != "not_applicable").all()


def test_a_few_regressions_are_reported(tokyo):
    backwards = _query(tokyo[0], "select count(*) as n from findings where code = 'stage_moved_backwards'")
    assert 3 <= backwards["n"].iloc[0] <= 60


def test_overdue_targets_exist(latest):
    overdue = latest[
        (latest["stage"] != "live") & (latest["stage"] != "not_applicable") & (latest["target_date"] < latest["as_of"])
    ]
    assert len(overdue) >= 5


def test_vendors_are_a_handful_and_mostly_one_per_municipality(latest):
    vendors = latest["vendor"].dropna()
    assert 5 <= vendors.nunique() <= 8
    main_share = (
        latest.dropna(subset=["vendor"])
        .groupby("municipality_code")["vendor"]
        .agg(lambda v: v.value_counts().iloc[0] / len(v))
    )
    assert main_share.median() >= 0.6
    assert (main_share < 1).any()  # some businesses with another vendor


def test_government_cloud_and_pmo_fit_the_stage(latest):
    live = latest[latest["stage"] == "live"]
    assert (live["gov_cloud"] == "running").mean() > 0.7
    assert (live["gov_cloud"] != "running").any()  # some live but not (yet) on the Government Cloud
    assert set(latest.loc[latest["stage"] != "live", "gov_cloud"]) <= {"not_planned", "planned", "preparing"}
    pmo = latest.dropna(subset=["pmo_progress"])
    assert len(pmo) / len(latest) > 0.7
    assert (pmo.loc[pmo["stage"] != "live", "pmo_progress"] < 100).all()
    assert (pmo.loc[pmo["stage"] == "live", "pmo_progress"] >= 50).all()


def test_a_few_private_notes(tokyo):
    notes = _query(
        tokyo[0], "select count(*) filter (where notes is not null) as n, count(*) as total from status_reports"
    )
    assert 0 < notes["n"].iloc[0] / notes["total"].iloc[0] < 0.12


# what a build writes, each table compared whole between two builds of one seed (the times a row was
# stored are left out: the latest week's reports are dated no later than the clock)
BUILT = [
    "submissions",
    "status_reports",
    "findings",
    "official_releases",
    "official_rates",
    "official_steps",
    "official_marks",
    "cost_submissions",
    "cost_reports",
    "joint_arrangements",
    "joint_members",
]


def _built(db: Path, table: str) -> pd.DataFrame:
    with store.connect(db, read_only=True) as con:
        kept = [
            name
            for name, kind in con.execute(
                "select column_name, data_type from information_schema.columns where table_name = ? "
                "order by ordinal_position",
                [table],
            ).fetchall()
            if not kind.startswith("TIMESTAMP")
        ]
        columns = ", ".join(f'"{name}"' for name in kept)
        return con.execute(f"select {columns} from {table} order by all").df()


def test_same_seed_same_history_and_another_seed_another_plan(tmp_path: Path):
    first = demo.build(tmp_path / "a" / "demo.duckdb", scale="tokyo", weeks=12, seed=3, today=TODAY)
    again = demo.build(tmp_path / "b" / "demo.duckdb", scale="tokyo", weeks=12, seed=3, today=TODAY)
    places = ("db", "release_dir")
    assert {k: v for k, v in first.items() if k not in places} == {k: v for k, v in again.items() if k not in places}
    assert first["rows"] > 0 and first["releases"] > 0 and first["cost_rows"] > 0
    for table in BUILT:
        a, b = _built(tmp_path / "a" / "demo.duckdb", table), _built(tmp_path / "b" / "demo.duckdb", table)
        assert len(a) > 0, table
        pd.testing.assert_frame_equal(a, b, obj=table)
    # another seed makes another history: its plan, its reporting days and its costs differ (a third
    # build would only repeat what these feed)
    municipalities = reference.municipalities()
    plans = [demo.make_plan(municipalities, np.random.default_rng(seed)) for seed in (3, 4)]
    assert not demo.snapshot(plans[0], TODAY).equals(demo.snapshot(plans[1], TODAY))
    start = TODAY - timedelta(weeks=11)
    days = [demo.reporting_days(municipalities, start, TODAY, np.random.default_rng(seed)) for seed in (3, 4)]
    assert days[0] != days[1]
    businesses = list(reference.businesses()["business_id"])
    costs = [cost_demo.figures(municipalities, businesses, TODAY, seed) for seed in (3, 4)]
    assert not costs[0].equals(costs[1])


def test_snapshot_follows_the_stage_path_forwards():
    municipalities = reference.municipalities()
    plan = demo.make_plan(municipalities, np.random.default_rng(7))
    order = {s: i for i, s in enumerate(["not_started", "planning", "fit_gap", "procurement", "migration", "live"])}
    before = demo.snapshot(plan, date(2024, 4, 1))["stage"].map(order)
    after = demo.snapshot(plan, date(2026, 4, 1))["stage"].map(order)
    both = before.notna() & after.notna()
    assert (after[both] >= before[both] - 1).all()  # at most one step back (a regression)
    assert (after[both] > before[both]).mean() > 0.8


@pytest.mark.slow
def test_national_builds_1741_valid_codes_over_47_prefectures(tmp_path: Path):
    db = tmp_path / "national.duckdb"
    summary = demo.build(db, scale="national", weeks=1, seed=7, today=TODAY)
    munis = _query(db, "select * from municipalities")
    assert summary["municipalities"] == len(munis) == 1741
    assert munis["code"].is_unique
    assert munis["prefecture_code"].nunique() == 47
    assert all(check_digit(code[:5]) == int(code[5]) for code in munis["code"])
    assert munis["kind"].value_counts().to_dict() == {"city": 792, "town": 743, "village": 183, "ward": 23}
    assert set(munis.loc[munis["kind"] == "ward", "prefecture_code"]) == {"13"}
    tokyo = munis[munis["prefecture_code"] == "13"].sort_values("code")
    assert tokyo["code"].tolist() == sorted(reference.municipalities()["code"])
    prefectures = reference.prefectures().set_index("prefecture_code")["name_ja"]
    assert (munis["region_ja"] == munis["prefecture_code"].map(prefectures)).all()
    counts = _query(db, "select outcome, n_rows from submissions")
    assert counts["outcome"].tolist() == ["accepted"] and counts["n_rows"].tolist() == [34_820 - demo.N_UNREPORTED]
    assert summary["last_as_of"] == TODAY.isoformat()
