"""The cost page (運用経費) in a real browser against the real server and the Tokyo demo: its figures
are the store's (the cost-weighted ratio, the counts), its charts are drawn, its ratio table adds up
to the municipalities compared, and no municipality's yen reaches a public visitor."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from etl import store
from tests.support.browser import assert_healthy, button_of, open_app, screenshot, wait_for_charts

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _csv(pg, key: str) -> pd.DataFrame:
    with pg.expect_download() as info:
        button_of(pg, key).click()
    return pd.read_csv(Path(info.value.path()), dtype=str, encoding="utf-8-sig")


def test_the_cost_page_shows_the_stores_figures_and_no_municipalitys_yen(page, server, browser_db):
    with store.connect(browser_db, read_only=True) as con:
        figures = con.execute("select weighted_ratio, n_compared, n_above_target from v_cost_figures").fetchone()
        own = con.execute("select baseline_total, current_total from v_cost_municipality where n_pairs > 0").fetchall()
    weighted, n_compared, above = figures
    assert n_compared >= 5  # the demo: every figure may be shown publicly
    page.set_viewport_size({"width": 1400, "height": 3200})
    open_app(page, server, "costs", lang="en")
    assert wait_for_charts(page) >= 4
    assert_healthy(page, "costs")
    screenshot(page, "costs-full-en")
    body = page.locator("[data-testid=stApp]").inner_text()
    assert f"{weighted:.2f}×" in body
    assert f"{above} / {n_compared}" in body
    assert "Tokyo's municipalities (about 1.6×)" in page.locator("[data-testid=stMain]").inner_text() or "1.6" in body
    # the distribution's table counts every municipality compared
    bins = _csv(page, "cost_ratios_csv")
    assert bins["Municipalities"].astype(int).sum() == n_compared
    # a public visitor sees no single municipality's yen (each one's totals, as digits)
    digits = re.sub(r"[,\s]", "", body)
    leaked = [v for pair in own for v in pair if v and len(str(v)) >= 6 and str(v) in digits]
    assert leaked == []
    # the Japanese page too
    open_app(page, server, "costs")
    wait_for_charts(page, 4)
    assert_healthy(page, "costs ja")
    assert "経費加重の比率" in page.locator("[data-testid=stApp]").inner_text()
    screenshot(page, "costs-full-ja")
