"""Lateness: the laggards of one business, systems past due and those under special support, counted and listed."""

from __future__ import annotations

import pandas as pd

from dashboard.shape.common import iso_dates, labelled
from schemas.vocabulary.display import TEXT
from schemas.vocabulary.labels import reason_label, schedule_label, stage_label
from schemas.vocabulary.language import lang_column

# the laggards list: systems not live, the most overdue classes first
LAGGARD_ORDER = ["overdue_special", "overdue_deadline", "overdue_target", "after_deadline_planned", "on_track"]


def laggards(cells: pd.DataFrame, business: str) -> pd.DataFrame:
    """Every municipality whose system of one business is in scope and not live, most overdue first."""
    rank = {s: i for i, s in enumerate(LAGGARD_ORDER)}
    out = cells[(cells["business_id"] == business) & cells["schedule_status"].isin(LAGGARD_ORDER)]
    out = out.assign(_rank=out["schedule_status"].map(rank))
    return out.sort_values(["_rank", "due_date", "municipality_code"], kind="stable").drop(columns="_rank")


def laggards_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The laggards for reading and CSV: municipality, stage, schedule status, due date, vendor."""
    out = iso_dates(frame, ["due_date", "target_date", "as_of"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        schedule=[schedule_label(s, lang) for s in out["schedule_status"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        lang_column("business", lang): TEXT["business"],
        "stage_label": TEXT["stage"],
        "schedule": TEXT["schedule_status"],
        "due_date": TEXT["due_date"],
        "target_date": TEXT["target_date"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return labelled(out, cols, lang)


def reason_counts(special: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Special-support systems counted per reason, reasons 1-4 in order."""
    counts = special.groupby("special_support_reason").size().reindex([1, 2, 3, 4], fill_value=0)
    return pd.DataFrame({"reason": [reason_label(r, lang) for r in counts.index], "n": counts.to_numpy()})


def special_table(special: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Special-support systems with reason and new target."""
    out = iso_dates(special, ["target_date", "go_live_date", "as_of"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        reason=[reason_label(v, lang) for v in out["special_support_reason"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        lang_column("business", lang): TEXT["business"],
        "reason": TEXT["reason"],
        "stage_label": TEXT["stage"],
        "target_date": TEXT["new_target_date"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return labelled(out, cols, lang)


def overdue_counts(late: pd.DataFrame) -> pd.DataFrame:
    """Systems past due per business and schedule status."""
    cols = ["business_id", "business_order", "business_ja", "business_en", "schedule_status"]
    return late.groupby(cols, as_index=False).size().rename(columns={"size": "n"})


def overdue_counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Past-due counts as plotted."""
    out = counts.sort_values(["business_order", "schedule_status"])
    out = out.assign(schedule_status=[schedule_label(s, lang) for s in out["schedule_status"]])
    cols = {
        lang_column("business", lang): TEXT["business"],
        "schedule_status": TEXT["schedule_status"],
        "n": TEXT["n_systems"],
    }
    return labelled(out, cols, lang)


def overdue_by_status(late: pd.DataFrame) -> dict[str, int]:
    """How many systems are past due in each overdue_ schedule status."""
    counts = late["schedule_status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("overdue_deadline", "overdue_special", "overdue_target")}


def overdue_table(late: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Systems past due, most days past due first."""
    out = iso_dates(late, ["target_date", "due_date", "as_of"])
    out = out.assign(
        stage_label=[stage_label(s, lang) for s in out["stage"]],
        schedule=[schedule_label(s, lang) for s in out["schedule_status"]],
    )
    cols = {
        "municipality_code": TEXT["municipality_code"],
        lang_column("municipality", lang): TEXT["municipality"],
        lang_column("business", lang): TEXT["business"],
        "schedule": TEXT["schedule_status"],
        "stage_label": TEXT["stage"],
        "due_date": TEXT["due_date"],
        "days_past_due": ("超過日数", "Days past due"),
        "target_date": TEXT["target_date"],
        "vendor": TEXT["vendor"],
        "as_of": TEXT["as_of"],
    }
    return labelled(out, cols, lang)
