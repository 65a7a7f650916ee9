"""Static chart images: title, as-of and source inside the picture, the requested size, a clear name."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from dashboard import queries
from dashboard.charts.bars import count_bars, stage_bars
from dashboard.charts.palette import FONT
from documents import images, measure
from etl import store
from tests.support.images import needs_browser, png_size

TITLE = "業務ごとの進捗段階"
SOURCE = "62団体中3団体の報告（hyojunka）"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory, small_db_copy) -> pd.DataFrame:
    path: Path = small_db_copy(tmp_path_factory.mktemp("images") / "small.duckdb")
    with store.connect(path, read_only=True) as con:
        return queries.stage_distribution(con)


def test_file_name_names_chart_and_day():
    assert images.image_file_name("stage_bars", "2025-03-03", "png") == "hyojunka_stage_bars_2025-03-03.png"
    assert images.image_file_name("map", pd.Timestamp("2026-11-20 09:30"), "svg") == "hyojunka_map_2026-11-20.svg"


def test_framed_copy_leaves_the_figure_alone(dist):
    fig = stage_bars(dist, "ja")
    before = fig.to_json()
    out = images.framed(fig, title=TITLE, as_of="2025-03-03", source=SOURCE, width=900, height=700)
    assert fig.to_json() == before
    assert TITLE in out.layout.title.text and "2025/03/03" in out.layout.title.subtitle.text
    assert any(SOURCE in a.text for a in out.layout.annotations)
    assert (out.layout.width, out.layout.height) == (900, 700)  # room enough: not grown


def test_unknown_format_is_refused(dist):
    with pytest.raises(ValueError):
        images.figure_image(stage_bars(dist), "gif", title=TITLE, as_of="2025-03-03", source=SOURCE)


def test_missing_browser_is_a_bilingual_error(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(images.ChartImageError) as err:
        images.browser_path()
    assert "Chromium" in err.value.message_ja and "BROWSER_PATH" in err.value.message_en


def test_the_driver_message_it_ignores_leaves_no_traceback_but_its_errors_pass(caplog):
    # the browser's driver logs, with a traceback, a partial message a closing browser wrote
    import kaleido  # noqa: F401 - as the renderer does, before the driver's logger is made

    images.quiet_driver()
    driver = logging.getLogger(images.DRIVER_PIPE_LOGGER)
    with caplog.at_level(logging.WARNING):
        try:
            raise ValueError("Expecting property name enclosed in double quotes")
        except ValueError:
            driver.exception("JSONError decoding message. Ignoring")
            driver.exception("Error in trying to decode JSON off our read.")
    assert [r.getMessage() for r in caplog.records] == ["Error in trying to decode JSON off our read."]


@pytest.mark.slow  # rendered through the chart browser
@needs_browser
@pytest.mark.parametrize("lang,as_of_word", [("ja", "データ基準日"), ("en", "Data as of")])
def test_svg_carries_title_as_of_and_source(dist, lang, as_of_word):
    fig = stage_bars(dist, lang)
    svg = images.figure_image(fig, "svg", title=TITLE, as_of="2025-03-03", source=SOURCE, lang=lang).decode()
    assert svg.lstrip().startswith("<svg")
    assert TITLE in svg
    assert f"{as_of_word} 2025/03/03" in svg
    assert SOURCE in svg
    assert FONT.split(",")[0] in svg  # Japanese set in Noto CJK


@pytest.mark.slow  # rendered through the chart browser
@needs_browser
def test_png_is_valid_and_of_the_requested_size(dist):
    fig = stage_bars(dist, "ja")
    png = images.figure_image(
        fig, "png", title=TITLE, as_of="2025-03-03", source=SOURCE, width=800, height=700, scale=1
    )
    assert png_size(png) == (800, 700)
    doubled = images.figure_image(
        fig, "png", title=TITLE, as_of="2025-03-03", source=SOURCE, width=800, height=700, scale=2
    )
    assert png_size(doubled) == (1600, 1400)
    # 20 businesses do not fit in 400 px with their names apart: the picture grows, its width stays
    grown = images.figure_image(
        fig, "png", title=TITLE, as_of="2025-03-03", source=SOURCE, width=800, height=400, scale=1
    )
    width, height = png_size(grown)
    assert width == 800 and height > 400


def test_texts_are_measured_as_displayed():
    # markup off, references read as their characters, the widest line counts
    assert measure.lines("<b>a&lt;b</b><br>cd") == ["a<b", "cd"]
    assert measure.width("<b>住民基本台帳</b>", 13) == pytest.approx(measure.width("住民基本台帳", 13, bold=True))
    assert measure.width("戸籍<br>住民基本台帳", 13) == pytest.approx(measure.width("住民基本台帳", 13))
    assert measure.width("住民基本台帳", 26) == pytest.approx(2 * measure.width("住民基本台帳", 13))
    # a full-width character is about an em; Latin narrower
    assert 12 <= measure.width("帳", 13) <= 14 and measure.width("i", 13) < 6


@pytest.mark.parametrize(
    "text",
    [
        "Medical Care for the Late-Stage Elderly",
        "子ども・子育て支援（こども家庭庁所管の基幹業務システム）",
        "Averyveryverylongwordwithoutanyspaceatallthatmustbebroken here",
    ],
)
def test_wrapping_keeps_every_character_and_each_line_fits(text):
    lines = measure.wrap(text, 13, 120)
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing cut
    assert all(measure.width(line, 13) <= 120 + 0.01 for line in lines)


def test_margins_follow_the_measured_labels(dist):
    short = images.framed(stage_bars(dist, "ja"), title=TITLE, as_of="2025-03-03", source=SOURCE)
    long = images.framed(stage_bars(dist, "en"), title=TITLE, as_of="2025-03-03", source=SOURCE)
    widest_ja = max(measure.width(n, 13) for n in dist["business_ja"].unique())
    widest_en = max(measure.width(n, 13) for n in dist["business_en"].unique())
    assert short.layout.margin.l >= widest_ja and long.layout.margin.l >= widest_en
    assert long.layout.margin.l - short.layout.margin.l == pytest.approx(widest_en - widest_ja, abs=2)
    # the legend sits under the title and the as-of line, the plot under the legend
    assert short.layout.legend.yref == "container" and short.layout.legend.y < 1 - 60 / short.layout.height
    assert short.layout.margin.t > 60 + 13 * 1.75


def test_a_long_category_is_wrapped_and_the_picture_grows_for_many():
    frame = pd.DataFrame(
        {"label": [f"ベンダ{i} " + "株式会社とても長い名前の情報システム" * 3 for i in range(40)], "n": range(40)}
    )
    fig = count_bars(frame, "label", "n", "#0072B2", "件数")
    out = images.framed(fig, title=TITLE, as_of="2025-03-03", source=SOURCE, width=800, height=400)
    labels = list(out.data[0].y)
    assert all("<br>" in label for label in labels)  # wrapped, not cut
    # every character kept (a space where a line breaks is the break)
    assert [label.replace("<br>", "") for label in labels] == frame["label"].str.replace(" ", "").tolist()
    assert out.layout.margin.l <= 0.4 * 800 + 40
    assert out.layout.height > 400  # 40 rows of two lines do not fit in 400 px: the picture grew
    assert out.layout.width == 800


def test_a_source_already_named_is_not_named_twice(dist):
    out = images.framed(stage_bars(dist), title=TITLE, as_of="2025-03-03", source="出典: 総務省")
    assert [a.text for a in out.layout.annotations if "総務省" in a.text] == ["出典: 総務省"]
