"""The go-live forecast as the pages show it: the curve of one business or all, the risk list with its
reasons, one municipality's systems, the vendors' capacity and the backtest's tables."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from schemas.vocabulary.contract import UNDER_WAY
from schemas.vocabulary.display import TEXT
from schemas.vocabulary.labels import stage_label, text
from schemas.vocabulary.language import in_lang, lang_column

FORECAST_SERIES = ("forecast", "forecast_low", "forecast_high")


def curve_for(curve: pd.DataFrame, business: str = "") -> pd.DataFrame:
    """The forecast of systems live for one business ('' for all): week, live_median, live_low, live_high."""
    return curve[curve["business_id"] == business].drop(columns=["business_id"]).reset_index(drop=True)


def curve_rows(curve: pd.DataFrame) -> pd.DataFrame:
    """The forecast as the progress table's long rows: series, day, value."""
    parts = [
        pd.DataFrame({"series": name, "day": curve["week"], "value": curve[col]})
        for name, col in zip(FORECAST_SERIES, ("live_median", "live_low", "live_high"), strict=True)
    ]
    return pd.concat(parts, ignore_index=True)


def series_name(key: str, lang: str) -> str:
    """A forecast series' name in the language."""
    return in_lang(TEXT[key], lang)


def _pct(p: pd.Series) -> pd.Series:
    return (pd.to_numeric(p, errors="coerce") * 100).round(0)


def _day(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").fillna("")


def reason(row: pd.Series, lang: str) -> str:
    """Why a system may miss: its stage and days there against the stage's median stay, and its vendor's
    cut-overs planned in its target month against the most the vendor has delivered in a month."""
    stage = stage_label(row["stage"], lang)
    days = int(row["elapsed"])
    median = row.get("stage_median_days")
    typical = f"{int(median):,}" if pd.notna(median) else "—"
    if lang == "en":
        out = f"{stage}: {days:,} days (typically {typical})"
    else:
        out = f"{stage}：{days:,}日（標準的には{typical}日）"
    planned, best = row.get("planned"), row.get("max_monthly")
    if row.get("vendor") and pd.notna(planned) and pd.notna(best):
        if lang == "en":
            out += f"; {row['vendor']}: {int(planned):,} cut-overs planned that month, at most {int(best):,} delivered"
        else:
            out += f"；{row['vendor']}：同月の移行予定 {int(planned):,}件、月間最大実績 {int(best):,}件"
        if row.get("congested"):
            out += " (congested)" if lang == "en" else "（混雑）"
    return out


def risk_table(risk: pd.DataFrame, lang: str, limit: int | None = None) -> pd.DataFrame:
    """The risk list as shown and downloaded: least likely to meet the due date first."""
    rows = risk if limit is None else risk.head(limit)
    out = pd.DataFrame(
        {
            text("municipality_code", lang): rows["municipality_code"],
            text("municipality", lang): rows[lang_column("municipality", lang)],
            text("business", lang): rows[lang_column("business", lang)],
            text("stage", lang): [stage_label(s, lang) for s in rows["stage"]],
            text("due_date", lang): _day(rows["due_date"]),
            text("p_miss", lang) + " (%)": _pct(rows["p_miss"]),
            text("forecast_go_live", lang): _day(rows["median"]),
            text("forecast_go_live_high", lang): _day(rows["high"]),
            text("days_in_stage", lang): rows["elapsed"].astype(int),
            text("vendor", lang): rows["vendor"],
            text("risk_reason", lang): [reason(r, lang) for _, r in rows.iterrows()],
        }
    )
    return out.reset_index(drop=True)


def municipality_table(
    systems: pd.DataFrame, code: str, lang: str, p_by: pd.Series | None = None, by: date | None = None
) -> pd.DataFrame:
    """One municipality's systems in scope: stage, due date, the chance of meeting it, the forecast dates;
    with `p_by` (aligned with `systems`) the chance of being live by the day `by` too."""
    mine = systems["municipality_code"] == code
    rows = systems[mine].sort_values("business_order")
    live = rows["stage"] == "live"
    past = pd.to_datetime(rows["due_date"]).notna() & ~live
    p = _pct(rows["p_due"]).where(~live)
    return pd.DataFrame(
        {
            text("business", lang): rows[lang_column("business", lang)],
            text("stage", lang): [stage_label(s, lang) for s in rows["stage"]],
            text("due_date", lang): _day(rows["due_date"]),
            text("p_due", lang) + " (%)": p.where(past | live),
            text("forecast_go_live", lang): _day(rows["median"].where(~live)),
            text("forecast_go_live_low", lang): _day(rows["low"].where(~live)),
            text("forecast_go_live_high", lang): _day(rows["high"].where(~live)),
            **(
                {}
                if p_by is None or by is None
                else {text("p_by", lang).format(day=by.isoformat()) + " (%)": _pct(p_by[rows.index])}
            ),
        }
    ).reset_index(drop=True)


def capacity_table(cap: pd.DataFrame, names: dict[str, str], lang: str, congested_only: bool = False) -> pd.DataFrame:
    """Vendor x month: planned cut-overs against demonstrated throughput, congested months marked, with
    the municipalities concerned by name."""
    rows = cap[cap["congested"]] if congested_only else cap
    sep = ", " if lang == "en" else "、"
    return pd.DataFrame(
        {
            text("vendor", lang): rows["vendor"],
            text("month", lang): pd.to_datetime(rows["month"]).dt.strftime("%Y-%m"),
            text("vendor_planned", lang): rows["planned"].astype(int),
            text("vendor_max_monthly", lang): rows["max_monthly"].astype(int),
            text("vendor_recent_median", lang): rows["recent_median"].astype(float),
            text("ratio", lang): pd.Series(rows["ratio"], dtype=float).replace(np.inf, np.nan).round(1),
            text("congested", lang): np.where(rows["congested"], "●", ""),
            text("municipalities", lang): [
                sep.join(names.get(c, c) for c in codes) for codes in rows["municipalities"]
            ],
        }
    ).reset_index(drop=True)


def calibration_table(cal: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The calibration table: forecasts by tenth, their number, mean and the share that came true (%)."""
    band = [f"{int(lo * 100)}–{int(hi * 100)}%" for lo, hi in zip(cal["low"], cal["high"], strict=True)]
    if lang == "en":
        names = ("Forecast", "Systems", "Mean forecast (%)", "Came true (%)")
    else:
        names = ("予測の幅", "システム数", "予測の平均(%)", "実際に稼働(%)")
    return pd.DataFrame(
        {
            names[0]: band,
            names[1]: cal["n"].astype(int),
            names[2]: (cal["mean_forecast"] * 100).round(1),
            names[3]: (cal["observed"] * 100).round(1),
        }
    )


def deck_line(risk: pd.DataFrame, cap: pd.DataFrame, lang: str) -> str:
    """The deck's one line: systems with the due date ahead, how many will more likely miss it, and the
    vendors with a congested month."""
    likely = int((risk["p_miss"] >= 0.5).sum()) if len(risk) else 0
    vendors = sorted(set(cap.loc[cap["congested"], "vendor"])) if len(cap) else []
    if lang == "en":
        line = f"Forecast: of {len(risk):,} systems not live with their due date ahead, {likely:,} will more likely than not miss it"
        return line + (f"; congested months: {', '.join(vendors)}." if vendors else ".")
    line = f"予測：期日がまだ先の未稼働 {len(risk):,} システムのうち {likely:,} システムは期日に間に合わない可能性の方が高い見込み"
    return line + (f"。混雑月のあるベンダ：{'、'.join(vendors)}。" if vendors else "。")


def sheet_line(systems: pd.DataFrame, lang: str) -> str:
    """The sheet's one line: a municipality's systems not live, how many will likely go live by their due
    date, and the latest median go-live among them."""
    waiting = systems[systems["stage"] != "live"]
    likely = int((waiting["p_due"] >= 0.5).sum())
    latest = pd.to_datetime(waiting["median"]).max() if len(waiting) else pd.NaT
    when = latest.strftime("%Y-%m-%d") if pd.notna(latest) else ("—" if lang == "en" else "見通しなし")
    if lang == "en":
        return (
            f"Forecast: {likely:,} of {len(waiting):,} systems not live will likely go live by their due date; "
            f"the last of them by {when} (median)."
        )
    return f"予測：未稼働 {len(waiting):,} システムのうち期日までに稼働する見込み {likely:,}、最後の稼働は {when} ごろ（中央値）。"


def durations_table(table: pd.DataFrame, business_names: dict[str, str], lang: str) -> pd.DataFrame:
    """The learned durations as shown: stage, by what, for whom, stays, finished, median days."""
    rows = table.assign(order=table["stage"].map({s: i for i, s in enumerate(UNDER_WAY)}))
    rows = rows.sort_values(["order", "level"], kind="stable")
    values = [
        business_names.get(v, v) if level == "business" else ("" if level == "pooled" else v)
        for level, v in zip(rows["level"], rows["value"], strict=True)
    ]
    return pd.DataFrame(
        {
            text("stage", lang): [stage_label(s, lang) for s in rows["stage"]],
            text("curve_level", lang): [text(f"level_{level}", lang) for level in rows["level"]],
            text("curve_value", lang): values,
            text("stays", lang): rows["spells"].astype(int).to_numpy(),
            text("finished_stays", lang): rows["events"].astype(int).to_numpy(),
            text("median_days", lang): rows["median_days"].to_numpy(),
        }
    )
