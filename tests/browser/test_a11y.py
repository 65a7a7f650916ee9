"""JIS X 8341-3:2016 AA (WCAG 2.0 AA) in a real browser: axe-core finds nothing on the public pages in
either language at a phone's, a tablet's and a desktop's width, and no button's label is cut there; the
headline cards never cut a figure; the heatmap fits a phone; the keyboard alone reaches and operates the
language switch, the filters, the tabs and the downloads, and the focus is always seen."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dashboard import pages
from tests.support.browser import (
    RUN_TIMEOUT_MS,
    assert_heading_in,
    assert_healthy,
    by_key,
    cut_texts,
    open_app,
    rerun,
    screenshot,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

# WCAG 2.0 and 2.1, levels A and AA: JIS X 8341-3:2016 AA is WCAG 2.0 AA; 2.1 is checked too
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# each page loads once per language at a phone's width, then widens to 1280 and narrows to 1024: the
# sidebar then stands as a fresh load at each width leaves it (closed on a phone, open from 1024 up)
AXE_WIDTHS = [390, 1280, 1024]
# loaded at a phone's width, then widened (the sidebar opens at 1440 and stays open down to 1024)
CARD_WIDTHS = [390, 1440, 1280, 1024]
SCREENSHOT_WIDTHS = (390, 1280)
HEIGHT = 2400  # Streamlit scrolls an inner box: a tall window puts more of a page in view
# the reporting pages (sign-in, report, admin) are behind a sign-in and outside this check
REPORTING_PATHS = {p.url_path for p in pages.of("reporting")}
BUTTONS = "[data-testid=stMain] button"  # every button of the page's main area, whose labels must read whole

# Violations in Streamlit's own markup that the project cannot change: (rule id, pattern searched in
# the node's CSS target and HTML, why). Anything else fails the test.
ALLOWLIST: list[tuple[str, str, str]] = []


def allowed(rule: str, node: dict) -> bool:
    """Whether a violating node is one of the allowlisted ones."""
    where = " ".join(str(t) for t in node.get("target", [])) + " " + node.get("html", "")
    return any(rule == r and re.search(pattern, where) for r, pattern, _ in ALLOWLIST)


def public_paths(pg) -> list[str]:
    """The url paths of the public pages, as the sidebar navigation lists them ('' is the overview)."""
    hrefs = pg.get_by_test_id("stSidebarNavLink").evaluate_all("links => links.map(a => a.href)")
    paths = [urlparse(h).path.strip("/") for h in hrefs]
    return [p for p in paths if p not in REPORTING_PATHS]


# resolves once the layout has stopped moving after a resize (charts redraw at their new width)
SETTLED_JS = """
async () => {
  if (!document.querySelector('[data-testid=stMain]')) return true;  // no page yet
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const size = () => {
    const main = document.querySelector('[data-testid=stMain]');
    const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart] .main-svg')];
    return [main.scrollHeight, main.clientWidth, ...charts.map(c => c.getAttribute('width'))].join(',');
  };
  let last = '';
  for (let i = 0; i < 50; i++) {
    await frame();
    await new Promise(r => setTimeout(r, 100));
    const now = size();
    if (now === last) return true;
    last = now;
  }
  return false;
}
"""


def resize(pg, width: int) -> None:
    """Make the window `width` wide and wait until the page has laid itself out again."""
    pg.set_viewport_size({"width": width, "height": HEIGHT})
    assert pg.evaluate(SETTLED_JS), f"the layout kept moving at {width}px"


def axe_violations(pg, axe: Axe) -> list[dict]:
    """What axe-core finds on the page as it stands (AXE_OPTIONS). Its script is put into each document
    once: a resize keeps the document, so the checks at the other widths run the copy already there."""
    if not pg.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        pg.evaluate(axe.axe_script)
    return pg.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_finds_no_violation_on_public_pages(page, server, lang):
    query = {"lang": "en"} if lang == "en" else {}
    resize(page, AXE_WIDTHS[0])
    open_app(page, server, "", **query)
    paths = public_paths(page)
    # the navigation lists the registry's public pages (dashboard/pages.py), in its order
    assert paths == [p.path for p in pages.public()], f"the navigation lists {paths}"
    axe = Axe()
    found: list[str] = []
    for path in paths:
        page.goto("about:blank")  # the page before is left first: narrowing it would only lay it out again
        resize(page, AXE_WIDTHS[0])
        open_app(page, server, path, **query)
        name = path or "overview"
        # every public page in both languages, checked and captured once per run here (the charts drawn,
        # no error, its heading and its html in its language), then axe at each width
        assert wait_for_charts(page) >= 1
        assert_healthy(page, f"{name} ({lang})")
        assert_heading_in(page, lang, name)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        for width in AXE_WIDTHS:
            resize(page, width)
            if width == SCREENSHOT_WIDTHS[1]:
                screenshot(page, f"{name}-{lang}")
            found += [f"button label cut on {name} ({lang}, {width}px): {cut}" for cut in cut_texts(page, BUTTONS)]
            for violation in axe_violations(page, axe):
                nodes = [n for n in violation["nodes"] if not allowed(violation["id"], n)]
                if nodes:
                    targets = "; ".join(" ".join(map(str, n["target"])) for n in nodes[:3])
                    found.append(f"{violation['id']} on {name} ({lang}, {width}px), {len(nodes)} node(s): {targets}")
        assert_healthy(page, f"{name} ({lang}) after the widths")
    assert not found, "axe-core violations (WCAG 2.0/2.1 A and AA) and cut labels:\n" + "\n".join(found)


# every headline card's label, figure and change: its text fits its box, and nothing ends in an ellipsis
CARD_OVERFLOW_JS = """
() => {
  const parts = '[data-testid=stMetricLabel], [data-testid=stMetricValue], [data-testid=stMetricDelta]';
  const out = [];
  const cards = document.querySelectorAll('[class*="st-key-kpi_"]');
  for (const card of cards) {
    const key = [...card.classList].find(c => c.startsWith('st-key-'));
    for (const part of card.querySelectorAll(parts)) {
      for (const el of [part, ...part.querySelectorAll('*')]) {
        if (!el.checkVisibility() || el.closest('svg')) continue;
        const style = getComputedStyle(el);
        if (el.scrollWidth > el.clientWidth && style.display !== 'inline') {
          out.push(`${key} ${part.dataset.testid}: ${el.tagName} scrollWidth ${el.scrollWidth} > clientWidth `
                   + `${el.clientWidth} (${el.innerText.trim().slice(0, 40)})`);
        }
        if (style.textOverflow === 'ellipsis' && style.overflow !== 'visible') {
          out.push(`${key} ${part.dataset.testid}: ${el.tagName} ends in an ellipsis`);
        }
      }
    }
  }
  // table headers drawn as HTML (the data grids draw theirs on a canvas, sized to fit)
  for (const th of document.querySelectorAll('[data-testid=stMain] th')) {
    if (th.checkVisibility() && th.scrollWidth > th.clientWidth) {
      out.push(`table header ${th.innerText.trim().slice(0, 40)}: scrollWidth ${th.scrollWidth} > ${th.clientWidth}`);
    }
  }
  return {cards: cards.length, problems: out};
}
"""


def test_headline_cards_never_cut_a_figure(page, server):
    resize(page, CARD_WIDTHS[0])
    open_app(page, server, "")
    wait_for_charts(page)
    for width in CARD_WIDTHS:
        resize(page, width)
        measured = page.evaluate(CARD_OVERFLOW_JS)
        assert measured["cards"] >= 4, f"{measured['cards']} headline cards on the overview"
        assert not measured["problems"], f"at {width}px:\n" + "\n".join(measured["problems"])
        # no figure is shortened: every card's value holds a digit and no ellipsis
        for value in page.get_by_test_id("stMetricValue").all_inner_texts():
            assert re.search(r"\d", value) and "…" not in value and "..." not in value, f"{width}px: {value!r}"
        if width in SCREENSHOT_WIDTHS:
            screenshot(page, f"a11y-overview-{width}")


# everything in the main area lies within it, except inside a box that scrolls sideways (a data grid)
CLIPPED_JS = """
() => {
  const main = document.querySelector('[data-testid=stMain]');
  const right = main.getBoundingClientRect().right;
  const scrolls = el => {
    for (let e = el.parentElement; e && e !== main; e = e.parentElement) {
      const x = getComputedStyle(e).overflowX;
      if ((x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth) return true;
      if (e.matches('[data-testid=stDataFrame]')) return true;
    }
    return false;
  };
  const out = [];
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > right + 1 && el.checkVisibility() && !scrolls(el)) {
      out.push(`${el.tagName}.${el.dataset.testid || ''} right edge ${Math.round(r.right)} > ${Math.round(right)}`);
    }
  }
  return {overflow: main.scrollWidth - main.clientWidth, clipped: out.slice(0, 10)};
}
"""


def test_heatmap_fits_a_phone_and_a_desktop(page, server):
    resize(page, SCREENSHOT_WIDTHS[0])
    open_app(page, server, "heatmap")
    wait_for_charts(page)
    assert_healthy(page, "heatmap")
    for width in SCREENSHOT_WIDTHS:
        resize(page, width)
        measured = page.evaluate(CLIPPED_JS)
        assert measured["overflow"] <= 0, f"the heatmap page scrolls sideways by {measured['overflow']}px at {width}px"
        assert not measured["clipped"], f"cut off at {width}px:\n" + "\n".join(measured["clipped"])
        box = page.get_by_test_id("stPlotlyChart").first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{width}px: the heatmap lies at {box}"
        # a phone reads the cells as a list that names every business; a wider screen has the chart alone
        cell_list = page.locator(".hyj-cell-list")
        if width <= 640:
            expect(cell_list).to_be_visible()
            first = cell_list.locator("details").first
            first.locator("summary").click()
            items = first.locator("li")
            expect(items).to_have_count(20)
            assert all(": " in text for text in items.all_inner_texts()), items.all_inner_texts()
            first.locator("summary").click()
        else:
            expect(cell_list).to_be_hidden()
        screenshot(page, f"a11y-heatmap-{width}")


# the focused element and its boxes up to its widget's container: the ring may sit on any of them
# (a switch's input is hidden: its label carries the ring)
FOCUS_JS = """
(mark) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  el.setAttribute('data-hyj-focus', mark);
  const key = el.closest('[class*="st-key-"]');
  return {
    tag: el.tagName,
    role: el.getAttribute('role') || '',
    testid: el.dataset.testid || '',
    key: key ? [...key.classList].find(c => c.startsWith('st-key-')).slice(7) : '',
    text: (el.getAttribute('aria-label') || el.innerText || '').trim().slice(0, 40),
  };
}
"""
RING_JS = """
(mark) => {
  const el = document.querySelector(`[data-hyj-focus="${mark}"]`);
  if (!el) return null;
  const looks = [];
  let box = el;
  for (let i = 0; box && i < 5 && !box.matches('[data-testid=stElementContainer]'); i++, box = box.parentElement) {
    const r = box.getBoundingClientRect();
    const s = getComputedStyle(box);
    if (r.width < 4 || r.height < 4 || s.opacity === '0' || s.visibility === 'hidden') continue;  // not seen
    looks.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor].join(' '));
  }
  return looks.join(' | ');
}
"""


def tab_through(pg, wanted: dict[str, re.Pattern], limit: int) -> list[str]:
    """Press Tab until every wanted kind of element has had the focus (or `limit` presses); each focused
    element must look different while it has the focus. Returns what is missing or unseen."""
    problems: list[str] = []
    reached: set[str] = set()
    previous: tuple[str, str, str] | None = None  # mark, description, its look while focused
    for i in range(limit):
        pg.keyboard.press("Tab")
        focused = pg.evaluate(FOCUS_JS, str(i))
        if previous is not None:
            mark, what, look_focused = previous
            look_blurred = pg.evaluate(RING_JS, mark)
            if look_blurred is not None and look_blurred == look_focused:
                problems.append(f"no visible focus on {what} (looks {look_focused!r} either way)")
        if focused is None:
            previous = None
            continue
        what = f"{focused['tag']} {focused['role']} {focused['testid']} {focused['key']} {focused['text']!r}"
        previous = (str(i), what, pg.evaluate(RING_JS, str(i)))
        for name, pattern in wanted.items():
            if pattern.search(what):
                reached.add(name)
        if reached == set(wanted):
            break
    problems += [f"never reached by Tab: {name}" for name in wanted if name not in reached]
    return problems


def test_keyboard_reaches_and_operates_filters_tabs_and_downloads(page, server):
    open_app(page, server, "")
    wait_for_charts(page)
    problems = tab_through(
        page,
        {
            "language switch": re.compile(r"INPUT switch .*lang_toggle"),
            "navigation": re.compile(r"stSidebarNavLink"),
            "tab": re.compile(r" tab stTab "),
            "download": re.compile(r"BUTTON .*overview_deck_pptx"),
        },
        limit=60,
    )
    assert not problems, "overview:\n" + "\n".join(problems)

    open_app(page, server, "heatmap")
    wait_for_charts(page)
    problems = tab_through(
        page,
        {
            "language switch": re.compile(r"INPUT switch .*lang_toggle"),
            "filter": re.compile(r"INPUT combobox .* kind "),
            "tab": re.compile(r" tab stTab .*グラフ"),
            "download": re.compile(r"BUTTON .*heatmap_cells_csv"),
        },
        limit=60,
    )
    assert not problems, "heatmap:\n" + "\n".join(problems)

    # a filter by keyboard: focus the kind filter, open it, take the first kind; the page follows
    kind = by_key(page, "kind").get_by_role("combobox")
    laggards_before = page.get_by_test_id("stMain").inner_text()
    focus_by_tab(page, kind)
    page.keyboard.press("ArrowDown")
    page.get_by_role("listbox").wait_for(timeout=RUN_TIMEOUT_MS)
    with rerun(page):
        page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"[?&]kind="))
    assert page.get_by_test_id("stMain").inner_text() != laggards_before, "the kind filter changed nothing"
    assert_healthy(page, "heatmap filtered by keyboard")

    # a tab by keyboard: from the chart tab, the arrow key shows the table
    tab = page.get_by_role("tab", name=re.compile("グラフ")).first
    focus_by_tab(page, tab)
    page.keyboard.press("ArrowRight")
    table_tab = page.get_by_role("tab", name=re.compile("表")).first
    expect(table_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel").filter(visible=True).first.get_by_test_id("stDataFrame")).to_be_visible()


def focus_by_tab(pg, target, limit: int = 80) -> None:
    """Press Tab until `target` has the focus."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        pg.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {target}")
