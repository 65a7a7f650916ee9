"""Text stays text: one escaping rule per output kind, applied where stored text enters the output.

What a municipality or a release typed (a vendor, a note, a finding's value, a sheet's name) is kept
as typed; only its rendering escapes it, so that it shows as the very characters typed and never as
markup:

- Streamlit text elements render Markdown (st.table's cells too, st.caption, st.markdown): `md`
  backslash-escapes every ASCII punctuation character (CommonMark's own escape), so no link, image,
  emphasis, `:red[...]` directive, `:shortcode:`, KaTeX `$...$` or HTML tag forms; `table` is
  st.table with every text cell and heading escaped. st.dataframe draws cells as plain text.
- plotly reads a subset of HTML in every label it draws (tick labels, hover, legend, annotations,
  texts): `figure_text` escapes `&`, `<` and `>` in every text cell of the frames and the text
  arguments a chart is drawn from (dashboard.charts applies it to every chart it exports).
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
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

_MARKDOWN = re.compile("([" + re.escape(string.punctuation) + "])")
_SHOWN = re.compile(r"\\([" + re.escape(string.punctuation) + "])")
_HTML = re.compile("[&<>]")


def md(value: object) -> str:
    """Text for a Streamlit Markdown element: every ASCII punctuation character backslash-escaped,
    so it reads exactly as typed (`[a](b)` stays `[a](b)`, `**x**` stays `**x**`)."""
    text = "" if value is None else str(value)
    return _MARKDOWN.sub(r"\\\1", text)


def shown(markdown: str) -> str:
    """The text a reader sees of what `md` escaped (its escapes undone): what tests compare."""
    return _SHOWN.sub(r"\1", markdown)


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


def table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """st.table, whose cells render Markdown, with every stored text escaped."""
    st.table(md_frame(frame), **kwargs)


def caption(text: str) -> None:
    """st.caption of a text that holds stored values, escaped."""
    st.caption(md(text))


def markdown_lines(lines: list[str]) -> None:
    """A bulleted list of texts that hold stored values, each escaped."""
    st.markdown("\n".join(f"- {md(line)}" for line in lines))


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


def figure_text(chart: F) -> F:
    """A chart function whose frames' text cells and text arguments reach the figure HTML-escaped
    (`&` `<` `>`): a vendor written as a link is drawn as the characters typed, never as a link."""

    @functools.wraps(chart)
    def drawn(*args: Any, **kwargs: Any) -> Any:
        args = tuple(_html_argument(a) for a in args)
        kwargs = {k: _html_argument(v) for k, v in kwargs.items()}
        return chart(*args, **kwargs)

    drawn.plain_text = True  # type: ignore[attr-defined]
    return drawn  # type: ignore[return-value]
