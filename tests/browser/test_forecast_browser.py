"""The go-live forecast in a real browser against the real server: the progress page's forecast band
and risk list (its CSV the forecast module's rows), a municipality's chances, the methods page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import queries
from dashboard.forecast import model
from etl import clock, store
from tests.support.browser import (
    assert_healthy,
    button_of,
    by_key,
    main_text,
    open_app,
    page_url,
    screenshot,
    wait_for_charts,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _bundle(db: Path) -> model.Bundle:
    with store.connect(db, read_only=True) as con:
        changes, pairs = queries.forecast_inputs(con)
    return model.build(changes, pairs, clock.today())


def _csv(pg, key: str) -> pd.DataFrame:
    with pg.expect_download() as info:
        button_of(pg, key).click()
    return pd.read_csv(Path(info.value.path()), dtype=str, encoding="utf-8-sig")


def test_progress_page_shows_the_forecast_band_and_the_risk_list(page, server, browser_db):
    bundle = _bundle(browser_db)
    page.set_viewport_size({"width": 1400, "height": 2600})
    open_app(page, server, "progress", business="all", lang="en")
    wait_for_charts(page)
    assert_healthy(page, "progress with the forecast")
    legend = page.get_by_test_id("stPlotlyChart").first.locator(".legend").text_content() or ""
    for name in ("Forecast (median)", "Forecast 80% interval", "Planned go-lives", "Projection at recent pace"):
        assert name in legend, legend
    screenshot(page, "progress-forecast-en")
    risk = _csv(page, "progress_risk_csv")
    top = bundle.risk.head(200)  # the page's first 200 (all of them in the Tokyo demo)
    assert len(risk) == len(top) > 0
    assert risk["Code"].tolist() == top["municipality_code"].tolist()
    capacity = _csv(page, "progress_capacity_csv")
    assert len(capacity) == len(bundle.capacity)
    assert (capacity["Congested"] == "●").sum() == int(bundle.capacity["congested"].sum())


def test_municipality_page_and_methods_page(page, server, browser_db):
    bundle = _bundle(browser_db)
    code = str(bundle.risk["municipality_code"].iloc[0])
    page.set_viewport_size({"width": 1400, "height": 2600})
    open_app(page, server, "municipality", muni=code, lang="en")
    assert_healthy(page, "municipality with the forecast")
    assert by_key(page, "muni_forecast_csv").count() == 1
    shown = _csv(page, "muni_forecast_csv")
    mine = bundle.forecast.systems[bundle.forecast.systems["municipality_code"] == code]
    assert len(shown) == len(mine)
    # the backtest runs once per data version on the first visit: wait for the page's last heading
    page.goto(page_url(server, "forecast", lang="en"), wait_until="domcontentloaded")
    page.get_by_role("heading", name="Limits").wait_for(timeout=300_000)
    open_app(page, server, "forecast", lang="en")
    wait_for_charts(page)
    assert_healthy(page, "forecast method")
    text = main_text(page)
    assert "What it assumes" in text and "Limits" in text
    # the Brier table's grid draws on a canvas; its printed twin carries the words
    printed = page.get_by_test_id("stMain").text_content() or ""
    assert "This forecast" in printed and "Recent-pace line" in printed and "Reported plans" in printed
    screenshot(page, "forecast-method-en")
