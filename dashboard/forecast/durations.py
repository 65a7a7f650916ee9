"""Stage durations learned from the report history: spells, and their Kaplan–Meier estimates.

A spell is a pair's stay in one stage under way, from the first report that shows the stage to the
first report that shows a later stage (an event; into live, the go-live date that report gives) or,
for a system still in it, to the forecast's day (censored). A move back (a re-tender) or out of scope ends the spell censored. The survival
curve of each stage is scipy's Kaplan–Meier estimate (`scipy.stats.ecdf` on `CensoredData`), by
vendor where the vendor has enough finished spells in that stage, else by business, else pooled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats

from schemas.vocabulary.contract import UNDER_WAY

STAGES = [*UNDER_WAY, "live"]
ORDER = {stage: i for i, stage in enumerate(STAGES)}
MIN_EVENTS = 20  # finished spells a vendor or a business needs in a stage to get its own curve
POOLED = "*"


def _day(value: date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def states_on(changes: pd.DataFrame, day: date) -> pd.DataFrame:
    """Each pair's latest change on `day` (its status then) with the day its current stage began."""
    upto = changes[pd.to_datetime(changes["as_of"]) <= _day(day)]
    if upto.empty:
        return upto.assign(stage_since=pd.Series(dtype="datetime64[ns]"))
    upto = upto.sort_values(["municipality_code", "business_id", "as_of"], kind="stable")
    key = upto["municipality_code"] + "|" + upto["business_id"]
    new_run = (key != key.shift()) | (upto["stage"] != upto["stage"].shift())
    run_start = pd.to_datetime(upto["as_of"]).where(new_run).ffill()
    # the vendor a pair names last (the early stages often name none)
    vendor = upto["vendor"].where(upto["vendor"] != "").groupby(key.to_numpy()).ffill().fillna("")
    out = upto.assign(stage_since=run_start, vendor=vendor).groupby(key.to_numpy(), sort=False).tail(1)
    return out.reset_index(drop=True)


def spells(changes: pd.DataFrame, day: date) -> pd.DataFrame:
    """Every stage spell under way known on `day`: pair, stage, vendor, duration in days, event."""
    upto = changes[pd.to_datetime(changes["as_of"]) <= _day(day)]
    cols = ["municipality_code", "business_id", "stage", "vendor", "start", "duration", "event"]
    if upto.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    upto = upto.sort_values(["municipality_code", "business_id", "as_of"], kind="stable")
    key = (upto["municipality_code"] + "|" + upto["business_id"]).to_numpy()
    vendor = upto["vendor"].where(upto["vendor"] != "").groupby(key).ffill().fillna("")  # as known then
    stage = upto["stage"].to_numpy()
    new_run = np.ones(len(upto), dtype=bool)
    new_run[1:] = (key[1:] != key[:-1]) | (stage[1:] != stage[:-1])
    runs = upto.assign(vendor=vendor, start=pd.to_datetime(upto["as_of"]))[new_run]
    run_key = key[new_run]
    same_next = np.zeros(len(runs), dtype=bool)
    same_next[:-1] = run_key[1:] == run_key[:-1]
    next_start = runs["start"].shift(-1).where(same_next)
    next_stage = runs["stage"].shift(-1).where(same_next)
    # a move into live ends on the go-live date the live report gives (reports come days or weeks after)
    next_go_live = pd.to_datetime(runs["go_live_date"]).shift(-1).where(same_next & (next_stage == "live"))
    end = next_start.where(~(next_go_live < next_start), next_go_live).fillna(_day(day))
    end = end.where(end >= runs["start"], runs["start"])
    order_now = runs["stage"].map(ORDER)
    order_next = next_stage.map(ORDER)
    event = same_next & (order_next > order_now).fillna(False).to_numpy(dtype=bool)
    out = runs.assign(duration=(end - runs["start"]).dt.days.astype(float), event=event)
    out = out[out["stage"].isin(UNDER_WAY)]
    return out[cols].reset_index(drop=True)


@dataclass(frozen=True)
class Curve:
    """One survival curve: the days at which its CDF steps, the CDF there, and the tail beyond."""

    times: np.ndarray  # ascending days
    cdf: np.ndarray  # P(duration <= times[i])
    tail_rate: float  # per day: finished spells / days spent, the constant hazard beyond the last step
    events: int
    spells: int

    def cdf_at(self, days: np.ndarray) -> np.ndarray:
        """P(duration <= d) for each d (a step function; the tail's exponential beyond the last step)."""
        days = np.asarray(days, dtype=float)
        i = np.searchsorted(self.times, days, side="right") - 1
        inside = np.where(i >= 0, self.cdf[np.clip(i, 0, len(self.cdf) - 1)], 0.0) if len(self.cdf) else 0 * days
        if not len(self.times):
            return 1.0 - np.exp(-self.tail_rate * np.maximum(days, 0))
        beyond = days > self.times[-1]
        last = self.cdf[-1]
        tail = last + (1 - last) * (1.0 - np.exp(-self.tail_rate * (days - self.times[-1])))
        return np.where(beyond, tail, inside)


def curve(duration: np.ndarray, event: np.ndarray) -> Curve:
    """The Kaplan–Meier curve of spells (durations in days, event False where censored)."""
    duration = np.asarray(duration, dtype=float)
    event = np.asarray(event, dtype=bool)
    n_events = int(event.sum())
    exposure = float(duration.sum())
    rate = n_events / exposure if exposure > 0 else (np.inf if n_events else 0.0)
    if n_events == 0:
        return Curve(np.array([]), np.array([]), rate, 0, len(duration))
    data = stats.CensoredData(uncensored=duration[event], right=duration[~event])
    sf = stats.ecdf(data).sf
    return Curve(
        np.asarray(sf.quantiles, dtype=float), 1.0 - np.asarray(sf.probabilities), rate, n_events, len(duration)
    )


@dataclass
class Durations:
    """The learned curves: per stage, pooled, and per business and vendor where there is enough."""

    curves: dict[tuple[str, str, str], Curve] = field(default_factory=dict)  # (stage, level, value)
    min_events: int = MIN_EVENTS

    def key(self, stage: str, vendor: str, business: str) -> tuple[str, str, str]:
        """The curve a pair's stay in `stage` is drawn from: its vendor's, its business's or the pool's."""
        for level, value in (("vendor", vendor), ("business", business)):
            if value and (stage, level, value) in self.curves:
                return (stage, level, value)
        return (stage, "pooled", POOLED)

    def table(self) -> pd.DataFrame:
        """One row per curve: stage, level, value, spells, events, median days (None when not reached)."""
        rows = []
        for (stage, level, value), c in self.curves.items():
            reached = np.flatnonzero(c.cdf >= 0.5)
            median = float(c.times[reached[0]]) if len(reached) else None
            rows.append((stage, level, value, c.spells, c.events, median))
        return pd.DataFrame(rows, columns=["stage", "level", "value", "spells", "events", "median_days"])


def learn(spell_frame: pd.DataFrame, min_events: int = MIN_EVENTS) -> Durations:
    """Fit the curves: pooled per stage always; per business and per vendor with `min_events` or more."""
    out = Durations(min_events=min_events)
    if spell_frame.empty:
        return out
    for stage, group in spell_frame.groupby("stage", sort=False):
        out.curves[(str(stage), "pooled", POOLED)] = curve(group["duration"].to_numpy(), group["event"].to_numpy())
        for level, column in (("business", "business_id"), ("vendor", "vendor")):
            for value, sub in group.groupby(column, sort=False):
                if value and int(sub["event"].sum()) >= min_events:
                    out.curves[(str(stage), level, str(value))] = curve(
                        sub["duration"].to_numpy(), sub["event"].to_numpy()
                    )
    return out
