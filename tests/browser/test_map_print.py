"""Issue 9 in a real browser: the map draws one shape per municipality without a request outside the
app, a click on a municipality opens its page, and pages print on A4 without the sidebar and with
their tables in full."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.browser import PUBLIC_PAGES, assert_healthy, open_app, screenshot, wait_for_charts, wait_for_run
from tests.support.codes import HACHIOJI
from tests.support.paths import SCREENSHOTS

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)  # width, height of an A4 page in PDF points (±1)


def outside_requests(pg, origin: str) -> list[str]:
    """Start recording every request this page makes to another origin."""
    seen: list[str] = []

    def record(request) -> None:
        if request.url.startswith(origin) or urlparse(request.url).scheme not in ("http", "https", "ws", "wss"):
            return
        # the app's favicon (st.set_page_config's material icon) is Streamlit's own request, not the map's
        if "materialsymbols" in request.url and request.url.endswith("/24px.svg"):
            return
        seen.append(request.url)

    pg.on("request", record)
    return seen


def test_map_draws_62_shapes_offline_and_a_click_opens_the_municipality(page, server):
    outside = outside_requests(page, server.url)
    open_app(page, server, "map")
    wait_for_charts(page)
    shapes = page.locator("[data-testid=stPlotlyChart] path.choroplethlocation")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stPlotlyChart] path.choroplethlocation').length >= 62"
    )
    assert shapes.count() == 62
    assert "国土数値情報" in page.get_by_test_id("stMain").inner_text()
    # the chart's own toolbar (English, with an untitled image button) is not there
    assert page.locator(".modebar").count() == 0
    screenshot(page, "map-ja")
    assert_healthy(page, "map")

    # Hachioji is large and on the mainland: click the middle of its shape
    hachioji = page.evaluate(
        """code => {
            const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
            const paths = Array.from(gd.querySelectorAll('path.choroplethlocation'));
            const hit = paths.find(p => { const d = p.__data__; return d && (d.loc === code || d.id === code); });
            if (!hit) { return null; }
            const r = hit.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2];
        }""",
        HACHIOJI,
    )
    assert hachioji is not None, "no shape of Hachioji on the map"
    page.mouse.click(*hachioji)
    page.wait_for_url(re.compile(rf"/municipality\?(.*&)?muni={HACHIOJI}"))
    wait_for_run(page)
    assert "八王子市" in page.get_by_test_id("stMain").locator("h2").first.inner_text()
    assert not outside, f"requests outside the app: {outside}"


def _pdf(pg, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS.parent / f"{name}.pdf"
    pg.emulate_media(media="print")
    pg.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    pg.emulate_media(media="screen")
    return path


def _pdf_text_and_sizes(path: Path) -> tuple[str, list[tuple[int, int]]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    if shutil.which("pdftotext"):  # poppler maps the CJK fonts back to text reliably
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60)
        text = done.stdout.decode("utf-8")
    else:  # pypdf gives some kanji as radicals (⼋ for 八): NFKC folds most of them back
        text = "\n".join(p.extract_text() or "" for p in reader.pages)
    return unicodedata.normalize("NFKC", text), sizes


def _is_a4_portrait(size: tuple[int, int]) -> bool:
    return abs(size[0] - A4_POINTS[0]) <= 1 and abs(size[1] - A4_POINTS[1]) <= 1


def test_municipality_page_prints_all_20_systems_on_a4_without_the_sidebar(page, server):
    open_app(page, server, "municipality", muni=HACHIOJI)
    wait_for_charts(page)
    pdf = _pdf(page, "print-municipality-132012")
    text, sizes = _pdf_text_and_sizes(pdf)
    assert sizes and all(_is_a4_portrait(s) for s in sizes), sizes
    # the 20 businesses of its systems table, the last ones too (the grid on screen shows 10)
    from etl import reference

    names = reference.businesses()["name_ja"].tolist()
    compact = re.sub(r"\s+", "", text)
    missing = [n for n in names if re.sub(r"\s+", "", unicodedata.normalize("NFKC", n)) not in compact]
    assert not missing, f"printed without {missing}"
    # no sidebar: its navigation and language toggle are not printed
    # (the page's own text may mention signing in, ログインすると表示: the navigation's item is a line of its own)
    lines = {line.strip() for line in text.splitlines()}
    assert "English" not in text and "ログイン" not in lines
    subprocess_png(pdf, "print-municipality-132012")


def subprocess_png(pdf: Path, name: str) -> None:
    """The PDF's first page as a PNG beside the screenshots (pdftoppm, when installed)."""
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(SCREENSHOTS / name)],
            check=True,
            timeout=60,
        )


@pytest.mark.parametrize("name", [n for n in PUBLIC_PAGES if n != "municipality"])
def test_public_pages_print_on_a4_portrait(page, server, name):
    path = PUBLIC_PAGES[name]
    open_app(page, server, path)
    wait_for_charts(page)
    pdf = _pdf(page, f"print-{name}")
    text, sizes = _pdf_text_and_sizes(pdf)
    assert sizes and all(_is_a4_portrait(s) for s in sizes), sizes
    assert "English" not in text, f"{name}: the sidebar was printed"
    assert page.get_by_test_id("stMain").locator("h1").first.inner_text().strip() in text


def test_chart_image_download_carries_title_as_of_and_credit(page, server):
    open_app(page, server, "map", lang="en")
    wait_for_charts(page)
    with page.expect_download(timeout=120_000) as info:
        page.locator(".st-key-map_svg").get_by_role("button", name="SVG").click()
    download = info.value
    assert re.fullmatch(r"hyojunka_map_live_\d{4}-\d{2}-\d{2}\.svg", download.suggested_filename)
    svg = Path(download.path()).read_text(encoding="utf-8")
    assert "Share live (of systems in scope)" in svg  # the title
    assert "Data as of" in svg and "Source" in svg
    assert "国土数値情報" in svg  # the ministry's credit
    assert svg.count('class="choroplethlocation"') >= 62 or svg.count("choroplethlocation") >= 62
