"""Vendor capacity per month: the cut-overs planned against the go-lives each vendor has delivered.

Planned: systems in procurement or migration on the day, counted in the month of their target date
(this month and later). Demonstrated: the vendor's go-lives per month in the history (the first
report of a pair as live, at its go-live date): the most in any month, and the median of the last
six whole months (months without a go-live count as zero). A month is congested when its plans
exceed twice the most the vendor has ever delivered in a month.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

PLANNED_STAGES = ("procurement", "migration")
RECENT_MONTHS = 6
CONGESTION_FACTOR = 2.0


def go_lives(changes: pd.DataFrame) -> pd.DataFrame:
    """Each pair's first go-live (its date and the vendor it last named): municipality, business, vendor, day."""
    if changes.empty:
        return pd.DataFrame(columns=["municipality_code", "business_id", "vendor", "day"])
    ordered = changes.sort_values(["municipality_code", "business_id", "as_of"], kind="stable")
    key = (ordered["municipality_code"] + "|" + ordered["business_id"]).to_numpy()
    vendor = ordered["vendor"].where(ordered["vendor"] != "").groupby(key).ffill().fillna("")
    live = ordered.assign(vendor=vendor)[ordered["stage"] == "live"]
    first = live.groupby(["municipality_code", "business_id"], sort=False).head(1)
    day = pd.to_datetime(first["go_live_date"]).fillna(pd.to_datetime(first["as_of"]))
    return first.assign(day=day)[["municipality_code", "business_id", "vendor", "day"]].reset_index(drop=True)


def demonstrated(changes: pd.DataFrame, day: date, recent_months: int = RECENT_MONTHS) -> pd.DataFrame:
    """Per vendor: the most go-lives in any month, and the median of the last `recent_months` whole months."""
    done = go_lives(changes)
    done = done[(done["vendor"] != "") & (done["day"] <= pd.Timestamp(day))]
    if done.empty:
        return pd.DataFrame(columns=["vendor", "max_monthly", "recent_median"])
    monthly = done.assign(month=done["day"].dt.to_period("M")).groupby(["vendor", "month"]).size()
    this_month = pd.Timestamp(day).to_period("M")
    recent = pd.period_range(this_month - recent_months, this_month - 1, freq="M")
    rows = []
    for vendor, per_month in monthly.groupby(level=0):
        counts = per_month.droplevel(0)
        rows.append((vendor, int(counts.max()), float(np.median(counts.reindex(recent, fill_value=0).to_numpy()))))
    return pd.DataFrame(rows, columns=["vendor", "max_monthly", "recent_median"])


def capacity(
    systems: pd.DataFrame, changes: pd.DataFrame, day: date, factor: float = CONGESTION_FACTOR
) -> pd.DataFrame:
    """Vendor x month from this month on: planned cut-overs, the municipalities concerned, the vendor's
    demonstrated throughput, the ratio and the congestion flag (plans > `factor` x the best month)."""
    planned = systems[
        systems["stage"].isin(PLANNED_STAGES)
        & (systems["vendor"] != "")
        & (pd.to_datetime(systems["target_date"]) >= pd.Timestamp(day).to_period("M").to_timestamp())
    ]
    cols = ["vendor", "month", "planned", "municipalities", "max_monthly", "recent_median", "ratio", "congested"]
    if planned.empty:
        return pd.DataFrame(columns=cols)
    planned = planned.assign(month=pd.to_datetime(planned["target_date"]).dt.to_period("M").dt.to_timestamp())
    grouped = planned.groupby(["vendor", "month"]).agg(
        planned=("business_id", "size"),
        municipalities=("municipality_code", lambda c: sorted(set(c))),
    )
    out = grouped.reset_index().merge(demonstrated(changes, day), how="left", on="vendor")
    out["max_monthly"] = out["max_monthly"].fillna(0).astype(int)
    out["recent_median"] = out["recent_median"].fillna(0.0).astype(float)
    out["ratio"] = np.where(
        out["max_monthly"] > 0, out["planned"] / out["max_monthly"].where(out["max_monthly"] > 0), np.inf
    )
    out["congested"] = out["planned"] > factor * out["max_monthly"]
    return out[cols].sort_values(["vendor", "month"]).reset_index(drop=True)
