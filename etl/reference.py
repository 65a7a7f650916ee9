"""Reference data from data/reference/: a jurisdiction is a file of municipalities."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from etl import paths

MUNICIPALITIES_FILE = "municipalities_tokyo.csv"


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def municipalities(path: str | Path | None = None) -> pd.DataFrame:
    """The jurisdiction's municipalities (codes as text)."""
    if path is not None:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return _read(MUNICIPALITIES_FILE).copy()


def businesses() -> pd.DataFrame:
    """The 20 core businesses in display order."""
    frame = _read("businesses.csv").copy()
    frame["order"] = frame["order"].astype(int)
    return frame.sort_values("order").reset_index(drop=True)


def prefectures() -> pd.DataFrame:
    """The 47 prefectures with their two-digit codes."""
    return _read("prefectures.csv").copy()


def check_digit(first5: str) -> int:
    """The check digit of a local government code's first five digits."""
    total = sum(int(d) * w for d, w in zip(first5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def settings() -> pd.DataFrame:
    """The dated settings of the reference data (key, value, descriptions), e.g. the national deadline."""
    return _read("settings.csv").copy()


def setting(key: str) -> str:
    """One setting's value as written in data/reference/settings.csv."""
    frame = _read("settings.csv")
    return str(frame.loc[frame["key"] == key, "value"].item())


def national_deadline() -> date:
    """The national deadline D for the move to standard-compliant systems."""
    return date.fromisoformat(setting("national_deadline"))


def special_support_horizon() -> date:
    """The latest plausible new date of a special-support system: D plus the horizon in years."""
    deadline = national_deadline()
    return deadline.replace(year=deadline.year + int(setting("special_support_horizon_years")))
