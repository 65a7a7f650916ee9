"""Issue 7 in a real browser: the heatmap's business and schedule-status filters, a click on a cell
opening that municipality's page, and /overview typed by hand opening the overview."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    assert_healthy,
    by_key,
    choice_input,
    open_app,
    rerun,
    screenshot,
    wait_for_charts,
    wait_for_run,
)

pytestmark = pytest.mark.browser

# pixel centre of one cell of the first heatmap block, from plotly's own axes
CELL_CENTRE_JS = """
([row, column]) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const layout = gd._fullLayout;
  const box = gd.getBoundingClientRect();
  const x = layout.xaxis, y = layout.yaxis;
  const xs = x._categories, ys = y._categories;
  return {
    x: box.left + x._offset + x.d2p(xs[column]),
    y: box.top + y._offset + y.d2p(ys[row]),
    business: xs[column],
    municipality: ys[row],
    businesses: xs.length,
  };
}
"""


def multiselect(pg, key: str, option: str) -> None:
    """Add one option to the multiselect with this key and wait for the run it causes."""
    choice_input(pg, key).click()
    with rerun(pg):
        pg.get_by_role("option", name=option, exact=True).click()
    pg.keyboard.press("Escape")


def test_overview_typed_by_hand_opens_the_overview(page, server):
    open_app(page, server, "overview")
    expect(page.get_by_test_id("stMain").locator("h1").first).to_have_text("概要")
    expect(by_key(page, "kpi_overdue")).to_be_visible()
    assert_healthy(page, "/overview typed by hand")


def test_heatmap_filters_by_business_and_schedule_status(page, server):
    open_app(page, server, "heatmap")
    wait_for_charts(page)
    before = page.evaluate(CELL_CENTRE_JS, [0, 0])
    assert before["businesses"] == 20

    multiselect(page, "business", "住民基本台帳")
    expect(page).to_have_url(re.compile(r"[?&]business=resident_registry(&|$)"))
    wait_for_charts(page)
    assert page.evaluate(CELL_CENTRE_JS, [0, 0])["businesses"] == 1

    multiselect(page, "status", "予定どおり")
    expect(page).to_have_url(re.compile(r"[?&]status=on_track(&|$)"))
    wait_for_charts(page)
    screenshot(page, "heatmap-filtered-ja")
    assert_healthy(page, "heatmap filtered by business and schedule status")
    # the laggards list of the resident registry is there with its CSV
    expect(by_key(page, "heatmap_laggards_csv")).to_be_visible()


@pytest.mark.smoke
def test_clicking_a_cell_opens_that_municipalitys_page(page, server):
    open_app(page, server, "heatmap")
    wait_for_charts(page)
    cell = page.evaluate(CELL_CENTRE_JS, [1, 0])  # the second municipality, resident registry
    page.mouse.move(cell["x"], cell["y"])
    # the hover label names the municipality (plotly draws it in its hover layer)
    page.locator(".hoverlayer").get_by_text(cell["municipality"], exact=False).first.wait_for()
    page.mouse.click(cell["x"], cell["y"])
    page.wait_for_url(re.compile(r"/municipality\?(.*&)?muni=\d{6}"), timeout=60_000)
    wait_for_run(page)
    header = page.get_by_test_id("stMain").locator("h2").first.inner_text()
    assert header.startswith(cell["municipality"]), (header, cell)
    screenshot(page, "heatmap-click-municipality-ja")
    assert_healthy(page, "municipality page opened from a heatmap cell")
