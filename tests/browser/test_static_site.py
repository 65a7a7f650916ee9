"""Issue 9's static public edition: `hyojunka publish` writes a site that works from a plain static
server (`python -m http.server`, no Streamlit) with no request to any other origin, and that holds no
note, submitter or token, checked against markers planted in the database."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from etl import database, ingest
from tests.support.codes import CHIYODA, HACHIOJI, RR
from tests.support.databases import build_small
from tests.support.paths import SCREENSHOTS
from tests.support.ports import free_port

pytestmark = pytest.mark.browser

NOTE_MARKER = "NOTE-MARKER-5e1f 公開してはならないメモ"
SUBMITTER_MARKER = "SUBMITTER-MARKER-0c9d"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small hand-checked database plus a report carrying the markers, published by the CLI."""
    base = tmp_path_factory.mktemp("static")
    db = base / "site.duckdb"
    database.init(db)
    build_small(db)  # every row of it has a private note too
    row = {
        "municipality_code": CHIYODA,
        "business_id": RR,
        "as_of": "2025-03-05",
        "stage": "live",
        "target_date": None,
        "go_live_date": "2025-03-01",
        "gov_cloud": "running",
        "special_support": "false",
        "special_support_reason": None,
        "notes": NOTE_MARKER,
    }
    outcome = ingest.ingest_frame(pd.DataFrame([row]), db=db, submitter=SUBMITTER_MARKER)
    assert outcome.accepted, outcome.findings.to_string()
    out = base / "site"
    cli = Path(sys.executable).with_name("hyojunka")
    done = subprocess.run(
        [str(cli), "publish", "--db", str(db), "--out", str(out), "--base-url", "https://example.jp/hyojunka/"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"publish failed:\n{done.stdout}\n{done.stderr}"
    assert "pages" in done.stdout
    return out


@pytest.fixture(scope="module")
def static_server(site: Path) -> Iterator[str]:
    """`python -m http.server` on 127.0.0.1 serving the site; stopped after the module."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = datetime.now().timestamp() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/index.html", timeout=2) as response:
                    if response.status == 200:
                        break
            except (OSError, ConnectionError):
                pass
            if proc.poll() is not None or datetime.now().timestamp() > deadline:
                pytest.fail("the static server did not start")
            try:  # waits on the process: returns early only if it died
                proc.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                pass
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_the_site_holds_no_note_submitter_or_finding(site):
    texts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert NOTE_MARKER.encode() not in data, f"{path} holds the note"
            assert "公開してはならない".encode() not in data and "内部メモ".encode() not in data, path
            assert SUBMITTER_MARKER.encode() not in data, f"{path} holds the submitter"
            texts.append(path)
    assert any(p.name == "plotly.min.js" for p in texts)  # plotly.js is part of the site


def test_open_data_index_lists_every_data_file_with_licence_and_as_of(site):
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["licence"] == "CC BY 4.0"
    assert "国土数値情報" in index["map_credit"]
    assert index["files"]
    for entry in index["files"]:
        assert (site / entry["file"]).is_file(), entry
        assert entry["licence"] == "CC BY 4.0" and entry["as_of"] == index["as_of"] and entry["description"]
    listed = {e["file"] for e in index["files"]}
    assert {"data/map_live.csv", "data/map_live.json", "en/data/overview_stages.csv"} <= listed
    # every municipality has its page in both languages
    assert len(list((site / "municipality").glob("1*.html"))) == 62
    assert len(list((site / "en" / "municipality").glob("1*.html"))) == 62
    chart_csv = (site / "en" / "data" / "map_live.csv").read_text(encoding="utf-8-sig")
    assert "Hachioji" in chart_csv and "5.0% (1/20)" in chart_csv  # the overview's denominator


def test_every_page_loads_with_no_request_outside_the_site(site, static_server, browser):
    context = browser.new_context(viewport={"width": 1300, "height": 1800}, locale="ja-JP")
    outside: list[str] = []

    # every request the pages make is seen here, and none may leave the site. Seen, not intercepted: a
    # route would turn off the browser's cache, so each of the 142 pages would fetch and compile plotly.js
    # anew where a reader's browser takes it from its cache after the first
    def seen(request) -> None:  # data: and blob: addresses are the page's own bytes, not a request out
        if not request.url.startswith((static_server + "/", "data:", "blob:")):
            outside.append(request.url)

    context.on("request", seen)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) == 2 * (9 + 62)  # nine public pages (costs the ninth) and 62 municipalities, in two languages
    try:
        for rel in pages:
            response = pg.goto(f"{static_server}/{rel}", wait_until="load")
            assert response is not None and response.status == 200, rel
            expected_lang = "en" if rel.startswith("en/") else "ja"
            assert pg.evaluate("document.documentElement.lang") == expected_lang, rel
            pg.wait_for_function(
                "() => document.querySelectorAll('[data-figure]').length"
                " === document.querySelectorAll('[data-drawn]').length"
            )
            if rel == "index.html":
                assert pg.locator("[data-drawn]").count() == 2  # the stages and the map
                assert pg.locator("path.choroplethlocation").count() == 62
                assert "国土数値情報" in pg.inner_text("main")
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                pg.screenshot(path=str(SCREENSHOTS / "static-overview-ja.png"), full_page=True)
            if rel == "en/map.html":
                pg.screenshot(path=str(SCREENSHOTS / "static-map-en.png"))
            if rel == f"municipality/{HACHIOJI}.html":
                assert pg.locator("main table").first.locator("tbody tr").count() == 20
        assert not errors, errors
        assert not outside, f"requests outside the site: {outside}"

        # a click on a municipality on the map opens its page
        pg.goto(f"{static_server}/map.html")
        pg.wait_for_function("() => document.querySelectorAll('[data-drawn]').length === 4")
        point = pg.evaluate(
            """code => {
                const paths = Array.from(document.querySelectorAll('#fig-map_live path.choroplethlocation'));
                const hit = paths.find(p => p.__data__ && p.__data__.loc === code);
                const r = hit.getBoundingClientRect();
                return [r.x + r.width / 2, r.y + r.height / 2];
            }""",
            HACHIOJI,
        )
        pg.mouse.click(*point)
        pg.wait_for_url(f"**/municipality/{HACHIOJI}.html")
        assert "八王子市" in pg.inner_text("h1")
    finally:
        context.close()


# everything on the page that reaches beyond the viewport's right edge, but for what sits inside a box
# that scrolls sideways (a wide table): each as tag.class «text»
BEYOND_RIGHT_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const inScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.scrollWidth > p.clientWidth) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= width + 1) continue;
    if (inScroller(el)) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} «${(el.textContent || '').slice(0, 30)}»`);
  }
  return out.slice(0, 10);
}
"""


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_static_edition_reads_on_a_390px_phone(site, static_server, browser, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", device_scale_factor=2)
    pg = context.new_page()
    prefix = "" if lang == "ja" else "en/"
    try:
        # a municipality's systems: one card per system, each saying its business, stage, schedule
        # status and due date, with nothing beyond the right edge
        pg.goto(f"{static_server}/{prefix}municipality/{HACHIOJI}.html", wait_until="load")
        pg.wait_for_function(
            "() => document.querySelectorAll('[data-figure]').length === document.querySelectorAll('[data-drawn]').length"
        )
        table = pg.locator("main table.cards-table").first
        rows = table.locator("tbody tr")
        assert rows.count() == 20
        assert rows.first.evaluate("r => getComputedStyle(r).display") == "block"
        cards = rows.evaluate_all(
            """rs => rs.map(r => Array.from(r.querySelectorAll('td')).map(td => ({
                label: td.dataset.label, text: td.textContent, display: getComputedStyle(td).display,
                before: getComputedStyle(td, '::before').content})))"""
        )
        labels = [c["label"] for c in cards[0][:4]]
        assert labels[:2] == (["業務", "進捗段階"] if lang == "ja" else ["Business", "Stage"])
        dated = 0
        for card in cards:
            assert card[0]["text"] and card[0]["display"] == "block"  # the business heads its card
            for cell in card[1:4]:  # stage, schedule status, due date: each value after its column's name
                if cell["text"]:
                    assert cell["display"] != "none" and cell["before"] == f'"{cell["label"]}"', cell
            assert card[1]["text"] and card[2]["text"], card  # every system has a stage and a status
            dated += bool(card[3]["text"])
        assert dated, "no card shows a due date"
        widths = rows.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().width)")
        assert max(widths) <= 390, widths
        beyond = pg.evaluate(BEYOND_RIGHT_JS)
        assert not beyond, beyond
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SCREENSHOTS / f"static-phone-municipality-{lang}.png"))

        # the map: every class of the legend whole inside the picture, nothing beyond the edge
        pg.goto(f"{static_server}/{prefix}map.html", wait_until="load")
        pg.wait_for_function("() => document.querySelectorAll('[data-drawn]').length === 4")
        legend = pg.evaluate(
            """() => {
                const fig = document.querySelector('#fig-map_live');
                const box = fig.getBoundingClientRect();
                return Array.from(fig.querySelectorAll('.legend .legendtext')).map(t => {
                    const r = t.getBoundingClientRect();
                    return {text: t.textContent, left: r.left - box.left, right: r.right - box.left,
                            top: r.top - box.top, bottom: r.bottom - box.top, width: box.width};
                });
            }"""
        )
        assert len(legend) == 6, legend  # five bands of share live and no data
        for entry in legend:
            assert 0 <= entry["left"] and entry["right"] <= entry["width"] + 0.5, entry
            assert entry["top"] >= 0, entry
        beyond = pg.evaluate(BEYOND_RIGHT_JS)
        assert not beyond, beyond
        pg.screenshot(path=str(SCREENSHOTS / f"static-phone-map-{lang}.png"), full_page=False)
        # a wide table elsewhere scrolls inside its box
        pg.goto(f"{static_server}/{prefix}vendors.html", wait_until="load")
        assert not pg.evaluate(BEYOND_RIGHT_JS)
    finally:
        context.close()
