"""The Tokyo history's variation, what makes its go-lives worth forecasting: vendors of different
capacity, slips that cluster before fiscal-year ends, and a few systems stuck in a stage.

`vary` takes a drawn plan and returns it changed, drawing from its own stream (the plan's other draws
stay as they were). Every stage still follows the one before it, nothing goes live before its
municipality's resident registry, and a special-support system keeps its new date (a slow vendor
makes it miss it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from etl.synthetic.plan import DAY, NEVER, VENDORS, Plan, _days, _month_end, day64
from schemas.vocabulary.contract import RESIDENT_REGISTRY

# how long each vendor's migrations take against the plan's: the big ones staffed, two stretched thin
VENDOR_PACE = dict(zip(VENDORS, [0.75, 0.8, 0.95, 1.2, 1.0, 0.8, 1.4], strict=True))
FY_SLIP_SHARE = (
    0.35  # of the go-lives planned for February and March, this many slip into the new year (by 20 to 100 days)
)
STUCK_SHARE = 0.03  # of the systems under way in FY2025 and later, this many stall for a year or more
STUCK_FROM = date(2025, 6, 1)


def vary(plan: Plan, rng: np.random.Generator) -> Plan:
    """The plan with vendor capacity, fiscal-year-end slips and stuck systems (Tokyo's demo)."""
    n = len(plan)
    stage_from = plan.stage_from.copy()
    migration, live = stage_from[:, 3], stage_from[:, 4]
    special = plan.special_from < NEVER
    is_registry = plan.businesses == RESIDENT_REGISTRY

    # a vendor's capacity: its migrations take longer or shorter
    pace = np.array([VENDOR_PACE.get(v, 1.0) for v in plan.vendor])
    new_live = migration + _days((live - migration).astype("int64") * pace)

    # slips before the fiscal year's end: a February or March go-live moves into April to July
    month = (new_live.astype("datetime64[M]").astype("int64") % 12) + 1
    fy_slip = np.isin(month, [2, 3]) & (rng.random(n) < FY_SLIP_SHARE)
    new_live = np.where(fy_slip, new_live + _days(rng.uniform(20, 100, n)), new_live)

    # stuck: in procurement (half of them) or migration far longer than anyone planned
    stuck = (new_live >= day64(STUCK_FROM)) & ~is_registry & (rng.random(n) < STUCK_SHARE)
    stall = _days(rng.uniform(300, 900, n))
    in_procurement = stuck & (rng.random(n) < 0.5)
    new_migration = np.where(in_procurement, migration + stall, migration)
    new_live = np.where(stuck, new_live + stall, new_live)

    # nothing goes live before its municipality's resident registry
    n_b = int(np.unique(plan.businesses).size)
    registry_live = np.repeat(new_live[is_registry], n_b)
    new_live = np.maximum(new_live, registry_live)
    shift = new_live - live
    stage_from[:, 3] = np.minimum(new_migration, new_live)
    stage_from[:, 4] = new_live

    # targets follow: a first target that now passes gets revised, after it passed when the slip came late
    first = plan.target_first
    was_late = plan.revise_on < NEVER
    now_late = new_live > first + 20 * DAY
    late_revision = first + _days(rng.uniform(7, 60, n))
    revise_on = np.where(
        special,
        plan.revise_on,
        np.where(
            now_late & ~was_late,
            np.where(fy_slip | stuck, late_revision, first - _days(rng.uniform(0, 60, n))),
            plan.revise_on,
        ),
    )
    revised = np.where(
        stuck,
        _month_end(live + _days(rng.uniform(30, 120, n))),  # an optimistic new date that passes too
        _month_end(new_live + _days(rng.uniform(0, 40, n))),
    )
    revised = np.where(special, plan.target_revised, np.where(shift > 0 * DAY, revised, plan.target_revised))
    cloud_running = np.where(plan.cloud_running < NEVER, plan.cloud_running + shift, NEVER)
    return replace(
        plan, stage_from=stage_from, revise_on=revise_on, target_revised=revised, cloud_running=cloud_running
    )
