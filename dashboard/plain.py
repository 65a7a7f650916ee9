"""Text stays text: one escaping rule per output kind, applied where stored text enters the output.

What a municipality or a release typed (a vendor, a note, a finding's value, a sheet's name) is kept
as typed; only its rendering escapes it, so that it shows as the very characters typed and never as
markup:

- Streamlit text elements render Markdown (st.table's cells too, st.caption, st.markdown): `md`
  backslash-escapes every ASCII punctuation character (CommonMark's own escape), so no link, image,
  emphasis, `:red[...]` directive, `:shortcode:`, KaTeX `$...$` or HTML tag forms; `md_frame`
  escapes every text cell and heading of a table (`view.plain_table` draws it with st.table, and
  `view.plain_caption` and `view.plain_list` draw escaped texts: this module imports no Streamlit).
  st.dataframe draws cells as plain text.
- plotly reads a subset of HTML in every label it draws (tick labels, hover, legend, annotations,
  texts): `figure_text` escapes `&`, `<` and `>` in every text cell of the frames and the text
  arguments a chart is drawn from (every chart of dashboard/charts/ is defined with it).
- The static edition, the printable sheet and the deck: jinja2 with autoescape, pandas' escaped
  `to_html`, plotly JSON inside `<script type="application/json">` with `</` broken; python-pptx
  writes text as XML text.
"""

from __future__ import annotations

import functools
import html
import re
import string
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import pandas as pd

_MARKDOWN = re.compile("([" + re.escape(string.punctuation) + "])")
_SHOWN = re.compile(r"\\([" + re.escape(string.punctuation) + "])")
# what GFM's autolink literals take for a link: a scheme's URL, www., an e-mail address (up to the
# next blank or Japanese text: the code span shows it all as typed)
_AUTOLINK = re.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.-]*:/{0,2}[^\s:]|\bwww\.)[^\s\u3000-\u9fff\uff00-\uffef]*"
    r"|[^\s@\u3000-\u9fff\uff00-\uffef]+@[^\s@]+\.[^\s@\u3000-\u9fff\uff00-\uffef]+"
)
# an unescaped code span as `md` writes it
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.S)
_HTML = re.compile("[&<>]")


def _code_span(text: str) -> str:
    # a code span shows its content as is; its fence is longer than any run of backticks inside
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md(value: object) -> str:
    """Text for a Streamlit Markdown element, shown exactly as typed: every ASCII punctuation
    character backslash-escaped (`[a](b)` stays `[a](b)`, `**x**` stays `**x**`), and what GFM would
    make a link of by itself (`http://…`, `www.…`, an e-mail address), which it finds in the text
    after the escapes are read, set in a code span instead."""
    text = "" if value is None else str(value)
    parts, last = [], 0
    for found in _AUTOLINK.finditer(text):
        parts.append(_MARKDOWN.sub(r"\\\1", text[last : found.start()]))
        parts.append(_code_span(found.group(0)))
        last = found.end()
    parts.append(_MARKDOWN.sub(r"\\\1", text[last:]))
    return "".join(parts)


def shown(markdown: str) -> str:
    """The text a reader sees of what `md` escaped (its escapes and code spans undone): what tests
    compare."""
    out, last = [], 0
    for span in _CODE_SPAN.finditer(markdown):
        out.append(_SHOWN.sub(r"\1", markdown[last : span.start()]))
        inner = span.group(2)
        padded = len(inner) > 2 and inner.startswith(" ") and inner.endswith(" ")
        out.append(inner[1:-1] if padded else inner)
        last = span.end()
    out.append(_SHOWN.sub(r"\1", markdown[last:]))
    return "".join(out)


def shown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`shown` of every text cell and heading of a frame `md_frame` escaped."""
    out = frame.copy()
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].astype(object).map(shown, na_action="ignore")
    out.columns = [shown(str(c)) for c in out.columns]
    return out


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values)


def md_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and every column heading escaped by `md` (missing cells kept)."""
    out = frame.copy()
    for col in out.columns:
        if _is_text(out[col]):
            out[col] = out[col].astype(object).map(md, na_action="ignore")
    out.columns = [md(c) for c in out.columns]
    return out


def html_text(value: object) -> object:
    """A label for plotly: `&`, `<` and `>` escaped (plotly shows the entities as the characters)."""
    if isinstance(value, str) and _HTML.search(value):
        return html.escape(value, quote=False)
    return value


def _html_frame(frame: pd.DataFrame) -> pd.DataFrame:
    escaped: dict[str, pd.Series] = {}
    for col in frame.columns:
        values = frame[col]
        if _is_text(values) and values.astype(object).str.contains(_HTML, na=False).any():
            escaped[str(col)] = values.astype(object).map(html_text)
    if not escaped:
        return frame
    out = frame.copy()
    for col in out.columns:
        if str(col) in escaped:
            out[col] = escaped[str(col)]
    return out


def _html_argument(value: object) -> object:
    if isinstance(value, pd.DataFrame):
        return _html_frame(value)
    if isinstance(value, pd.Series) and _is_text(value):
        return value.astype(object).map(html_text)
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
        return type(value)(html_text(v) for v in value)
    return value


F = TypeVar("F", bound=Callable[..., Any])


# set while a chart's arguments are escaped and it draws: a chart drawn inside another gets them as they are
_DRAWING: ContextVar[bool] = ContextVar("figure_text_drawing", default=False)


def figure_text(chart: F) -> F:
    """A chart function whose frames' text cells and text arguments reach the figure HTML-escaped
    (`&` `<` `>`): a vendor written as a link is drawn as the characters typed, never as a link.
    Escaped once: a chart called by another chart takes its arguments unchanged."""

    @functools.wraps(chart)
    def drawn(*args: Any, **kwargs: Any) -> Any:
        if _DRAWING.get():
            return chart(*args, **kwargs)
        args = tuple(_html_argument(a) for a in args)
        kwargs = {k: _html_argument(v) for k, v in kwargs.items()}
        token = _DRAWING.set(True)
        try:
            return chart(*args, **kwargs)
        finally:
            _DRAWING.reset(token)

    drawn.plain_text = True  # type: ignore[attr-defined]
    return drawn  # type: ignore[return-value]
