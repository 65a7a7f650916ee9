"""The go-live forecast on hand-built histories: spells and Kaplan–Meier figures worked by hand, the
simulation against the closed form, vendor congestion, and the backtest's calibration and Brier score."""

from __future__ import annotations

import io
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard import queries
from dashboard.forecast import backtest, capacity, durations, model, simulate
from etl import database, ingest, store
from tests.support.cli import run_etl
from tests.support.databases import build_small
from tests.support.factories import status_row

DAY = date(2026, 2, 1)


def change(code: str, as_of: str, stage: str, go_live: str | None = None, vendor: str = "V", **kw: object) -> dict:
    return {
        "municipality_code": code,
        "business_id": kw.get("business", "b1"),
        "as_of": pd.Timestamp(as_of),
        "stage": stage,
        "target_date": pd.Timestamp(kw["target"]) if kw.get("target") else pd.NaT,
        "go_live_date": pd.Timestamp(go_live) if go_live else pd.NaT,
        "special_support": bool(kw.get("special", False)),
        "vendor": vendor,
    }


def hand_history() -> pd.DataFrame:
    """Five systems entering migration on 2026-01-01. By 2026-02-01: A live on 01-11 (reported 01-15),
    B live on 01-21, D live on 01-30 (reported 01-31), C still in migration (censored at 31 days),
    E back to procurement on 01-06 (censored at 5 days, then in procurement for 26)."""
    rows = [
        change("A", "2026-01-01", "migration"),
        change("A", "2026-01-15", "live", "2026-01-11"),
        change("B", "2026-01-01", "migration"),
        change("B", "2026-01-21", "live", "2026-01-21"),
        change("C", "2026-01-01", "migration"),
        change("D", "2026-01-01", "migration"),
        change("D", "2026-01-31", "live", "2026-01-30"),
        change("E", "2026-01-01", "migration"),
        change("E", "2026-01-06", "procurement"),
        change("F", "2026-03-01", "migration"),  # after the day: not known yet
    ]
    return pd.DataFrame(rows)


def test_spells_censor_systems_still_in_a_stage_and_moves_back():
    s = durations.spells(hand_history(), DAY).set_index(["municipality_code", "stage"])
    migration = s.xs("migration", level="stage")
    assert migration["duration"].to_dict() == {"A": 10.0, "B": 20.0, "C": 31.0, "D": 29.0, "E": 5.0}
    assert migration["event"].to_dict() == {"A": True, "B": True, "C": False, "D": True, "E": False}
    assert s.loc[("E", "procurement"), "duration"] == 26.0 and not s.loc[("E", "procurement"), "event"]
    assert "F" not in s.index.get_level_values(0)


def test_kaplan_meier_by_hand():
    # migration: 5 (censored), 10, 20, 29 (events), 31 (censored)
    # S(10) = 1 - 1/4 = 0.75; S(20) = 0.75 * 2/3 = 0.5; S(29) = 0.5 * 1/2 = 0.25; S(31) = 0.25
    learned = durations.learn(durations.spells(hand_history(), DAY), min_events=2)
    c = learned.curves[("migration", "pooled", "*")]
    assert c.cdf_at(np.array([4, 10, 19, 20, 29, 31])) == pytest.approx([0, 0.25, 0.25, 0.5, 0.75, 0.75])
    assert c.events == 3 and c.spells == 5
    assert c.tail_rate == pytest.approx(3 / (5 + 10 + 20 + 29 + 31))
    # the vendor has 3 finished migrations (>= 2): its own curve; procurement has none finished: pooled only
    assert learned.key("migration", "V", "b1") == ("migration", "vendor", "V")
    assert learned.key("procurement", "V", "b1") == ("procurement", "pooled", "*")
    assert learned.table().set_index(["stage", "level"]).loc[("migration", "pooled"), "median_days"] == 20.0


def _one_stage(cur: durations.Curve, elapsed: list[float], draws: int = 40_000) -> np.ndarray:
    learned = durations.Durations({("migration", "pooled", "*"): cur})
    systems = pd.DataFrame(
        {"stage": "migration", "elapsed": elapsed, "vendor": "", "business_id": "b1"}, index=range(len(elapsed))
    )
    return simulate.remaining_days(systems, learned, draws=draws, seed=5)


def test_one_stage_simulation_matches_the_closed_form():
    # four finished stays of 10, 20, 30 and 40 days: F steps by a quarter
    cur = durations.curve(np.array([10.0, 20, 30, 40]), np.array([True, True, True, True]))
    days = _one_stage(cur, [0.0, 15.0])
    # from the start: P(T <= 25) = 0.5; after 15 days: P(T <= 25 | T > 15) = (0.5 - 0.25) / 0.75 = 1/3
    assert (days[0] <= 25).mean() == pytest.approx(0.5, abs=0.01)
    assert (days[1] <= 10).mean() == pytest.approx(1 / 3, abs=0.01)
    assert (days[1] <= 4).mean() == pytest.approx(0.0, abs=0.01)  # nothing ends between 15 and 19
    # beyond the last stay seen: the constant hazard, events / days spent = 1 / 160
    tail = durations.curve(np.array([10.0, 50, 50, 50]), np.array([True, False, False, False]))
    late = _one_stage(tail, [60.0])
    assert (late[0] <= 30).mean() == pytest.approx(1 - np.exp(-30 / 160), abs=0.01)
    # and a stage where nothing has ever ended is never done
    never = durations.curve(np.array([10.0, 20]), np.array([False, False]))
    assert np.isinf(_one_stage(never, [0.0], draws=10)).all()


def test_the_forecast_adds_the_stages_still_to_come_and_is_seeded():
    history = hand_history()
    pairs = pd.DataFrame(
        {
            "municipality_code": list("ABCDEG"),
            "municipality_ja": list("ABCDEG"),
            "municipality_en": list("ABCDEG"),
            "business_id": "b1",
            "business_order": 1,
            "business_ja": "b",
            "business_en": "b",
            "deadline": pd.Timestamp("2026-03-31"),
        }
    )
    fc, _ = model.forecast(history, pairs, DAY, draws=2000)
    s = fc.systems.set_index("municipality_code")
    assert s.loc["G", "stage"] == "no_report" and s.loc["E", "stage"] == "procurement"
    assert s.loc[["A", "B", "D"], "p_due"].isna().all()  # live already
    # C in migration for 31 days, beyond every finished stay: only the tail is left for it
    assert s.loc["C", "p_90d"] == pytest.approx(1 - np.exp(-90 * 3 / 95), abs=0.03)
    # E still has to leave procurement, where nothing has ever finished: not in sight
    assert s.loc["E", "p_90d"] == 0 and pd.isna(s.loc["E", "median"])
    again, _ = model.forecast(history, pairs, DAY, draws=2000)
    pd.testing.assert_frame_equal(fc.systems, again.systems)
    curve = fc.curve[fc.curve["business_id"] == ""]
    assert curve["live_median"].iloc[0] == 3 and curve["live_low"].le(curve["live_high"]).all()


def test_vendor_congestion_flagged_with_its_municipalities():
    day = date(2026, 12, 6)
    # vendor V delivered 2, 3, 1, 2 go-lives in July to October 2026: at most 3 in a month, recent median 1.5
    done = []
    for month, n in (("2026-07", 2), ("2026-08", 3), ("2026-09", 1), ("2026-10", 2)):
        for i in range(n):
            code = f"V{month}{i}"
            done += [change(code, f"{month}-01", "migration"), change(code, f"{month}-20", "live", f"{month}-15")]
    done += [
        change("W1", "2026-06-01", "migration", vendor="W"),
        change("W1", "2026-08-01", "live", "2026-08-01", vendor="W"),
    ]
    changes = pd.DataFrame(done)
    systems = pd.DataFrame(
        {
            "municipality_code": [f"M{i}" for i in range(7)] + ["N1", "N2", "N3"],
            "business_id": "b1",
            "stage": ["migration"] * 5 + ["procurement"] * 2 + ["migration", "migration", "fit_gap"],
            "vendor": ["V"] * 7 + ["W", "W", "W"],
            "target_date": pd.to_datetime(["2027-03-31"] * 7 + ["2027-03-31", "2027-03-31", "2027-03-31"]),
        }
    )
    cap = capacity.capacity(systems, changes, day).set_index("vendor")
    assert cap.loc["V", "planned"] == 7 and cap.loc["V", "max_monthly"] == 3
    assert cap.loc["V", "recent_median"] == 1.5  # June..November: 0, 2, 3, 1, 2, 0
    assert cap.loc["V", "congested"] and cap.loc["V", "municipalities"] == [f"M{i}" for i in range(7)]
    # W: 2 planned (fit & gap does not count), 1 delivered at most: 2 is not more than twice 1
    assert cap.loc["W", "planned"] == 2 and not cap.loc["W", "congested"]


def test_calibration_and_brier_by_hand():
    p = np.array([0.05, 0.15, 0.72, 0.75, 0.78, 0.95])
    o = np.array([0, 0, 1, 0, 1, 1])
    table = backtest.calibration(p, o)
    assert table["n"].tolist() == [1, 1, 0, 0, 0, 0, 0, 3, 0, 1]
    seventy = table.iloc[7]
    assert seventy["mean_forecast"] == pytest.approx(0.75) and seventy["observed"] == pytest.approx(2 / 3)
    assert table.iloc[9]["observed"] == 1.0 and np.isnan(table.iloc[2]["observed"])
    # (0.05² + 0.15² + 0.28² + 0.75² + 0.22² + 0.05²) / 6
    assert backtest.brier(p, o) == pytest.approx((0.0025 + 0.0225 + 0.0784 + 0.5625 + 0.0484 + 0.0025) / 6)


def test_the_command_line_writes_every_system_and_an_empty_backtest(tmp_path):
    db = tmp_path / "small.duckdb"
    database.init(db)
    build_small(db)
    done = run_etl("forecast", "--format", "csv", "--by", "2030-01-01", db=db)
    assert done.returncode == 0, done.stderr.decode()
    frame = pd.read_csv(io.BytesIO(done.stdout), dtype={"municipality_code": str})
    assert len(frame) == 62 * 20 - 2  # every pair but Toshima's two not applicable
    live = frame[frame["stage"] == "live"]
    assert len(live) and live["p_due"].isna().all()
    assert frame["p_due"].dropna().between(0, 1).all()
    assert (live["p_by"] == 1.0).all() and frame["p_by"].between(0, 1).all()
    # two report days: no origin with 90 days behind it, so nothing is scored (null, not NaN)
    done = run_etl("forecast", "--backtest", "--format", "json", db=db)
    assert done.returncode == 0, done.stderr.decode()
    payload = json.loads(done.stdout)
    assert payload["origins"] == 0 and payload["brier"] == {"forecast": None, "pace": None, "plan": None}


def test_the_deck_and_sheet_lines_and_the_risk_reason():
    from dashboard.shape import forecast as forecast_shape

    risk = pd.DataFrame({"p_miss": [0.9, 0.6, 0.2]})
    cap = pd.DataFrame({"vendor": ["V", "W", "V"], "congested": [True, False, True]})
    assert forecast_shape.deck_line(risk, cap, "en") == (
        "Forecast: of 3 systems not live with their due date ahead, 2 will more likely than not miss it; "
        "congested months: V."
    )
    assert "3 システムのうち 2 システム" in forecast_shape.deck_line(risk, cap, "ja")
    systems = pd.DataFrame(
        {
            "stage": ["live", "migration", "procurement"],
            "p_due": [np.nan, 0.7, 0.1],
            "median": pd.to_datetime([None, "2027-01-10", "2027-09-01"]),
        }
    )
    assert forecast_shape.sheet_line(systems, "en") == (
        "Forecast: 1 of 2 systems not live will likely go live by their due date; the last of them by 2027-09-01 (median)."
    )
    row = pd.Series(
        {
            "stage": "migration",
            "elapsed": 220,
            "stage_median_days": 180.0,
            "vendor": "V",
            "planned": 18.0,
            "max_monthly": 8.0,
            "congested": True,
        }
    )
    assert forecast_shape.reason(row, "en") == (
        "Migration / testing: 220 days (typically 180); V: 18 cut-overs planned that month, at most 8 delivered (congested)"
    )


def test_the_forecast_line_reaches_3_to_1():
    from dashboard.charts.palette import FORECAST_COLOR, STAGE_COLORS, contrast_ratio

    assert contrast_ratio(FORECAST_COLOR) >= 3.0
    assert FORECAST_COLOR not in STAGE_COLORS.values()


def test_reports_of_one_day_are_learned_in_the_order_they_arrived(tmp_db):
    """Two submissions on the same day for every pair: the forecast's history lists them in arrival
    order, so each pair's state is the later one, as the latest status has it, in every process."""
    day = date(2026, 1, 15)
    with store.connect(tmp_db, read_only=True) as con:
        codes = [r[0] for r in con.execute("select code from municipalities order by code").fetchall()]
    for stage in ("procurement", "migration"):
        rows = [status_row(code, "resident_registry", stage, day) for code in codes]
        assert ingest.ingest_frame(pd.DataFrame(rows), source="form", db=tmp_db).accepted
    with store.connect(tmp_db, read_only=True) as con:
        changes = queries.forecast_changes(con)
        latest = con.execute("select distinct stage from v_latest_status").fetchall()
    assert latest == [("migration",)]
    assert len(changes) == 2 * len(codes)
    per_pair = changes.groupby("municipality_code")["stage"].agg(tuple)
    assert set(per_pair) == {("procurement", "migration")}
    assert set(durations.states_on(changes, day)["stage"]) == {"migration"}
