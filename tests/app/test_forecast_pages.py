"""The forecast on the pages through AppTest: the progress page's curve, risk list and vendor capacity,
the municipality page's chances, the methods page; the figures are the forecast module's own."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data, queries
from dashboard.forecast import backtest, model
from etl import clock, store
from tests.support.apptest import keys_of, run_page
from tests.support.codes import CHIYODA


def _bundle(db: Path) -> model.Bundle:
    with store.connect(db, read_only=True) as con:
        changes, pairs = queries.forecast_inputs(con)
    return model.build(changes, pairs, clock.today())


def _trace_names(at) -> set[str]:
    names: set[str] = set()
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        names |= {t.get("name") for t in spec.get("data", [])}
    return names


def test_progress_page_draws_the_forecast_beside_the_plan_and_the_pace(small_db):
    at = run_page("progress", business="all")
    assert not at.exception, [e.value for e in at.exception]
    assert {"予測（中央値）", "予測の80%区間", "稼働予定（予定日ベース）"} <= _trace_names(at)
    assert "progress_capacity_table" in keys_of(at) or _bundle(small_db).capacity.empty
    en = run_page("progress", business="all", lang="en")
    assert {"Forecast (median)", "Forecast 80% interval", "Planned go-lives"} <= _trace_names(en)


def test_municipality_page_shows_each_systems_chance_of_its_due_date(small_db):
    bundle = _bundle(small_db)
    code = CHIYODA
    at = run_page("municipality", muni=code)
    assert not at.exception, [e.value for e in at.exception]
    assert "muni_forecast_csv" in keys_of(at)
    shown = next(d.value for d in at.dataframe if "期日までに稼働する確率 (%)" in d.value.columns)
    mine = bundle.forecast.systems[bundle.forecast.systems["municipality_code"] == code]
    assert len(shown) == len(mine)
    expected = (mine.sort_values("business_order")["p_due"] * 100).round(0)
    got = shown["期日までに稼働する確率 (%)"]
    assert got.isna().tolist() == expected.isna().tolist()
    assert got.dropna().tolist() == expected.dropna().tolist()
    # the chance by a chosen day: the date picker's day (the next fiscal year's end by default)
    chosen = at.date_input(key="forecast_by").value
    by_column = f"{chosen.isoformat()}までに稼働する確率 (%)"
    expected_by = pd.Series(bundle.forecast.p_by(chosen), index=bundle.forecast.systems.index)[mine.index]
    assert (
        shown[by_column].tolist() == (expected_by.loc[mine.sort_values("business_order").index] * 100).round(0).tolist()
    )


def test_forecast_is_computed_once_per_data_version(small_db):
    db = str(small_db)
    day = date(2026, 12, 1)
    first = data.forecast(db, (4, 4, 0), day)
    assert data.forecast(db, (4, 4, 0), day) is first
    assert data.forecast(db, (5, 5, 0), day) is not first


def test_methods_page_without_enough_history_says_so(small_db):
    at = run_page("forecast")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "予測の方法と検証"
    assert any("検証に足りる履歴" in i.value for i in at.info)


@pytest.fixture(scope="module")
def year_db(tmp_path_factory: pytest.TempPathFactory, tokyo_demo_copy) -> Path:
    """The Tokyo demo (since 2023-04, built once per run): more than a year of history for the backtest."""
    return tokyo_demo_copy(tmp_path_factory.mktemp("forecast") / "year.duckdb")


@pytest.mark.slow
def test_methods_page_and_risk_list_on_a_year_of_history(year_db, monkeypatch):
    monkeypatch.setenv("HYOJUNKA_DB", str(year_db))
    with store.connect(year_db, read_only=True) as con:
        changes, pairs = queries.forecast_inputs(con)
    score = backtest.score(backtest.run(changes, pairs))
    at = run_page("forecast", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    brier = next(d.value for d in at.dataframe if "Method" in d.value.columns).set_index("Method")
    column = "Brier score (90 days, lower is better)"
    assert brier.loc["This forecast", column] == round(score.brier["forecast"], 4)
    assert brier.loc["Reported plans", column] == round(score.brier["plan"], 4)
    calibration = next(d.value for d in at.dataframe if "Came true (%)" in d.value.columns)  # the chart's table tab
    assert int(calibration["Systems"].sum()) == score.n
    progress = run_page("progress", business="all", lang="en")
    assert not progress.exception
    risk = model.build(changes, pairs, clock.today()).risk
    shown = next(d.value for d in progress.dataframe if "Reason" in d.value.columns)
    assert len(shown) == len(risk) > 0
    first = risk.iloc[0]
    assert shown.iloc[0]["Code"] == first["municipality_code"]
    assert shown.iloc[0]["Chance of missing the due date (%)"] == round(first["p_miss"] * 100)
    assert pd.notna(shown.iloc[0]["Reason"])
