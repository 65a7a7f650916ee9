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
from schemas.vocabulary.contract import UNDER_WAY

DRAWS = 1000
SEED = 24
BLOCK = 4096  # rows drawn at once: BLOCK x draws float64 temporaries stay near 30 MB
HORIZON_WEEKS = 260  # the forecast curve reaches five years ahead
GRID = np.arange(0, 101, 1)  # percentiles kept per system: its probability by any day comes from them
BAND = (10, 90)  # the 80 % interval
LEVELS = 8192  # the resolution of the inverse CDF's table


def draw_stage(c: Curve, elapsed: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Days left in a stage for each row (rows x draws), given the days already spent there.

    u holds uniform draws in [0, 1); a row's draws follow the curve's distribution conditioned on the
    stay being longer than `elapsed`: inside the curve by its steps, beyond its last step by its
    constant-hazard tail (never, when no spell has ever ended)."""
    elapsed = np.asarray(elapsed, dtype=float)
    f_e = (c.cdf_at(elapsed)[:, None] if len(c.times) else np.zeros((len(elapsed), 1))).astype(u.dtype)
    q = f_e + u * (1.0 - f_e)
    last_cdf = c.cdf[-1] if len(c.cdf) else 0.0
    last_time = c.times[-1] if len(c.times) else 0.0
    if len(c.times):
        # the inverse CDF read from a table of LEVELS + 1 levels: q rounded up to the next level gives
        # the first step at or above it (exact unless a step lies within 1/LEVELS above q)
        inverse = c.times[
            np.minimum(np.searchsorted(c.cdf, np.arange(LEVELS + 1) / LEVELS, side="left"), len(c.times) - 1)
        ]
        total = inverse[np.minimum(np.ceil(q * LEVELS).astype(np.int64), LEVELS)]
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
                u = rng.random((len(block), draws), dtype=np.float32)
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
    (unless `curve` is False: the backtest needs none). `days` holds the draws of the systems not live,
    in their order (those live need none); it is sorted in place."""
    live = (systems["stage"] == "live").to_numpy()
    waiting = np.flatnonzero(~live)
    n, draws = days.shape if days.ndim == 2 else (0, 0)
    draws = draws or DRAWS
    due_all = (pd.to_datetime(systems["due_date"]) - pd.Timestamp(day)).dt.days.to_numpy(dtype=float)
    due = np.where(np.isnan(due_all), -np.inf, due_all)[waiting]
    p_due = np.zeros(n)
    p_90 = np.zeros(n)
    # the curve of systems live: per business and draw, go-lives counted by week ahead (week 0: live already)
    groups, group_ix = np.unique(systems["business_id"].to_numpy(dtype=str), return_inverse=True)
    group_ix = np.ravel(group_ix)
    groups = groups if curve else groups[:0]
    width = horizon_weeks + 2
    counts = np.zeros(len(groups) * draws * width, dtype=np.int64)
    draw_offset = np.arange(draws, dtype=np.int64)[None, :] * width
    grid = np.zeros((len(systems), len(GRID)), dtype=np.float32)
    columns = np.minimum((GRID / 100 * (draws - 1)).round().astype(int), draws - 1)
    for lo in range(0, n, BLOCK):
        block = days[lo : lo + BLOCK]
        rows = slice(lo, lo + BLOCK)
        p_due[rows] = (block <= due[rows, None]).mean(axis=1)
        p_90[rows] = (block <= 90).mean(axis=1)
        if curve:
            weeks = np.ceil(np.minimum(block, (horizon_weeks + 1) * 7) / 7).astype(np.int64)
            g = group_ix[waiting[rows]].astype(np.int64)
            counts += np.bincount((g[:, None] * draws * width + draw_offset + weeks).ravel(), minlength=len(counts))
        block.sort(axis=1)
        grid[waiting[rows]] = block[:, columns]
    lines = pd.DataFrame()
    if curve:
        per_group = counts.reshape(len(groups), draws, width)[:, :, : horizon_weeks + 1]
        per_group[:, :, 0] += np.bincount(group_ix[live], minlength=len(groups))[:, None]
        per_group = np.cumsum(per_group, axis=2)
        everything = np.concatenate([per_group.sum(axis=0)[None], per_group])  # all businesses first
        low, median, high = np.percentile(everything, [BAND[0], 50, BAND[1]], axis=1)
        week_days = pd.to_datetime([day + timedelta(weeks=w) for w in range(horizon_weeks + 1)])
        lines = pd.DataFrame(
            {
                "business_id": np.repeat(["", *[str(g) for g in groups]], horizon_weeks + 1),
                "week": np.tile(week_days, len(groups) + 1),
                "live_median": median.ravel(),
                "live_low": low.ravel(),
                "live_high": high.ravel(),
            }
        )

    def on(percentile: int) -> pd.Series:
        offset = grid[:, percentile]
        finite = np.isfinite(offset) & (offset <= horizon_weeks * 7) & ~live
        dates = pd.Timestamp(day) + pd.to_timedelta(np.where(finite, np.ceil(offset), 0), unit="D")
        return pd.Series(dates, index=systems.index).where(finite)

    p_due_all = np.full(len(systems), np.nan)
    p_90_all = np.full(len(systems), np.nan)
    p_due_all[waiting] = p_due
    p_90_all[waiting] = p_90
    out = systems.assign(p_due=p_due_all, p_90d=p_90_all, median=on(50), low=on(BAND[0]), high=on(BAND[1]))
    return Forecast(day, out, grid, lines, draws)
