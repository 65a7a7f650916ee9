"""Every pair's plan (municipality x business), drawn from the seed: the day it enters each stage, its
targets, special-support designation, vendor, Government Cloud timing, an occasional regression.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from etl import reference
from schemas.vocabulary.contract import RESIDENT_REGISTRY

HISTORY_START = date(2023, 4, 3)  # the Monday of the first demo week (FY2023 starts)
NEVER = np.datetime64("9999-12-31", "D")
DAY = np.timedelta64(1, "D")

VENDORS = [
    "ミライ情報システム",
    "東都データサービス",
    "さくらソリューションズ",
    "ひかり行政クラウド",
    "たま計算センター",
    "みなと電算",
    "やまと総合システム",
]
# vendor shares by pace group: Tama's own computing centre is strong in Tama, a cloud vendor on the islands
VENDOR_WEIGHTS = {
    "ku": [0.28, 0.26, 0.18, 0.08, 0.02, 0.12, 0.06],
    "tama": [0.22, 0.12, 0.14, 0.08, 0.30, 0.04, 0.10],
    "islands": [0.10, 0.05, 0.10, 0.50, 0.10, 0.05, 0.10],
}
VENDOR_WEIGHTS_DEFAULT = [0.24, 0.18, 0.18, 0.12, 0.06, 0.10, 0.12]

# reason 4 (vendor resource shortage) most often, then 2 (custom-built), 1 (mainframe), 3 (no product)
SPECIAL_REASONS = np.array([4, 2, 1, 3])
SPECIAL_REASON_WEIGHTS = np.array([0.50, 0.26, 0.15, 0.09])

# go-live of the resident registry by pace group: (mean day, spread in days, how long the stages take)
PACE = {
    "ku": (date(2025, 10, 1), 130, 1.0),
    "tama": (date(2026, 2, 15), 160, 1.1),
    "city": (date(2026, 2, 1), 160, 1.1),
    "town": (date(2026, 4, 1), 170, 1.2),
    "village": (date(2026, 6, 1), 190, 1.3),
    "islands": (date(2027, 2, 1), 200, 1.4),
}
# share of a group's pairs designated special-support
SPECIAL_SHARE = {"ku": 0.06, "tama": 0.07, "city": 0.06, "town": 0.08, "village": 0.10, "islands": 0.40}

# businesses moved together: the registry group first, then tax, then welfare and children
REGISTRY_GROUP = {"family_register_supplement", "seal_registration", "electoral_register"}
TAX_GROUP = {"fixed_asset_tax", "individual_inhabitant_tax", "corporate_inhabitant_tax", "light_vehicle_tax"}
FAMILY_REGISTER = "family_register"
PUBLIC_ASSISTANCE = "public_assistance"

NOTES_SPECIAL = {
    1: "メインフレーム更改と合わせて移行する計画",
    2: "個別開発部分の標準化対応に時間を要する見込み",
    3: "標準準拠製品の提供時期が未定のため調整中",
    4: "事業者の要員確保が難しく移行時期を延期",
}
NOTE_OVERDUE = "事業者のテスト遅延により稼働時期を再調整中"
NOTE_REGRESSION = "契約条件の見直しにより事業者選定をやり直し"
NOTES_GENERAL = [
    "データ移行リハーサル実施済み",
    "庁内の運用調整中",
    "近隣団体との共同調達を検討中",
    "ガバメントクラウド接続回線の調達中",
]


@dataclass
class Plan:
    """Per pair (one array element each): when it enters each stage, its targets and attributes."""

    codes: np.ndarray
    businesses: np.ndarray
    applicable: np.ndarray
    stage_from: np.ndarray  # (n, 5): the days it enters planning, fit_gap, procurement, migration, live
    regress_from: np.ndarray
    regress_to: np.ndarray
    target_first: np.ndarray
    target_revised: np.ndarray
    revise_on: np.ndarray
    special_from: np.ndarray
    reason: np.ndarray
    cloud: np.ndarray
    cloud_running: np.ndarray
    vendor: np.ndarray
    reports_pmo: np.ndarray
    pmo_jitter: np.ndarray
    note: np.ndarray
    note_from: np.ndarray

    def __len__(self) -> int:
        return len(self.codes)


def day64(day: date) -> np.datetime64:
    """A day as numpy's datetime64[D]."""
    return np.datetime64(day, "D")


def _days(values: np.ndarray) -> np.ndarray:
    return np.rint(values).astype("int64") * DAY


def _month_end(days: np.ndarray) -> np.ndarray:
    return (days.astype("datetime64[M]") + 1).astype("datetime64[D]") - DAY


def pace_groups(municipalities: pd.DataFrame) -> np.ndarray:
    """Each municipality's pace group: Tokyo's regions (ku, tama, islands), else its kind."""
    region = municipalities["region"].to_numpy(dtype=object)
    kind = municipalities["kind"].map({"ward": "ku"}).fillna(municipalities["kind"]).to_numpy(dtype=object)
    return np.where(np.isin(region, ["ku", "tama", "islands"]), region, kind)


def make_plan(municipalities: pd.DataFrame, rng: np.random.Generator) -> Plan:
    """Draw every pair's plan: the registry first, wards fast, islands slow, a few special or late."""
    business_ids = reference.businesses()["business_id"].to_numpy(dtype=object)
    n_b = len(business_ids)
    codes_m = municipalities["code"].to_numpy(dtype=object)
    n_m = len(codes_m)
    groups = pace_groups(municipalities)
    kinds = municipalities["kind"].to_numpy(dtype=object)
    mean = np.array([day64(PACE[g][0]) for g in groups])
    spread = np.array([PACE[g][1] for g in groups], dtype=float)
    slowness = np.array([PACE[g][2] for g in groups], dtype=float)

    # the municipality's go-live days: registry, then a tax wave and a welfare wave after it
    registry_live = mean + _days(rng.normal(0, spread))
    tax_wave = registry_live + _days(rng.uniform(40, 330, n_m) * slowness)
    welfare_wave = registry_live + _days(rng.uniform(60, 420, n_m) * slowness)
    family_wave = registry_live + _days(rng.uniform(0, 300, n_m))

    codes = np.repeat(codes_m, n_b)
    businesses = np.tile(business_ids, n_m)
    m_ix = np.repeat(np.arange(n_m), n_b)
    n = n_m * n_b
    is_registry = businesses == RESIDENT_REGISTRY
    in_group = np.isin(businesses, list(REGISTRY_GROUP))
    in_tax = np.isin(businesses, list(TAX_GROUP))
    is_family = businesses == FAMILY_REGISTER
    live = np.where(
        is_registry,
        registry_live[m_ix],
        np.where(
            in_group,
            registry_live[m_ix] + _days(rng.uniform(0, 45, n)),
            np.where(
                in_tax,
                tax_wave[m_ix] + _days(rng.uniform(0, 30, n)),
                np.where(is_family, family_wave[m_ix], welfare_wave[m_ix] + _days(rng.uniform(0, 75, n))),
            ),
        ),
    )

    # special-support: later, individually planned go-lives (the registry rarely)
    share = np.array([SPECIAL_SHARE[g] for g in groups])[m_ix] * np.where(is_registry, 0.3, 1.0)
    special = rng.random(n) < share
    reason = np.where(special, rng.choice(SPECIAL_REASONS, n, p=SPECIAL_REASON_WEIGHTS), 0).astype("int8")
    special_target = _month_end(day64(date(2026, 6, 1)) + _days(rng.beta(1.4, 2.2, n) * 640))
    live = np.where(special, np.maximum(live, special_target - _days(rng.uniform(0, 50, n))), live)
    # nothing goes live before its municipality's resident registry
    live = np.maximum(live, np.repeat(live[is_registry], n_b))
    special_from = np.where(special, day64(date(2023, 10, 1)) + _days(rng.uniform(0, 700, n)), NEVER)

    # the stages before go-live, counted back from it
    slow = slowness[m_ix]
    migration = live - _days(rng.uniform(150, 330, n) * slow)
    procurement = migration - _days(rng.uniform(90, 220, n) * slow)
    fit_gap = procurement - _days(rng.uniform(90, 250, n) * slow)
    planning = fit_gap - _days(rng.uniform(60, 220, n) * slow)
    stage_from = np.stack([planning, fit_gap, procurement, migration, live], axis=1)

    # targets: first the plan (by the FY2025 deadline), revised when it slips; some revised late or never
    deadline = day64(reference.national_deadline())
    first = _month_end(np.minimum(live - _days(rng.exponential(80, n)), deadline))
    first = np.where(rng.random(n) < 0.6, np.minimum(_month_end(live), deadline), first)
    first = np.minimum(first, deadline)
    revised = _month_end(live + _days(rng.uniform(0, 40, n)))
    late = live > first + 20 * DAY
    how = rng.random(n)
    revise_on = np.where(
        ~late,
        NEVER,
        np.where(
            how < 0.6,
            first - _days(rng.uniform(0, 120, n)),
            np.where(how < 0.92, first + _days(rng.uniform(14, 150, n)), NEVER),
        ),
    )
    revise_on = np.where(special, special_from, revise_on)
    revised = np.where(special, special_target, revised)

    # a few regressions: procurement goes back to fit & gap for some weeks (a re-tender)
    regress = rng.random(n) < 0.012
    room = (migration - procurement).astype("int64")
    length = rng.uniform(28, 70, n)
    start = procurement + _days(rng.uniform(0, 1, n) * np.maximum(room - length - 7, 0))
    regress &= room > length + 14
    regress_from = np.where(regress, start, NEVER)
    regress_to = np.where(regress, start + _days(length), NEVER)

    # Government Cloud: most plan it; environments built during migration; some run on it only later
    cloud = rng.random(n) < np.where(np.isin(groups, ["islands", "village"])[m_ix], 0.8, 0.9)
    cloud_running = np.where(cloud, live + _days(np.where(rng.random(n) < 0.12, rng.uniform(30, 300, n), 0)), NEVER)

    # public assistance: outside scope in most towns and villages (the prefecture runs their welfare office)
    small = np.isin(kinds, ["town", "village"])[m_ix]
    applicable = ~((businesses == PUBLIC_ASSISTANCE) & small & (rng.random(n) < 0.85))

    # one main vendor per municipality; family register and sometimes the welfare group elsewhere
    weights = [VENDOR_WEIGHTS.get(g, VENDOR_WEIGHTS_DEFAULT) for g in groups]
    main = np.array([rng.choice(len(VENDORS), p=w) for w in weights])
    welfare_other = np.array([rng.choice(len(VENDORS), p=w) for w in weights])
    welfare_differs = rng.random(n_m) < 0.2
    any_vendor = rng.integers(0, len(VENDORS), n)
    vendor_ix = main[m_ix]
    welfare = ~(is_registry | in_group | in_tax | is_family)
    vendor_ix = np.where(welfare & welfare_differs[m_ix], welfare_other[m_ix], vendor_ix)
    vendor_ix = np.where(is_family & (rng.random(n) < 0.5), any_vendor, vendor_ix)
    vendor_ix = np.where(rng.random(n) < 0.04, any_vendor, vendor_ix)
    vendor = np.array(VENDORS, dtype=object)[vendor_ix]

    # short private notes on a few pairs
    note = np.full(n, "", dtype=object)
    note_from = np.full(n, NEVER)
    general = rng.random(n) < 0.03
    pick = rng.integers(0, len(NOTES_GENERAL), n)
    note[general] = np.array(NOTES_GENERAL, dtype=object)[pick[general]]
    note_from = np.where(general, procurement + _days(rng.uniform(0, 120, n)), note_from)
    overdue_note = late & ~special & (rng.random(n) < 0.35)
    note[overdue_note] = NOTE_OVERDUE
    note_from = np.where(overdue_note, first + 14 * DAY, note_from)
    special_note = special & (rng.random(n) < 0.45)
    note[special_note] = [NOTES_SPECIAL[int(r)] for r in reason[special_note]]
    note_from = np.where(special_note, special_from, note_from)
    note[regress] = NOTE_REGRESSION
    note_from = np.where(regress, regress_from, note_from)

    return Plan(
        codes=codes,
        businesses=businesses,
        applicable=applicable,
        stage_from=stage_from,
        regress_from=regress_from,
        regress_to=regress_to,
        target_first=first,
        target_revised=revised,
        revise_on=revise_on,
        special_from=special_from,
        reason=reason,
        cloud=cloud,
        cloud_running=cloud_running,
        vendor=vendor,
        reports_pmo=(rng.random(n_m) < 0.88)[m_ix],
        pmo_jitter=rng.uniform(-0.08, 0.08, n),
        note=note,
        note_from=note_from,
    )
