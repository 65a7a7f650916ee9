"""The query layer against a small database built through the real ETL; expected numbers by hand.

The database is tests/support/databases.py's `build_small`: three municipalities report three businesses (resident registry, individual inhabitant tax, public
assistance) on 2025-01-06; only Chiyoda reports again on 2025-03-03. The day looked at is
2025-03-10, so "30 days before" is 2025-02-08.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from dashboard import queries
from dashboard.shape.progress import projection
from etl import clock, ingest, store
from tests.support.codes import CHIYODA, CHUO, HACHIOJI, PA, RR, TAX, TOSHIMA
from tests.support.databases import DAY
from tests.support.factories import report_row


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, small_db_copy) -> Path:
    """The small database (built once per run), this module's copy."""
    return small_db_copy(tmp_path_factory.mktemp("small") / "small.duckdb")


@pytest.fixture
def con(small: Path):
    with store.connect(small, read_only=True) as connection:
        yield connection


def test_data_version_counts_accepted_submissions(con):
    last_id, n, _ = queries.data_version(con)
    assert (last_id, n) == (4, 4)


def test_meta_states_newest_report_and_coverage(con):
    m = queries.meta(con)
    assert pd.Timestamp(m["data_as_of"]).date() == date(2025, 3, 3)
    assert (m["n_pairs"], m["n_reporting"], m["n_municipalities"], m["n_prefectures"]) == (9, 3, 62, 1)


def test_kpis_on_the_day_and_30_days_before(con):
    frame = queries.kpis_with_change(con, DAY).set_index("kpi")
    # in scope: every pair of the jurisdiction but Toshima's tax and assistance (not applicable);
    # pairs with no report are in scope from the start
    assert frame.loc["in_scope"].tolist() == [62 * 20 - 2, 62 * 20 - 2, 0]
    assert frame.loc["live"].tolist() == [2, 1, 1]  # + Chiyoda registry on 03-03
    assert frame.loc["registry_live"].tolist() == [1, 0, 1]
    assert frame.loc["n_municipalities"].tolist() == [62, 62, 0]
    assert frame.loc["cloud_running"].tolist() == [2, 1, 1]
    assert frame.loc["special_support"].tolist() == [1, 1, 0]  # Hachioji public assistance
    # overdue on 03-10: Hachioji registry (02-28) and Toshima registry (2024-12-31); on 02-08 only Toshima;
    # both before the deadline, so past their own targets (overdue_target)
    assert frame.loc["overdue"].tolist() == [2, 1, 1]
    assert frame.loc["overdue_target"].tolist() == [2, 1, 1]
    assert frame.loc["overdue_deadline"].tolist() == [0, 0, 0]
    assert frame.loc["overdue_special"].tolist() == [0, 0, 0]
    # a recent report is one received in the recent_report_days window: these four arrived today,
    # long after DAY, so nobody had reported by then (the day a report describes does not count)
    assert frame.loc["reported_recent"].tolist() == [0, 0, 0]


def test_recent_reporters_count_reports_received_in_the_window(con):
    today = clock.today()
    frame = queries.kpis_with_change(con, today).set_index("kpi")
    assert int(con.execute("select recent_report_days()").fetchone()[0]) == 30
    # the three municipalities' submissions arrived today; 30 days before, none had
    assert frame.loc["reported_recent"].tolist() == [3, 0, 3]
    recent = con.execute("select municipality_code, days_since, recent from last_reports(?::date) order by 1", [today])
    rows = {code: (days, flag) for code, days, flag in recent.fetchall()}
    assert rows[CHIYODA] == (0, True) and rows[HACHIOJI] == (0, True) and rows[TOSHIMA] == (0, True)
    assert sum(flag for _, flag in rows.values()) == 3 and len(rows) == 62
    # the window's last day: received 29 days before counts, 30 days before does not
    edge = con.execute(
        "select count(*) filter (where recent) from last_reports(?::date)", [today + timedelta(days=29)]
    ).fetchone()[0]
    past = con.execute(
        "select count(*) filter (where recent) from last_reports(?::date)", [today + timedelta(days=30)]
    ).fetchone()[0]
    assert (edge, past) == (3, 0)


def test_stage_distribution_counts_every_municipality_once_per_business(con):
    frame = queries.stage_distribution(con)
    assert frame.groupby("business_id")["n"].sum().eq(62).all()
    rr = frame[frame["business_id"] == RR].set_index("stage")["n"].to_dict()
    assert rr == {"live": 1, "migration": 1, "fit_gap": 1, "no_report": 59}
    pa = frame[frame["business_id"] == PA].set_index("stage")["n"].to_dict()
    assert pa == {"migration": 1, "planning": 1, "not_applicable": 1, "no_report": 59}
    assert frame["business_order"].iloc[0] == 1


def test_heatmap_cells_cover_every_pair_with_progress(con):
    cells = queries.heatmap_cells(con, DAY)
    assert len(cells) == 62 * 20
    assert "notes" not in cells.columns
    hachioji = cells[cells["municipality_code"] == HACHIOJI].iloc[0]
    assert (hachioji["n_live"], hachioji["n_in_scope"]) == (1, 3)
    toshima = cells[(cells["municipality_code"] == TOSHIMA) & (cells["business_id"] == TAX)].iloc[0]
    assert toshima["stage"] == "not_applicable"
    assert (cells["stage"] == "no_report").sum() == 62 * 20 - 9


def test_prefecture_rollup_is_one_prefecture_here(con):
    frame = queries.prefecture_rollup(con)
    assert frame["prefecture_code"].unique().tolist() == ["13"]
    rr = frame[frame["business_id"] == RR].iloc[0]
    assert (rr["n_live"], rr["n_in_scope"]) == (1, 3)


def test_live_over_time_steps_up_when_the_registry_goes_live(con):
    series = queries.live_over_time(con, DAY)
    # weekly back from 03-10 to the first report on 01-06: ten weeks
    assert len(series) == 10
    assert pd.Timestamp(series["week"].iloc[0]).date() == date(2025, 1, 6)
    assert series["live"].tolist() == [1] * 8 + [2, 2]
    # every pair but Toshima's two not applicable, from the start: no ramp as reports arrive
    assert series["in_scope"].tolist() == [62 * 20 - 2] * 10
    registry = queries.live_over_time(con, DAY, RR)
    assert registry["live"].tolist() == [0] * 8 + [1, 1]
    assert registry["in_scope"].tolist() == [62] * 10


def test_live_over_time_matches_status_on_each_week(con):
    series = queries.live_over_time(con, DAY)
    for week, live in zip(series["week"], series["live"], strict=True):
        expected = con.execute(
            "select count(*) from status_on(?::date) where stage = 'live'", [pd.Timestamp(week).date()]
        ).fetchone()[0]
        assert live == expected


def test_planned_go_lives_accumulate_go_live_then_target_days(con):
    planned = queries.planned_go_lives(con, RR)
    # registry: Hachioji target 02-28, Chiyoda live 03-01, Toshima target 2024-12-31
    assert [pd.Timestamp(d).date() for d in planned["day"]] == [date(2024, 12, 31), date(2025, 2, 28), date(2025, 3, 1)]
    assert planned["planned_cumulative"].tolist() == [1, 2, 3]
    everything = queries.planned_go_lives(con)
    assert everything["planned_cumulative"].iloc[-1] == 7
    assert everything["special_cumulative"].iloc[-1] == 1


@pytest.mark.parametrize(
    ("lives", "in_scope", "expected_pace", "expected_completion"),
    [
        # 2 gained over 2 weeks = 1 a week; 4 left: 4 weeks after the last week
        ([0, 1, 2], 6, 1.0, date(2025, 3, 31)),
        ([3, 3, 3], 6, 0.0, None),  # no progress: no end in sight
        ([4, 5, 6], 6, 1.0, date(2025, 3, 3)),  # done: completion is the last week
    ],
)
def test_projection_at_the_recent_pace(lives, in_scope, expected_pace, expected_completion):
    weeks = pd.date_range("2025-02-17", periods=3, freq="7D")
    series = pd.DataFrame({"week": weeks, "live": lives, "in_scope": [in_scope] * 3})
    result = projection(series, weeks=12)
    assert result.pace_per_week == pytest.approx(expected_pace)
    assert result.completion == expected_completion


def test_municipality_systems_lists_all_20_without_notes(con):
    systems = queries.municipality_systems(con, HACHIOJI, DAY)
    assert len(systems) == 20 and "notes" not in systems.columns
    pa = systems[systems["business_id"] == PA].iloc[0]
    assert (pa["stage"], bool(pa["special_support"]), int(pa["special_support_reason"])) == ("planning", True, 1)
    assert (systems["stage"] == "no_report").sum() == 17
    assert (pa["schedule_status"], pd.Timestamp(pa["due_date"]).date()) == ("on_track", date(2027, 3, 31))
    registry = systems[systems["business_id"] == RR].iloc[0]
    assert (registry["schedule_status"], pd.Timestamp(registry["due_date"]).date()) == (
        "overdue_target",
        date(2025, 2, 28),
    )


def test_municipality_history_has_every_report(con):
    history = queries.municipality_history(con, CHIYODA)
    assert len(history) == 6 and "notes" not in history.columns
    assert history[history["business_id"] == RR]["stage"].tolist() == ["planning", "live"]


def test_municipality_summary(con):
    summary = queries.municipality_summary(con, DAY).set_index("municipality_code")
    assert len(summary) == 62
    # in scope as on the overview: the 20 pairs but the not applicable, those with no report included
    assert summary.loc[CHIYODA, ["n_live", "n_in_scope", "n_overdue"]].tolist() == [1, 20, 0]
    assert summary.loc[HACHIOJI, ["n_live", "n_special", "n_overdue"]].tolist() == [1, 1, 1]
    assert summary.loc[TOSHIMA, ["n_in_scope", "share_live"]].tolist() == [18, 0]
    assert summary.loc[TOSHIMA, "registry_stage"] == "fit_gap"
    assert summary.loc[CHUO, ["n_in_scope", "share_live", "registry_stage"]].tolist() == [20, 0, "no_report"]
    assert pd.isna(summary.loc[CHUO, "last_report"])
    # the map's, the sheet's and the static edition's sums are the overview's figures
    kpis = queries.kpis(con, DAY)
    assert summary[["n_live", "n_in_scope", "n_overdue"]].sum().tolist() == [
        kpis["live"],
        kpis["in_scope"],
        kpis["overdue"],
    ]
    assert pd.Timestamp(summary.loc[CHIYODA, "last_report"]).date() == date(2025, 3, 3)


def test_cloud_tracks_place_each_in_scope_system_once(con):
    tracks = queries.cloud_tracks(con)
    assert tracks["n"].sum() == 7
    by_track = tracks.groupby("track")["n"].sum().to_dict()
    assert by_track == {
        "live_running": 2,
        "underway_cloud_preparing": 2,
        "underway_cloud_planned": 2,
        "underway_no_cloud": 1,
    }


def test_cloud_by_business_and_municipality(con):
    by_business = queries.cloud_by_business(con)
    rr = by_business[by_business["business_id"] == RR].set_index("gov_cloud")["n"].to_dict()
    assert rr == {"running": 1, "preparing": 1, "not_planned": 1}
    by_muni = queries.cloud_by_municipality(con).set_index("municipality_code")
    assert by_muni.loc[CHIYODA, ["n_in_scope", "n_running", "n_preparing", "n_planned"]].tolist() == [3, 1, 1, 1]
    assert by_muni.loc[HACHIOJI, "share_running"] == pytest.approx(1 / 3)
    assert by_muni.index[0] in (CHIYODA, HACHIOJI)


def test_special_support_and_overdue(con):
    special = queries.special_support(con)
    assert special[["municipality_code", "business_id"]].values.tolist() == [[HACHIOJI, PA]]
    late = queries.overdue(con, DAY)
    assert late[["municipality_code", "days_past_due", "schedule_status"]].values.tolist() == [
        [TOSHIMA, 69, "overdue_target"],
        [HACHIOJI, 10, "overdue_target"],
    ]


def test_vendors_by_business_find_the_recurring_pair(con):
    frame = queries.vendor_business(con, DAY)
    top = frame.iloc[0]
    # TKC runs the resident registry in all three: the joint-procurement candidate
    assert (top["vendor"], top["business_id"], top["n_municipalities"]) == ("TKC", RR, 3)
    assert (top["n_live"], top["n_overdue"]) == (1, 2)
    assert top["municipalities_ja"] == "千代田区、八王子市、利島村"
    nec = frame[frame["vendor"] == "NEC"].iloc[0]
    assert (nec["n_municipalities"], nec["n_live"]) == (2, 1)


def test_vendor_summary_puts_the_vendor_most_behind_first(con):
    frame = queries.vendor_summary(con, DAY).set_index("vendor")
    assert frame.index[0] == "TKC"
    assert frame.loc["TKC", ["n_systems", "n_overdue", "n_overdue_target", "n_live"]].tolist() == [3, 2, 2, 1]
    assert frame.loc["富士通Japan", ["n_systems", "n_on_track"]].tolist() == [1, 1]


def test_empty_database_gives_empty_frames(tmp_db):
    with store.connect(tmp_db, read_only=True) as c:
        assert queries.data_version(c)[:2] == (0, 0)  # the national figures of data/reference/ count apart
        assert queries.live_over_time(c, DAY).empty
        assert queries.kpis(c, DAY)["in_scope"] == 62 * 20  # in scope before any report
        assert projection(queries.live_over_time(c, DAY)).completion is None


def test_live_over_time_follows_regressions_and_scope_changes(tmp_db):
    # Chuo: the registry goes live, falls back to testing, goes live again; the tax starts outside
    # scope, then comes in; two reports on one day, the later submission wins
    chuo = CHUO
    days = ["2025-01-06", "2025-01-20", "2025-02-03", "2025-02-03"]
    registry = [("live", "2025-01-05"), ("migration", None), ("migration", None), ("live", "2025-02-01")]
    tax = ["not_applicable", "not_applicable", "planning", "planning"]
    for day, (stage, live_day), tax_stage in zip(days, registry, tax, strict=True):
        target = None if stage == "live" else "2025-12-31"
        ingest.ingest_frame(
            pd.DataFrame(
                [
                    report_row(chuo, RR, day, stage, target=target, go_live=live_day),
                    report_row(
                        chuo,
                        TAX,
                        day,
                        tax_stage,
                        target=None if tax_stage == "not_applicable" else "2025-12-31",
                        cloud="not_planned",
                    ),
                ]
            ),
            db=tmp_db,
        )
    with store.connect(tmp_db, read_only=True) as c:
        series = queries.live_over_time(c, date(2025, 2, 17))
        for week, live, in_scope in series[["week", "live", "in_scope"]].itertuples(index=False):
            expected = c.execute(
                "select count(*) filter (where schedule_status = 'live'),"
                " count(*) filter (where schedule_status <> 'not_applicable') from schedule_on(?::date)",
                [pd.Timestamp(week).date()],
            ).fetchone()
            assert (live, in_scope) == expected, week
    assert series["live"].tolist() == [1, 1, 0, 0, 1, 1, 1]
    assert series["in_scope"].tolist() == [62 * 20 - 1] * 4 + [62 * 20] * 3
