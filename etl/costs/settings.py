"""The cost figures' settings (data/reference/settings.csv) and the dated national reference figures
(data/reference/cost_reference.csv), read in one place."""

from __future__ import annotations

import os

import pandas as pd

from etl import paths, reference

PUBLISH_ENV = "HYOJUNKA_PUBLISH_MUNICIPAL_COSTS"


def target_ratio() -> float:
    """The target: the latest year's cost as a ratio to the base year's (0.70, at least 30 % less)."""
    return float(reference.setting("cost_target_ratio"))


def baseline_year() -> int:
    """The base year the costs are compared with (FY2018)."""
    return int(reference.setting("cost_baseline_year"))


def min_municipalities() -> int:
    """The fewest municipalities a cost figure on a public page may aggregate (5)."""
    return int(reference.setting("cost_min_municipalities"))


def publish_per_municipality() -> bool:
    """True when this deployment publishes each municipality's costs: the setting, or the
    environment variable HYOJUNKA_PUBLISH_MUNICIPAL_COSTS=1 set for one deployment."""
    env = os.environ.get(PUBLISH_ENV)
    if env is not None and env.strip() != "":
        return env.strip().lower() in ("1", "true", "yes")
    return reference.setting("cost_publish_per_municipality").strip().lower() == "true"


def national_references() -> pd.DataFrame:
    """The reported figures the page draws as dated reference lines, each with its source."""
    frame = pd.read_csv(paths.REFERENCE_DIR / "cost_reference.csv", dtype=str, keep_default_na=False)
    return frame.assign(ratio=frame["ratio"].astype(float))
