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
from dashboard.charts import STAGE_COLORS
from schemas.vocabulary import OVERDUE, in_lang, lang_column, schedule_label, stage_label

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


def _business_line(row: pd.Series, business: str, lang: str) -> str:
    colour = STAGE_COLORS.get(str(row["stage"]), "#ffffff")
    chip = f'<span class="hyj-chip" aria-hidden="true" style="background:{colour}"></span>'
    text = f"{escape(str(row[business]))}: {escape(stage_label(row['stage'], lang))}"
    status = str(row["schedule_status"])
    if status.startswith("overdue_"):
        text += f" ({escape(schedule_label(status, lang))})"
    return f"<li>{chip}{text}</li>"


def cell_list_html(shown: pd.DataFrame, lang: str) -> str:
    """Each municipality of `shown` (in its order): its name, systems live of those in scope and how
    many are past due, opening onto each business with its stage (and schedule status when past due)."""
    name, business = lang_column("municipality", lang), lang_column("business", lang)
    parts = [f'<div class="hyj-cell-list" lang="{lang}">']
    for code, rows in shown.groupby("municipality_code", sort=False):
        rows = rows.sort_values("business_order")
        in_scope = rows[~rows["stage"].isin(["not_applicable", "no_report"])]
        live = int((rows["stage"] == "live").sum())
        overdue = int(rows["schedule_status"].astype(str).str.startswith("overdue_").sum())
        facts = in_lang(
            (
                f"稼働 {fmt_int(live)} / {fmt_int(len(in_scope))}・{OVERDUE[0]} {fmt_int(overdue)}",
                f"live {fmt_int(live)} / {fmt_int(len(in_scope))} · past due {fmt_int(overdue)}",
            ),
            lang,
        )
        lines = "".join(_business_line(row, business, lang) for _, row in rows.iterrows())
        parts.append(
            f"<details><summary>{escape(str(rows[name].iloc[0]))} <span>({escape(str(code))})　{facts}</span>"
            f"</summary><ul>{lines}</ul></details>"
        )
    parts.append("</div>")
    return "".join(parts)
