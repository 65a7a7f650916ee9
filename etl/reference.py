"""Reference data from data/reference/: a jurisdiction is a file of municipalities."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from etl import paths
from etl.errors import UserError
from schemas.codes import has_valid_check_digit

MUNICIPALITIES_FILE = "municipalities_tokyo.csv"
NATIONAL_FILE = "municipalities_japan.csv"  # MIT notice beside it: municipalities_japan.LICENSE.txt


@cache
def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(paths.REFERENCE_DIR / name, dtype=str, keep_default_na=False)


def municipalities(path: str | Path | None = None) -> pd.DataFrame:
    """The jurisdiction's municipalities (codes as text)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False) if path is not None else _read(MUNICIPALITIES_FILE)
    bad = frame.loc[~has_valid_check_digit(frame["code"]), "code"].tolist()
    if bad:
        shown = ", ".join(bad[:5]) + (" ..." if len(bad) > 5 else "")
        raise UserError(
            f"団体コードの検査数字が正しくありません（{len(bad)}件）: {shown}",
            f"{len(bad)} municipality code(s) without a valid check digit: {shown}",
        )
    return frame.copy()


def businesses() -> pd.DataFrame:
    """The 20 core businesses in display order."""
    frame = _read("businesses.csv").copy()
    frame["order"] = frame["order"].astype(int)
    return frame.sort_values("order").reset_index(drop=True)


def prefectures() -> pd.DataFrame:
    """The 47 prefectures with their two-digit codes."""
    return _read("prefectures.csv").copy()


def pmo_steps() -> pd.DataFrame:
    """The ministry's 40 procedure steps as the PMO workbook names them (step_no 1-40, step_name_ja)."""
    frame = _read("pmo_steps.csv").copy()
    frame["step_no"] = frame["step_no"].astype(int)
    return frame.sort_values("step_no").reset_index(drop=True)


def name_variants() -> dict[str, str]:
    """Variant kanji (異体字) in municipality names -> the form both sides are folded to before matching."""
    frame = _read("name_variants.csv")
    return dict(zip(frame["variant"], frame["standard"], strict=True))


def national_municipalities() -> pd.DataFrame:
    """The real national jurisdiction: all 1,741 municipalities (data/reference/municipalities_japan.csv)."""
    return municipalities(paths.REFERENCE_DIR / NATIONAL_FILE)


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
