"""Static chart images: title, as-of and source inside the picture, the requested size, a clear name."""

from __future__ import annotations

import logging
import os
import shutil
import struct
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, images, queries
from etl import store
from tests.test_queries import build_small

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HAS_BROWSER = bool(os.environ.get("BROWSER_PATH") or shutil.which("chromium") or os.path.exists(images.DEBIAN_CHROMIUM))
needs_browser = pytest.mark.skipif(not HAS_BROWSER and not IN_CI, reason="no Chromium to render with (CI requires it)")

TITLE = "業務ごとの進捗段階"
SOURCE = "62団体中3団体の報告（hyojunka）"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    path: Path = tmp_path_factory.mktemp("images") / "small.duckdb"
    store.init(path)
    build_small(path)
    with store.connect(path, read_only=True) as con:
        return queries.stage_distribution(con)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (after checking the signature)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_file_name_names_chart_and_day():
    assert images.image_file_name("stage_bars", "2025-03-03", "png") == "hyojunka_stage_bars_2025-03-03.png"
    assert images.image_file_name("map", pd.Timestamp("2026-11-20 09:30"), "svg") == "hyojunka_map_2026-11-20.svg"


def test_framed_copy_leaves_the_figure_alone(dist):
    fig = charts.stage_bars(dist, "ja")
    before = fig.to_json()
    out = images.framed(fig, title=TITLE, as_of="2025-03-03", source=SOURCE, width=900, height=600)
    assert fig.to_json() == before
    assert TITLE in out.layout.title.text and "2025/03/03" in out.layout.title.subtitle.text
    assert any(SOURCE in a.text for a in out.layout.annotations)
    assert (out.layout.width, out.layout.height) == (900, 600)


def test_unknown_format_is_refused(dist):
    with pytest.raises(ValueError):
        images.figure_image(charts.stage_bars(dist), "gif", title=TITLE, as_of="2025-03-03", source=SOURCE)


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
    fig = charts.stage_bars(dist, lang)
    svg = images.figure_image(fig, "svg", title=TITLE, as_of="2025-03-03", source=SOURCE, lang=lang).decode()
    assert svg.lstrip().startswith("<svg")
    assert TITLE in svg
    assert f"{as_of_word} 2025/03/03" in svg
    assert SOURCE in svg
    assert charts.FONT.split(",")[0] in svg  # Japanese set in Noto CJK


@pytest.mark.slow  # rendered through the chart browser
@needs_browser
def test_png_is_valid_and_of_the_requested_size(dist):
    fig = charts.stage_bars(dist, "ja")
    png = images.figure_image(
        fig, "png", title=TITLE, as_of="2025-03-03", source=SOURCE, width=800, height=500, scale=1
    )
    assert png_size(png) == (800, 500)
    doubled = images.figure_image(
        fig, "png", title=TITLE, as_of="2025-03-03", source=SOURCE, width=800, height=500, scale=2
    )
    assert png_size(doubled) == (1600, 1000)
