"""Progress as plotted: the stage distribution, and live systems over time with the plan and the projection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from schemas.vocabulary.display import TEXT
from schemas.vocabulary.labels import stage_label, text
from schemas.vocabulary.language import in_lang, lang_column


def stage_table(dist: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stage distribution as plotted: business, stage, count."""
    out = dist.sort_values(["business_order", "stage"]).assign(
        stage_label=[stage_label(s, lang) for s in dist.sort_values(["business_order", "stage"])["stage"]]
    )
    return out[[lang_column("business", lang), "stage", "stage_label", "n"]].rename(
        columns={
            lang_column("business", lang): text("business", lang),
            "stage": text("stage_code", lang),
            "stage_label": text("stage", lang),
            "n": text("n_municipalities", lang),
        }
    )


PACE_WEEKS = 12  # the "recent pace" of the projection: live systems gained over the last 12 weeks


@dataclass(frozen=True)
class Projection:
    """Where the recent pace leads: weekly gain, systems left and the projected completion day."""

    pace_per_week: float
    remaining: int
    completion: date | None  # None: no progress lately, so no end in sight
    start: date | None = None
    start_live: int = 0
    target: int = 0


def projection(series: pd.DataFrame, weeks: int = PACE_WEEKS) -> Projection:
    """Project the weekly live series at its pace over the last `weeks` weeks."""
    if series.empty:
        return Projection(0.0, 0, None)
    last = series.iloc[-1]
    earlier = series.iloc[max(0, len(series) - 1 - weeks)]
    span = (len(series) - 1) - max(0, len(series) - 1 - weeks)
    pace = (int(last["live"]) - int(earlier["live"])) / span if span else 0.0
    remaining = max(int(last["in_scope"]) - int(last["live"]), 0)
    end = pd.Timestamp(last["week"]).date()
    if remaining == 0:
        completion: date | None = end
    elif pace > 0:
        completion = end + timedelta(days=round(remaining / pace * 7))
    else:
        completion = None
    return Projection(pace, remaining, completion, end, int(last["live"]), int(last["in_scope"]))


def projection_points(p: Projection) -> pd.DataFrame:
    """The projection as a two-point line from the last week to the projected completion."""
    if p.start is None or p.completion is None or p.remaining == 0:
        return pd.DataFrame({"day": pd.Series(dtype="datetime64[ns]"), "live": pd.Series(dtype=float)})
    return pd.DataFrame({"day": pd.to_datetime([p.start, p.completion]), "live": [p.start_live, p.target]})


def progress_table(
    series: pd.DataFrame,
    planned: pd.DataFrame,
    points: pd.DataFrame,
    lang: str,
    forecast: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every plotted point of the progress chart in one long table: series, day, value (with `forecast`,
    the forecast's median and 80 % interval by week too)."""
    names = {
        "live": TEXT["live_reported"],
        "in_scope": TEXT["in_scope"],
        "planned": TEXT["planned"],
        "projection": TEXT["projection"],
        "forecast": TEXT["forecast"],
        "forecast_low": TEXT["forecast_low"],
        "forecast_high": TEXT["forecast_high"],
    }
    ahead = (
        []
        if forecast is None or forecast.empty
        else [
            pd.DataFrame({"series": key, "day": forecast["week"], "value": forecast[col]})
            for key, col in (("forecast", "live_median"), ("forecast_low", "live_low"), ("forecast_high", "live_high"))
        ]
    )
    parts = [
        pd.DataFrame({"series": "live", "day": series["week"], "value": series["live"]}),
        pd.DataFrame({"series": "in_scope", "day": series["week"], "value": series["in_scope"]}),
        pd.DataFrame({"series": "planned", "day": planned["day"], "value": planned["planned_cumulative"]}),
        pd.DataFrame({"series": "projection", "day": points["day"], "value": points["live"]}),
        *ahead,
    ]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else parts[0]
    out = out.assign(
        series=out["series"].map(lambda s: in_lang(names[s], lang)),
        day=pd.to_datetime(out["day"]).dt.strftime("%Y-%m-%d"),
    )
    return out.rename(
        columns={
            "series": text("series", lang),
            "day": text("day", lang),
            "value": text("n_systems", lang),
        }
    )
