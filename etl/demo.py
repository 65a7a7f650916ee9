"""A deterministic, realistic synthetic history, written through the real ETL.

`build()` makes the demo database: every pair (municipality x business) gets a plan drawn from
the seed (the day it enters each stage, its targets, special-support designation, vendor, Government
Cloud timing, an occasional regression), and `snapshot()` reads that plan on any day as a status
report. Reports go through `etl.ingest.ingest_bytes`, so every row passes the same checks as a
municipality's own file.

Tokyo: 62 x 20 from 2023-04 to today, each municipality reporting every 2-5 weeks (a few have gone
silent), one consolidated submission per week. National: 1,741 synthetic municipalities over the 47
prefectures, one 34,820-row snapshot a week for the last `weeks` weeks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from etl import clock, ingest, reference, store
from etl.official import demo as official_demo
from schemas.codes import check_digit
from schemas.vocabulary import COLUMNS, EARLIEST_AS_OF, RESIDENT_REGISTRY, UNDER_WAY

HISTORY_START = date(2023, 4, 3)  # the Monday of the first demo week (FY2023 starts)
SUBMITTER = "demo"
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


def _d(day: date) -> np.datetime64:
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
    mean = np.array([_d(PACE[g][0]) for g in groups])
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
    special_target = _month_end(_d(date(2026, 6, 1)) + _days(rng.beta(1.4, 2.2, n) * 640))
    live = np.where(special, np.maximum(live, special_target - _days(rng.uniform(0, 50, n))), live)
    # nothing goes live before its municipality's resident registry
    live = np.maximum(live, np.repeat(live[is_registry], n_b))
    special_from = np.where(special, _d(date(2023, 10, 1)) + _days(rng.uniform(0, 700, n)), NEVER)

    # the stages before go-live, counted back from it
    slow = slowness[m_ix]
    migration = live - _days(rng.uniform(150, 330, n) * slow)
    procurement = migration - _days(rng.uniform(90, 220, n) * slow)
    fit_gap = procurement - _days(rng.uniform(90, 250, n) * slow)
    planning = fit_gap - _days(rng.uniform(60, 220, n) * slow)
    stage_from = np.stack([planning, fit_gap, procurement, migration, live], axis=1)

    # targets: first the plan (by the FY2025 deadline), revised when it slips; some revised late or never
    deadline = _d(reference.national_deadline())
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


STAGE_NAMES = np.array(UNDER_WAY + ["live"], dtype=object)
PMO_FLOOR = np.array([0, 5, 20, 40, 60, 100], dtype=float)
PMO_CEIL = np.array([5, 20, 40, 60, 95, 100], dtype=float)


def _iso(days: np.ndarray, keep: np.ndarray) -> np.ndarray:
    text = np.datetime_as_string(np.where(keep, days, _d(HISTORY_START)), unit="D").astype(object)
    return np.where(keep, text, "")


def snapshot(plan: Plan, as_of: np.ndarray | date, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The status reports of the given pairs (all by default) on their as_of days, as canonical text."""
    ix = np.arange(len(plan)) if rows is None else np.asarray(rows)
    n = len(ix)
    day = np.broadcast_to(np.asarray(_d(as_of) if isinstance(as_of, date) else as_of, dtype="datetime64[D]"), (n,))
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


def to_csv(frame: pd.DataFrame) -> bytes:
    """A snapshot as the UTF-8 CSV a municipality would upload (canonical headers)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


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


def national_municipalities(seed: int = 7) -> pd.DataFrame:
    """1,741 synthetic municipalities over the 47 prefectures, with Tokyo's real 62 (valid check digits)."""
    rng = np.random.default_rng(seed)
    prefectures = reference.prefectures()
    tokyo = reference.municipalities()
    frames = []
    for pref in prefectures.itertuples():
        if pref.prefecture_code == "13":
            frames.append(tokyo.assign(region="tokyo", region_ja=pref.name_ja))
            continue
        cities, towns, villages = NATIONAL_COUNTS[pref.prefecture_code]
        names = rng.permutation(len(NAME_HEADS) * len(NAME_TAILS))[: cities + towns + villages]
        rows = []
        kinds = ["city"] * cities + ["town"] * towns + ["village"] * villages
        for k, (kind, name_ix) in enumerate(zip(kinds, names, strict=True)):
            # cities from 201; towns and villages from 301, six to a district, districts 20 apart
            j = k - cities
            number = 201 + k if kind == "city" else 301 + 20 * (j // 6) + j % 6
            first5 = f"{pref.prefecture_code}{number:03d}"
            head, tail = divmod(int(name_ix), len(NAME_TAILS))
            ja_kind, kana_kind, en_kind = KIND_SUFFIX[kind]
            rows.append(
                {
                    "code": first5 + str(check_digit(first5)),
                    "name_ja": NAME_HEADS[head][0] + NAME_TAILS[tail][0] + ja_kind,
                    "name_kana": NAME_HEADS[head][1] + NAME_TAILS[tail][1] + kana_kind,
                    "name_en": (NAME_HEADS[head][2] + NAME_TAILS[tail][2]).capitalize() + en_kind,
                    "kind": kind,
                    "kind_ja": ja_kind,
                    "region": pref.name_en.lower(),
                    "region_ja": pref.name_ja,
                }
            )
        frames.append(pd.DataFrame(rows))
    out = pd.concat(frames, ignore_index=True)[list(tokyo.columns)]
    return out.sort_values("code").reset_index(drop=True)


# (cities, towns, villages) per prefecture, Tokyo aside: 1,741 municipalities with Tokyo's 62
NATIONAL_COUNTS = {
    "01": (35, 129, 15),
    "02": (10, 22, 8),
    "03": (14, 15, 4),
    "04": (14, 20, 1),
    "05": (13, 9, 3),
    "06": (13, 19, 3),
    "07": (13, 31, 15),
    "08": (32, 10, 2),
    "09": (14, 11, 0),
    "10": (12, 15, 8),
    "11": (40, 22, 1),
    "12": (37, 16, 1),
    "14": (19, 13, 1),
    "15": (20, 6, 4),
    "16": (10, 4, 1),
    "17": (11, 8, 0),
    "18": (9, 8, 0),
    "19": (13, 8, 6),
    "20": (19, 23, 35),
    "21": (21, 19, 2),
    "22": (23, 12, 0),
    "23": (38, 14, 2),
    "24": (14, 15, 0),
    "25": (13, 6, 0),
    "26": (15, 10, 1),
    "27": (33, 9, 1),
    "28": (29, 12, 0),
    "29": (12, 15, 12),
    "30": (9, 20, 1),
    "31": (4, 14, 1),
    "32": (8, 10, 1),
    "33": (15, 10, 2),
    "34": (14, 9, 0),
    "35": (13, 6, 0),
    "36": (8, 15, 1),
    "37": (8, 9, 0),
    "38": (11, 9, 0),
    "39": (11, 17, 6),
    "40": (29, 29, 2),
    "41": (10, 10, 0),
    "42": (13, 8, 0),
    "43": (14, 23, 8),
    "44": (14, 3, 1),
    "45": (9, 14, 3),
    "46": (19, 20, 4),
    "47": (11, 11, 19),
}
KIND_SUFFIX = {
    "city": ("市", "し", " City"),
    "town": ("町", "まち", " Town"),
    "village": ("村", "むら", " Village"),
}
NAME_HEADS = [
    ("北", "きた", "kita"),
    ("南", "みなみ", "minami"),
    ("東", "ひがし", "higashi"),
    ("西", "にし", "nishi"),
    ("中", "なか", "naka"),
    ("上", "かみ", "kami"),
    ("下", "しも", "shimo"),
    ("新", "しん", "shin"),
    ("大", "おお", "o"),
    ("小", "こ", "ko"),
    ("高", "たか", "taka"),
    ("若", "わか", "waka"),
    ("青", "あお", "ao"),
    ("白", "しら", "shira"),
    ("本", "もと", "moto"),
    ("古", "ふる", "furu"),
]
NAME_TAILS = [
    ("山", "やま", "yama"),
    ("川", "かわ", "kawa"),
    ("田", "た", "ta"),
    ("野", "の", "no"),
    ("原", "はら", "hara"),
    ("沢", "さわ", "sawa"),
    ("津", "つ", "tsu"),
    ("浜", "はま", "hama"),
    ("崎", "さき", "saki"),
    ("島", "しま", "shima"),
    ("岡", "おか", "oka"),
    ("谷", "や", "ya"),
    ("松", "まつ", "matsu"),
    ("森", "もり", "mori"),
    ("里", "さと", "sato"),
    ("瀬", "せ", "se"),
]


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
        municipalities = national_municipalities(seed)
    else:
        raise ValueError(f"unknown scale {scale!r}: tokyo or national")
    path = store.init(db, municipalities=municipalities)
    plan = make_plan(municipalities, rng)
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

    never = unreported_pairs(plan, seed)
    n_rows = 0
    for week, reports in batches:
        ix = np.concatenate([by_code[code] for code, _ in reports])
        as_of = np.concatenate([np.full(len(by_code[code]), _d(day)) for code, day in reports])
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
    }
