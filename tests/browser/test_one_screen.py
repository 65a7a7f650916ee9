"""One date format, the page's own language and a light page, checked where a person sees them: in
Chromium against the real server.

- every day on screen reads YYYY/MM/DD, none ISO, and no day is broken over two lines;
- the file uploader and the date fields speak the page's language (no "Upload", "Drag and drop",
  "per file" or "yyyy/mm/dd"), and switch with the language toggle;
- a widget's label and its shown choice follow the language toggle at once (no reload);
- no label of the report form is cut, in either language, at a laptop's or a desktop's width;
- the heaviest pages (heatmap, map) send the browser a bounded amount and draw their first chart.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    VIEWPORT,
    assert_healthy,
    by_key,
    cut_texts,
    issue_token,
    open_app,
    received,
    rerun,
    screenshot,
    sign_in,
    wait_for_charts,
)
from tests.support.codes import CHIYODA, SHIBUYA

pytestmark = pytest.mark.browser

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SCREEN_DAY = re.compile(r"\b\d{4}/\d{2}/\d{2}\b")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana and kanji
FRAMEWORK_ENGLISH = ("Upload", "Drag and drop", "per file", "Browse files", "Limit")

# every text node that is (or holds) a day: the number of line boxes it is drawn in
DAYS_DRAWN_ON_LINES = """
() => {
  const re = /\\d{4}[\\/-]\\d{2}[\\/-]\\d{2}/g;
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid=stMain]'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    for (const m of text.matchAll(re)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
      if (rects.length === 0) continue;  // not drawn (a hidden print copy)
      const tops = new Set(rects.map(r => Math.round(r.top)));
      out.push([m[0], tops.size]);
    }
  }
  return out;
}
"""


def _days_on_one_line(pg, what: str) -> int:
    drawn = pg.evaluate(DAYS_DRAWN_ON_LINES)
    broken = [day for day, lines in drawn if lines > 1]
    assert not broken, f"{what}: days broken over two lines: {broken[:5]}"
    return len(drawn)


# each empty date segment: its kind, the colour its own text is drawn in, the text drawn over it
EMPTY_DATE_SEGMENTS = """
() => Array.from(document.querySelectorAll('[data-testid=stDateInput] [role=spinbutton][data-placeholder=true]'))
  .filter(e => e.getClientRects().length > 0)
  .map(e => [e.dataset.type, getComputedStyle(e).color, getComputedStyle(e, '::after').content])
"""


def _visible_main_text(pg) -> str:
    return pg.get_by_test_id("stMain").inner_text()


@pytest.mark.parametrize(("path", "query"), [("municipality", {"muni": CHIYODA}), ("delays", {}), ("", {})])
def test_every_day_on_screen_reads_one_way_on_one_line(page, server, path, query):
    open_app(page, server, path, **query)
    wait_for_charts(page)
    text = _visible_main_text(page)
    assert not ISO_DAY.findall(text), f"{path or 'overview'}: ISO days on screen: {ISO_DAY.findall(text)[:5]}"
    assert SCREEN_DAY.search(text), f"{path or 'overview'}: no day on screen to check"
    # a narrow window, where a table cell or caption is most tempted to wrap a day
    page.set_viewport_size({"width": 390, "height": 2400})
    page.wait_for_timeout(300)
    assert _days_on_one_line(page, f"{path or 'overview'} at 390 px") >= 1


def _after(pg, selector: str) -> str:
    return pg.evaluate(
        "s => { const e = document.querySelector(s); return e ? getComputedStyle(e, '::after').content : null; }",
        selector,
    )


def test_the_uploader_and_date_fields_speak_the_pages_language(page, server):
    sign_in(page, server, issue_token(server.db, SHIBUYA))
    if "/report" not in page.url:
        open_app(page, server, "report")
    # the date fields are on the form's tab: an empty one draws 年/月/日, not yyyy/mm/dd
    empty = page.evaluate(EMPTY_DATE_SEGMENTS)
    assert empty, "no empty date field on the form to check"
    assert {(kind, after) for kind, _, after in empty} <= {("year", '"年"'), ("month", '"月"'), ("day", '"日"')}, empty
    assert all(color == "rgba(0, 0, 0, 0)" for _, color, _ in empty), empty  # the English segment text undrawn
    page.get_by_role("tab", name="Excel・CSV で報告").click()
    zone = page.get_by_test_id("stFileUploaderDropzone").first
    expect(zone).to_be_visible()
    shown = zone.inner_text()
    assert not [w for w in FRAMEWORK_ENGLISH if w in shown], f"framework English on the Japanese page: {shown!r}"
    assert _after(page, "[data-testid=stFileUploaderDropzone] button") == '"ファイルを選ぶ"'
    assert "5MB" in _after(page, "[data-testid=stFileUploaderDropzoneInstructions]")
    assert_healthy(page, "report page (ja)")

    with rerun(page):
        by_key(page, "lang_toggle").get_by_text("English").click()
    page.get_by_role("tab", name="Report with Excel or CSV").click()
    zone = page.get_by_test_id("stFileUploaderDropzone").first
    expect(zone).to_be_visible()
    assert _after(page, "[data-testid=stFileUploaderDropzone] button") == '"Choose a file"'
    assert "5 MB per file" in _after(page, "[data-testid=stFileUploaderDropzoneInstructions]")
    page.get_by_role("tab", name="Report with the form").click()
    assert {after for _, _, after in page.evaluate(EMPTY_DATE_SEGMENTS)} == {"none"}  # yyyy/mm/dd: English
    assert_healthy(page, "report page (en)")


def test_a_pickers_label_and_choice_follow_the_language_at_once(page, server):
    open_app(page, server, "municipality", muni=CHIYODA)
    picker = by_key(page, "muni")
    expect(picker).to_contain_text("団体")
    assert picker.locator("input").input_value() == "千代田区 (131016)"
    with rerun(page):
        by_key(page, "lang_toggle").get_by_text("English").click()
    picker = by_key(page, "muni")
    expect(picker).to_contain_text("Municipality")
    expect(picker.locator("input")).to_have_value("Chiyoda (131016)")
    assert "団体" not in picker.inner_text()
    assert_healthy(page, "municipality page after the language switch")


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("path", "most_before", "most_chart"), [("heatmap", 60_000, 400_000), ("map", 60_000, 250_000)]
)
def test_the_heaviest_pages_send_their_first_chart_early_and_compact(page, server, path, most_before, most_chart):
    """A speed smoke: what the server sends before a page's first chart (what a person waits through)
    and the chart itself stay bounded (the heatmap's phone list went first, 190 kB; its hover texts
    and the map's boundaries were written at twice the size). The timed figures are `make bench`'s
    (bench/browser.py)."""
    open_app(page, server, path)
    wait_for_charts(page)
    frames = page.received
    first = next(i for i, f in enumerate(frames) if b'"layout":{' in f and b'"data":[' in f)
    before, chart = sum(len(f) for f in frames[:first]), len(frames[first])
    print(f"{path}: {before:,} bytes before the first chart, {chart:,} the chart, {len(received(page)):,} in all")
    assert before <= most_before, f"{path}: {before:,} bytes sent before the first chart"
    assert chart <= most_chart, f"{path}: the first chart is {chart:,} bytes"
    assert_healthy(page, path)


# every widget label of the main area (a check box's too), whose texts must read whole
LABELS = "[data-testid=stMain] [data-testid=stWidgetLabel], [data-testid=stMain] [data-testid=stCheckbox] label"


def test_every_label_of_the_report_form_reads_whole_and_follows_the_language(page, server):
    # the form's twenty boxes at a laptop's and a desktop's width, in both languages: no field's label
    # cut, and every choice in the page's language as soon as it is switched
    sign_in(page, server, issue_token(server.db, SHIBUYA))
    if "/report" not in page.url:
        open_app(page, server, "report")
    found = []
    for language in ("ja", "en"):
        if language == "en":
            with rerun(page):
                by_key(page, "lang_toggle").get_by_text("English").click()
            # each choice box shows its choice in English at once (the resident registry's stage, say)
            shown = page.locator("[data-testid=stMain] [data-testid=stSelectbox]").evaluate_all(
                "boxes => boxes.filter(b => b.checkVisibility()).map(b => b.querySelector('input').value)"
            )
            assert len(shown) >= 60 and "Live" in shown, shown[:6]
            japanese = [text for text in shown if JAPANESE.search(text)]
            assert not japanese, f"choices still in Japanese on the English page: {japanese[:5]}"
        for width in (1024, 1400):
            page.set_viewport_size({"width": width, "height": 2400})
            page.wait_for_timeout(300)
            assert page.locator("[data-testid=stMain] [data-testid=stCheckbox]").count() >= 20
            found += [f"{language} {width}px: {cut}" for cut in cut_texts(page, LABELS)]
    page.set_viewport_size(VIEWPORT)  # the tests' desktop window, which the screenshot makes tall
    screenshot(page, "report-form-labels")
    assert not found, "labels cut on the report form:\n" + "\n".join(found)
