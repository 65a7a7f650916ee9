"""Shared page parts: the data check, the as-of caption, chart + table + CSV, filters kept in the URL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import captions, data, exhibits
from dashboard.i18n import lang, tr
from dashboard.plain import md, md_frame
from dashboard.shape.official import official_caption, prefecture_table
from documents import images
from etl import cells


@dataclass(frozen=True)
class PageContext(captions.StoreFacts):
    """What every page needs once the data is there: database, version, as-of facts, language, day."""

    db: str
    version: data.Version
    meta: dict
    lang: str
    today: date
    title: str = ""  # the page's title: a chart image's title when the chart has none of its own


# Printing a page: A4 portrait, no sidebar or header, the app's scrolling boxes opened up so every
# page of the document prints, and each table printed whole from its hidden HTML copy (the on-screen
# grid draws only the rows in view on a canvas).
PRINT_CSS = """
<style>
.hyj-print-only { display: none; }
@media print {
  @page { size: A4 portrait; margin: 12mm 10mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDataFrame"], [data-testid="stDownloadButton"], [data-testid="stElementToolbar"],
  [data-testid="stTabs"] [role="tablist"], [data-testid="stBaseButton-secondary"] { display: none !important; }
  html, body, #root, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important;
    position: static !important; max-width: 100% !important;
  }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; }
  .hyj-print-only { display: block !important; }
  .hyj-print-table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4pt 0 8pt; }
  .hyj-print-table th, .hyj-print-table td { border: 0.5pt solid #999; padding: 1pt 3pt; text-align: left; }
  .hyj-print-table thead { display: table-header-group; }
  .hyj-print-table tr, [data-testid="stMetric"] { break-inside: avoid; }
  [data-testid="stPlotlyChart"] { break-inside: avoid; overflow: hidden; zoom: 0.62; }
}
</style>
"""


def print_style() -> None:
    """Put the print stylesheet on the page (it takes no room on screen)."""
    st.html(PRINT_CSS)


def start(title_ja: str, title_en: str, intro_ja: str = "", intro_en: str = "") -> PageContext:
    """Title the page and check the data; shows how to load data and stops when there is none."""
    print_style()
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
    return PageContext(
        probe.db, probe.version, data.meta(probe.db, probe.version), lang(), data.today(), tr(title_ja, title_en)
    )


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


def as_of_caption(ctx: PageContext) -> str:
    """The as-of time and source of the data, for under every chart."""
    return captions.as_of_caption(ctx.meta, ctx.lang)


def source_line(ctx: PageContext) -> str:
    """The source of the figures, for inside a chart image."""
    return exhibits.source_line(ctx.meta, ctx.lang)


# the chart's own toolbar is plotly's, in English, and its image button saves an untitled picture:
# hidden; the project's own buttons under each chart offer its image and its table instead
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False}
IMAGE_MIME = {"png": "image/png", "svg": "image/svg+xml"}


def _image_maker(
    fig: go.Figure, fmt: str, title: str, ctx: PageContext, source: str | None = None
) -> Callable[[], bytes]:
    # called by Streamlit only when the button is pressed: no image is rendered on a rerun
    def make() -> bytes:
        return images.figure_image(
            fig, fmt, title=title, as_of=ctx.meta["data_as_of"], source=source or source_line(ctx), lang=ctx.lang
        )

    return make


def chart(
    fig: go.Figure,
    table: pd.DataFrame,
    key: str,
    ctx: PageContext,
    filename: str | None = None,
    *,
    summary: str,
    selectable: bool = False,
    title: str | None = None,
    caption: str | None = None,
) -> list[dict]:
    """A chart with its as-of caption, its table as a tab beside it, a CSV of exactly that table and
    PNG/SVG images carrying the title (`title`, else the page's), as-of date and source (`caption`,
    for figures that are not the reports', else the reports').

    With `selectable`, a click on a point reruns the page and the selected points come back (plotly
    selection events); otherwise the list is empty.

    A screen reader first hears the chart's name and a one-sentence summary (`chart_summary`: what it
    shows, as of when, its headline figure `summary`, a phrase from `dashboard.summaries`), then finds
    the table tab. The headline is required: no chart goes on a page without one."""
    st.html(f'<p class="hyj-sr-only" role="note">{escape(chart_summary(title or ctx.title, ctx, summary))}</p>')
    tab_chart, tab_table = st.tabs([tr("グラフ", "Chart"), tr("表", "Table")])
    points: list[dict] = []
    with tab_chart:
        if selectable:
            event = st.plotly_chart(
                fig, key=f"{key}_chart", config=PLOTLY_CONFIG, on_select="rerun", selection_mode="points"
            )
            points = list(event.selection.points) if event and event.selection else []
        else:
            st.plotly_chart(fig, key=f"{key}_chart", config=PLOTLY_CONFIG)
    with tab_table:
        st.dataframe(for_display(table), hide_index=True, key=f"{key}_table")
    print_table(table)
    # the caption, then the four buttons each as wide as its label (never cut to "P…"): on a narrow
    # screen the buttons wrap below the caption
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.caption(caption or as_of_caption(ctx), width="stretch")
    bar = row.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center", width="content")
    bar.download_button(
        tr("CSV", "CSV"),
        data=_csv_maker(table),
        file_name=f"{filename or key}_{ctx.lang}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        help=tr("グラフの表をCSVでダウンロード", "Download the chart's table as CSV"),
        on_click="ignore",
    )
    xlsx_button(bar, table, f"{filename or key}_{ctx.lang}", f"{key}_xlsx", short=True)
    for fmt in images.FORMATS:
        bar.download_button(
            fmt.upper(),
            data=_image_maker(fig, fmt, title or ctx.title, ctx, caption),
            file_name=images.image_file_name(filename or key, ctx.meta["data_as_of"], fmt),
            mime=IMAGE_MIME[fmt],
            key=f"{key}_{fmt}",
            icon=":material/image:",
            help=tr(
                f"題名・基準日・出典入りの画像（{fmt.upper()}）",
                f"The chart as {fmt.upper()} with its title, as-of date and source",
            ),
            on_click="ignore",
        )
    return points


def exhibit(
    ex: exhibits.Exhibit,
    ctx: PageContext,
    *,
    selectable: bool = False,
    caption: str | None = None,
) -> list[dict]:
    """An exhibit (`dashboard.exhibits`) on the page as `chart` puts a chart: its figure, table, title,
    summary and file stem are the ones the static edition and the deck show."""
    return chart(
        ex.figure,
        ex.table,
        ex.key,
        ctx,
        filename=ex.file_stem,
        summary=ex.summary,
        selectable=selectable,
        title=ex.title,
        caption=caption,
    )


def chart_summary(name: str, ctx: PageContext, headline: str) -> str:
    """One sentence for a screen reader: the chart's name, its as-of day, its headline figure and where
    its figures are."""
    return exhibits.sentence(name, ctx.meta.get("data_as_of"), headline, ctx.lang) + tr(
        "数値は「表」タブにあります。", " The figures are in the Table tab."
    )


def selected_customdata(points: list[dict]) -> list:
    """The customdata of the first selected point that carries one, or [] when nothing is selected."""
    for point in points:
        custom = point.get("customdata")
        if custom:
            return list(custom)
    return []


def table(
    frame: pd.DataFrame,
    key: str,
    ctx: PageContext,
    filename: str | None = None,
    *,
    caption: str | None = None,
    column_config: dict[str, Any] | None = None,
) -> None:
    """A table on its own with its as-of caption (`caption` for figures not the reports') and CSV download."""
    st.dataframe(for_display(frame), hide_index=True, key=f"{key}_table", column_config=column_config)
    print_table(frame)
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.caption(caption or as_of_caption(ctx), width="stretch")
    downloads(frame, f"{filename or key}_{ctx.lang}", key, where=row)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """The same cells as `csv_bytes` as an Excel workbook: dates as date cells, widths fitted, header frozen."""
    return cells.xlsx_bytes(frame, sheet_name)


def _csv_maker(frame: pd.DataFrame) -> Callable[[], bytes]:
    def make() -> bytes:  # written when the button is pressed, never on a rerun
        return csv_bytes(frame)

    return make


def _xlsx_maker(frame: pd.DataFrame, sheet_name: str) -> Callable[[], bytes]:
    def make() -> bytes:  # built when the button is pressed, never on a rerun
        return xlsx_bytes(frame, sheet_name)

    return make


def xlsx_button(where: Any, frame: pd.DataFrame, file_stem: str, key: str, *, short: bool = False) -> None:
    """An Excel download of a table (in `where`, a container or column), beside its CSV one."""
    where.download_button(
        "Excel" if short else tr("Excelダウンロード", "Download Excel"),
        data=_xlsx_maker(frame, file_stem[:31]),
        file_name=f"{file_stem}.xlsx",
        mime=XLSX_MIME,
        key=key,
        icon=":material/table_view:" if short else None,
        help=tr("同じ表を Excel（.xlsx）で", "The same table as an Excel workbook (.xlsx)"),
        on_click="ignore",
    )


def downloads(frame: pd.DataFrame, file_stem: str, key: str, *, where: Any = None) -> None:
    """A table's CSV and Excel downloads side by side (in `where`, else on the page), each as wide as its
    label: every table's download is made here (`key`_csv, `key`_xlsx), the same cells in both (`etl.cells`)."""
    bar = (where or st).container(horizontal=True, vertical_alignment="center", width="content")
    bar.download_button(
        tr("CSVダウンロード", "Download CSV"),
        data=_csv_maker(frame),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",  # a rerun on the click would drop the file's maker before the browser asks for it
    )
    xlsx_button(bar, frame, file_stem, f"{key}_xlsx")


_PRINT_TABLE = jinja2.Environment(autoescape=True).from_string(
    '<table class="dataframe hyj-print-table"><thead><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}'
    "</tr></thead><tbody>{% for row in rows %}<tr>{% for v in row %}<td>{{ v }}</td>{% endfor %}</tr>"
    "{% endfor %}</tbody></table>"
)


def print_table_html(frame: pd.DataFrame) -> str:
    """A table as plain, escaped HTML: text, whole-number and true/false columns written by a template
    (a heatmap's 16,000 cells in a few hundredths of a second); a table with other columns (fractions
    formatted as pandas formats them) by pandas' writer."""
    shown = for_display(frame)
    plain = all(
        pd.api.types.is_string_dtype(shown[c]) or pd.api.types.is_integer_dtype(shown[c]) or shown[c].dtype == bool
        for c in shown.columns
    )
    if not plain:
        return shown.to_html(index=False, border=0, classes="hyj-print-table", na_rep="")
    cells_text = shown.astype(object).where(shown.notna(), "")
    return _PRINT_TABLE.render(columns=[str(c) for c in shown.columns], rows=cells_text.itertuples(index=False))


# a printed table past this many rows would run to dozens of A4 pages (the heatmap's 1,240 rows: about
# 30), and its HTML is what the browser works through before it draws the page's first chart
PRINT_ROWS_MAX = 300


def print_table(frame: pd.DataFrame) -> None:
    """The whole table as plain HTML, hidden on screen and printed in place of the scrolling grid; a
    table longer than `PRINT_ROWS_MAX` rows prints a line saying where to get it instead."""
    st.html(f'<div class="hyj-print-only">{print_block_html(frame)}</div>')


def print_block_html(frame: pd.DataFrame) -> str:
    """What prints in place of a table's grid: the table, or for a long one the line that points to
    its downloads."""
    if len(frame) <= PRINT_ROWS_MAX:
        return print_table_html(frame)
    rows = captions.fmt_int(len(frame))
    return '<p class="hyj-print-note">{}</p>'.format(
        tr(
            f"この表（{rows}行）は長いため印刷していません。画面の「CSV」「Excel」でダウンロードできます。",
            f"This table ({rows} rows) is too long to print: download it with the CSV or Excel button on screen.",
        )
    )


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells shown empty, not as 'None'; days as YYYY/MM/DD (the CSV keeps ISO)."""
    frame = captions.screen_dates(frame)
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
    elif st.session_state.get(f"_lang_{key}", lang()) != lang():
        # the language changed: the choice is handed to the browser again, which otherwise keeps
        # showing it in the words of the language before
        st.session_state[key] = st.session_state[key]
    st.session_state[f"_lang_{key}"] = lang()


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


def prefecture_record(ctx: PageContext, key: str) -> None:
    """The prefecture's own record of the two businesses it runs itself (the ministry's prefecture
    workbook), beside the mean of its municipalities; nothing when no such release is loaded."""
    own_record = data.prefecture_record(ctx.db, ctx.version)
    if own_record.empty:
        return
    st.subheader(
        tr(
            "都道府県自身の記録（生活保護・児童扶養手当）",
            "The prefecture's own record (public assistance, child-rearing allowance)",
        )
    )
    st.caption(
        tr(
            "都道府県が町村部について自ら実施する2業務の手順の進捗（総務省の都道府県実施分）。管内の市区町村の平均と並べて示します。",
            "The two businesses a prefecture runs itself for its town-and-village areas (the ministry's "
            "prefecture workbook), beside the average of its municipalities.",
        )
    )
    table(
        prefecture_table(own_record, ctx.lang),
        key,
        ctx,
        filename=key,
        caption=official_caption(data.official_latest(ctx.db, ctx.version), ["mic_prefecture"], ctx.lang),
    )


def plain_table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """st.table, whose cells render Markdown, with every stored text escaped (`plain.md_frame`)."""
    st.table(md_frame(frame), **kwargs)


def plain_caption(text: str) -> None:
    """st.caption of a text that holds stored values, escaped (`plain.md`)."""
    st.caption(md(text))


def plain_list(lines: list[str]) -> None:
    """A bulleted list of texts that hold stored values, each escaped (`plain.md`)."""
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
