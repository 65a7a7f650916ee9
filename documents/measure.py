"""How wide a text is drawn: the widths a picture's layout is worked out from (`documents/images.py`).

Texts are measured as shown: plotly's markup (`<b>`, `<br>`, any other tag) taken off, character
references (`&lt;`, `&amp;`) read as the characters they stand for, each line on its own. The widths
come from the font the pictures are set in (Debian's Noto Sans CJK, found through fontconfig, through
Pillow's FreeType); where that font is missing, a character's width is estimated (a full em for wide
East Asian characters, 0.62 em for others), a little wider than the font's, so that nothing is cut.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

TAG = re.compile(r"<[^>]*>")
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
BOLD = re.compile(r"<b>", re.IGNORECASE)
SCALE = 4  # the font is loaded this many times larger, for sub-pixel widths


def lines(text: Any) -> list[str]:
    """The lines of a (plotly-marked-up) text as displayed."""
    if text is None:
        return []
    return [html.unescape(TAG.sub("", part)) for part in BREAK.split(str(text))]


@cache
def _font(bold: bool) -> Any:
    try:
        from PIL import ImageFont

        from documents import fonts

        regular = fonts.noto_cjk().path
        path = Path(str(regular).replace("Regular", "Bold")) if bold else regular
        if not path.exists():
            path = regular
        return ImageFont.truetype(str(path), size=100 * SCALE)
    except Exception:  # noqa: BLE001 - no font: the estimate below stands in
        return None


def _estimate(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.62 for c in text)


@cache
def _em_width(line: str, bold: bool) -> float:
    font = _font(bold)
    if font is None:
        return _estimate(line)
    return float(font.getlength(line)) / (100 * SCALE)


def width(text: Any, size: float, bold: bool | None = None) -> float:
    """The width in pixels of the text's widest line at a font size in pixels."""
    bold = bool(BOLD.search(str(text or ""))) if bold is None else bold
    return max((_em_width(line, bold) * size for line in lines(text)), default=0.0)


def wrap(text: str, size: float, limit: float, bold: bool = False) -> list[str]:
    """The text broken into lines no wider than `limit` pixels: at spaces where there are any (a word
    longer than the limit is broken between its characters), else between any two characters (as
    Japanese is set). Never cut: every character is kept."""
    out: list[str] = []
    for paragraph in lines(text):
        words = paragraph.split(" ") if " " in paragraph.strip() else list(paragraph)
        joiner = " " if " " in paragraph.strip() else ""
        line = ""
        for word in words:
            trial = f"{line}{joiner}{word}" if line else word
            if line and width(trial, size, bold) > limit:
                out.append(line)
                line = word
            else:
                line = trial
            while width(line, size, bold) > limit and len(line) > 1:  # one word wider than the line
                cut = len(line) - 1
                while cut > 1 and width(line[:cut], size, bold) > limit:
                    cut -= 1
                out.append(line[:cut])
                line = line[cut:]
        out.append(line)
    return out
