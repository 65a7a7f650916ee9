"""What a plan makes: the status reports of any pairs on any days, the days each municipality reports,
the pairs no report speaks of, and the truth the official releases describe.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from etl.synthetic.plan import DAY, HISTORY_START, NEVER, Plan, day64, pace_groups
from schemas.vocabulary.contract import COLUMNS, RESIDENT_REGISTRY, UNDER_WAY

STAGE_NAMES = np.array(UNDER_WAY + ["live"], dtype=object)
PMO_FLOOR = np.array([0, 5, 20, 40, 60, 100], dtype=float)
PMO_CEIL = np.array([5, 20, 40, 60, 95, 100], dtype=float)


def _iso(days: np.ndarray, keep: np.ndarray) -> np.ndarray:
    text = np.datetime_as_string(np.where(keep, days, day64(HISTORY_START)), unit="D").astype(object)
    return np.where(keep, text, "")


def snapshot(plan: Plan, as_of: np.ndarray | date, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The status reports of the given pairs (all by default) on their as_of days, as canonical text."""
    ix = np.arange(len(plan)) if rows is None else np.asarray(rows)
    n = len(ix)
    day = np.broadcast_to(np.asarray(day64(as_of) if isinstance(as_of, date) else as_of, dtype="datetime64[D]"), (n,))
    stage_from = plan.stage_from[ix]
    stage_ix = (stage_from <= day[:, None]).sum(axis=1)
    in_window = (plan.regress_from[ix] <= day) & (day < plan.regress_to[ix])
    regressing = in_window & (stage_ix >= 1) & (stage_ix <= 4)
    stage_ix = stage_ix - regressing
    live = stage_ix == 5
    applicable = plan.applicable[ix]

    special = (plan.special_from[ix] <= day) & applicable
    revised = (plan.revise_on[ix] <= day) | special
    target = np.where(revised, plan.target_revised[ix], plan.target_first[ix])
    go_live = stage_from[:, 4]

    # the step-based PMO rate: through each stage's band as time passes, 100 (or nearly) once live
    entered = np.where(stage_ix > 0, stage_from[np.arange(n), np.maximum(stage_ix - 1, 0)], day - 365 * DAY)
    leaves = np.where(stage_ix < 5, stage_from[np.arange(n), np.minimum(stage_ix, 4)], day)
    span = np.maximum((leaves - entered).astype("int64"), 1)
    done = np.clip((day - entered).astype("int64") / span + plan.pmo_jitter[ix], 0, 1)
    pmo = PMO_FLOOR[stage_ix] + done * (PMO_CEIL[stage_ix] - PMO_FLOOR[stage_ix])
    pmo = np.where(live, np.where(plan.pmo_jitter[ix] < -0.06, 96, 100), np.minimum(np.rint(pmo), 95))
    pmo_text = np.where(plan.reports_pmo[ix] & applicable, pmo.astype(int).astype(str).astype(object), "")

    cloud = plan.cloud[ix]
    gov_cloud = np.where(
        ~cloud | ~applicable,
        "not_planned",
        np.where(live & (plan.cloud_running[ix] <= day), "running", np.where(stage_ix >= 4, "preparing", "planned")),
    )
    notes = np.where((plan.note_from[ix] <= day) & applicable & ~live, plan.note[ix], "")

    frame = pd.DataFrame(
        {
            "municipality_code": plan.codes[ix],
            "business_id": plan.businesses[ix],
            "as_of": np.datetime_as_string(day, unit="D").astype(object),
            "stage": np.where(applicable, STAGE_NAMES[stage_ix], "not_applicable"),
            "target_date": _iso(target, applicable),
            "go_live_date": _iso(go_live, live & applicable),
            "gov_cloud": gov_cloud,
            "special_support": np.where(special, "true", "false"),
            "special_support_reason": np.where(special, plan.reason[ix].astype(str).astype(object), ""),
            "pmo_progress": pmo_text,
            "vendor": np.where(applicable & (stage_ix >= 2), plan.vendor[ix], ""),
            "notes": notes,
        },
        columns=COLUMNS,
    )
    return frame


def reporting_days(
    municipalities: pd.DataFrame, start: date, today: date, rng: np.random.Generator
) -> dict[str, list[date]]:
    """The days each municipality reports: every 2-5 weeks, a few fall silent for the last 60-120 days."""
    groups = pace_groups(municipalities)
    n_weeks = (today - start).days // 7 + 1
    silent_weight = np.array([{"islands": 3.0, "town": 2.0, "village": 2.0, "tama": 1.0}.get(g, 0.4) for g in groups])
    silent_weight[np.isin(municipalities["kind"].to_numpy(), ["town", "village"])] *= 2
    n_silent = max(1, round(len(municipalities) * 0.08))
    silent = set(rng.choice(len(municipalities), n_silent, replace=False, p=silent_weight / silent_weight.sum()))
    # one stream per municipality, so that a later `today` extends the history instead of redrawing it
    streams = rng.spawn(len(municipalities))
    out: dict[str, list[date]] = {}
    for i, code in enumerate(municipalities["code"]):
        stream = streams[i]
        every = int(stream.choice([2, 3, 4, 5], p=[0.3, 0.35, 0.2, 0.15]))
        phase = int(stream.integers(0, every))
        weekday = int(stream.integers(0, 5))
        stop = today - timedelta(days=int(stream.integers(60, 121))) if i in silent else today
        days: list[date] = []
        for week in range(n_weeks):
            if (week - phase) % every and stream.random() > 0.03:
                continue
            if stream.random() < 0.07:  # a missed report
                continue
            day = start + timedelta(days=7 * week + min(weekday + int(stream.integers(-1, 2)), 4) % 5)
            if day <= stop and day <= today:
                days.append(day)
        out[code] = days
    return out


N_UNREPORTED = 3  # pairs no report ever speaks of: the national list still marks them


def unreported_pairs(plan: Plan, seed: int) -> np.ndarray:
    """A few special-support pairs (never the registry) that the demo's reports leave out."""
    rng = np.random.default_rng(seed + 9)  # its own stream: the history's draws stay as they were
    candidates = np.flatnonzero(plan.applicable & (plan.special_from < NEVER) & (plan.businesses != RESIDENT_REGISTRY))
    return np.sort(rng.choice(candidates, min(N_UNREPORTED, len(candidates)), replace=False))


def truth_on(plan: Plan, day: date) -> pd.DataFrame:
    """Every pair's true stage and special-support flag on a day (what the official releases describe)."""
    frame = snapshot(plan, day)
    return frame[["municipality_code", "business_id", "stage"]].assign(
        special_support=frame["special_support"] == "true"
    )
