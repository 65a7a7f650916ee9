"""Static chart images (PNG, SVG) that stand alone: title, as-of date and source inside the picture.

Pure (no Streamlit). Rendering goes through kaleido 1.x with the system's Chromium: Debian's
`/usr/bin/chromium` unless `BROWSER_PATH` says otherwise; no browser is ever downloaded. The browser
starts once per process, on the first image, and serves every later one from its own event loop
thread; calls are serialised, so Streamlit's script threads can share it.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import FONT
from etl.errors import BilingualError
from schemas.vocabulary import in_lang

Format = Literal["png", "svg"]
FORMATS: tuple[str, ...] = ("png", "svg")
DEBIAN_CHROMIUM = "/usr/bin/chromium"
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 480
TITLE_SPACE = 64  # pixels above the plot for the title and its as-of line
FOOTER_SPACE = 34  # pixels below the plot for the source line
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


def _bottom_axis_band(fig: go.Figure) -> int:
    # room for a bottom x axis's tick labels and title, so that the source line sits below them
    band = 0
    for axis in fig.select_xaxes():
        if axis.side == "top" or axis.visible is False or axis.showticklabels is False:
            continue
        titled = bool(axis.title and axis.title.text)
        band = max(band, 26 + (26 if titled else 0) + (30 if axis.tickangle not in (None, 0) else 0))
    return band


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
    """A copy of the figure with its title, as-of line and source line inside, at a fixed size."""
    out = go.Figure(fig)
    margin = out.layout.margin
    top = (margin.t if margin.t is not None else 40) + TITLE_SPACE
    bottom = (margin.b if margin.b is not None else 10) + _bottom_axis_band(out) + FOOTER_SPACE
    w = int(width or out.layout.width or DEFAULT_WIDTH)
    h = int(height or out.layout.height or DEFAULT_HEIGHT)
    plot_height = max(h - top - bottom, 1)
    out.update_layout(
        width=w,
        height=h,
        font_family=FONT,
        paper_bgcolor="white",
        margin={"t": top, "b": bottom, "l": margin.l if margin.l is not None else 10},
        title={
            "text": f"<b>{title}</b>",
            "subtitle": {"text": f"{_t('as_of', lang)} {_day(as_of)}", "font": {"size": 13, "color": "#444444"}},
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 12, "l": 4},
            "font": {"size": 18},
        },
    )
    # the source along the bottom edge: paper units below the plot, measured from the set margins
    out.add_annotation(
        text=f"{_t('source', lang)}: {source}",
        xref="paper",
        yref="paper",
        x=0,
        y=-(bottom - 8) / plot_height,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#444444"},
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
