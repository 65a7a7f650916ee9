"""The heatmap as a list, for narrow screens: at 390 px twenty business columns leave a cell a few
pixels wide and no room for the businesses' names, so a phone shows each municipality as a line that
opens onto its twenty businesses, each named, with its stage and schedule status in words.

The list is plain HTML (`<details>` and `<summary>`: opened by a tap or the keyboard without a rerun)
and is shown only below `PHONE_MAX_PX` by the page's CSS; wider screens see the heatmap alone.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from dashboard.captions import fmt_int
from dashboard.charts.palette import STAGE_COLORS
from schemas.vocabulary.display import OVERDUE
from schemas.vocabulary.labels import schedule_label, stage_label
from schemas.vocabulary.language import in_lang, lang_column

PHONE_MAX_PX = 640
CSS = f"""
<style>
.hyj-cell-list {{ display: none; }}
@media (max-width: {PHONE_MAX_PX}px) {{ .hyj-cell-list {{ display: block; }} }}
.hyj-cell-list details {{ border-bottom: 1px solid #d0d0d0; padding: 0.35rem 0; }}
.hyj-cell-list summary {{ cursor: pointer; font-weight: 600; }}
.hyj-cell-list summary span {{ font-weight: 400; color: #595959; }}
.hyj-cell-list ul {{ list-style: none; margin: 0.3rem 0 0 0; padding: 0; }}
.hyj-cell-list li {{ padding: 0.1rem 0; }}
.hyj-chip {{
  display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.35em; vertical-align: -0.05em;
  border: 1px solid #666666;
}}
</style>
"""


def _lines(rows: pd.DataFrame, business: str, lang: str) -> pd.Series:
    """Each business's list item: its colour chip, name and stage (and schedule status when past due),
    worked out per distinct stage, status and name rather than per row."""
    stage = rows["stage"].astype(str)
    status = rows["schedule_status"].astype(str)
    stages = {s: escape(stage_label(s, lang)) for s in stage.unique()}
    statuses = {s: f" ({escape(schedule_label(s, lang))})" if s.startswith("overdue_") else "" for s in status.unique()}
    names = rows[business].astype(str)
    return (
        '<li><span class="hyj-chip" aria-hidden="true" style="background:'
        + stage.map(lambda s: STAGE_COLORS.get(s, "#ffffff"))
        + '"></span>'
        + names.map({n: escape(n) for n in names.unique()})
        + ": "
        + stage.map(stages)
        + status.map(statuses)
        + "</li>"
    )


def cell_list_html(shown: pd.DataFrame, lang: str) -> str:
    """Each municipality of `shown` (in its order): its name, systems live of those in scope and how
    many are past due, opening onto each business with its stage (and schedule status when past due)."""
    name, business = lang_column("municipality", lang), lang_column("business", lang)
    order = pd.Categorical(shown["municipality_code"], categories=pd.unique(shown["municipality_code"]))
    rows = shown.assign(_order=order).sort_values(["_order", "business_order"], kind="stable")
    stage = rows["stage"].astype(str)
    rows = rows.assign(
        _line=_lines(rows, business, lang),
        _live=stage == "live",
        _scope=~stage.isin(["not_applicable", "no_report"]),
        _overdue=rows["schedule_status"].astype(str).str.startswith("overdue_"),
    )
    grouped = rows.groupby("_order", observed=True, sort=True).agg(
        name=(name, "first"),
        live=("_live", "sum"),
        scope=("_scope", "sum"),
        overdue=("_overdue", "sum"),
        lines=("_line", "".join),
    )
    parts = [f'<div class="hyj-cell-list" lang="{lang}">']
    for code, g in zip(grouped.index, grouped.itertuples(index=False), strict=True):
        facts = in_lang(
            (
                f"稼働 {fmt_int(g.live)} / {fmt_int(g.scope)}・{OVERDUE[0]} {fmt_int(g.overdue)}",
                f"live {fmt_int(g.live)} / {fmt_int(g.scope)} · past due {fmt_int(g.overdue)}",
            ),
            lang,
        )
        parts.append(
            f"<details><summary>{escape(str(g.name))} <span>({escape(str(code))})　{facts}</span>"
            f"</summary><ul>{g.lines}</ul></details>"
        )
    parts.append("</div>")
    return "".join(parts)
