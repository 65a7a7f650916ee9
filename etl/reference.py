"""Reference data from data/reference/: a jurisdiction is a file of municipalities."""

from __future__ import annotations

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
