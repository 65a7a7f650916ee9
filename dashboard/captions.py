"""The as-of and source lines every chart, sheet and slide carries: pure text from the store's as-of facts."""

from __future__ import annotations

from typing import Any

import pandas as pd

from etl import clock
from schemas.vocabulary import in_lang


def fmt_int(value: Any) -> str:
    """A count with thousands separators."""
    return "—" if value is None or pd.isna(value) else f"{int(value):,}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    """A share (0-1) as a percentage."""
    return "—" if value is None or pd.isna(value) else f"{float(value) * 100:.{digits}f}%"


def fmt_date(value: object) -> str:
    """A day as YYYY-MM-DD."""
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def fmt_time(value: object) -> str:
    """A time as YYYY-MM-DD HH:MM in Tokyo time."""
    if value is None or pd.isna(value):
        return "—"
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_convert(clock.TOKYO) if stamp.tzinfo else stamp
    return stamp.strftime("%Y-%m-%d %H:%M")


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
