"""The sheet and the deck downloaded from the real app in a real Chromium: made on click, named by day."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.support.browser import CODE_A, open_app

pytestmark = pytest.mark.browser
RENDER_MS = 180_000  # the first document of a server process starts its chart browser


def test_municipality_page_downloads_its_sheet(page, server):
    open_app(page, server, "municipality", muni=CODE_A)
    with page.expect_download(timeout=RENDER_MS) as info:
        page.locator(".st-key-muni_sheet_pdf button").click()
    download = info.value
    assert re.fullmatch(rf"hyojunka_sheet_{CODE_A}_\d{{4}}-\d{{2}}-\d{{2}}\.pdf", download.suggested_filename)
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = reader.pages[0].extract_text(extraction_mode="layout")
    assert len(reader.pages) == 1
    assert "千代田区" in text and CODE_A in text


def test_overview_downloads_the_briefing_deck_in_english(page, server):
    open_app(page, server, "", lang="en")
    with page.expect_download(timeout=RENDER_MS) as info:
        page.locator(".st-key-overview_deck_pptx button").click()
    download = info.value
    assert re.fullmatch(r"hyojunka_briefing_\d{4}-\d{2}-\d{2}_en\.pptx", download.suggested_filename)
    prs = Presentation(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(prs.slides) == 8
    for slide in prs.slides:
        assert "Data as of" in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
