"""The picture test: every chart the app can export, each chart of the briefing deck and the A4 sheet's
chart, rendered as the download renders it (an SVG through kaleido), loaded into a real Chromium and
its texts measured (`tests/pictures.py`): every text's glyphs inside the picture, no two texts drawn
over each other (rotated labels by their rotated glyph boxes).

Every public page is run through AppTest in Japanese and in English, at Tokyo scale (the browser
tests' demo database, with the official releases) and at national scale (1,741 municipalities, two
weekly snapshots of the demo plan); the charts
are those the pages hand to their PNG/SVG buttons (`tests/exported.py`). One browser page measures
them all; each figure is rendered once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from documents import deck, images, sheet
from etl import database, demo, ingest
from tests.support import exported, pictures
from tests.support.browser import open_app, tokyo_today, wait_for_charts
from tests.support.paths import SCREENSHOTS

pytestmark = pytest.mark.browser

# charts whose PNG is kept for looking at: (scale, language, chart title) -> file name
KEEP = {
    ("tokyo", "ja", "業務別の進捗段階"): "picture_stages_ja",
    ("tokyo", "en", "Stages of each business"): "picture_stages_en",
    ("tokyo", "ja", "進捗マップ"): "picture_heatmap_ja",
    ("tokyo", "ja", "稼働率（対象システム中）"): "picture_map_ja",
    ("tokyo", "en", "Share live (of systems in scope)"): "picture_map_en",
}


@pytest.fixture(scope="module")
def national_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The national scale: 1,741 municipalities, two weekly snapshots of the demo plan through the ETL."""
    path = tmp_path_factory.mktemp("pictures-national") / "national.duckdb"
    municipalities = demo.national_municipalities()
    database.init(path, municipalities=municipalities)
    plan = demo.make_plan(municipalities, np.random.default_rng(7))
    today = tokyo_today()
    for day in (today - timedelta(weeks=1), today):
        outcome = ingest.ingest_bytes(demo.to_csv(demo.snapshot(plan, day)), filename=f"{day}.csv", db=path)
        assert outcome.accepted
    return path


@pytest.fixture(scope="module")
def measuring(browser) -> Iterator:
    """One page of the session's Chromium that every picture is loaded into."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def _databases(request: pytest.FixtureRequest, scale: str) -> Path:
    return request.getfixturevalue("browser_db" if scale == "tokyo" else "national_db")


def _keep(png: bytes, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.png").write_bytes(png)


@pytest.mark.parametrize("scale", ["tokyo", "national"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_exported_chart_keeps_its_texts_whole_and_apart(request, measuring, scale, lang):
    db = _databases(request, scale)
    charts = exported.collect(db, lang)
    assert len(charts) >= 20, [c.name for c in charts]  # every page's charts, the map's four measures
    faults = []
    for chart in charts:
        svg = images.figure_image(
            chart.figure, "svg", title=chart.title, as_of=chart.as_of, source=chart.source, lang=chart.lang
        )
        reading = pictures.read_svg(measuring, svg, f"{scale}/{chart.name} «{chart.title}»")
        assert len(reading.texts) >= 3, reading.name  # a title, an as-of line, a source at least
        if not reading.ok:
            faults.append(reading.describe())
        keep = KEEP.get((scale, lang, chart.title))
        if keep:
            png = images.figure_image(
                chart.figure, "png", title=chart.title, as_of=chart.as_of, source=chart.source, lang=chart.lang
            )
            _keep(png, keep)
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("scale", ["tokyo", "national"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_deck_chart_and_the_sheet_chart_keep_their_texts(request, measuring, scale, lang):
    db = _databases(request, scale)
    data = deck.deck_data(db, lang=lang)
    faults = []
    for key, make in deck.CHARTS.items():
        chart = make(data)
        svg = deck.chart_png(chart.figure, chart.title, data.facts, chart.box, fmt="svg")
        reading = pictures.read_svg(measuring, svg, f"{scale}/deck_{key}_{lang}")
        if not reading.ok:
            faults.append(reading.describe())
    code = "131016" if scale == "tokyo" else sheet.municipality_codes(db)[0]
    one = sheet.sheet_data(db, code, lang=lang)
    reading = pictures.read_svg(measuring, sheet.history_image(one, "svg"), f"{scale}/sheet_history_{lang}")
    if not reading.ok:
        faults.append(reading.describe())
    assert not faults, "\n".join(faults)


def test_the_reader_finds_a_cut_label_and_two_labels_over_each_other(measuring):
    # the measure itself: a label running off the left edge, two labels on the same spot, a rotated
    # label whose upright box would meet its neighbour but whose glyphs do not
    svg = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">
      <text x="-20" y="30" font-size="14">住民基本台帳</text>
      <text x="100" y="80" font-size="14">戸籍の附票</text>
      <text x="110" y="84" font-size="14">印鑑登録</text>
      <text x="40" y="190" font-size="14" transform="rotate(-45 40 190)">Family Register</text>
      <text x="70" y="190" font-size="14" transform="rotate(-45 70 190)">Seal Registration</text>
      <text x="200" y="30" font-size="14" style="display:none">hidden</text>
    </svg>"""
    reading = pictures.read_svg(measuring, svg, "hand-made")
    assert reading.outside == ["住民基本台帳"]
    assert reading.overlaps == [("戸籍の附票", "印鑑登録")]
    assert "hidden" not in [t.text for t in reading.texts]
    rotated = next(t for t in reading.texts if t.text == "Family Register")
    x0, y0, x1, y1 = rotated.box()
    assert x1 - x0 > 60 and y1 - y0 > 60  # measured along its slant, not as a flat line


@pytest.mark.parametrize(
    "path,key,lang",
    [("", "overview_stages_svg", "ja"), ("heatmap", "heatmap_cells_svg", "en"), ("map", "map_svg", "ja")],
)
def test_the_apps_own_svg_download_reads_whole(page, server, measuring, path, key, lang):
    # as a reader gets it: the button on the page of the running app, the file measured
    open_app(page, server, path, **({"lang": "en"} if lang == "en" else {}))
    wait_for_charts(page)
    with page.expect_download(timeout=120_000) as info:
        page.locator(f".st-key-{key}").get_by_role("button", name="SVG").click()
    svg = Path(info.value.path()).read_bytes()
    reading = pictures.read_svg(measuring, svg, f"app/{key}_{lang}")
    assert len(reading.texts) >= 10
    assert reading.ok, reading.describe()
