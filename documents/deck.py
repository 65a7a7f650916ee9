"""The briefing deck (python-pptx): the dashboard's headline figures and charts, one slide each.

Every slide carries the as-of date, the day counted on and the source in its footer; each chart is
an image rendered by `documents/images.py` at the slide's resolution with its own title, as-of and
source inside, so a slide copied into another deck still says where it comes from.

The charts are the dashboard's exhibits (`dashboard.exhibits`): the same title, figure and summary as
on the pages and in the static edition; the summary sentence is the picture's alternative text and
the slide's speaker notes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from PIL import Image as PILImage
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from dashboard import captions, exhibits, geo, queries
from dashboard.forecast import model as forecast_model
from dashboard.shape import forecast as forecast_shape
from dashboard.shape.headline import kpi_cards, overdue_parts
from dashboard.shape.schedule import overdue_by_status
from documents import common, images
from documents import costs as cost_outputs
from etl import store
from schemas.vocabulary.display import OVERDUE
from schemas.vocabulary.language import in_lang

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
CHART_BOX = (Inches(0.5), Inches(1.25), Inches(12.333), Inches(5.55))
CHART_PX = (1230, 555)  # layout pixels of the chart box at 100 px per inch; rendered at twice that
FONT_NAME = "Noto Sans CJK JP"
INK = RGBColor(0x1A, 0x1A, 0x1A)
GREY = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x00, 0x72, 0xB2)

WORDS: dict[str, tuple[str, str]] = {
    "title": ("基幹業務システムの標準化・ガバメントクラウド移行状況", "Standardisation and Government Cloud migration"),
    "subtitle": (
        "{n}団体 × 基幹業務20業務 · ブリーフィング資料",
        "{n} municipalities × 20 core businesses · briefing",
    ),
    "headline": ("主要指標", "Headline figures"),
    "change": ("30日前との差", "Change over 30 days"),
    "stages": ("業務別の進捗段階", "Stages of each business"),
    "map": ("地図: 団体ごとの稼働率", "Map: share live in each municipality"),
    "lateness": ("期限に対する進み具合", "Progress against the deadline"),
    "lateness_note": (
        "期限 {deadline} · {overdue} {total}（{parts}）",
        "Deadline {deadline} · {overdue} {total} ({parts})",
    ),
    "cloud": ("ガバメントクラウド", "Government Cloud"),
    "special": ("特定移行支援システム（事由別）", "Special-support systems by reason"),
    "special_note": ("特定移行支援システム {n} 件", "{n} special-support systems"),
    "as_of": ("データ基準日", "Data as of"),
    "counted_on": ("集計日", "Counted on"),
    "source": ("出典", "Source"),
}
SLIDES = ["title", "headline", "stages", "map", "lateness", "cloud", "special", "costs"]


def word(key: str, lang: str) -> str:
    """A fixed word of the deck in the language."""
    return in_lang(WORDS[key], lang)


@dataclass(frozen=True)
class DeckData:
    """Everything the deck shows, read in one short-lived connection."""

    facts: common.Facts
    kpis: pd.DataFrame
    dist: pd.DataFrame
    summary: pd.DataFrame
    cells: pd.DataFrame
    rollup: pd.DataFrame | None
    series: pd.DataFrame
    planned: pd.DataFrame
    late: pd.DataFrame
    cloud: pd.DataFrame
    special: pd.DataFrame
    costs: cost_outputs.CostSlide | None = None
    forecast_line: str = ""


def deck_data(db: str | Path | None, *, day: date | None = None, lang: str = "ja") -> DeckData:
    """Read the deck's frames through the dashboard's query layer."""
    day = day or common.today()
    with store.connect(common.require_data(db), read_only=True) as con:
        facts = common.facts(con, day, lang)
        national = int(facts.meta.get("n_prefectures") or 0) > 1
        ahead = forecast_model.build(*queries.forecast_inputs(con), day)
        return DeckData(
            facts=facts,
            kpis=queries.kpis_with_change(con, day),
            dist=queries.stage_distribution(con),
            summary=queries.municipality_summary(con, day),
            cells=queries.heatmap_cells(con, day),
            rollup=queries.prefecture_rollup(con) if national else None,
            series=queries.live_over_time(con, day),
            planned=queries.planned_go_lives(con),
            late=queries.overdue(con, day),
            cloud=queries.cloud_by_business(con),
            special=queries.special_support(con),
            costs=cost_outputs.slide_data(con),
            forecast_line=forecast_shape.deck_line(ahead.risk, ahead.capacity, lang),
        )


def _font(run: Any, size: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    run.font.name = FONT_NAME
    # Japanese text takes the east-Asian typeface, which python-pptx does not set by itself
    r_pr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        element = r_pr.find(qn(tag))
        if element is None:
            element = r_pr.makeelement(qn(tag), {})
            r_pr.append(element)
        element.set("typeface", FONT_NAME)


def _text(slide: Slide, box: tuple, lines: Sequence[tuple[str, float, bool, RGBColor]]) -> None:
    frame = slide.shapes.add_textbox(*box).text_frame
    frame.word_wrap = True
    for i, (text, size, bold, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        _font(run, size, bold=bold, color=color)


def footer_text(facts: common.Facts) -> str:
    """The line at the foot of every slide: as-of day, day counted on and source."""
    lang = facts.lang
    return (
        f"{word('as_of', lang)} {facts.as_of} · {word('counted_on', lang)} {captions.fmt_date(facts.day)} · "
        f"{word('source', lang)}: {facts.source}"
    )


def _slide(prs: Deck, title: str, facts: common.Facts) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    _text(slide, (Inches(0.5), Inches(0.35), Inches(12.333), Inches(0.8)), [(title, 26, True, INK)])
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(1.08), Inches(1.2), Emu(38100))
    bar.fill.solid()
    bar.fill.fore_color.rgb = ACCENT
    bar.line.fill.background()
    _text(slide, (Inches(0.5), Inches(6.95), Inches(12.333), Inches(0.4)), [(footer_text(facts), 10, False, GREY)])
    return slide


def chart_png(
    fig: go.Figure,
    title: str,
    facts: common.Facts,
    box: tuple = CHART_BOX,
    fmt: str = "png",
    source: str | None = None,
) -> bytes:
    """A slide's chart picture (PNG, or SVG for checking its texts): laid out by `images.framed` for the
    box's size at 100 px per inch, rendered at twice that; `source` inside it (else the deck's)."""
    return images.figure_image(
        fig,
        fmt,
        title=title,
        as_of=facts.as_of,
        source=source or facts.source,
        lang=facts.lang,
        width=round(box[2] / Inches(1) * 100),
        height=round(box[3] / Inches(1) * 100),
        scale=2,
    )


def _chart(
    slide: Slide,
    fig: go.Figure,
    key: str,
    title: str,
    facts: common.Facts,
    box: tuple = CHART_BOX,
    source: str | None = None,
    description: str = "",
) -> None:
    png = chart_png(fig, title, facts, box, source=source)
    # a picture that had to grow for its labels is fitted into the box whole, centred, never stretched
    with PILImage.open(io.BytesIO(png)) as image:
        px_w, px_h = image.size
    left, top, width, height = box
    scale = min(width / px_w, height / px_h)
    fit_w, fit_h = int(px_w * scale), int(px_h * scale)
    picture = slide.shapes.add_picture(
        io.BytesIO(png), Emu(left + (width - fit_w) // 2), Emu(top + (height - fit_h) // 2), Emu(fit_w), Emu(fit_h)
    )
    picture.name = f"chart_{key}"
    if description:  # the picture's alternative text, as a screen reader or a PDF export reads it
        for properties in picture._element.xpath("./p:nvPicPr/p:cNvPr"):
            properties.set("descr", description)


def _title_slide(prs: Deck, data: DeckData) -> None:
    lang = data.facts.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    n = int(data.facts.meta["n_municipalities"])
    _text(
        slide,
        (Inches(0.8), Inches(2.3), Inches(11.7), Inches(2.6)),
        [
            ("hyojunka", 16, True, ACCENT),
            (word("title", lang), 34, True, INK),
            (word("subtitle", lang).format(n=f"{n:,}"), 18, False, GREY),
            (f"{word('as_of', lang)} {data.facts.as_of}", 18, False, INK),
        ],
    )
    _text(slide, (Inches(0.5), Inches(6.95), Inches(12.333), Inches(0.4)), [(footer_text(data.facts), 10, False, GREY)])


def _headline_slide(prs: Deck, data: DeckData) -> None:
    lang = data.facts.lang
    slide = _slide(prs, word("headline", lang), data.facts)
    cards = kpi_cards(data.kpis, lang, data.facts.deadline, data.facts.recent_days)
    width, height, gap = Inches(2.95), Inches(2.3), Inches(0.18)
    for i, card in enumerate(cards):
        left = Emu(Inches(0.5) + (width + gap) * (i % 4))
        top = Emu(Inches(1.5) + (height + gap) * (i // 4))
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xF4, 0xF7, 0xFA)
        box.line.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
        box.name = f"kpi_{card['key']}"
        lines: list[tuple[str, float, bool, RGBColor]] = [
            (card["label"], 13, False, GREY),
            (card["value"], 28, True, INK),
        ]
        if card["delta"] is not None:
            lines.append((f"{word('change', lang)} {card['delta']}", 12, False, GREY))
        if card.get("split"):
            lines.append((card["split"], 10, False, GREY))
        inner = (Emu(left + Inches(0.15)), Emu(top + Inches(0.1)), Emu(width - Inches(0.3)), Emu(height - Inches(0.2)))
        _text(slide, inner, lines)


MAP_BOX = (Inches(0.5), Inches(1.25), Inches(12.333), Inches(5.3))
NOTED_BOX = (Inches(0.5), Inches(1.25), Inches(12.333), Inches(5.05))  # a chart with a line of text under it


@dataclass(frozen=True)
class SlideChart:
    """One slide's chart: the exhibit it shows and the box it fills on the slide."""

    exhibit: exhibits.Exhibit
    box: tuple = CHART_BOX

    @property
    def figure(self) -> go.Figure:
        """The exhibit's figure."""
        return self.exhibit.figure

    @property
    def title(self) -> str:
        """The title inside the picture: the exhibit's, as on the pages."""
        return self.exhibit.title


def _stages_chart(data: DeckData) -> SlideChart:
    return SlideChart(exhibits.stages(data.dist, data.facts.meta, data.facts.lang))


def _map_chart(data: DeckData) -> SlideChart:
    ex = exhibits.live_map(
        data.summary, data.cells, data.rollup, data.rollup is not None, data.facts.meta, data.facts.lang
    )
    return SlideChart(ex, MAP_BOX)


def _lateness_chart(data: DeckData) -> SlideChart:
    return SlideChart(exhibits.progress(data.series, data.planned, data.facts.meta, data.facts.lang), NOTED_BOX)


def _cloud_chart(data: DeckData) -> SlideChart:
    return SlideChart(exhibits.cloud_business(data.cloud, data.facts.meta, data.facts.lang))


def _special_chart(data: DeckData) -> SlideChart:
    return SlideChart(exhibits.reasons(data.special, data.facts.meta, data.facts.lang), NOTED_BOX)


# every chart the deck shows, by slide: a new chart slide adds its chart here and calls `_chart_slide`
CHARTS: dict[str, Callable[[DeckData], SlideChart]] = {
    "stages": _stages_chart,
    "map": _map_chart,
    "lateness": _lateness_chart,
    "cloud": _cloud_chart,
    "special": _special_chart,
}


def _chart_slide(prs: Deck, data: DeckData, key: str) -> Slide:
    slide = _slide(prs, word(key, data.facts.lang), data.facts)
    chart = CHARTS[key](data)
    ex = chart.exhibit
    _chart(slide, ex.figure, key, ex.title, data.facts, chart.box, source=ex.source, description=ex.sentence)
    # the speaker notes carry the chart's summary sentence, for whoever presents or reads the deck
    notes = slide.notes_slide.notes_text_frame
    if notes is not None:
        notes.text = ex.sentence
    return slide


def _stages_slide(prs: Deck, data: DeckData) -> None:
    _chart_slide(prs, data, "stages")


def _map_slide(prs: Deck, data: DeckData) -> None:
    slide = _chart_slide(prs, data, "map")
    _text(
        slide, (Inches(0.5), Inches(6.6), Inches(12.333), Inches(0.35)), [(geo.credit(data.facts.lang), 9, False, GREY)]
    )


def _lateness_slide(prs: Deck, data: DeckData) -> None:
    lang = data.facts.lang
    slide = _chart_slide(prs, data, "lateness")
    counts = overdue_by_status(data.late)
    note = word("lateness_note", lang).format(
        deadline=captions.fmt_date(data.facts.deadline),
        overdue=in_lang(OVERDUE, lang),
        total=f"{sum(counts.values()):,}",
        parts=overdue_parts(counts, lang),
    )
    _text(
        slide,
        (Inches(0.5), Inches(6.35), Inches(12.333), Inches(0.5)),
        [(note, 13, False, INK), (data.forecast_line, 11, False, GREY)],
    )


def _cloud_slide(prs: Deck, data: DeckData) -> None:
    _chart_slide(prs, data, "cloud")


def _special_slide(prs: Deck, data: DeckData) -> None:
    lang = data.facts.lang
    slide = _chart_slide(prs, data, "special")
    note = word("special_note", lang).format(n=f"{len(data.special):,}")
    _text(
        slide,
        (Inches(0.5), Inches(6.35), Inches(12.333), Inches(0.5)),
        [(note, 13, False, INK), (data.forecast_line, 11, False, GREY)],
    )


def _costs_slide(prs: Deck, data: DeckData) -> None:
    lang = data.facts.lang
    if data.costs is None:
        return
    box = (Inches(0.5), Inches(1.25), Inches(12.333), Inches(5.05))
    cost_outputs.add_slide(
        prs,
        data.costs,
        lang,
        lambda p, title: _slide(p, title, data.facts),
        lambda slide, fig, key, title: _chart(slide, fig, key, title, data.facts, box),
        lambda slide, note: _text(
            slide, (Inches(0.5), Inches(6.35), Inches(12.333), Inches(0.5)), [(note, 13, False, INK)]
        ),
    )


BUILDERS: dict[str, Callable[[Deck, DeckData], None]] = {
    "title": _title_slide,
    "headline": _headline_slide,
    "stages": _stages_slide,
    "map": _map_slide,
    "lateness": _lateness_slide,
    "cloud": _cloud_slide,
    "special": _special_slide,
    "costs": _costs_slide,
}


def build_deck(data: DeckData) -> bytes:
    """The deck of frames already read, as PPTX bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for name in SLIDES:
        BUILDERS[name](prs, data)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def render_deck(db: str | Path | None, *, day: date | None = None, lang: str = "ja") -> bytes:
    """The briefing deck on `day` (default today) as PPTX bytes."""
    return build_deck(deck_data(db, day=day, lang=lang))


def file_name(as_of: str, lang: str = "ja") -> str:
    """The deck's file name: hyojunka_briefing_<as-of>[_en].pptx."""
    return f"hyojunka_briefing_{captions.iso_date(as_of)}{'_en' if lang == 'en' else ''}.pptx"
