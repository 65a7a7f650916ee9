"""A deterministic, realistic synthetic history, written through the real ETL.

`build()` makes the demo database: every pair (municipality x business) gets a plan drawn from
the seed (the day it enters each stage, its targets, special-support designation, vendor, Government
Cloud timing, an occasional regression), and `snapshot()` reads that plan on any day as a status
report. Reports go through `etl.ingest.ingest_bytes`, so every row passes the same checks as a
municipality's own file.

Tokyo: 62 x 20 from 2023-04 to today, each municipality reporting every 2-5 weeks (a few have gone
silent), one consolidated submission per week; its plan varied (`etl.synthetic.variation`: vendors of
different capacity, slips before fiscal-year ends, a few systems stuck) so that the forecast has
something to learn. National: 1,741 synthetic municipalities over the 47
prefectures, one 34,820-row snapshot a week for the last `weeks` weeks.

The data itself is drawn in `etl.synthetic` (the national municipalities, the plans, the reports
they make); this module writes it.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from etl import clock, database, ingest, reference, store
from etl.costs import demo as cost_demo
from etl.official import demo as official_demo
from etl.synthetic.municipalities import national_municipalities
from etl.synthetic.plan import HISTORY_START, NEVER, Plan, day64, make_plan, pace_groups
from etl.synthetic.reports import N_UNREPORTED, reporting_days, snapshot, truth_on, unreported_pairs
from etl.synthetic.variation import vary
from schemas.vocabulary.contract import EARLIEST_AS_OF

__all__ = [
    "DemoRejected",
    "HISTORY_START",
    "NEVER",
    "N_UNREPORTED",
    "Plan",
    "SUBMITTER",
    "build",
    "make_plan",
    "national_municipalities",
    "pace_groups",
    "reporting_days",
    "snapshot",
    "to_csv",
    "truth_on",
    "unreported_pairs",
]

SUBMITTER = "demo"


def to_csv(frame: pd.DataFrame) -> bytes:
    """A snapshot as the UTF-8 CSV a municipality would upload (canonical headers)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


class DemoRejected(RuntimeError):
    """A demo submission was rejected: the generator and the rules disagree."""


def _ingest(raw: bytes, filename: str, db: Path, received_at: datetime) -> ingest.Outcome:
    outcome = ingest.ingest_bytes(
        raw, filename=filename, source="csv", submitter=SUBMITTER, db=db, received_at=received_at
    )
    if not outcome.accepted:
        errors = outcome.findings[outcome.findings["severity"] == "error"]
        sample = errors[["row", "column", "code", "value"]].head(5).to_dict("records")
        raise DemoRejected(f"demo submission {filename} was rejected: {sample}")
    return outcome


def _received_at(day: date, rng: np.random.Generator) -> datetime:
    at = datetime(day.year, day.month, day.day, int(rng.integers(9, 18)), int(rng.integers(0, 60)), tzinfo=clock.TOKYO)
    return min(at, clock.now())


def build(
    db: str | Path | None = None,
    scale: str = "tokyo",
    weeks: int | None = None,
    seed: int = 7,
    today: date | None = None,
) -> dict:
    """Initialise the database and write the demo history through the real ETL; returns a summary."""
    today = today or clock.today()
    rng = np.random.default_rng(seed)
    if scale == "tokyo":
        municipalities = reference.municipalities()
    elif scale == "national":
        municipalities = national_municipalities()
    else:
        raise ValueError(f"unknown scale {scale!r}: tokyo or national")
    path = database.init(db, municipalities=municipalities)
    plan = make_plan(municipalities, rng)
    if scale == "tokyo":  # vendors of different capacity, fiscal-year-end slips, stuck systems (its own stream)
        plan = vary(plan, np.random.default_rng([seed, 24]))
    by_code = {code: np.flatnonzero(plan.codes == code) for code in municipalities["code"]}
    batches: list[tuple[date, list[tuple[str, date]]]] = []
    if scale == "tokyo":
        start = HISTORY_START if weeks is None else today - timedelta(weeks=weeks - 1)
        start = max(start, EARLIEST_AS_OF)  # the rules take no report from before 2021-09-01
        start -= timedelta(days=start.weekday())
        start += timedelta(weeks=1) if start < EARLIEST_AS_OF else timedelta(0)
        days = reporting_days(municipalities, start, today, rng)
        per_week: dict[date, list[tuple[str, date]]] = {}
        for code, reported in days.items():
            for day in reported:
                per_week.setdefault(day - timedelta(days=day.weekday()), []).append((code, day))
        batches = sorted(per_week.items())
    else:
        n_weeks = weeks or 8
        codes = list(municipalities["code"])
        snapshot_days = [today - timedelta(weeks=k) for k in range(n_weeks - 1, -1, -1)]
        batches = [(day, [(c, day) for c in codes]) for day in snapshot_days if day >= EARLIEST_AS_OF]

    # some two hundred submissions, releases and cost files into one file: it stays open between them
    with store.holding(path):
        never = unreported_pairs(plan, seed)
        n_rows = 0
        for week, reports in batches:
            ix = np.concatenate([by_code[code] for code, _ in reports])
            as_of = np.concatenate([np.full(len(by_code[code]), day64(day)) for code, day in reports])
            keep = ~np.isin(ix, never)
            frame = snapshot(plan, as_of[keep], ix[keep])
            # the demo's reports arrive all at once: date each submission to the week it speaks of, so that
            # the audit trail and the reporting coverage look like a real history
            received_at = _received_at(max(day for _, day in reports), rng)
            _ingest(to_csv(frame), f"demo-{scale}-{week.isoformat()}.csv", path, received_at)
            n_rows += len(frame)
        all_days = [day for _, reports in batches for _, day in reports]
        releases = official_demo.build(
            path,
            municipalities,
            lambda day: truth_on(plan, day),
            pd.DataFrame({"municipality_code": plan.codes[never], "business_id": plan.businesses[never]}),
            today,
            seed,
            steps_months=3 if scale == "tokyo" else 1,
        )
        costs = cost_demo.build(path, municipalities, list(reference.businesses()["business_id"]), today, seed)
    return {
        "db": str(path),
        "scale": scale,
        "seed": seed,
        "submissions": len(batches),
        "rows": n_rows,
        "municipalities": len(municipalities),
        "first_as_of": min(all_days).isoformat() if all_days else None,
        "last_as_of": max(all_days).isoformat() if all_days else None,
        **releases,
        **costs,
    }
