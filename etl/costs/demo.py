"""The demo's operating costs: plausible figures for every demo municipality, written through the real
cost ingest, and a few joint arrangements formed through `etl.costs.joint`.

Each municipality's systems cost in FY2018 in proportion to its size (wards and cities more than towns
and villages) and each business's weight; the latest year stands at a municipality ratio drawn around
1.6x with a tail above 2x (about one in eight), each system spread around it. The mix moves the way
the Digital Agency's verification saw it: cloud usage fees rise from nothing, hardware rental,
hardware maintenance and data-centre fees fall, software maintenance rises. FY2024 and FY2025 are
actuals, the current year a budget; about one municipality in ten has not reported, and a few systems
lack their FY2018 figure.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from etl import clock, paths, store
from etl.costs import ingest, joint
from schemas.cost_report import fiscal_year_of
from schemas.vocabulary.costs import BASELINE_YEAR, COST_CATEGORIES, FIRST_REPORTED_YEAR

SUBMITTER = "demo"
CATEGORIES = list(COST_CATEGORIES)
# the FY2018 mix (shares of the total) and how each category moves by the latest year (a factor)
BASE_MIX = np.array([0.15, 0.05, 0.05, 0.20, 0.08, 0.12, 0.20, 0.08, 0.07, 0.0])
MOVE = np.array([1.15, 0.5, 1.1, 0.15, 0.3, 1.3, 1.6, 0.35, 1.2, 0.0])
KIND_SIZE = {"ward": 3.0, "city": 1.6, "town": 0.45, "village": 0.2}


class DemoRejected(RuntimeError):
    """A demo cost submission was rejected: the generator and the rules disagree."""


def figures(municipalities: pd.DataFrame, business_ids: list[str], today: date, seed: int) -> pd.DataFrame:
    """Every demo municipality's cost rows (the unreported ones left out), as a submitter writes them."""
    rng = np.random.default_rng(seed + 2018)
    current = fiscal_year_of(today)
    years = [(BASELINE_YEAR, "actual")]
    years += [(y, "actual") for y in range(FIRST_REPORTED_YEAR, current)]
    years += [(current, "budget")]
    weights = 0.4 + rng.gamma(2.0, 0.5, len(business_ids))
    rows = []
    for code, kind in zip(municipalities["code"], municipalities.get("kind", "city"), strict=True):
        if rng.random() < 0.1:  # about one in ten has not reported its costs
            continue
        size = KIND_SIZE.get(str(kind), 1.0) * rng.lognormal(0, 0.35)
        tail = rng.random() < 0.12
        ratio_m = rng.uniform(2.05, 2.9) if tail else float(np.clip(rng.normal(1.55, 0.2), 1.0, 1.98))
        for b, business in enumerate(business_ids):
            base_total = 6_000_000 * size * weights[b] * rng.lognormal(0, 0.2)
            ratio = ratio_m * rng.lognormal(0, 0.08)
            base = BASE_MIX * base_total
            moved = base * MOVE
            # the cloud fee makes up what the rest does not reach of the system's latest ratio
            moved[-1] = max(ratio * base_total - moved.sum(), 0.03 * base_total)
            skip_base = rng.random() < 0.03
            for year, kind_code in years:
                if year == BASELINE_YEAR and skip_base:
                    continue
                if year == BASELINE_YEAR:
                    amounts = base
                else:
                    step = min(1.0, (year - FIRST_REPORTED_YEAR + 1) / max(1, current - FIRST_REPORTED_YEAR))
                    amounts = base + (moved - base) * step
                # to the thousand yen, the whole row at once (a number at a time took a fifth of a national build)
                amounts = np.round(amounts * rng.lognormal(0, 0.02, len(CATEGORIES)), -3).astype(np.int64)
                rows.append(
                    {
                        "municipality_code": code,
                        "business_id": business,
                        "fiscal_year": year,
                        "kind": kind_code,
                        **dict(zip(CATEGORIES, amounts.tolist(), strict=True)),
                        "contract_end": f"{current + 1 + (b + int(code[:5]) // 7) % 4}-03-31",
                    }
                )
    return pd.DataFrame(rows)


def _ingest(frame: pd.DataFrame, name: str, db: Path, code: str | None) -> None:
    received = datetime.combine(clock.today(), datetime.min.time(), tzinfo=clock.TOKYO)
    outcome = ingest.ingest_frame(
        frame, source="json", filename=name, submitter=SUBMITTER, submitter_code=code, db=db, received_at=received
    )
    if not outcome.accepted:
        errors = outcome.findings[outcome.findings["severity"] == "error"]
        raise DemoRejected(f"demo cost submission {name} was rejected: {errors.head(5).to_dict('records')}")


def _arrangements(db: Path, frame: pd.DataFrame, today: date) -> int:
    """Three arrangements formed from the largest candidates, and their members' figures from the
    year it began restated: part of the work and maintenance paid through it, a little less in all."""
    restated = []
    with store.connect(db) as con:
        candidates = con.execute(paths.sql("cost_demo_candidates")).fetchall()
        start = date(fiscal_year_of(today) - 1, 4, 1)
        for business, supplier, codes in candidates:
            members = list(codes)[:5]
            totals = dict(
                con.execute(paths.sql("cost_demo_totals"), {"business": business, "members": members}).fetchall()
            )
            title = store.scalar(con, "select name_ja from businesses where business_id = ?", [business])
            base_cost = int(sum(totals.values()) * 0.12)
            joint.form_arrangement(
                con,
                name=f"{title}・{supplier}",
                business_id=business,
                vendor=supplier,
                start=start,
                base_cost=base_cost,
                usage={code: float(totals.get(code) or 1) for code in members},
                created_by=SUBMITTER,
            )
            mine = frame[
                (frame["business_id"] == business)
                & frame["municipality_code"].isin(members)
                & (frame["fiscal_year"] >= start.year)
            ].copy()
            for col in ("ops_work", "sw_maint", "cloud"):
                mine[col] = (mine[col] * 0.72).round(-3).astype(int)
            share = mine["municipality_code"].map(
                {c: (totals.get(c) or 1) / sum(v or 1 for v in totals.values()) for c in members}
            )
            amounts = mine[CATEGORIES].sum(axis=1)
            mine["shared_cost_share"] = (share * base_cost).clip(upper=amounts).round(-3).astype(int)
            restated.append(mine)
    for i, part in enumerate(restated, start=1):
        _ingest(part, f"demo-costs-joint-{i}.json", db, None)
    return len(candidates)


def build(db: Path, municipalities: pd.DataFrame, business_ids: list[str], today: date, seed: int) -> dict:
    """Write the demo's cost reports through the real ingest (one file per municipality at Tokyo's
    scale, one per prefecture beyond it) and form a few joint arrangements."""
    frame = figures(municipalities, business_ids, today, seed)
    with store.connect(db, read_only=True) as con:
        vendors = con.execute("select municipality_code, business_id, vendor from latest_status").df()
    frame = frame.merge(vendors, how="left", on=["municipality_code", "business_id"])
    frame["vendor"] = frame["vendor"].where(frame["vendor"].notna(), None)
    national = len(municipalities) > 100
    key = frame["municipality_code"].str[:2] if national else frame["municipality_code"]
    n = 0
    for value, part in frame.groupby(key, sort=True):
        _ingest(part, f"demo-costs-{value}.json", db, None if national else str(value))
        n += 1
    # the members of an arrangement pay part of their latest costs through it: a second submission
    arrangements = _arrangements(db, frame, today)
    return {"cost_submissions": n, "cost_rows": len(frame), "arrangements": arrangements}
