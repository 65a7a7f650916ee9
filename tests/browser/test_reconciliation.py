"""Issue 8 in a real browser: the reconciliation page over the demo's releases, its CSV the same rows
as the store's view, a listed municipality's page with the ministry's steps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import store
from tests.support.browser import assert_healthy, button_of, by_key, open_app, screenshot, wait_for_charts

pytestmark = pytest.mark.browser


def _csv(pg, key: str) -> pd.DataFrame:
    # a chart's CSV button carries a help tooltip, which Streamlit draws as a second button
    with pg.expect_download() as info:
        button_of(pg, key).click()
    return pd.read_csv(Path(info.value.path()), dtype=str, encoding="utf-8-sig")


def _discrepancies(db) -> pd.DataFrame:
    with store.connect(db, read_only=True) as con:
        return con.execute("select kind, municipality_code from v_reconciliation").df()


def test_reconciliation_lists_every_discrepancy_and_links_to_the_municipality(page, server, browser_db):
    expected = _discrepancies(browser_db)
    assert set(expected["kind"]) >= {"listed_never_reported", "special_not_listed", "live_procedure_incomplete"}
    page.set_viewport_size({"width": 1400, "height": 2200})
    open_app(page, server, "reconciliation", lang="en")
    assert wait_for_charts(page) >= 1
    assert_healthy(page, "reconciliation")
    screenshot(page, "reconciliation-full-en")
    listing = _csv(page, "reconcile_list_csv")
    assert len(listing) == len(expected)
    counts = _csv(page, "reconcile_counts_csv")
    assert counts["Count"].astype(int).sum() == len(expected)
    link = listing["Municipality page"].iloc[0]
    code = listing["Code"].iloc[0]
    assert link == f"/municipality?muni={code}&lang=en"
    open_app(page, server, "municipality", muni=code, lang="en")
    wait_for_charts(page)
    assert_healthy(page, "municipality from the reconciliation")
    assert by_key(page, "muni_steps_csv").count() == 1
    assert "The ministry's procedure steps" in page.get_by_test_id("stMain").inner_text()
    screenshot(page, "municipality-steps-en")
