"""The briefing deck: made by the real command line, read back with python-pptx.

The small database of tests/test_queries.py (three municipalities reporting, as of 2025-03-03),
counted on 2025-03-10: every slide must say both days and the source, and the headline figures must
be those of `hyojunka export` on the same day.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from dashboard.outputs import deck
from etl import store
from tests.test_images import needs_browser, png_size
from tests.test_queries import DAY, build_small
from tests.test_sheet import cli

pytestmark = pytest.mark.slow  # a deck of charts rendered through the chart browser

AS_OF = "2025-03-03"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "small.duckdb"
    store.init(path)
    return build_small(path)


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def by_name(slide, name: str):
    return next(shape for shape in slide.shapes if shape.name == name)


@pytest.fixture(scope="module")
def pptx_ja(small: Path, tmp_path_factory: pytest.TempPathFactory) -> Presentation:
    out = tmp_path_factory.mktemp("deck_out") / "deck.pptx"
    result = cli("deck", "--as-of", DAY.isoformat(), "--out", str(out), db=small)
    assert result.returncode == 0, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    return Presentation(io.BytesIO(out.read_bytes()))


@needs_browser
def test_every_slide_states_as_of_day_and_source(pptx_ja):
    assert len(pptx_ja.slides) == len(deck.SLIDES) == 8
    for slide in pptx_ja.slides:
        footer = " ".join(texts(slide))
        assert f"データ基準日 {AS_OF}" in footer
        assert f"集計日 {DAY.isoformat()}" in footer
        assert "出典: 62団体中3団体の報告（受付 4件, hyojunka）" in footer


@needs_browser
def test_charts_are_images_at_slide_resolution(pptx_ja):
    slides = dict(zip(deck.SLIDES, pptx_ja.slides, strict=True))
    for name in ("stages", "map", "lateness", "cloud", "special"):
        picture = by_name(slides[name], f"chart_{name}")
        width, height = png_size(picture.image.blob)
        assert width >= 2400, (name, width)  # twice the 100 px per inch of a 12.3-inch box
        assert width / height == pytest.approx(picture.width / picture.height, rel=0.01)
    assert "国土数値情報" in " ".join(texts(slides["map"]))  # the ministry's credit on the map slide


@needs_browser
def test_headline_figures_match_the_export(pptx_ja, small):
    result = cli("export", "--format", "json", "--day", DAY.isoformat(), db=small)
    exported = pd.DataFrame(json.loads(result.stdout))
    live = int((exported["stage"] == "live").sum())
    in_scope = int((exported["stage"] != "not_applicable").sum())
    overdue = int(exported["schedule_status"].isin(["overdue_target", "overdue_deadline", "overdue_special"]).sum())
    headline = pptx_ja.slides[deck.SLIDES.index("headline")]
    card = {shape.name: shape for shape in headline.shapes}
    assert "kpi_live" in card
    figures = " ".join(texts(headline))
    assert f"{live:,} / {in_scope:,}" in figures
    assert (live, in_scope) == (2, 1238)  # by hand: Chiyoda's registry, Hachioji's tax; 62 x 20 less Toshima's 2 n/a
    lateness = " ".join(texts(pptx_ja.slides[deck.SLIDES.index("lateness")]))
    parts = [lateness.split(label)[1].split()[0] for label in ("期限超過 ", "新たな予定日超過 ", "（期限前） ")]
    assert sum(int(p.replace(",", "")) for p in parts) == overdue


@needs_browser
def test_english_deck(small, tmp_path):
    out = tmp_path / "deck_en.pptx"
    result = cli("deck", "--as-of", DAY.isoformat(), "--lang", "en", "--out", str(out), db=small)
    assert result.returncode == 0, result.stderr.decode()
    prs = Presentation(io.BytesIO(out.read_bytes()))
    for slide in prs.slides:
        assert f"Data as of {AS_OF}" in " ".join(texts(slide))
    assert "Headline figures" in " ".join(texts(prs.slides[1]))


def test_missing_database_is_a_clear_error(tmp_path):
    result = cli("deck", "--out", str(tmp_path / "x.pptx"), db=tmp_path / "none.duckdb")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "hyojunka init" in err and "Traceback" not in err
    assert not (tmp_path / "x.pptx").exists()
