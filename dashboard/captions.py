"""The as-of and source lines every chart, sheet and slide carries: pure text from the store's as-of facts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from etl import clock
from schemas.vocabulary.language import in_lang


def fmt_int(value: Any) -> str:
    """A count with thousands separators."""
    return "—" if value is None or pd.isna(value) else f"{int(value):,}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    """A share (0-1) as a percentage."""
    return "—" if value is None or pd.isna(value) else f"{float(value) * 100:.{digits}f}%"


SCREEN_DATE = "%Y/%m/%d"  # the one date format on screen, sheets and decks; files keep ISO (YYYY-MM-DD)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})( \d{2}:\d{2}(:\d{2})?)?$")


def fmt_date(value: object) -> str:
    """A day as YYYY/MM/DD (the screen's one format)."""
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime(SCREEN_DATE)


def iso_date(value: object) -> str:
    """A day as YYYY-MM-DD (file names and files)."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def screen_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for the screen: its day columns (dates, or ISO day / day-and-minute text) as YYYY/MM/DD.

    The frame itself (what the CSV download writes) keeps ISO; only what is shown changes."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            has_time = bool((values.dropna() != values.dropna().dt.normalize()).any())
            out[column] = values.dt.strftime(SCREEN_DATE + (" %H:%M" if has_time else "")).fillna("")
        elif pd.api.types.is_string_dtype(values) and values.dtype != object:
            # text columns (the common case): tested and rewritten column-wise, not cell by cell
            present = values.dropna()
            present = present[present != ""]
            if len(present) and bool(present.str.match(_ISO_DAY.pattern).all()):
                out[column] = values.str.replace("-", "/", n=2, regex=False)
        elif values.dtype == object:
            present = values.dropna()
            present = present[present.astype(str) != ""]
            if len(present) and present.map(lambda v: isinstance(v, date) or bool(_ISO_DAY.match(str(v)))).all():
                out[column] = values.map(_screen_day)
    return frame.assign(**out) if out else frame


def screen_day(text: str) -> str:
    """A day written YYYY-MM-DD (or with its minute) as the screen writes it; any other text as it is."""
    return text.replace("-", "/", 2) if _ISO_DAY.match(text) else text


def _screen_day(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    if isinstance(value, date):
        return value.strftime(SCREEN_DATE)
    return str(value).replace("-", "/", 2)


def fmt_time(value: object) -> str:
    """A time as YYYY-MM-DD HH:MM in Tokyo time."""
    if value is None or pd.isna(value):
        return "—"
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_convert(clock.TOKYO) if stamp.tzinfo else stamp
    return stamp.strftime(SCREEN_DATE + " %H:%M")


def source_text(meta: dict, lang: str) -> str:
    """Where the figures come from: the reports of how many municipalities, how many submissions."""
    return in_lang(
        (
            f"{fmt_int(meta['n_municipalities'])}団体中{fmt_int(meta['n_reporting'])}団体の報告"
            f"（受付 {fmt_int(meta['n_accepted'])}件, hyojunka）",
            f"reports of {fmt_int(meta['n_reporting'])} of {fmt_int(meta['n_municipalities'])} municipalities "
            f"({fmt_int(meta['n_accepted'])} accepted submissions, hyojunka)",
        ),
        lang,
    )


def as_of_caption(meta: dict, lang: str) -> str:
    """The as-of day, last accepted submission and source, for under every chart."""
    return in_lang(
        (
            f"データ基準日 {fmt_date(meta['data_as_of'])} · 最終受付 {fmt_time(meta['last_received_at'])} · "
            f"出典: {source_text(meta, lang)}",
            f"Data as of {fmt_date(meta['data_as_of'])} · last accepted {fmt_time(meta['last_received_at'])} JST · "
            f"Source: {source_text(meta, lang)}",
        ),
        lang,
    )


class StoreFacts:
    """The store's as-of facts (dashboard/sql/meta.sql) read the same way by a page's context
    (`view.PageContext`) and a document's (`Facts`): each holds them as `meta`."""

    meta: dict

    @property
    def deadline(self) -> date:
        """The national deadline D, from the reference data loaded into the database."""
        return pd.Timestamp(self.meta["national_deadline"]).date()

    @property
    def recent_days(self) -> int:
        """The recent-report window in days (the setting recent_report_days)."""
        return int(self.meta["recent_report_days"])

    @property
    def national(self) -> bool:
        """More than one prefecture loaded: roll up by prefecture."""
        return int(self.meta.get("n_prefectures") or 0) > 1
