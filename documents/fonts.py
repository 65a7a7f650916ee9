"""Debian's Noto Sans CJK, found at run time through fontconfig (a clear error when it is missing)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from etl.errors import BilingualError

FAMILY = "Noto Sans CJK JP"
KNOWN_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)


class FontMissing(BilingualError):
    """No Japanese font to set a document in; the message is in Japanese and English."""

    def __init__(self) -> None:
        super().__init__(
            "日本語フォント（Noto Sans CJK JP）が見つかりません。Debian では "
            "`apt-get install fonts-noto-cjk` で入れてください（`make test` も入れます）。",
            "No Japanese font (Noto Sans CJK JP) found. On Debian install it with "
            "`apt-get install fonts-noto-cjk` (`make test` installs it too).",
        )


@dataclass(frozen=True)
class Font:
    """A font family as fontconfig knows it, and its file."""

    family: str
    path: Path


def noto_cjk() -> Font:
    """Noto Sans CJK JP as fontconfig resolves it; FontMissing when fontconfig falls back to another font."""
    if shutil.which("fc-match"):
        result = subprocess.run(
            ["fc-match", "-f", "%{family}\n%{file}", FAMILY], capture_output=True, text=True, timeout=30, check=False
        )
        lines = result.stdout.splitlines()
        if result.returncode == 0 and len(lines) >= 2 and "Noto Sans CJK" in lines[0]:
            return Font(FAMILY, Path(lines[1]))
        raise FontMissing
    # no fontconfig tools: a known Debian path still tells whether the package is there
    for path in KNOWN_PATHS:
        if path.exists():
            return Font(FAMILY, path)
    raise FontMissing
