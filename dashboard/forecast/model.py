"""From the history's changes to the forecast of every system on a day, and the risk list.

`systems_on` turns the changes (`dashboard/sql/forecast_changes.sql`) and the jurisdiction's pairs
into each system's state on a day: its stage and the days spent in it, vendor, target and due date
(the one definition of `etl/sql/schedule.sql`: a special-support system's new date, otherwise the
earlier of its target and the national deadline). `forecast` learns the durations known that day
and simulates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.forecast.capacity import capacity
from dashboard.forecast.durations import Durations, learn, spells, states_on
from dashboard.forecast.simulate import DRAWS, SEED, Forecast, remaining_days, summarise

NOT_STARTED = "not_started"


def due_dates(target: pd.Series, special: pd.Series, deadline: pd.Series) -> pd.Series:
    """A system's due date: its new date if special-support, else the earlier of its target and D."""
    target = pd.to_datetime(target)
    deadline = pd.to_datetime(deadline)
    return target.where(special.astype(bool), target.where(target < deadline, deadline).fillna(deadline))


def systems_on(changes: pd.DataFrame, pairs: pd.DataFrame, day: date) -> pd.DataFrame:
    """Every pair in scope on `day` with stage (no_report where none has arrived), sim_stage, elapsed,
    vendor, target_date, special_support and due_date; live ones included, not-applicable ones not."""
    states = states_on(changes, day)
    keep = ["municipality_code", "business_id", "stage", "stage_since", "vendor", "target_date", "special_support"]
    out = pairs.merge(states[keep] if len(states) else pd.DataFrame(columns=keep), how="left", on=keep[:2])
    out = out[out["stage"] != "not_applicable"].reset_index(drop=True)
    first_day = pd.to_datetime(changes["as_of"]).min() if len(changes) else pd.Timestamp(day)
    reported = out["stage"].notna()
    since = pd.to_datetime(out["stage_since"]).where(reported, first_day)
    out = out.assign(
        stage=out["stage"].fillna("no_report"),
        sim_stage=out["stage"].fillna(NOT_STARTED),
        elapsed=(pd.Timestamp(day) - since).dt.days.clip(lower=0).astype(float),
        vendor=out["vendor"].fillna("").astype(str),
        special_support=out["special_support"].astype("boolean").fillna(False).astype(bool),
        target_date=pd.to_datetime(out["target_date"]),
    )
    out["due_date"] = due_dates(out["target_date"], out["special_support"], out["deadline"])
    out.loc[out["stage"] == "live", "due_date"] = pd.NaT
    return out.drop(columns=["stage_since"])


def forecast(
    changes: pd.DataFrame,
    pairs: pd.DataFrame,
    day: date,
    draws: int = DRAWS,
    seed: int = SEED,
    durations: Durations | None = None,
    curve: bool = True,
) -> tuple[Forecast, Durations]:
    """Learn the durations known on `day` (unless given) from the whole history and simulate every system
    in scope of `pairs` (all of the jurisdiction, or a part of it)."""
    learned = durations if durations is not None else learn(spells(changes, day))
    systems = systems_on(changes, pairs, day)
    sim = systems.assign(stage=systems["sim_stage"])[systems["stage"] != "live"]  # those live need no draw
    days = remaining_days(sim, learned, draws, seed)
    return summarise(systems, days, day, curve=curve), learned


def risk_list(fc: Forecast, durations: Durations, load: pd.DataFrame) -> pd.DataFrame:
    """Systems not live whose due date is still ahead, least likely to meet it first, with the reasons:
    the stage and days spent in it against the stage's median stay, and the vendor's planned
    cut-overs in the system's target month against the most it has delivered in a month."""
    s = fc.systems
    ahead = s[(s["stage"] != "live") & (pd.to_datetime(s["due_date"]) >= pd.Timestamp(fc.day))].copy()
    if ahead.empty:
        return ahead.assign(p_miss=pd.Series(dtype=float), stage_median_days=pd.Series(dtype=float))
    table = durations.table()
    medians = dict(
        zip(zip(table["stage"], table["level"], table["value"], strict=True), table["median_days"], strict=True)
    )
    typical = [
        medians.get(durations.key(stage, vendor, business), np.nan)
        for stage, vendor, business in zip(ahead["sim_stage"], ahead["vendor"], ahead["business_id"], strict=True)
    ]
    ahead["stage_median_days"] = pd.to_numeric(pd.Series(typical, index=ahead.index), errors="coerce")
    ahead["target_month"] = pd.to_datetime(ahead["target_date"]).dt.to_period("M").dt.to_timestamp()
    if len(load):
        ahead = ahead.merge(
            load[["vendor", "month", "planned", "max_monthly", "congested"]].rename(columns={"month": "target_month"}),
            how="left",
            on=["vendor", "target_month"],
        )
    else:
        ahead = ahead.assign(planned=np.nan, max_monthly=np.nan, congested=False)
    ahead["congested"] = ahead["congested"].astype("boolean").fillna(False).astype(bool)
    ahead["p_miss"] = 1.0 - ahead["p_due"]
    # ties (the same chance and due day) in one order on every screen and in every file: by code and business
    keys = ["p_miss", "due_date", "municipality_code", "business_id"]
    return ahead.sort_values(keys, ascending=[False, True, True, True], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Bundle:
    """Everything the pages show of the forecast on one day, computed once per data version."""

    forecast: Forecast
    durations: Durations
    capacity: pd.DataFrame
    risk: pd.DataFrame


def build(changes: pd.DataFrame, pairs: pd.DataFrame, day: date, draws: int = DRAWS, seed: int = SEED) -> Bundle:
    """The forecast, the vendors' capacity and the risk list on `day`."""
    fc, durations = forecast(changes, pairs, day, draws, seed)
    load = capacity(fc.systems, changes, day)
    return Bundle(fc, durations, load, risk_list(fc, durations, load))
