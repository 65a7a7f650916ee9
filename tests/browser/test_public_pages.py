"""Issue 3 in a real browser: the public pages render their charts without an error, a filter and
the language live in the URL, and every page is captured in both languages."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_healthy,
    main_text,
    open_app,
    screenshot,
)

pytestmark = pytest.mark.browser


def test_overview_opens_in_japanese_without_error(page, server):
    open_app(page, server, "")
    assert_healthy(page, "overview")
    assert "概要" in main_text(page)
    screenshot(page, "overview-ja")
