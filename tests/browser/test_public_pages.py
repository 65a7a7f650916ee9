"""Issue 3 in a real browser: the public pages render their charts without an error, a filter and
the language live in the URL.

Every public page in both languages is opened, checked (charts drawn, no error, its heading in its
language) and captured once per run, by the accessibility test that runs axe-core on it
(tests/browser/test_a11y.py); here three of them are opened the same way as the everyday run's smoke
test."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    CJK,
    PUBLIC_PAGES,
    assert_heading_in,
    assert_healthy,
    by_key,
    choice_input,
    download,
    heading,
    open_app,
    page_url,
    rerun,
    screenshot,
    wait_for_charts,
    wait_for_run,
)

pytestmark = pytest.mark.browser


def nav_text(pg) -> str:
    """The sidebar navigation's labels."""
    return pg.get_by_test_id("stSidebarNav").inner_text()


# the everyday run's pages: the heaviest ones, each language once (every page, both languages: test_a11y)
SMOKE_PAGES = [("overview", "ja"), ("heatmap", "ja"), ("municipality", "en")]


@pytest.mark.smoke
@pytest.mark.parametrize(("name", "lang"), [pytest.param(n, lang, id=f"{n}-{lang}") for n, lang in SMOKE_PAGES])
def test_page_renders_its_charts_without_error(page, server, name, lang):
    query = {"lang": "en"} if lang == "en" else {}
    open_app(page, server, PUBLIC_PAGES[name], **query)
    assert wait_for_charts(page) >= 1
    screenshot(page, f"{name}-{lang}")
    assert_healthy(page, f"{name} ({lang})")
    assert_heading_in(page, lang, name)


def test_english_toggle_switches_labels_and_url(page, server, new_page):
    open_app(page, server, "")
    toggle = by_key(page, "lang_toggle").get_by_role("switch")
    expect(toggle).not_to_be_checked()
    ja_title = heading(page)
    assert "概要" in nav_text(page) and "lang=" not in page.url

    with rerun(page):
        by_key(page, "lang_toggle").get_by_text("English").click()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    expect(toggle).to_be_checked()
    en_title = heading(page)
    assert en_title != ja_title and not CJK.search(en_title)
    nav = nav_text(page)
    assert "Overview" in nav and "Heatmap" in nav and "概要" not in nav
    assert_healthy(page, "overview after the toggle")

    # a fresh session opened from the copied link starts in English
    fresh = new_page()
    open_app(fresh, server, "", lang="en")
    expect(by_key(fresh, "lang_toggle").get_by_role("switch")).to_be_checked()
    assert heading(fresh) == en_title
    assert "Overview" in nav_text(fresh)
    assert_healthy(fresh, "overview opened with ?lang=en")

    # and the toggle goes back to Japanese, dropping the parameter
    with rerun(page):
        by_key(page, "lang_toggle").get_by_text("English").click()
    expect(page).not_to_have_url(re.compile(r"lang=en"))
    assert heading(page) == ja_title and "概要" in nav_text(page)


def test_language_survives_moving_between_pages(page, server):
    open_app(page, server, "", lang="en")
    with rerun(page):
        page.get_by_test_id("stSidebarNav").get_by_text("Heatmap", exact=True).click()
    expect(page).to_have_url(re.compile(r"/heatmap\?(.*&)?lang=en(&|$)"))
    assert not CJK.search(heading(page))
    assert_healthy(page, "heatmap reached from the English overview")


def test_unknown_page_path_is_reported(page, server):
    """The health check itself can fail: a URL that names no page is caught."""
    page.goto(page_url(server, "no-such-page"))
    expect(page.get_by_text("Page not found")).to_be_visible()
    with pytest.raises(AssertionError):
        assert_healthy(page, "no-such-page")


def test_region_filter_is_kept_in_the_url_and_restored(page, server, new_page):
    open_app(page, server, "heatmap")
    everyone = download(page, "heatmap_cells_csv").decode("utf-8-sig")
    assert "千代田区" in everyone and "八王子市" in everyone

    with rerun(page):
        choice_input(page, "region").click()
        page.get_by_role("option", name="多摩", exact=True).click()
    expect(page).to_have_url(re.compile(r"/heatmap\?(.*&)?region=tama(&|$)"))
    wait_for_charts(page)
    tama = download(page, "heatmap_cells_csv").decode("utf-8-sig")
    assert "八王子市" in tama and "千代田区" not in tama and "大島町" not in tama
    screenshot(page, "heatmap-tama-ja")
    assert_healthy(page, "heatmap filtered to Tama")

    # the copied link opens the same view in a fresh session
    fresh = new_page()
    fresh.goto(page.url)
    wait_for_run(fresh)
    expect(by_key(fresh, "region")).to_contain_text("多摩")
    wait_for_charts(fresh)
    assert download(fresh, "heatmap_cells_csv").decode("utf-8-sig") == tama
    assert_healthy(fresh, "heatmap opened from the filtered link")


def test_choosing_a_municipality_on_the_heatmap_opens_its_page(page, server):
    open_app(page, server, "heatmap", lang="en")
    with rerun(page):
        choice_input(page, "heatmap_open").fill("Hachioji")  # the list is long: filter it
        page.get_by_role("option", name="Hachioji (132012)", exact=True).click()
    page.wait_for_url(re.compile(r"/municipality\?"), timeout=60_000)
    wait_for_run(page)
    expect(page).to_have_url(re.compile(r"muni=132012"))
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.get_by_test_id("stMain").locator("h2")).to_contain_text("Hachioji (132012)")
    wait_for_charts(page)
    assert_healthy(page, "municipality page opened from the heatmap")
