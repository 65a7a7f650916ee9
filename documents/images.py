"""Static chart images (PNG, SVG) that stand alone: title, as-of date and source inside the picture.

Pure (no Streamlit). Rendering goes through kaleido 1.x with the system's Chromium: Debian's
`/usr/bin/chromium` unless `BROWSER_PATH` says otherwise; no browser is ever downloaded. The browser
starts once per process, on the first image, and serves every later one from its own event loop
thread; calls are serialised, so Streamlit's script threads can share it.
"""

from __future__ import annotations

import asyncio
import atexit
import html
import logging
import math
import os
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import date, datetime
from numbers import Real
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import FONT
from documents import measure
from etl.errors import BilingualError
from schemas.vocabulary.language import in_lang

Format = Literal["png", "svg"]
FORMATS: tuple[str, ...] = ("png", "svg")
DEBIAN_CHROMIUM = "/usr/bin/chromium"
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 480
RENDER_TIMEOUT_S = 90
PREFIX = "hyojunka"
# choreographer, kaleido's browser driver, logs a message from the browser that it cannot decode, with
# its traceback, and then ignores it; a browser that is closing now and then writes one. That record is
# dropped so that no traceback reaches a terminal; whatever else the driver logs still passes.
DRIVER_PIPE_LOGGER = "choreographer.channels.pipe"
IGNORED_BY_DRIVER = "JSONError decoding message"

TEXT = {
    "as_of": ("データ基準日", "Data as of"),
    "source": ("出典", "Source"),
}


class ChartImageError(BilingualError):
    """A chart could not be rendered; the message is in Japanese and English."""


def _t(key: str, lang: str) -> str:
    return in_lang(TEXT[key], lang)


def _day(value: date | datetime | str | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return pd.Timestamp(value).strftime("%Y/%m/%d")


def image_file_name(chart_key: str, as_of: date | datetime | str | None, fmt: str) -> str:
    """The download's name: hyojunka_<chart>_<as-of>.<fmt>."""
    day = pd.Timestamp(as_of).strftime("%Y-%m-%d") if as_of is not None and not pd.isna(as_of) else "undated"
    return f"{PREFIX}_{chart_key}_{day}.{fmt}"


# The picture's frame, in pixels (layout pixels; a PNG is rendered at `scale` times these)
PAD = 12  # the picture's edge to anything drawn
TITLE_SIZE = 18
SUBTITLE_SIZE = 13
SOURCE_SIZE = 11
LINE = 1.3  # a line's height, in font sizes
TICK_GAP = 8  # tick labels to the plot's edge
LABEL_DROP = 10  # bottom tick labels lowered by this, below the left axis's lowest number
ROW = 1.5  # room for one category's tick label, in font sizes (the glyph boxes are about 1.45 high)
MIN_PLOT = 120  # the smallest plot area kept when the margins are large; the picture grows instead
WIDEST_LABEL = 0.4  # a category label wider than this share of the picture is wrapped
LEGEND_SYMBOL = 56  # a legend entry's symbol and the gaps around its text
NO_LEGEND_TYPES = ("heatmap", "choropleth", "contour", "histogram2d")


@dataclass
class _Box:
    """The margins being worked out, and where the header ends."""

    top: float = 0.0
    bottom: float = 0.0
    left: float = 0.0
    right: float = 0.0
    header: float = 0.0


def _font_size(fig: go.Figure, font: Any = None) -> float:
    size = font.size if font is not None and font.size else None
    return float(size or fig.layout.font.size or 12)


def _axis_id(name: str) -> str:
    # layout name (xaxis2) -> the id traces use (x2)
    return name[0] + name[5:]


def _axes(fig: go.Figure, letter: str) -> list[tuple[str, Any]]:
    layout = fig.layout.to_plotly_json()
    names = sorted(k for k in layout if k.startswith(f"{letter}axis"))
    return [(n, fig.layout[n]) for n in names]


def _uses_axis(trace: Any, letter: str, axis_id: str) -> bool:
    if trace.type in ("choropleth", "scattergeo", "pie"):
        return False
    return (getattr(trace, f"{letter}axis", None) or letter) == axis_id


def _is_shown(axis: Any) -> bool:
    return axis.visible is not False and axis.showticklabels is not False


def _tick_number(value: float, axis: Any) -> str:
    fmt = axis.tickformat or ""
    if "%" in fmt and "Y" not in fmt and "m" not in fmt:
        text = f"{value * 100:,.0f}%"
    elif "," in fmt or value >= 1000:
        text = f"{value:,.0f}"
    else:
        text = f"{value:g}"
    return f"{axis.tickprefix or ''}{text}{axis.ticksuffix or ''}"


def _tick_texts(fig: go.Figure, letter: str, name: str, axis: Any) -> list[str]:
    """The tick labels an axis will show: its categories, or its widest numbers or dates."""
    return _ticks(fig, letter, name, axis)[0]


def _ticks(fig: go.Figure, letter: str, name: str, axis: Any) -> tuple[list[str], bool]:
    # the labels, and whether they are categories (one per row of the plot)
    if axis.ticktext:
        return [str(t) for t in axis.ticktext], True
    values: list[Any] = []
    for trace in fig.data:
        if _uses_axis(trace, letter, _axis_id(name)):
            data = getattr(trace, letter, None)
            if data is not None:
                values.extend(v for v in data if v is not None)
    if axis.type == "category" or axis.categoryarray or any(isinstance(v, str) for v in values):
        categories = list(axis.categoryarray) if axis.categoryarray else []
        return [str(v) for v in dict.fromkeys([*categories, *values])], True
    if axis.type == "date" or any(isinstance(v, (date, datetime, pd.Timestamp, np.datetime64)) for v in values):
        return (["2026-12-31"] if "%d" in (axis.tickformat or "") else ["2026-12"]), False
    numbers = [float(v) for v in values if isinstance(v, Real) and not isinstance(v, bool) and not pd.isna(v)]
    if axis.range is not None:
        numbers += [float(v) for v in axis.range if isinstance(v, (int, float))]
    top = max((abs(v) for v in numbers), default=1.0)
    return [_tick_number(top * 1.25, axis), _tick_number(top, axis)], False


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _wrap_categories(fig: go.Figure, letter: str, name: str, axis: Any, size: float, limit: float) -> None:
    """Category labels wider than `limit` set on more than one line, in every trace and the order."""
    wide = {t: t for t in _tick_texts(fig, letter, name, axis) if measure.width(t, size) > limit}
    if not wide:
        return
    wrapped = {t: "<br>".join(_escape(x) for x in measure.wrap(t, size, limit)) for t in wide}
    for trace in fig.data:
        data = getattr(trace, letter, None) if _uses_axis(trace, letter, _axis_id(name)) else None
        if data is not None:
            trace[letter] = [wrapped.get(v, v) if isinstance(v, str) else v for v in data]
    if axis.categoryarray:
        axis.categoryarray = [wrapped.get(v, v) for v in axis.categoryarray]


def _legend_entries(fig: go.Figure) -> list[str]:
    entries = []
    for trace in fig.data:
        shown = trace.showlegend if trace.showlegend is not None else trace.type not in NO_LEGEND_TYPES
        if shown and trace.name:
            entries.append(str(trace.name))
    return entries


def _legend_rows(entries: list[str], size: float, plot_width: float) -> int:
    # plotly wraps a horizontal legend at the plot area's width; once it wraps, every entry takes a
    # column as wide as the widest (its symbol and gaps included)
    widths = [measure.width(e, size) + LEGEND_SYMBOL for e in entries]
    if sum(widths) < plot_width:
        return 1
    per_row = max(int(plot_width // max(widths)), 1)
    return math.ceil(len(entries) / per_row)


def _legend_title(fig: go.Figure) -> str:
    title = fig.layout.legend.title
    return str(title.text) if title is not None and title.text else ""


def _above_plot(fig: go.Figure, size: float) -> float:
    # annotations standing on the plot's top edge (subplot titles, a line's label) take room above it
    band = 0.0
    for a in fig.layout.annotations:
        if a.yref == "paper" and a.y is not None and a.y >= 1 and (a.yanchor in ("bottom", None, "auto")):
            a_size = _font_size(fig, a.font)
            band = max(band, a_size * LINE * max(len(measure.lines(a.text)), 1) + 6)
    for s in fig.layout.shapes:
        if s.type == "line" and s.label is not None and s.label.text:
            band = max(band, size * LINE + 6)
    return band


def _colorbar_width(fig: go.Figure, size: float) -> float:
    for trace in fig.data:
        scaled = trace.type in NO_LEGEND_TYPES and getattr(trace, "showscale", None) is not False
        if scaled and trace.type != "choropleth":
            bar = trace.colorbar
            ticks = [f"{bar.tickprefix or ''}{v}{bar.ticksuffix or ''}" for v in ("100", "0", "1,000")]
            title = str(bar.title.text) if bar.title and bar.title.text else ""
            return (
                30
                + TICK_GAP
                + max(measure.width(t, size) for t in ticks)
                + 0.03 * DEFAULT_WIDTH
                + max(0.0, measure.width(title, size) - 60)
            )
    return 0.0


def framed(
    fig: go.Figure,
    *,
    title: str,
    as_of: date | datetime | str | None,
    source: str,
    lang: str = "ja",
    width: int | None = None,
    height: int | None = None,
) -> go.Figure:
    """A copy of the figure laid out for a picture of its own: the one layout every exported chart goes
    through (the pages' PNG/SVG buttons, the deck's slides, the A4 sheet).

    The picture is `width` x `height` layout pixels (else the figure's own, else 1000 x 480); where
    its texts need more height than that (many categories, a tall legend) it grows, never shrinks.
    Inside, from the top: the title (wrapped, never cut), the as-of line, the legend (rows across the
    picture, clear of the title), any labels standing on the plot (subplot titles, the deadline's
    label) and axis labels along the top, the plot, the axis labels and titles along the bottom, and
    the source line(s). Every margin is worked out from the measured widths of the texts that sit in
    it (`documents.measure`): tick labels, categories (a category wider than 40 % of the picture is
    set on two lines), the legend's entries, a colour bar's numbers, the last axis number's overhang.
    """
    out = go.Figure(fig)
    w = int(width or out.layout.width or DEFAULT_WIDTH)
    h = int(height or out.layout.height or DEFAULT_HEIGHT)
    size = _font_size(out)
    room = w - 2 * PAD
    box = _Box()

    # the header: title lines and the as-of line
    title_lines = measure.wrap(title, TITLE_SIZE, room, bold=True)
    box.header = PAD + TITLE_SIZE * LINE * len(title_lines) + 4 + SUBTITLE_SIZE * LINE + 8
    box.top = box.header

    # axes: labels along the top (rotated), the bottom and the left
    box.top += _above_plot(out, size)
    box.left, box.right, bottom_band = PAD, PAD, 0.0
    category_rows = 0.0
    for name, axis in _axes(out, "y"):
        if not _is_shown(axis):
            continue
        tick_size = _font_size(out, axis.tickfont)
        _wrap_categories(out, "y", name, axis, tick_size, WIDEST_LABEL * w)
        texts, categorical = _ticks(out, "y", name, axis)
        label_w = max((measure.width(t, tick_size) for t in texts), default=0.0)
        titled = bool(axis.title and axis.title.text)
        band = label_w + TICK_GAP + (_font_size(out, axis.title.font) * 1.5 + 16 if titled else 0)
        box.left = max(box.left, PAD + band)
        if titled:  # the axis title just beyond its widest label
            axis.title.standoff = math.ceil(label_w + TICK_GAP + 4)
        if categorical:
            n_lines = sum(max(len(measure.lines(t)), 1) for t in texts)
            category_rows += n_lines * tick_size * ROW
    for name, axis in _axes(out, "x"):
        if not _is_shown(axis):
            continue
        tick_size = _font_size(out, axis.tickfont)
        texts = _tick_texts(out, "x", name, axis)
        label_w = max((measure.width(t, tick_size) for t in texts), default=0.0)
        angle = abs(float(axis.tickangle)) if isinstance(axis.tickangle, (int, float)) else 0.0
        if angle:
            rad = math.radians(angle)
            band = (label_w + 4) * math.sin(rad) + tick_size * LINE * math.cos(rad) + TICK_GAP
            box.right = max(box.right, PAD + label_w * math.cos(rad))
        else:
            band = tick_size * LINE + TICK_GAP + (LABEL_DROP if axis.side != "top" else 0)
            box.right = max(box.right, PAD + label_w / 2)
            if axis.side != "top":  # clear of the left axis's lowest number, which sits on the same corner
                axis.ticklabelstandoff = LABEL_DROP
        if axis.title and axis.title.text:
            band += _font_size(out, axis.title.font) * 1.6 + 14
        if axis.side == "top":
            box.top += band
        else:
            bottom_band = max(bottom_band, band)
    box.right = max(box.right, PAD + _colorbar_width(out, size))

    # the legend: horizontal rows under the header (its title, if any, on a row of its own above them)
    entries = _legend_entries(out)
    show_legend = out.layout.showlegend if out.layout.showlegend is not None else len(entries) > 1
    legend_size = _font_size(out, out.layout.legend.font)
    legend_band = 0.0
    if show_legend and entries:
        rows = _legend_rows(entries, legend_size, w - box.left - box.right) + (1 if _legend_title(out) else 0)
        legend_band = rows * legend_size * 1.75 + 10
    box.top += legend_band

    # the source line(s) along the bottom edge
    word = _t("source", lang)
    source_text = source if source.startswith(word) else f"{word}: {source}"
    source_lines = measure.wrap(source_text, SOURCE_SIZE, room)
    source_h = SOURCE_SIZE * LINE * len(source_lines)
    box.bottom = bottom_band + 6 + source_h + PAD

    # the picture grows where the plot would be too small for its categories
    plot_need = max(MIN_PLOT, category_rows * 1.08)
    h = max(h, math.ceil(box.top + box.bottom + plot_need))
    plot_height = h - box.top - box.bottom

    if show_legend and entries:
        out.update_layout(
            showlegend=True,
            legend={
                "orientation": "h",
                "xref": "container",
                "yref": "container",
                "x": PAD / w,
                "xanchor": "left",
                "y": 1 - (box.header + 2) / h,
                "yanchor": "top",
                "bgcolor": "rgba(0,0,0,0)",
                "title": {"side": "top"} if _legend_title(out) else {},
            },
        )
    out.update_layout(
        width=w,
        height=h,
        font_family=FONT,
        paper_bgcolor="white",
        margin={
            "t": math.ceil(box.top),
            "b": math.ceil(box.bottom),
            "l": math.ceil(box.left),
            "r": math.ceil(box.right),
            "autoexpand": False,
        },
        title={
            "text": "<br>".join(f"<b>{_escape(line)}</b>" for line in title_lines),
            "subtitle": {
                "text": f"{_t('as_of', lang)} {_day(as_of)}",
                "font": {"size": SUBTITLE_SIZE, "color": "#444444"},
            },
            "x": PAD / w,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - PAD / h,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 0, "l": 0},
            "font": {"size": TITLE_SIZE},
        },
    )
    for name, _axis in [*_axes(out, "x"), *_axes(out, "y")]:
        out.layout[name].automargin = True  # the titles stand off from the labels; the margins stay as set
    # the source along the bottom edge: paper units below the plot, from the margins just set
    out.add_annotation(
        text="<br>".join(_escape(line) for line in source_lines),
        xref="paper",
        yref="paper",
        x=0,
        xshift=PAD - math.ceil(box.left),
        y=-(math.ceil(box.bottom) - PAD) / plot_height,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": SOURCE_SIZE, "color": "#444444"},
    )
    return out


def browser_path() -> str:
    """The Chromium kaleido will use; sets BROWSER_PATH to Debian's when unset and present."""
    if not os.environ.get("BROWSER_PATH") and os.path.exists(DEBIAN_CHROMIUM):
        os.environ["BROWSER_PATH"] = DEBIAN_CHROMIUM
    path = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
    if not path or not os.path.exists(path):
        raise ChartImageError(
            "グラフを画像にするための Chromium が見つかりません。Debian では `apt-get install chromium` で"
            "入れるか、環境変数 BROWSER_PATH にブラウザの場所を指定してください。",
            "No Chromium found to render the chart. On Debian install it with `apt-get install chromium`, "
            "or point the BROWSER_PATH environment variable at a browser.",
        )
    return path


def _not_ignored_by_driver(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(IGNORED_BY_DRIVER)


def quiet_driver() -> None:
    """Drop the driver's ignored-message record. Called once kaleido is imported: the driver's logging
    library sets the class of the loggers made after it, and a logger made before would lack its methods."""
    logging.getLogger(DRIVER_PIPE_LOGGER).addFilter(_not_ignored_by_driver)


class _Renderer:
    """One kaleido browser on one event-loop thread, shared by every caller in the process."""

    def __init__(self) -> None:
        import kaleido

        quiet_driver()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="hyojunka-kaleido", daemon=True)
        self._thread.start()
        # mathjax=False: no request to a CDN; plotly.js comes from the installed plotly package
        self._kaleido = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT_S, mathjax=False)
        self._run(self._kaleido.open())

    def _run(self, coroutine: Any) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=RENDER_TIMEOUT_S + 10)
        except FutureTimeout:
            future.cancel()
            raise

    def render(self, spec: dict, opts: dict) -> bytes:
        """The figure's bytes in the format and size of opts."""
        return self._run(self._kaleido.calc_fig(spec, opts=opts))

    def close(self) -> None:
        """Close the browser and stop the loop."""
        try:
            self._run(self._kaleido.close())
        except Exception:  # noqa: BLE001 - closing a browser that is already gone
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


_lock = threading.Lock()
_renderer: _Renderer | None = None


def shutdown() -> None:
    """Close the process's chart browser (if started) and remove its profile; the next image starts another."""
    global _renderer
    with _lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


atexit.register(shutdown)


log = logging.getLogger("hyojunka.images")


def warm() -> threading.Thread:
    """Start the chart browser (and load the measuring font) on a thread of its own, so that the first
    image a reader asks for does not wait for the browser to start: the served app calls it once at
    start. A browser that cannot start is left for that first image to report, in both languages."""

    def start() -> None:
        global _renderer
        measure.width("日本語 Latin 123", 13)  # the font loaded
        with _lock:
            if _renderer is not None:
                return
            try:
                browser_path()
                _renderer = _Renderer()
                # one tiny picture: plotly.js is loaded into the browser's page before a reader's first
                _renderer.render(go.Figure().to_plotly_json(), {"format": "png", "width": 20, "height": 20, "scale": 1})
            except Exception as exc:  # noqa: BLE001 - the first image reports it
                log.info("chart browser not started ahead of the first image: %s", type(exc).__name__)

    thread = threading.Thread(target=start, name="hyojunka-kaleido-warm", daemon=True)
    thread.start()
    return thread


def render(fig: go.Figure, fmt: str, *, width: int, height: int, scale: float = 1.0) -> bytes:
    """A figure as PNG or SVG bytes through the process's one kaleido browser, as it stands."""
    global _renderer
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    browser_path()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    with _lock:
        try:
            if _renderer is None:
                _renderer = _Renderer()
            return _renderer.render(fig.to_plotly_json(), opts)
        except Exception as exc:
            # a broken browser is dropped so that the next call starts a fresh one
            if _renderer is not None:
                _renderer.close()
                _renderer = None
            raise ChartImageError(
                f"グラフを画像にできませんでした（{type(exc).__name__}）。",
                f"The chart could not be rendered ({type(exc).__name__}).",
            ) from exc


def figure_image(
    fig: go.Figure,
    fmt: str,
    *,
    title: str,
    as_of: date | datetime | str | None,
    source: str,
    lang: str = "ja",
    width: int | None = None,
    height: int | None = None,
    scale: float = 2.0,
) -> bytes:
    """The chart as a PNG or SVG that carries its title, as-of date and source; the figure is not changed."""
    out = framed(fig, title=title, as_of=as_of, source=source, lang=lang, width=width, height=height)
    return render(out, fmt, width=int(out.layout.width), height=int(out.layout.height), scale=scale)
