"""What the shaping modules share: a table headed in a language, dates, percentages and months as text,
a span of days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from schemas.vocabulary.language import in_lang


def labelled(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str) -> pd.DataFrame:
    """The given columns of the frame, in that order, headed by their (ja, en) names in the language."""
    return frame[list(columns)].rename(columns={key: in_lang(pair, lang) for key, pair in columns.items()})


def iso_dates(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A copy with the given date columns as YYYY-MM-DD text (empty for no date)."""
    out = frame.copy()
    for col in columns:
        out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d").fillna("")
    return out


def days(n: int) -> timedelta:
    """n days."""
    return timedelta(days=n)


def pct_text(value: Any) -> str:
    """A fraction as a percentage with one decimal; empty for no value."""
    return "" if value is None or pd.isna(value) else f"{float(value) * 100:.1f}%"


def month_text(value: object) -> str:
    """A day's month as YYYY-MM; empty for no value."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m")
