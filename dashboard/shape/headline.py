"""The overview's headline figures: the cards, their plain-words summary and the same as a table."""

from __future__ import annotations

from html import escape

import pandas as pd

from schemas import vocabulary
from schemas.vocabulary import KPI_HELP, KPI_LABELS, in_lang, schedule_label, text

OVERDUE_SPLIT = ["overdue_deadline", "overdue_special", "overdue_target"]


def overdue_split(kpis: pd.DataFrame, lang: str) -> str:
    """The past-due figure's parts, by schedule status, with how many have no report."""
    k = kpis.set_index("kpi")["value"]
    parts = [f"{schedule_label(s, lang)} {int(k[s]):,}" for s in OVERDUE_SPLIT if s != "overdue_target" or k[s]]
    no_report = int(k["overdue_no_report"])
    if no_report:
        parts.append(in_lang((f"うち未報告 {no_report:,}", f"of which no report {no_report:,}"), lang))
    return " · ".join(parts)


def kpi_cards(kpis: pd.DataFrame, lang: str, deadline: object = None) -> list[dict]:
    """The overview's cards: label, value, out-of, change over 30 days (share in points), help, split."""
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
            total = of_munis if key in ("registry_live", "reported_30d") else of_systems
            out_of = f"/ {total:,}" if key in ("live", "registry_live", "reported_30d") else ""
        # more overdue is worse: colour its change the other way round
        # no change is shown flat, not as a rise; more overdue is worse, so its change is coloured the other way
        flat = delta is None or delta.lstrip("+-").rstrip(" pt") in ("0", "0.0")
        colour = "off" if flat else ("inverse" if key == "overdue" else "normal")
        cards.append(
            {
                "key": key,
                "label": in_lang(KPI_LABELS[key], lang),
                "value": f"{value} {out_of}".strip(),
                "delta": "±0" if flat and delta is not None else delta,
                "delta_color": colour,
                "delta_arrow": "off" if flat else "auto",
                "help": in_lang(KPI_HELP[key], lang).format(deadline=_day(deadline)) if key in KPI_HELP else None,
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
    return in_lang(vocabulary.PLAIN_SUMMARY, lang).format(**{key: escape(v) for key, v in figures.items()})


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def kpi_table(kpis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The cards as a table: value, 30 days before, change."""
    names = {
        **{k: in_lang(v, lang) for k, v in KPI_LABELS.items()},
        **{k: schedule_label(k, lang) for k in OVERDUE_SPLIT},
        "overdue_no_report": in_lang(("期日を過ぎて未稼働のうち未報告", "Past due with no report"), lang),
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
