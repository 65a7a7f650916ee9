"""The overview's headline figures: the cards, their plain-words summary and the same as a table."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import pandas as pd

from schemas.vocabulary.contract import NO_REPORT_LABEL
from schemas.vocabulary.display import KPI_HELP, KPI_LABELS, OVERDUE, OVERDUE_PART, PLAIN_SUMMARY
from schemas.vocabulary.labels import schedule_label, text
from schemas.vocabulary.language import in_lang

OVERDUE_SPLIT = ["overdue_deadline", "overdue_special", "overdue_target"]


def overdue_parts(counts: Mapping[str, int], lang: str) -> str:
    """The past-due total's parts (「うち…」) from their counts by schedule status (and overdue_no_report);
    the part "past its own target" only when there is one (it can happen only before the deadline)."""
    shown = [s for s in OVERDUE_SPLIT if s != "overdue_target" or counts.get(s)]
    parts = [f"{part_name(schedule_label(s, lang), lang)} {int(counts.get(s, 0)):,}" for s in shown]
    no_report = int(counts.get("overdue_no_report", 0) or 0)
    if no_report:
        parts.append(f"{part_name(in_lang(NO_REPORT_LABEL, lang), lang)} {no_report:,}")
    return " · ".join(parts)


def part_name(name: str, lang: str) -> str:
    """A part of the past-due total named as a part: 「うち …」, "of which …" (the label in lower case)."""
    return f"{in_lang(OVERDUE_PART, lang)} {name[:1].lower() + name[1:] if lang == 'en' else name}"


def overdue_split(kpis: pd.DataFrame, lang: str) -> str:
    """The past-due card's parts, from the headline figures."""
    return overdue_parts(kpis.set_index("kpi")["value"].to_dict(), lang)


def kpi_cards(kpis: pd.DataFrame, lang: str, deadline: object, recent_days: int) -> list[dict]:
    """The overview's cards: label, value, out-of, change over 30 days (share in points), help, split.

    `recent_days` is the recent-report window (the setting recent_report_days), named in its label."""
    k = kpis.set_index("kpi")
    share_now = k.at["live", "value"] / k.at["in_scope", "value"] if k.at["in_scope", "value"] else None
    share_before = k.at["live", "before"] / k.at["in_scope", "before"] if k.at["in_scope", "before"] else None
    of_systems, of_munis = int(k.at["in_scope", "value"]), int(k.at["n_municipalities", "value"])
    cards = []
    for key in KPI_LABELS:
        if key == "share":
            value = "—" if share_now is None else f"{share_now * 100:.1f}%"
            change = None if share_now is None or share_before is None else (share_now - share_before) * 100
            delta = None if change is None else f"{change:+.1f} pt"
            out_of = ""
        else:
            value = f"{int(k.at[key, 'value']):,}"
            delta = f"{int(k.at[key, 'change']):+,}"
            total = of_munis if key in ("registry_live", "reported_recent") else of_systems
            out_of = f"/ {total:,}" if key in ("live", "registry_live", "reported_recent") else ""
        # more overdue is worse: colour its change the other way round
        # no change is shown flat, not as a rise; more overdue is worse, so its change is coloured the other way
        flat = delta is None or delta.lstrip("+-").rstrip(" pt") in ("0", "0.0")
        colour = "off" if flat else ("inverse" if key == "overdue" else "normal")
        cards.append(
            {
                "key": key,
                "label": in_lang(KPI_LABELS[key], lang).format(days=recent_days),
                "value": f"{value} {out_of}".strip(),
                "delta": "±0" if flat and delta is not None else delta,
                "delta_color": colour,
                "delta_arrow": "off" if flat else "auto",
                "help": in_lang(KPI_HELP[key], lang).format(deadline=_day(deadline), days=recent_days),
                "split": overdue_split(kpis, lang) if key == "overdue" else None,
            }
        )
    return cards


def plain_summary(kpis: pd.DataFrame, lang: str, deadline: object) -> str:
    """The overview in plain words (HTML with <ruby> only), its figures filled in from the headline figures."""
    k = kpis.set_index("kpi")["value"]
    in_scope, live = int(k.get("in_scope", 0) or 0), int(k.get("live", 0) or 0)
    day = pd.Timestamp(deadline) if deadline is not None and not pd.isna(deadline) else None
    if day is None:
        when = "—"
    else:
        when = in_lang((f"{day.year}年{day.month}月{day.day}日", f"{day.day} {day:%B} {day.year}"), lang)
    figures = {
        "n_municipalities": f"{int(k.get('n_municipalities', 0) or 0):,}",
        "in_scope": f"{in_scope:,}" + in_lang(("システム", ""), lang),
        "live": f"{live:,}" + in_lang(("システム", ""), lang),
        "percent": f"{round(100 * live / in_scope) if in_scope else 0}",
        "deadline": when,
        "overdue": f"{int(k.get('overdue', 0) or 0):,}" + in_lang(("システム", ""), lang),
    }
    return in_lang(PLAIN_SUMMARY, lang).format(**{key: escape(v) for key, v in figures.items()})


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y/%m/%d")


def kpi_table(kpis: pd.DataFrame, lang: str, recent_days: int) -> pd.DataFrame:
    """The cards as a table: value, 30 days before, change (the past-due total's parts named as parts)."""
    names = {
        **{k: in_lang(v, lang).format(days=recent_days) for k, v in KPI_LABELS.items()},
        **{k: part_name(schedule_label(k, lang), lang) for k in OVERDUE_SPLIT},
        "overdue": in_lang(OVERDUE, lang),
        "overdue_no_report": part_name(in_lang(NO_REPORT_LABEL, lang), lang),
        "in_scope": text("in_scope", lang),
        "n_municipalities": text("n_municipalities", lang),
    }
    out = kpis.assign(kpi=kpis["kpi"].map(names))
    return out.rename(
        columns={
            "kpi": text("measure", lang),
            "value": text("now", lang),
            "before": text("before_30d", lang),
            "change": text("change", lang),
        }
    )
