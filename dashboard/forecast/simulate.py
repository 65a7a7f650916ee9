"""The forecast per system: its remaining stages drawn from the learned durations, many times over.

Each draw of a system not yet live is the rest of its current stage (drawn given the days it has
already spent there) plus a whole stay in every later stage before go-live, each drawn by inverting
the stage's Kaplan–Meier curve. Systems are drawn independently, in blocks of rows × draws (numpy,
no Python loop per draw), from one seeded generator: the same data gives the same forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.forecast.durations import ORDER, Curve, Durations
from schemas.vocabulary import UNDER_WAY

DRAWS = 1000
SEED = 24
BLOCK = 4096  # rows drawn at once: BLOCK x draws float64 temporaries stay near 30 MB
HORIZON_WEEKS = 260  # the forecast curve reaches five years ahead
GRID = np.arange(0, 101, 1)  # percentiles kept per system: its probability by any day comes from them
BAND = (10, 90)  # the 80 % interval


def draw_stage(c: Curve, elapsed: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Days left in a stage for each row (rows x draws), given the days already spent there.

    u holds uniform draws in [0, 1); a row's draws follow the curve's distribution conditioned on the
    stay being longer than `elapsed`: inside the curve by its steps, beyond its last step by its
    constant-hazard tail (never, when no spell has ever ended)."""
    elapsed = np.asarray(elapsed, dtype=float)
    f_e = c.cdf_at(elapsed)[:, None] if len(c.times) else np.zeros((len(elapsed), 1))
    q = f_e + u * (1.0 - f_e)
    last_cdf = c.cdf[-1] if len(c.cdf) else 0.0
    last_time = c.times[-1] if len(c.times) else 0.0
    if len(c.times):
        idx = np.searchsorted(c.cdf, q, side="left")
        total = c.times[np.minimum(idx, len(c.times) - 1)]
    else:
        total = np.zeros_like(q)
    beyond = q > last_cdf
    if beyond.any():
        with np.errstate(divide="ignore", invalid="ignore"):
            # the tail is memoryless: from the later of its start and the days spent, the rest of q's range
            f_start = np.maximum(f_e, last_cdf)
            v = np.where(beyond, (q - f_start) / (1.0 - f_start), 0.0)
            start = np.maximum(last_time, elapsed)[:, None]
            tail = start - np.log1p(-np.minimum(v, 1 - 1e-12)) / c.tail_rate if c.tail_rate > 0 else np.inf
        total = np.where(beyond, tail, total)
    return np.maximum(total - elapsed[:, None], 0.0)


@dataclass(frozen=True)
class Forecast:
    """What the simulation gives: per system its chances and dates, and the curve of systems live."""

    day: date
    systems: pd.DataFrame  # the input rows with p_due, p_90d, median, low, high (dates; NaT: beyond 5 years)
    grid: np.ndarray  # (systems, 101) days from `day` to go-live at each percentile (inf: not in sight)
    curve: pd.DataFrame  # business_id ('' for all), week, live_median, live_low, live_high
    draws: int

    def p_by(self, when: date) -> np.ndarray:
        """Each system's probability of being live by `when` (1 for those live already)."""
        offset = (pd.Timestamp(when) - pd.Timestamp(self.day)).days
        p = (self.grid <= offset).mean(axis=1) if len(self.grid) else np.zeros(0)
        live = (self.systems["stage"] == "live").to_numpy()
        return np.where(live, 1.0, p)


def _keys(systems: pd.DataFrame, durations: Durations, stage: str) -> tuple[np.ndarray, list[tuple[str, str, str]]]:
    """Each row's curve for `stage` as a code into the list of curves used (one look-up per vendor x business)."""
    combos, codes = np.unique(
        np.stack([systems["vendor"].to_numpy(dtype=str), systems["business_id"].to_numpy(dtype=str)], axis=1),
        axis=0,
        return_inverse=True,
    )
    curves = [durations.key(stage, str(vendor), str(business)) for vendor, business in combos]
    unique = list(dict.fromkeys(curves))
    curve_code = np.array([unique.index(c) for c in curves], dtype=np.int64)
    return curve_code[np.ravel(codes)], unique


def remaining_days(systems: pd.DataFrame, durations: Durations, draws: int = DRAWS, seed: int = SEED) -> np.ndarray:
    """Days to go-live (systems x draws, float32; inf: not in sight; 0: live) for systems with
    columns stage, elapsed (days in the current stage), vendor and business_id."""
    rng = np.random.default_rng(seed)
    n = len(systems)
    out = np.zeros((n, draws), dtype=np.float32)
    stage_ix = systems["stage"].map(ORDER).fillna(-1).to_numpy(dtype=int)
    elapsed = systems["elapsed"].to_numpy(dtype=float)
    for k, stage in enumerate(UNDER_WAY):
        rows_all = np.flatnonzero((stage_ix >= 0) & (stage_ix <= k))
        if not len(rows_all):
            continue
        codes, keys = _keys(systems.iloc[rows_all], durations, stage)
        for code, key in enumerate(keys):
            c = durations.curves.get(key)
            rows = rows_all[codes == code]
            for lo in range(0, len(rows), BLOCK):
                block = rows[lo : lo + BLOCK]
                current = stage_ix[block] == k
                e = np.where(current, elapsed[block], 0.0)
                u = rng.random((len(block), draws))
                if c is None:  # no spell of this stage at all: nothing to learn from, not in sight
                    add = np.full((len(block), draws), np.inf)
                else:
                    add = draw_stage(c, e, u)
                out[block] += add.astype(np.float32)
    return out


def summarise(
    systems: pd.DataFrame, days: np.ndarray, day: date, horizon_weeks: int = HORIZON_WEEKS, curve: bool = True
) -> Forecast:
    """Per system its chances (by its due date, within 90 days) and dates; the curve of systems live
    (unless `curve` is False: the backtest needs none). Sorts `days` in place."""
    n, draws = days.shape if days.ndim == 2 else (0, 0)
    due = (pd.to_datetime(systems["due_date"]) - pd.Timestamp(day)).dt.days.to_numpy(dtype=float)
    due = np.where(np.isnan(due), -np.inf, due)
    p_due = np.zeros(n)
    p_90 = np.zeros(n)
    # the curve of systems live: per business and draw, go-lives counted by week ahead (week 0: live already)
    groups, group_ix = np.unique(systems["business_id"].to_numpy(dtype=str), return_inverse=True)
    groups = groups if curve else groups[:0]
    width = horizon_weeks + 2
    counts = np.zeros(len(groups) * draws * width, dtype=np.int64)
    draw_offset = np.arange(draws, dtype=np.int64)[None, :] * width
    for lo in range(0, n, BLOCK):
        block = days[lo : lo + BLOCK]
        p_due[lo : lo + BLOCK] = (block <= due[lo : lo + BLOCK, None]).mean(axis=1)
        p_90[lo : lo + BLOCK] = (block <= 90).mean(axis=1)
        if not curve:
            continue
        weeks = np.ceil(np.minimum(block, (horizon_weeks + 1) * 7) / 7).astype(np.int64)
        flat = (group_ix[lo : lo + BLOCK, None].astype(np.int64) * draws * width + draw_offset + weeks).ravel()
        counts += np.bincount(flat, minlength=len(counts))
    per_group = np.cumsum(counts.reshape(len(groups), draws, width)[:, :, : horizon_weeks + 1], axis=2)
    week_days = pd.to_datetime([day + timedelta(weeks=w) for w in range(horizon_weeks + 1)])
    frames = []
    everything = [("", per_group.sum(axis=0)), *zip(groups, per_group, strict=True)] if curve else []
    for name, live in everything:
        frames.append(
            pd.DataFrame(
                {
                    "business_id": str(name),
                    "week": week_days,
                    "live_median": np.median(live, axis=0) if draws else 0.0,
                    "live_low": np.percentile(live, BAND[0], axis=0) if draws else 0.0,
                    "live_high": np.percentile(live, BAND[1], axis=0) if draws else 0.0,
                }
            )
        )
    lines = pd.concat(frames, ignore_index=True) if curve else pd.DataFrame()
    days.sort(axis=1)
    grid = (
        days[:, np.minimum((GRID / 100 * (draws - 1)).round().astype(int), draws - 1)]
        if draws
        else np.zeros((n, len(GRID)), dtype=np.float32)
    )

    def on(percentile: int) -> pd.Series:
        offset = grid[:, percentile] if n else np.zeros(0)
        finite = np.isfinite(offset) & (offset <= horizon_weeks * 7)
        dates = pd.Timestamp(day) + pd.to_timedelta(np.where(finite, np.ceil(offset), 0), unit="D")
        return pd.Series(dates, index=systems.index).where(finite)

    live = (systems["stage"] == "live").to_numpy()
    out = systems.assign(
        p_due=np.where(live, np.nan, p_due),
        p_90d=np.where(live, np.nan, p_90),
        median=on(50).where(~live),
        low=on(BAND[0]).where(~live),
        high=on(BAND[1]).where(~live),
    )
    return Forecast(day, out, grid, lines, draws)
