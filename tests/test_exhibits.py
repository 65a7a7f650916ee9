"""Exhibits: one chart, one title, one summary everywhere. For one database, the app's pages (through
AppTest), the static edition's HTML and the briefing deck (read back with python-pptx) carry the same
title and the same summary sentence for each chart they share; every chart of the static edition now
has its summary sentence printed under it and tied to it for a screen reader.

The deck's pictures are not rendered here (no chart browser needed): its picture maker is replaced by
one that records the title and source it is given and returns a tiny PNG."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation

from dashboard import exhibits, queries, view
from dashboard.publish.site import publish
from documents import deck
from etl import clock, store
from tests.support.apptest import run_page

# exhibit key -> (app page, its URL query, the static page, the deck's slide)
SHARED: dict[str, tuple[str, dict[str, str], str, str]] = {
    "overview_stages": ("overview", {}, "index.html", "stages"),
    "overview_map": ("overview", {}, "index.html", "map"),
    "progress_lines": ("progress", {"business": "all"}, "progress.html", "lateness"),
    "cloud_business": ("gov_cloud", {}, "gov_cloud.html", "cloud"),
    "delays_reasons": ("delays", {}, "delays.html", "special"),
}
NOTE = re.compile(r'<p class="hyj-sr-only" role="note">(.*)</p>', re.S)
TAIL = {"ja": "数値は「表」タブにあります。", "en": " The figures are in the Table tab."}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, small_db_copy) -> Path:
    return small_db_copy(tmp_path_factory.mktemp("exhibits") / "small.duckdb")


@pytest.fixture(scope="module")
def site(small: Path, built_once) -> Path:
    """The static edition of the small database, published once per run."""

    def make(out: Path) -> None:
        publish(small, out, today=clock.today())

    return built_once("exhibits-site", make)[0]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 11), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def decks(small: Path, built_once) -> Iterator[dict[str, tuple[Presentation, dict[str, tuple[str, str]]]]]:
    """The deck in each language (rendered once per run), and per chart key (chart_<slide>) the title and
    source inside its picture."""

    def render(_: Path) -> dict[str, tuple[bytes, list[tuple[str, str]]]]:
        rendered: dict[str, tuple[bytes, list[tuple[str, str]]]] = {}
        original = deck.chart_png
        for lang in ("ja", "en"):
            inside: list[tuple[str, str]] = []

            def recording(fig, title, facts, box=deck.CHART_BOX, fmt="png", source=None, inside=inside):  # noqa: ANN001
                inside.append((title, source or facts.source))
                return _png()

            deck.chart_png = recording  # type: ignore[assignment]
            try:
                rendered[lang] = (deck.render_deck(small, day=clock.today(), lang=lang), inside)
            finally:
                deck.chart_png = original  # type: ignore[assignment]
        return rendered

    made: dict[str, tuple[Presentation, dict[str, tuple[str, str]]]] = {}
    for lang, (raw, inside) in built_once("exhibits-decks", render)[1].items():
        prs = Presentation(io.BytesIO(raw))
        pictures = [shape.name for slide in prs.slides for shape in slide.shapes if shape.name.startswith("chart_")]
        made[lang] = (prs, dict(zip(pictures, inside, strict=True)))
    yield made


def _static(site: Path, lang: str, page: str, key: str) -> tuple[str, str]:
    """The chart's title (its aria-label) and summary sentence on the static page."""
    text = (site / ("en/" if lang == "en" else "") / page).read_text(encoding="utf-8")
    figure = re.search(rf'<div class="figure" id="fig-{key}"[^>]*>', text)
    assert figure, (page, key)
    label = re.search(r'aria-label="([^"]*)"', figure.group(0))
    assert label and f'aria-describedby="fig-{key}-summary"' in figure.group(0)
    summary = re.search(rf'<p class="summary" id="fig-{key}-summary">(.*?)</p>', text, re.S)
    assert summary, (page, key)
    return html.unescape(label.group(1)), html.unescape(summary.group(1))


def _deck(prs: Presentation, slide_key: str) -> tuple[str, str]:
    """The chart picture's alternative text and the slide's speaker notes."""
    slide = prs.slides[deck.SLIDES.index(slide_key)]
    picture = next(s for s in slide.shapes if s.name == f"chart_{slide_key}")
    return picture._element.nvPicPr.cNvPr.get("descr"), slide.notes_slide.notes_text_frame.text


def _app(page: str, query: dict[str, str], lang: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The screen-reader sentences of the page's charts and the titles handed to their image buttons."""
    titles: list[str] = []
    original = view._image_maker

    def watching(fig, fmt, title, ctx, source=None):  # noqa: ANN001, ANN202
        if fmt == "png":
            titles.append(title)
        return original(fig, fmt, title, ctx, source)

    monkeypatch.setattr(view, "_image_maker", watching)
    at = run_page(page, **query, **({"lang": "en"} if lang == "en" else {}))
    assert not at.exception, [e.value for e in at.exception]
    return [html.unescape(m.group(1)) for h in at.html if (m := NOTE.search(h.value))], titles


def _expected(small: Path, lang: str) -> dict[str, exhibits.Exhibit]:
    """The shared exhibits built straight from the query layer."""
    day = clock.today()
    with store.connect(small, read_only=True) as con:
        meta = queries.meta(con)
        return {
            "overview_stages": exhibits.stages(queries.stage_distribution(con), meta, lang),
            "overview_map": exhibits.live_map(
                queries.municipality_summary(con, day), queries.heatmap_cells(con, day), None, False, meta, lang
            ),
            "progress_lines": exhibits.progress(
                queries.live_over_time(con, day, ""), queries.planned_go_lives(con, ""), meta, lang
            ),
            "cloud_business": exhibits.cloud_business(queries.cloud_by_business(con), meta, lang),
            "delays_reasons": exhibits.reasons(queries.special_support(con), meta, lang),
        }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_app_static_edition_and_deck_carry_the_same_title_and_summary(small, site, decks, lang, monkeypatch):
    monkeypatch.setenv("HYOJUNKA_DB", str(small))
    expected = _expected(small, lang)
    prs, inside = decks[lang]
    pages: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for key, (page, query, static_page, slide) in SHARED.items():
        ex = expected[key]
        assert ex.title and ex.summary, key
        # the static edition: the title as the figure's name, the sentence printed under it
        static_title, static_sentence = _static(site, lang, static_page, key)
        assert (static_title, static_sentence) == (ex.title, ex.sentence), key
        # the deck: the same title inside the picture, the same sentence as its alternative text and notes
        title_inside, source_inside = inside[f"chart_{slide}"]
        assert title_inside == ex.title, key
        assert source_inside == ex.source, key
        assert _deck(prs, slide) == (ex.sentence, ex.sentence), key
        # the app's page: the same sentence (and where its figures are), the same title on its image
        if (page, str(query)) not in pages:
            pages[(page, str(query))] = _app(page, query, lang, monkeypatch)
        notes, titles = pages[(page, str(query))]
        assert ex.sentence + TAIL[lang] in notes, (key, notes)
        assert ex.title in titles, (key, titles)


def test_every_chart_of_the_static_edition_has_its_summary(site):
    charts = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        figures = re.findall(r'<div class="figure" id="(fig-[^"]+)"[^>]*>', text)
        for figure_id in figures:
            tag = re.search(rf'<div class="figure" id="{figure_id}"[^>]*>', text).group(0)
            assert f'aria-describedby="{figure_id}-summary"' in tag, (page, figure_id)
            summary = re.search(rf'<p class="summary" id="{figure_id}-summary">(.*?)</p>', text, re.S)
            assert summary and len(summary.group(1)) > 20, (page, figure_id)
            lang = "en" if "/en/" in page.as_posix() else "ja"
            assert summary.group(1).startswith("Chart: " if lang == "en" else "グラフ「"), (page, figure_id)
        charts += len(figures)
    # every page kind with charts: overview (2), map (4), heatmap, progress, cloud (3), delays (2), vendors (2),
    # and the three reporting municipalities' histories (the small database has no costs), in both languages
    assert charts >= 2 * (2 + 4 + 1 + 1 + 3 + 2 + 2 + 3)


def test_an_exhibit_is_one_frozen_object_with_its_sentence():
    meta = {"data_as_of": "2025-03-03", "n_municipalities": 62, "n_reporting": 3, "national_deadline": "2026-03-31"}
    frame = pd.DataFrame({"a": [1]})
    ex = exhibits.Exhibit(
        "k", "T", go.Figure(), frame, "2 live", exhibits.source_line(meta, "en"), "k", "2025-03-03", "en"
    )
    assert ex.sentence == "Chart: T (as of 2025/03/03); 2 live."
    assert ex.source == "reports of 3 of 62 municipalities (hyojunka)"
    assert exhibits.sentence("T", "2025-03-03", "稼働 2", "ja") == "グラフ「T」（2025/03/03時点）。稼働 2。"
    assert exhibits.source_line(meta, "ja") == "62団体中3団体の報告（hyojunka）"
    assert exhibits.title("progress", "en", name="all businesses") == "Systems live over time (all businesses)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        ex.title = "another"  # type: ignore[misc]
