"""The vendors: each vendor's systems by schedule status, and vendor x business by municipalities
served."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.palette import SCHEDULE_COLORS, SCHEDULE_KEYS
from dashboard.charts.style import apply_layout, business_axis
from dashboard.plain import figure_text
from schemas.vocabulary.labels import schedule_label
from schemas.vocabulary.labels import text as txt
from schemas.vocabulary.language import in_lang, lang_column


@figure_text
def schedule_bars(vendors: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Each vendor's systems by schedule status, in the frame's order (most behind first)."""
    fig = go.Figure()
    for status in SCHEDULE_KEYS:
        column = f"n_{status}"
        if column in vendors:
            name = schedule_label(status, lang)
            fig.add_bar(
                y=vendors["vendor"],
                x=vendors[column],
                orientation="h",
                name=name,
                marker_color=SCHEDULE_COLORS[status],
                hovertemplate="%{y}<br>" + name + ": %{x:,}<extra></extra>",
            )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=vendors["vendor"].tolist()[::-1] if len(vendors) else [])
    fig.update_xaxes(title=txt("n_systems", lang), tickformat=",d", gridcolor="#EEEEEE")
    return apply_layout(fig, height=max(320, 24 * len(vendors) + 120))


@figure_text
def vendor_matrix(vb: pd.DataFrame, lang: str = "ja") -> go.Figure:
    """Vendor x business: the number of municipalities served (where joint procurement could pool)."""
    business = lang_column("business", lang)
    x_order = business_axis(vb, lang)
    vendors = vb.groupby("vendor")["n_municipalities"].sum().sort_values(ascending=False).index.tolist()
    z = vb.pivot_table(index="vendor", columns=business, values="n_municipalities", aggfunc="sum")
    z = z.reindex(index=vendors, columns=x_order)
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(),
            x=x_order,
            y=vendors,
            colorscale="Blues",
            xgap=1,
            ygap=1,
            colorbar={"title": in_lang(("団体数", "Munis"), lang)},
            text=z.fillna(0).astype(int).to_numpy(),
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{z:,}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-45)
    return apply_layout(fig, height=max(360, 26 * len(vendors) + 220))
