"""The briefing deck: made by the real command line, read back with python-pptx.

The small database of tests/test_queries.py (three municipalities reporting, as of 2025-03-03),
counted on 2025-03-10: every slide must say both days and the source, and the headline figures must
be those of `hyojunka export` on the same day.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from documents import deck
from tests.support.cli import run_etl_slow
from tests.support.databases import DAY
from tests.support.images import needs_browser, png_size
from tests.support.paths import SCREENSHOTS

pytestmark = pytest.mark.slow  # a deck of charts rendered through the chart browser

AS_OF = "2025/03/03"  # on the slides: the screen's one date format


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, small_db_copy) -> Path:
    return small_db_copy(tmp_path_factory.mktemp("deck") / "small.duckdb")


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def by_name(slide, name: str):
    return next(shape for shape in slide.shapes if shape.name == name)


@pytest.fixture(scope="module")
def deck_file(small: Path, built_once) -> Path:
    """The deck the command line makes, once per run."""

    def make(out: Path) -> None:
        result = run_etl_slow("deck", "--as-of", DAY.isoformat(), "--out", str(out), db=small)
        assert result.returncode == 0, result.stderr.decode()
        assert "Traceback" not in result.stderr.decode()

    return built_once("deck.pptx", make)[0]


@pytest.fixture(scope="module")
def pptx_ja(deck_file: Path) -> Presentation:
    return Presentation(io.BytesIO(deck_file.read_bytes()))


@needs_browser
def test_every_slide_states_as_of_day_and_source(pptx_ja):
    assert len(pptx_ja.slides) == len(deck.SLIDES) == 8
    for slide in pptx_ja.slides:
        footer = " ".join(texts(slide))
        assert f"データ基準日 {AS_OF}" in footer
        assert f"集計日 {DAY:%Y/%m/%d}" in footer
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
    result = run_etl_slow("export", "--format", "json", "--day", DAY.isoformat(), db=small)
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
    # 期限超過 N（うち … n · うち … n）: the total is the export's, its parts add up to it
    note = "期限超過 " + lateness.split("期限超過 ")[1]
    total = note.removeprefix("期限超過 ").split("（")[0]
    assert int(total.replace(",", "")) == overdue
    parts = note.split("（", 1)[1].rsplit("）", 1)[0].split(" · ")
    assert all(p.startswith("うち ") for p in parts)
    assert sum(int(p.rsplit(" ", 1)[1].replace(",", "")) for p in parts if "未報告" not in p) == overdue


@needs_browser
def test_english_deck(small, tmp_path):
    out = tmp_path / "deck_en.pptx"
    result = run_etl_slow("deck", "--as-of", DAY.isoformat(), "--lang", "en", "--out", str(out), db=small)
    assert result.returncode == 0, result.stderr.decode()
    prs = Presentation(io.BytesIO(out.read_bytes()))
    for slide in prs.slides:
        assert f"Data as of {AS_OF}" in " ".join(texts(slide))
    assert "Headline figures" in " ".join(texts(prs.slides[1]))


def test_missing_database_is_a_clear_error(tmp_path):
    result = run_etl_slow("deck", "--out", str(tmp_path / "x.pptx"), db=tmp_path / "none.duckdb")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "hyojunka init" in err and "Traceback" not in err
    assert not (tmp_path / "x.pptx").exists()


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{names[0]} not installed: make browser-deps installs it")
    pytest.skip(f"{names[0]} not installed")


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixels of the box are not near-white."""
    grey = image.crop(box).convert("L")
    return sum(grey.histogram()[:200])


@needs_browser
def test_impress_renders_every_slide_and_no_picture_is_cut(deck_file, pptx_ja, tmp_path):
    soffice = _tool("soffice", "libreoffice")
    pdftoppm = _tool("pdftoppm")
    profile = tmp_path / "lo-profile"  # a profile of its own: another LibreOffice may be running
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck_file),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / "deck.pdf"
    assert len(PdfReader(pdf).pages) == len(deck.SLIDES)  # every slide present
    subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf), str(tmp_path / "slide")], check=True, timeout=300)
    rendered = sorted(tmp_path.glob("slide-*.png"))
    assert len(rendered) == len(deck.SLIDES)
    slide_w, slide_h = pptx_ja.slide_width, pptx_ja.slide_height
    for name, slide, png in zip(deck.SLIDES, pptx_ja.slides, rendered, strict=True):
        with Image.open(png) as image:
            image.load()
        w, h = image.size
        assert w / h == pytest.approx(slide_w / slide_h, rel=0.01)
        # nothing runs off the slide: its outermost strip is blank all round
        for strip in ((0, 0, w, 3), (0, h - 3, w, h), (0, 0, 3, h), (w - 3, 0, w, h)):
            assert _ink(image, strip) == 0, (name, strip)
        for shape in slide.shapes:
            if shape.shape_type != 13:  # pictures only (MSO_SHAPE_TYPE.PICTURE)
                continue
            assert 0 <= shape.left and shape.left + shape.width <= slide_w, (name, shape.name)
            assert 0 <= shape.top and shape.top + shape.height <= slide_h, (name, shape.name)
            x0, y0 = shape.left * w // slide_w, shape.top * h // slide_h
            x1, y1 = (shape.left + shape.width) * w // slide_w, (shape.top + shape.height) * h // slide_h
            # the picture is drawn whole: its title at the top and its source line at the bottom
            assert _ink(image, (x0, y0, x0 + (x1 - x0) // 3, y0 + (y1 - y0) // 10)) > 20, (name, "top")
            assert _ink(image, (x0, y1 - (y1 - y0) // 12, x0 + (x1 - x0) // 3, y1)) > 20, (name, "bottom")
        if name == "stages":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            image.save(SCREENSHOTS / "deck_stages_slide.png")
