"""The forecast checked against what happened: forecasts made as of past days, scored.

For each origin day T (every six weeks, from half a year into the history to 90 days before its
end), the durations are learned from what was known on T only and every system not live on T is
forecast. Its outcome is whether its first go-live came by T + 90 days (the go-live date the
history reports, known later). Two baselines get the same systems: the reported plan (1 when its
target on T lies within the 90 days, else 0) and the recent pace (the systems gone live over the 12
weeks before T, carried over the next 90 days and spread evenly over the systems left).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.forecast.capacity import go_lives
from dashboard.forecast.model import forecast, systems_on

HORIZON_DAYS = 90
PACE_DAYS = 84  # the progress page's recent pace: 12 weeks
STEP_DAYS = 42
WARMUP_DAYS = 182
DRAWS = 200
BINS = np.linspace(0.0, 1.0, 11)
METHODS = ("forecast", "pace", "plan")


def origins(changes: pd.DataFrame, horizon: int = HORIZON_DAYS, step: int = STEP_DAYS) -> list[date]:
    """The days forecasts are made as of: every `step` days, with the whole horizon behind the last report."""
    if changes.empty:
        return []
    first = pd.to_datetime(changes["as_of"]).min().date()
    last = pd.to_datetime(changes["as_of"]).max().date()
    out: list[date] = []
    day = last - timedelta(days=horizon)
    while day >= first + timedelta(days=WARMUP_DAYS):
        out.append(day)
        day -= timedelta(days=step)
    return sorted(out)


def pace_probability(
    changes: pd.DataFrame, pairs: pd.DataFrame, day: date, horizon: int = HORIZON_DAYS, now: pd.DataFrame | None = None
) -> float:
    """The recent-pace line as a probability: the go-lives of the last 12 weeks carried over `horizon`
    days, spread evenly over the systems not live on `day` (at most 1). `now`: the systems on `day`, when
    already at hand."""
    now = systems_on(changes, pairs, day) if now is None else now
    before = systems_on(changes, pairs, day - timedelta(days=PACE_DAYS))
    gained = int((now["stage"] == "live").sum()) - int((before["stage"] == "live").sum())
    remaining = int((now["stage"] != "live").sum())
    if remaining == 0:
        return 0.0
    return float(min(1.0, max(gained, 0) / PACE_DAYS * horizon / remaining))


def run(
    changes: pd.DataFrame,
    pairs: pd.DataFrame,
    days: list[date] | None = None,
    horizon: int = HORIZON_DAYS,
    draws: int = DRAWS,
) -> pd.DataFrame:
    """One row per origin x system not live then: the three probabilities, the outcome, the dates."""
    actual = go_lives(changes).set_index(["municipality_code", "business_id"])["day"]
    frames = []
    for day in origins(changes, horizon) if days is None else days:
        fc, _ = forecast(changes, pairs, day, draws=draws, curve=False)
        s = fc.systems[fc.systems["stage"] != "live"]
        by = pd.Timestamp(day) + pd.Timedelta(days=horizon)
        went_live = actual.reindex(pd.MultiIndex.from_frame(s[["municipality_code", "business_id"]])).to_numpy()
        p_horizon = (
            s["p_90d"].to_numpy() if horizon == 90 else fc.p_by(by.date())[(fc.systems["stage"] != "live").to_numpy()]
        )
        frames.append(
            pd.DataFrame(
                {
                    "origin": pd.Timestamp(day),
                    "municipality_code": s["municipality_code"].to_numpy(),
                    "business_id": s["business_id"].to_numpy(),
                    "forecast": p_horizon,
                    "pace": pace_probability(changes, pairs, day, horizon, fc.systems),
                    "plan": (pd.to_datetime(s["target_date"]) <= by).fillna(False).astype(float).to_numpy(),
                    "outcome": (pd.to_datetime(pd.Series(went_live)) <= by).fillna(False).astype(float).to_numpy(),
                    "median": s["median"].to_numpy(),
                    "target_date": pd.to_datetime(s["target_date"]).to_numpy(),
                    "go_live": pd.to_datetime(pd.Series(went_live)).to_numpy(),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["origin", "municipality_code", "business_id", *METHODS, "outcome"])
    return pd.concat(frames, ignore_index=True)


def brier(p: pd.Series | np.ndarray, outcome: pd.Series | np.ndarray) -> float:
    """The mean squared difference between probabilities and what happened (0 is perfect)."""
    p = np.asarray(p, dtype=float)
    o = np.asarray(outcome, dtype=float)
    return float(np.mean((p - o) ** 2)) if len(p) else float("nan")


def calibration(p: pd.Series | np.ndarray, outcome: pd.Series | np.ndarray) -> pd.DataFrame:
    """Forecasts in tenths (0–10 %, …, 90–100 %): how many, their mean, and the share that came true."""
    p = np.asarray(p, dtype=float)
    o = np.asarray(outcome, dtype=float)
    bin_ix = np.clip(np.digitize(p, BINS[1:-1], right=False), 0, len(BINS) - 2)
    rows = []
    for i in range(len(BINS) - 1):
        mask = bin_ix == i
        n = int(mask.sum())
        rows.append(
            (BINS[i], BINS[i + 1], n, float(p[mask].mean()) if n else np.nan, float(o[mask].mean()) if n else np.nan)
        )
    return pd.DataFrame(rows, columns=["low", "high", "n", "mean_forecast", "observed"])


@dataclass(frozen=True)
class Score:
    """The backtest in figures: Brier score of each method, the median go-live's error, the sizes."""

    brier: dict[str, float]
    median_error_days: float  # median |forecast median - actual go-live| over systems that went live
    plan_error_days: float  # the same for the reported target date
    n: int
    origins: int


def score(records: pd.DataFrame) -> Score:
    """The backtest's figures from its records."""
    went = records.dropna(subset=["go_live"]) if "go_live" in records else records.iloc[0:0]
    med = went.dropna(subset=["median"]) if len(went) else went
    median_error = (
        float(np.median(np.abs((pd.to_datetime(med["median"]) - pd.to_datetime(med["go_live"])).dt.days)))
        if len(med)
        else float("nan")
    )
    planned = went.dropna(subset=["target_date"]) if len(went) else went
    plan_error = (
        float(np.median(np.abs((pd.to_datetime(planned["target_date"]) - pd.to_datetime(planned["go_live"])).dt.days)))
        if len(planned)
        else float("nan")
    )
    return Score(
        {m: brier(records[m], records["outcome"]) for m in METHODS},
        median_error,
        plan_error,
        len(records),
        int(records["origin"].nunique()) if len(records) else 0,
    )
