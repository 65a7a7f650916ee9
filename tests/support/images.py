"""What the picture tests share: whether a Chromium can render, and a PNG's size."""

from __future__ import annotations

import os
import shutil
import struct

import pytest

from documents import images

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HAS_BROWSER = bool(os.environ.get("BROWSER_PATH") or shutil.which("chromium") or os.path.exists(images.DEBIAN_CHROMIUM))
# outside CI a test that renders skips without a Chromium; in CI it runs (and fails without one)
needs_browser = pytest.mark.skipif(not HAS_BROWSER and not IN_CI, reason="no Chromium to render with (CI requires it)")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (after checking the signature)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])
