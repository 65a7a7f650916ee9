"""The demo's official releases: a ministry workbook each month and a national list every three months,
drawn from the demo plan's true state (which the municipalities' reports follow with a lag), with a
handful of planted discrepancies of each reconciliation class; written to files and loaded through
the real importer.

A ministry rate is steps done ÷ 40 (対象外 counted as done, as the ministry does): a stage's band of
steps, every step once live. The planted discrepancies sit in the latest releases, against the
latest reports: a few live systems with some steps still open, a few systems still under way with
every step done, ● beside a report of no special support, no ● beside a reported special-support
system, and ● on pairs that were never reported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from etl import clock, reference, store
from etl.official import synthetic
from etl.official.ingest import ingest_release
from schemas.vocabulary.contract import STAGE_ORDER
from schemas.vocabulary.display import KINDS
from schemas.vocabulary.releases import (
    COMMON_FUNCTION,
    LIST_BUSINESS_ORDER,
    N_STEPS,
    NATIONAL_MARK,
    PREFECTURE_BUSINESSES,
)

MINISTRY_MONTHS = 12  # a workbook for each of the last 12 complete months
LIST_MONTHS = (1, 4, 7, 10)  # a national list in these months
# the band of steps done (of 40) while a system is in each stage
STEP_BAND = {
    "not_started": (0, 3),
    "planning": (3, 12),
    "fit_gap": (12, 22),
    "procurement": (22, 30),
    "migration": (30, 39),
    "live": (40, 40),
    "not_applicable": (40, 40),
}
PLANTS = {
    "live_procedure_incomplete": 4,
    "procedure_done_not_live": 3,
    "listed_reported_not_special": 4,
    "special_not_listed": 3,
}
KIND_JA = {**{kind: ja for kind, (ja, _) in KINDS.items()}, "city": "一般市"}  # as the ministry prints them


def months(today: date, n: int = MINISTRY_MONTHS) -> list[date]:
    """The last `n` complete months before today's (each published the month after), oldest first."""
    first = date(today.year, today.month, 1)
    out = []
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
        out.append(first)
    return out[::-1]


def month_end(month: date) -> date:
    """The last day of a month."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _names(municipalities: pd.DataFrame) -> pd.DataFrame:
    prefectures = reference.prefectures().set_index("prefecture_code")["name_ja"]
    return pd.DataFrame(
        {
            "municipality_code": municipalities["code"],
            "prefecture": municipalities["code"].str[:2].map(prefectures),
            "municipality": municipalities["name_ja"],
            "kind": municipalities["kind"].map(KIND_JA).fillna(municipalities["kind_ja"]),
        }
    )


def steps_done(truth: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Steps done (of 40) for each pair from its true stage."""
    low = truth["stage"].map(lambda s: STEP_BAND[s][0]).to_numpy()
    high = truth["stage"].map(lambda s: STEP_BAND[s][1]).to_numpy()
    return low + np.floor(rng.random(len(truth)) * (high - low + 1)).astype(int).clip(0, high - low)


def ministry_book(truth: pd.DataFrame, done: np.ndarray, names: pd.DataFrame, month: date, with_steps: bool) -> bytes:
    """One month's ministry workbook from the pairs' steps done."""
    frame = truth[["municipality_code", "business_id"]].assign(rate=done / N_STEPS)
    wide = frame.pivot(index="municipality_code", columns="business_id", values="rate")
    wide["total"] = wide.mean(axis=1).round(4)
    rates = names.merge(wide.reset_index(), on="municipality_code")
    steps = None
    if with_steps:
        codes = _step_codes(done)
        codes[(truth["stage"] == "not_applicable").to_numpy()] = "not_applicable"
        steps = pd.DataFrame(codes, columns=[f"s{n:02d}" for n in range(1, N_STEPS + 1)])
        pairs = truth[["municipality_code", "business_id"]].reset_index(drop=True)
        steps = pd.concat([pairs, steps], axis=1).merge(names, on="municipality_code")
    return synthetic.ministry_workbook(rates, steps, month)


def national_book(marked: pd.DataFrame, names: pd.DataFrame, month: date) -> bytes:
    """One national list from the pairs marked (municipality_code, business_id, marked)."""
    wide = marked.pivot(index="municipality_code", columns="business_id", values="marked").fillna(False)
    wide[COMMON_FUNCTION] = wide.any(axis=1)
    marks = wide.reindex(columns=LIST_BUSINESS_ORDER, fill_value=False).map(lambda m: NATIONAL_MARK if m else "")
    table = names.merge(marks.reset_index(), on="municipality_code")
    table = table.assign(
        code=table["municipality_code"], name=table["prefecture"] + table["municipality"], kind=table["kind"]
    )
    return synthetic.national_list(table, month)


def _step_codes(done: np.ndarray) -> np.ndarray:
    """Each row's 40 status codes from its steps done: done, then two in progress, then not started."""
    index = np.arange(N_STEPS)[None, :]
    k = done[:, None]
    return np.where(index < k, "done", np.where(index < k + 2, "in_progress", "not_started")).astype(object)


def prefecture_book(month: date, rng: np.random.Generator) -> bytes:
    """The prefecture-run businesses' workbook: every prefecture's own steps for its two businesses."""
    prefectures = reference.prefectures()["name_ja"]
    pairs = pd.DataFrame(
        [(p, b) for p in prefectures for b in PREFECTURE_BUSINESSES], columns=["prefecture", "business_id"]
    )
    done = rng.integers(26, N_STEPS + 1, len(pairs))
    steps = pd.concat(
        [pairs, pd.DataFrame(_step_codes(done), columns=[f"s{n:02d}" for n in range(1, N_STEPS + 1)])], axis=1
    )
    wide = pairs.assign(rate=done / N_STEPS).pivot(index="prefecture", columns="business_id", values="rate")
    wide = wide.reindex(list(prefectures)).rename_axis("prefecture").reset_index()
    wide["total"] = wide[PREFECTURE_BUSINESSES].mean(axis=1).round(4)
    return synthetic.prefecture_workbook(wide, steps, month)


def _pick(candidates: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    return candidates.iloc[np.sort(rng.choice(len(candidates), min(n, len(candidates)), replace=False))]


def build(
    db: Path,
    municipalities: pd.DataFrame,
    truth_on: Callable[[date], pd.DataFrame],
    unreported: pd.DataFrame,
    today: date,
    seed: int,
    steps_months: int = MINISTRY_MONTHS,
) -> dict:
    """Write and load the demo's releases; `truth_on(day)` gives every pair's true stage and special flag."""
    rng = np.random.default_rng(seed + 8)
    names = _names(municipalities)
    with store.connect(db, read_only=True) as con:
        reported = con.execute("select municipality_code, business_id, stage, special_support from latest_status").df()
    out_dir = db.parent / "demo_releases"
    out_dir.mkdir(parents=True, exist_ok=True)
    all_months = months(today)
    written: list[tuple[str, bytes, date]] = []
    for i, month in enumerate(all_months):
        truth = truth_on(month_end(month)).reset_index(drop=True)
        done = steps_done(truth, rng)
        latest = i == len(all_months) - 1
        if latest:
            done = _plant_rates(truth, done, reported, rng)
        with_steps = i >= len(all_months) - steps_months
        written.append(
            (f"mic_progress_{month:%Y-%m}.xlsx", ministry_book(truth, done, names, month, with_steps), month)
        )
        if month.month in LIST_MONTHS or latest:
            marked = truth[["municipality_code", "business_id"]].assign(marked=truth["special_support"].to_numpy())
            if latest:
                marked = _plant_marks(marked, reported, unreported, rng)
            written.append((f"da_special_support_{month:%Y-%m}.xlsx", national_book(marked, names, month), month))
    latest_month = all_months[-1]
    written.append((f"mic_prefecture_{latest_month:%Y-%m}.xlsx", prefecture_book(latest_month, rng), latest_month))
    loaded = 0
    for filename, raw, month in written:
        (out_dir / filename).write_bytes(raw)
        # each release arrives in the middle of the month after the one it describes
        published = datetime.combine(month_end(month) + timedelta(days=15), time(10), tzinfo=clock.TOKYO)
        outcome = ingest_release(raw, filename=filename, db=db, received_at=min(published, clock.now()))
        if outcome.receipt.outcome != "accepted":
            raise RuntimeError(
                f"demo release {filename} was not accepted: {outcome.findings.head(5).to_dict('records')}"
            )
        loaded += 1
    return {"releases": loaded, "release_dir": str(out_dir)}


def _plant_rates(truth: pd.DataFrame, done: np.ndarray, reported: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    pairs = (
        truth[["municipality_code", "business_id"]]
        .reset_index()
        .merge(reported, on=["municipality_code", "business_id"])
    )
    done = done.copy()
    live = _pick(pairs[pairs["stage"] == "live"], PLANTS["live_procedure_incomplete"], rng)
    done[live["index"].to_numpy()] = rng.integers(34, 39, len(live))
    under_way = pairs["stage"].map(STAGE_ORDER).between(STAGE_ORDER["procurement"], STAGE_ORDER["migration"])
    finished = _pick(pairs[under_way], PLANTS["procedure_done_not_live"], rng)
    done[finished["index"].to_numpy()] = N_STEPS
    return done


def _plant_marks(
    marked: pd.DataFrame, reported: pd.DataFrame, unreported: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    both = marked.reset_index().merge(reported, on=["municipality_code", "business_id"])
    applicable = both["stage"] != "not_applicable"
    listed = _pick(
        both[applicable & ~both["special_support"] & ~both["marked"]], PLANTS["listed_reported_not_special"], rng
    )
    dropped = _pick(both[both["special_support"] & both["marked"]], PLANTS["special_not_listed"], rng)
    out = marked.copy()
    out.loc[listed["index"].to_numpy(), "marked"] = True
    out.loc[dropped["index"].to_numpy(), "marked"] = False
    never = out.merge(unreported.assign(never=True), on=["municipality_code", "business_id"], how="left")["never"]
    out.loc[never.fillna(False).astype(bool).to_numpy(), "marked"] = True
    return out
