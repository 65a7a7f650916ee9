"""Shared page parts: the data check, the as-of caption, chart + table + CSV, filters kept in the URL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import captions, data
from dashboard.i18n import lang, tr
from etl import cells, store


@dataclass(frozen=True)
class Context:
    """What every page needs once the data is there: database, version, as-of facts, language, day."""

    db: str
    version: data.Version
    meta: dict
    lang: str
    today: date

    @property
    def deadline(self) -> date:
        """The national deadline D, from the reference data loaded into the database."""
        return pd.Timestamp(self.meta["national_deadline"]).date()

    @property
    def national(self) -> bool:
        """More than one prefecture loaded: roll up by prefecture."""
        return int(self.meta.get("n_prefectures") or 0) > 1


def fmt_int(value: Any) -> str:
    """A count with thousands separators."""
    return "—" if value is None or pd.isna(value) else f"{int(value):,}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    """A share (0-1) as a percentage."""
    return "—" if value is None or pd.isna(value) else f"{float(value) * 100:.{digits}f}%"


def fmt_date(value: Any) -> str:
    """A day as YYYY-MM-DD."""
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def fmt_time(value: Any) -> str:
    """A time as YYYY-MM-DD HH:MM in Tokyo time."""
    if value is None or pd.isna(value):
        return "—"
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_convert(store.TOKYO) if stamp.tzinfo else stamp
    return stamp.strftime("%Y-%m-%d %H:%M")


def start(title_ja: str, title_en: str, intro_ja: str = "", intro_en: str = "") -> Context:
    """Title the page and check the data; shows how to load data and stops when there is none."""
    st.title(tr(title_ja, title_en))
    if intro_ja:
        st.caption(tr(intro_ja, intro_en))
    probe = data.probe()
    if probe.state == "busy":
        st.warning(
            tr(
                "データベースが更新中です。少し待ってから再読み込みしてください。",
                "The database is being updated. Reload in a moment.",
            ),
            icon=":material/hourglass_top:",
        )
        st.stop()
    if probe.state != "ok":
        empty_notice(probe.db)
        st.stop()
    return Context(probe.db, probe.version, data.meta(probe.db, probe.version), lang(), data.today())


def empty_notice(db: str) -> None:
    """Tell the reader how to load data into an empty or missing database."""
    st.info(
        tr(
            "まだデータがありません。デモデータを入れるには `hyojunka demo`（または `make run`）を、"
            "実際の報告を取り込むには `hyojunka ingest ファイル` を実行してください。",
            "No data yet. Run `hyojunka demo` (or `make run`) for the demo history, or "
            "`hyojunka ingest FILE` to load real reports.",
        ),
        icon=":material/info:",
    )
    st.code(f"hyojunka init --db {db}\nhyojunka demo --db {db} --scale tokyo", language="bash")


def as_of_caption(ctx: Context) -> str:
    """The as-of time and source of the data, for under every chart."""
    return captions.as_of_caption(ctx.meta, ctx.lang)


def chart(fig: go.Figure, table: pd.DataFrame, key: str, ctx: Context, filename: str | None = None) -> None:
    """A chart with its as-of caption, its table as a tab beside it and a CSV of exactly that table."""
    tab_chart, tab_table = st.tabs([tr("グラフ", "Chart"), tr("表", "Table")])
    with tab_chart:
        st.plotly_chart(fig, key=f"{key}_chart", config={"displaylogo": False})
    with tab_table:
        st.dataframe(for_display(table), hide_index=True, key=f"{key}_table")
    left, right = st.columns([4, 1])
    left.caption(as_of_caption(ctx))
    right.download_button(
        tr("CSVダウンロード", "Download CSV"),
        data=csv_bytes(table),
        file_name=f"{filename or key}_{ctx.lang}.csv",
        mime="text/csv",
        key=f"{key}_csv",
    )


def table(frame: pd.DataFrame, key: str, ctx: Context, filename: str | None = None) -> None:
    """A table on its own with its as-of caption and CSV download."""
    st.dataframe(for_display(frame), hide_index=True, key=f"{key}_table")
    left, right = st.columns([4, 1])
    left.caption(as_of_caption(ctx))
    right.download_button(
        tr("CSVダウンロード", "Download CSV"),
        data=csv_bytes(frame),
        file_name=f"{filename or key}_{ctx.lang}.csv",
        mime="text/csv",
        key=f"{key}_csv",
    )


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells shown empty, not as 'None'."""
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    return frame.assign(**{c: frame[c].fillna("") for c in text}) if text else frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV with a BOM, so Excel in Japan opens it in the right encoding; cells made safe (`etl.cells`)."""
    return cells.csv_bytes(frame)


def _url_state(key: str, allowed: Sequence[str], default: str | list[str], multi: bool) -> None:
    # The URL wins when it changed since this session last wrote it (a pasted link, a jump from
    # another page); otherwise the widget's own state stands.
    written = st.session_state.get(f"_url_{key}")
    raw = st.query_params.get(key)
    if raw is None:
        value = written if written is not None else default
    elif multi:
        value = [v for v in raw.split(",") if v in allowed]
    else:
        value = raw if raw in allowed else default
    if key not in st.session_state or (raw is not None and raw != _encode(written, multi)):
        st.session_state[key] = value


def _encode(value: Any, multi: bool) -> str | None:
    if value is None:
        return None
    return ",".join(value) if multi else str(value)


def _url_write(key: str, value: object, default: object, multi: bool, keep_default: bool = False) -> None:
    st.session_state[f"_url_{key}"] = value
    if value == default and not keep_default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = _encode(value, multi) or ""


def url_select(
    label: str,
    options: Sequence[str],
    key: str,
    default: str,
    format_func: Callable[[Any], Any] = str,
    widget: str = "selectbox",
    keep_default: bool = False,
    **kwargs: Any,
) -> str:
    """A selectbox or radio whose choice is kept in the URL as ?key=value (the default too, if asked)."""
    _url_state(key, options, default, multi=False)
    if widget == "radio":
        value = st.radio(label, options, key=key, format_func=format_func, **kwargs)
    else:
        value = st.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    _url_write(key, value, default, multi=False, keep_default=keep_default)
    return value


def url_multiselect(
    label: str, options: Sequence[str], key: str, format_func: Callable[[Any], Any] = str, **kwargs: Any
) -> list[str]:
    """A multiselect kept in the URL as ?key=a,b (empty means all)."""
    _url_state(key, options, [], multi=True)
    value = st.multiselect(label, options, key=key, format_func=format_func, **kwargs)
    _url_write(key, value, [], multi=True)
    return value


def url_number(label: str, key: str, default: int, min_value: int, max_value: int) -> int:
    """A whole-number slider kept in the URL; the default and a linked value are held within range."""
    default = min(max(default, min_value), max_value)
    if min_value >= max_value:  # nothing to choose
        return min_value
    allowed = [str(v) for v in range(min_value, max_value + 1)]
    _url_state(key, allowed, str(default), multi=False)
    current = st.session_state[key]  # set by _url_state
    if isinstance(current, str) or not min_value <= int(current) <= max_value:
        st.session_state[key] = min(max(int(current), min_value), max_value)
    value = st.slider(label, min_value, max_value, key=key, step=1)
    _url_write(key, str(value), str(default), multi=False)
    return int(value)
