"""The one-page A4 sheet (カルテ) of a municipality: its 20 systems, its history, how it compares, a QR code.

Laid out as HTML + CSS and set by WeasyPrint, which takes the font from fontconfig: Debian's Noto
Sans CJK (a .ttc collection with CFF outlines) is found by family name and embedded as a subset.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import qrcode
import qrcode.image.svg

from dashboard import captions, queries
from dashboard.charts.palette import SCHEDULE_COLORS, STAGE_COLORS
from dashboard.charts.timelines import live_steps
from dashboard.forecast import model as forecast_model
from dashboard.shape import forecast as forecast_shape
from dashboard.shape import heatmap, municipality
from documents import common, fonts, images
from documents import costs as cost_outputs
from etl import store
from schemas.vocabulary.display import KPI_LABELS, OVERDUE, TEXT
from schemas.vocabulary.labels import stage_label
from schemas.vocabulary.language import in_lang, lang_column

TEMPLATES = Path(__file__).resolve().parent / "templates"
VENDOR_CHARS = 14
CHART_WIDTH, CHART_HEIGHT = 1000, 290  # layout pixels of the history chart, printed about 180 mm wide

WORDS: dict[str, tuple[str, str]] = {
    "title": ("移行状況カルテ", "Migration status sheet"),
    "systems": ("20業務の状況", "Its 20 systems"),
    "business": ("業務", "Business"),
    "stage": ("進捗段階", "Stage"),
    "schedule": ("予定に対する状況", "Schedule status"),
    "due_date": ("期限", "Due date"),
    "go_live_date": ("稼働日", "Go-live date"),
    "cloud": ("ガバメントクラウド", "Government Cloud"),
    "special_note": ("特定移行支援システム（期限は新たな予定日）", "Special-support systems (due on their new dates)"),
    "vendor": ("ベンダ", "Vendor"),
    "history": ("稼働システム数の推移", "Systems live over time"),
    "compare": ("他団体との比較", "Compared with all municipalities"),
    "measure": ("指標", "Measure"),
    "this": ("この団体", "This municipality"),
    "all": ("全団体（合計）", "All (pooled)"),
    "median": ("中央値", "Median"),
    "rank": ("順位", "Rank"),
    "share_live": KPI_LABELS["share"],
    "share_cloud": ("ガバメントクラウド稼働率", "Share on the Government Cloud"),
    "overdue": OVERDUE,
    "live": ("稼働済み / 対象", "Live / in scope"),
    "registry": TEXT["resident_registry"],
    "last_report": ("最終報告日", "Last report"),
    "as_of": ("データ基準日", "Data as of"),
    "counted_on": ("集計日", "Counted on"),
    "source": ("出典", "Source"),
    "qr": ("公開ページ", "Public page"),
    "no_report": ("この団体からの報告はまだありません。", "This municipality has not reported yet."),
    "rank_of": ("{n}団体中 {rank}位", "{rank} of {n}"),
}


def word(key: str, lang: str) -> str:
    """A fixed word of the sheet in the language."""
    return in_lang(WORDS[key], lang)


@dataclass(frozen=True)
class SheetData:
    """Everything one sheet shows, read in one short-lived connection."""

    code: str
    name: str
    kind: str
    region: str
    facts: common.Facts
    summary: pd.Series
    systems: pd.DataFrame
    steps: pd.DataFrame
    standing: pd.DataFrame
    cost_line: str | None = None  # its own operating costs (private): only on a sheet made with costs
    forecast_line: str = ""


def municipality_codes(db: str | Path | None) -> list[str]:
    """Every municipality code of the jurisdiction, in code order."""
    with store.connect(common.require_data(db), read_only=True) as con:
        return queries.municipality_list(con)["municipality_code"].tolist()


def sheet_data(
    db: str | Path | None, code: str, *, day: date | None = None, lang: str = "ja", costs: bool = False
) -> SheetData:
    """Read one municipality's sheet through the dashboard's query layer; with `costs`, its own
    operating costs too (for the municipality itself or the CIO office)."""
    day = day or common.today()
    with store.connect(common.require_data(db), read_only=True) as con:
        munis = queries.municipality_list(con)
        row = munis[munis["municipality_code"] == code]
        if row.empty:
            raise common.OutputError(
                f"団体コード {code} はこのデータベースの団体一覧にありません。",
                f"Municipality code {code} is not in this database's list.",
            )
        facts = common.facts(con, day, lang)
        summary = queries.municipality_summary(con, day)
        systems = queries.municipality_systems(con, code, day)
        history = queries.municipality_history(con, code)
        cost_line = cost_outputs.sheet_line(con, code, lang) if costs else None
        changes, pairs = queries.forecast_inputs(con)
    ahead, _ = forecast_model.forecast(changes, pairs[pairs["municipality_code"] == code], day)
    me = row.iloc[0]
    return SheetData(
        code=code,
        name=me[lang_column("municipality", lang)],
        kind=in_lang(heatmap.KIND_LABELS[me["kind"]], lang) if me["kind"] in heatmap.KIND_LABELS else me["kind_ja"],
        region=heatmap.region_label(me["region"], me["region_ja"], lang),
        facts=facts,
        summary=summary[summary["municipality_code"] == code].iloc[0],
        systems=municipality.sheet_systems(systems, lang),
        steps=municipality.live_steps(history),
        standing=municipality.standing(summary, code),
        cost_line=cost_line,
        forecast_line=forecast_shape.sheet_line(ahead.systems, lang),
    )


def qr_svg(url: str) -> str:
    """A QR code of the URL as an SVG data URI."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def history_image(data: SheetData, fmt: str = "png") -> bytes:
    """The history chart as a picture (PNG for the page) with its title, as-of and source inside."""
    fig = live_steps(data.steps, data.facts.lang, deadline=data.facts.deadline)
    return images.figure_image(
        fig,
        fmt,
        title=f"{data.name} · {word('history', data.facts.lang)}",
        as_of=data.facts.as_of,
        source=data.facts.source,
        lang=data.facts.lang,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        scale=2,
    )


def history_png(data: SheetData) -> str:
    """The history chart as a PNG data URI."""
    return "data:image/png;base64," + base64.b64encode(history_image(data)).decode()


def _standing_rows(data: SheetData) -> list[dict]:
    lang = data.facts.lang
    rows = []
    for r in data.standing.itertuples():
        pct = r.measure != "overdue"

        def fmt(value: Any, pct: bool = pct) -> str:
            if value is None or pd.isna(value):
                return "—"
            return (
                f"{float(value) * 100:.1f}%"
                if pct
                else f"{float(value):,.0f}"
                if float(value).is_integer()
                else f"{float(value):,.1f}"
            )

        rank = (
            "—" if r.rank is None or pd.isna(r.rank) else word("rank_of", lang).format(rank=int(r.rank), n=r.n_ranked)
        )
        rows.append(
            {
                "label": word(r.measure, lang),
                "value": fmt(r.value),
                "all": fmt(r.all),
                "median": fmt(r.median),
                "rank": rank,
            }
        )
    return rows


def _short(text: str, limit: int = VENDOR_CHARS) -> str:
    # one line per system on the page: a long vendor name is cut, its full form is in the export
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return env.get_template("sheet.html")


def sheet_html(data: SheetData, *, base_url: str | None, font: fonts.Font) -> str:
    """The sheet as HTML for WeasyPrint; without a public address its QR block says that none is set."""
    lang = data.facts.lang
    s = data.summary
    url = common.public_page_url(base_url, data.code, lang) if base_url else ""
    return _template().render(
        lang=lang,
        w={k: word(k, lang) for k in WORDS},
        font_family=font.family,
        code=data.code,
        name=data.name,
        kind=data.kind,
        region=data.region,
        as_of=data.facts.as_of,
        counted_on=captions.fmt_date(data.facts.day),
        caption=data.facts.caption,
        live=f"{captions.fmt_int(s['n_live'])} / {captions.fmt_int(s['n_in_scope'])}",
        registry=stage_label(s["registry_stage"], lang),
        overdue=captions.fmt_int(s["n_overdue"]),
        last_report=captions.fmt_date(s["last_report"]),
        reported=not pd.isna(s["last_report"]),
        systems=captions.screen_dates(data.systems.assign(vendor=data.systems["vendor"].map(_short))).to_dict(
            "records"
        ),
        specials=captions.screen_dates(data.systems[data.systems["special"] != ""]).to_dict("records"),
        stage_colors=STAGE_COLORS,
        schedule_colors=SCHEDULE_COLORS,
        chart=history_png(data),
        standing=_standing_rows(data),
        forecast_line=data.forecast_line,
        qr=qr_svg(url) if url else "",
        url=url,
        no_url=in_lang(common.NO_PUBLIC_URL, lang),
        cost_line=data.cost_line,
    )


def render_data(data: SheetData, *, base_url: str | None = None) -> bytes:
    """A sheet already read, as PDF bytes (the public address: `base_url`, else $HYOJUNKA_PUBLIC_URL;
    with neither, the QR block says that no public address is set)."""
    import weasyprint

    html = sheet_html(data, base_url=common.base_url(base_url), font=fonts.noto_cjk())
    return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def render_sheet(
    db: str | Path | None,
    code: str,
    *,
    base_url: str | None = None,
    lang: str = "ja",
    day: date | None = None,
    costs: bool = False,
) -> bytes:
    """One municipality's A4 sheet as PDF bytes (with its own operating costs when `costs`)."""
    fonts.noto_cjk()  # the font first: no point reading data for a sheet that cannot be set
    return render_data(sheet_data(db, code, day=day, lang=lang, costs=costs), base_url=base_url)


def file_name(code: str, as_of: str, lang: str = "ja") -> str:
    """The sheet's file name: hyojunka_sheet_<code>_<as-of>[_en].pdf."""
    return f"hyojunka_sheet_{code}_{captions.iso_date(as_of)}{'_en' if lang == 'en' else ''}.pdf"
