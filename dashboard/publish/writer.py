"""Writing the static edition: the site's folder and open-data index, and each page's blocks rendered
through the jinja2 template, in Japanese at the root and in English under en/."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go

from dashboard import pages
from dashboard.captions import fmt_date, screen_dates
from dashboard.exhibits import Exhibit
from etl import cells
from schemas.vocabulary.language import in_lang as _t

LICENCE = "CC BY 4.0"
_ONE_LINE_DAY = re.compile(r"<td>(\d{4}/\d{2}/\d{2}(?: \d{2}:\d{2})?)</td>")
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# the site's own words; code labels (stages, businesses, ...) come from the vocabulary through shape
TEXT: dict[str, tuple[str, str]] = {
    "brand": ("標準化 公開版", "standardisation, public edition"),
    "other_lang": ("English", "日本語"),
    "csv": ("CSV", "CSV"),
    "json": ("JSON", "JSON"),
    "open_data": ("オープンデータ一覧（data/index.json）", "Open data index (data/index.json)"),
    "licence": (f"データの利用条件: {LICENCE}", f"Data licence: {LICENCE}"),
    "footer": (
        "出典: 東京都内団体の移行状況報告（hyojunka）。静的公開版: 報告・管理は公開していません。",
        "Source: the municipalities' status reports (hyojunka). Static public edition: reporting and "
        "administration are not part of it.",
    ),
}
# the static edition's pages (dashboard/pages.py: STATIC), key -> title and key -> file, in its navigation's order
PAGE_TITLES: dict[str, tuple[str, str]] = pages.static_titles()
PAGE_FILES: dict[str, str] = pages.static_files()


def lang_dir(lang: str) -> str:
    """Where a language's pages live: Japanese at the site's root, English under en/."""
    return _t(("", "en/"), lang)


def _as_of(meta: dict, lang: str) -> str:
    # the line under every page's title: the data's day and how many municipalities reported
    n, n_rep = int(meta["n_municipalities"] or 0), int(meta["n_reporting"] or 0)
    return _t(
        (
            f"データ基準日 {fmt_date(meta['data_as_of'])} · 出典: {n:,}団体中{n_rep:,}団体の報告（hyojunka）",
            f"Data as of {fmt_date(meta['data_as_of'])} · Source: reports of {n_rep:,} of {n:,} "
            "municipalities (hyojunka)",
        ),
        lang,
    )


def _html_table(frame: pd.DataFrame) -> str:
    # days as YYYY/MM/DD (the CSV and JSON beside the page keep ISO), each kept on one line
    frame = screen_dates(frame)
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    shown = frame.assign(**{c: frame[c].fillna("") for c in text}) if text else frame
    html = shown.to_html(index=False, border=0, na_rep="", escape=True)
    return _ONE_LINE_DAY.sub(r'<td><span style="white-space: nowrap">\1</span></td>', html)


def _card_table(frame: pd.DataFrame) -> str:
    """A table whose rows become cards on a narrow screen: each cell carries its column's name
    (`data-label`), shown before it when the stylesheet sets one row per card (below 600 px)."""
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    shown = frame.assign(**{c: frame[c].fillna("") for c in text}) if text else frame
    head = "".join(f"<th>{escape(str(c))}</th>" for c in shown.columns)
    rows = []
    for values in shown.itertuples(index=False):
        cells = []
        for column, value in zip(shown.columns, values, strict=True):
            shown_value = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            empty = ' data-empty="1"' if not shown_value else ""
            cells.append(f'<td data-label="{escape(str(column))}"{empty}>{escape(shown_value)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="cards-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _script_json(text: str) -> str:
    # inside <script type="application/json">: no sequence may close the element or open a comment
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


@dataclass
class Site:
    """The folder being written and the open-data index it collects."""

    out: Path
    base_url: str | None
    as_of: str
    env: jinja2.Environment
    index: list[dict] = field(default_factory=list)
    pages: int = 0
    files: int = 0

    def write(self, rel: str, data: bytes | str) -> None:
        """Write one file of the site."""
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        self.files += 1

    def data_files(self, rel_stem: str, table: pd.DataFrame, description: str, lang: str) -> tuple[str, str]:
        """The table as CSV (cells made safe) and JSON beside each other; both go into the index."""
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        self.write(f"{rel_stem}.csv", cells.csv_bytes(table))
        self.write(f"{rel_stem}.json", json.dumps(records, ensure_ascii=False, default=str))
        for fmt in ("csv", "json"):
            self.index.append(
                {
                    "file": f"{rel_stem}.{fmt}",
                    "description": description,
                    "language": lang,
                    "licence": LICENCE,
                    "licence_url": LICENCE_URL,
                    "as_of": self.as_of,
                }
            )
        return f"{rel_stem}.csv", f"{rel_stem}.json"


class Page:
    """The blocks of one page in one language, with its charts' files written as they are added."""

    def __init__(self, site: Site, lang: str, key: str, rel: str, title: str, intro: str = "") -> None:
        self.site, self.lang, self.key, self.rel, self.title, self.intro = site, lang, key, rel, title, intro
        self.blocks: list[dict] = []
        self.depth = rel.count("/")
        parent = Path(rel).parent.as_posix()
        self.data_dir = "data" if parent == "." else f"{parent}/data"

    def _local(self, rel_from_site: str) -> str:
        # a link from this page to a file given relative to the site's root
        return "../" * self.depth + rel_from_site

    def heading(self, text: str) -> None:
        """A section heading."""
        self.blocks.append({"kind": "heading", "text": text})

    def text(self, text: str) -> None:
        """A line of small print."""
        self.blocks.append({"kind": "text", "text": text})

    def plain(self, title: str, html: str) -> None:
        """The page in plain words: trusted HTML (<ruby> only, figures escaped) under a heading."""
        self.blocks.append({"kind": "plain", "title": title, "html": html})

    def cards(self, cards: list[dict]) -> None:
        """Headline figures."""
        self.blocks.append({"kind": "cards", "cards": cards})

    def links(self, links: list[dict]) -> None:
        """A list of links."""
        self.blocks.append({"kind": "links", "links": links})

    def chart(
        self,
        name: str,
        fig: go.Figure,
        table: pd.DataFrame,
        title: str,
        link: str | None = None,
        credit: str = "",
        summary: str = "",
    ) -> None:
        """A figure drawn in the page, with its data as CSV and JSON beside the page and its one-sentence
        `summary` printed under it (the figure's description for a screen reader)."""
        csv, js = self.site.data_files(f"{self.data_dir}/{name}", table, title, self.lang)
        spec = _script_json(fig.to_json())
        self.blocks.append(
            {
                "kind": "chart",
                "id": f"fig-{name}",
                "spec": spec,
                "title": title,
                "csv": self._local(csv),
                "json": self._local(js),
                "link": link,
                "credit": credit,
                "summary": summary,
            }
        )

    def exhibit(self, ex: Exhibit, link: str | None = None) -> None:
        """An exhibit (`dashboard.exhibits`) as the app and the deck show it: its title, figure, table
        (the files beside the page, named by its key), credit and summary sentence."""
        self.chart(ex.key, ex.figure, ex.table, ex.title, link=link, credit=ex.credit, summary=ex.sentence)

    def table(self, name: str, frame: pd.DataFrame, title: str, files: bool = True, cards: bool = False) -> None:
        """A table in full, with its data as CSV and JSON beside the page (unless `files` is off); with
        `cards`, one card per row on a narrow screen instead of a table that scrolls sideways."""
        html = _card_table(frame) if cards else _html_table(frame)
        block: dict[str, Any] = {"kind": "table", "html": html, "csv": None, "json": None, "cards": cards}
        if files:
            csv, js = self.site.data_files(f"{self.data_dir}/{name}", frame, title, self.lang)
            block.update(csv=self._local(csv), json=self._local(js))
        self.blocks.append(block)

    def render(self, meta: dict) -> None:
        """Write the page."""
        other = "en" if self.lang == "ja" else "ja"
        root = "../" * self.depth
        # the same page in the other language: ja at the root, en under en/
        other_rel = lang_dir(other) + self.rel.removeprefix(lang_dir(self.lang))
        t = {k: _t(v, self.lang) for k, v in TEXT.items()}
        nav = [{"key": k, "href": PAGE_FILES[k], "label": _t(PAGE_TITLES[k], self.lang)} for k in PAGE_TITLES]
        html = self.site.env.get_template("page.html.j2").render(
            lang=self.lang,
            other_lang=other,
            title=self.title,
            intro=self.intro,
            as_of=_as_of(meta, self.lang),
            blocks=self.blocks,
            nav=nav,
            page_key=self.key,
            root=root,
            lang_dir=lang_dir(self.lang),
            other_lang_href=root + other_rel,
            canonical=f"{self.site.base_url.rstrip('/')}/{self.rel}" if self.site.base_url else None,
            t=t,
        )
        self.site.write(self.rel, html)
        self.site.pages += 1
