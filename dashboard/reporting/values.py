"""One value's canonical text: what the form sends, the diff compares and the tables show."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from schemas.fields import FIELDS

# the columns whose values are numbers (a reason code, a percent), written without a trailing `.0`
NUMBERS: frozenset[str] = frozenset(f.name for f in FIELDS if f.kind in ("int", "percent"))


def plain(value: object) -> object:
    """A frame's cell as a plain Python value: None for every kind of missing, dates as `date`."""
    if value is None:
        return None
    if isinstance(value, np.generic):  # numpy scalars from a frame: compare as Python values
        value = value.item()
    if isinstance(value, float) and pd.isna(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    return value


def iso(value: object) -> str:
    """A day as YYYY-MM-DD, empty when there is none."""
    value = plain(value)
    return value.isoformat() if isinstance(value, date) else ""


def number(value: object) -> str:
    """A number as text, without a trailing `.0` for whole numbers."""
    as_float = float(value)  # type: ignore[arg-type]  # a number or its text, from a frame cell
    return str(int(as_float)) if as_float.is_integer() else str(as_float)


def text(column: str, value: object) -> str:
    """A value of `column` as canonical text (the form's and the file's common ground)."""
    value = plain(value)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if column in NUMBERS:
        try:
            return number(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def row_number(value: object) -> int | None:
    """A finding's row as an int; None when the finding is about the whole file (no row)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, float) and not np.isnan(value):
        return int(value)
    return None


def slash_date(value: object) -> str:
    """A day as YYYY/MM/DD (the app's date format), empty when there is none."""
    day = iso(value)
    return day.replace("-", "/")
