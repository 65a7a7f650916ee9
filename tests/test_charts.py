"""Charts: one colour per stage in every chart, category orders, and tables that match the plot."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

import dashboard.charts
from dashboard import queries
from dashboard.charts.bars import stage_bars, stage_count_bars, two_tracks
from dashboard.charts.heatmaps import stage_heatmap
from dashboard.charts.palette import STAGE_COLORS, STAGE_KEYS
from dashboard.charts.timelines import municipality_timeline, progress_lines
from dashboard.plain import figure_text
from dashboard.shape.cloud import track_totals
from dashboard.shape.heatmap import group_column
from dashboard.shape.progress import progress_table, projection, projection_points, stage_table
from etl import reference, store
from schemas.vocabulary.contract import STAGES
from schemas.vocabulary.labels import cloud_label, reason_label, schedule_label, stage_label
from tests.support.databases import DAY


@pytest.fixture(scope="module")
def frames(tmp_path_factory: pytest.TempPathFactory, small_db_copy) -> dict[str, pd.DataFrame]:
    path: Path = small_db_copy(tmp_path_factory.mktemp("charts") / "small.duckdb")
    with store.connect(path, read_only=True) as con:
        return {
            "dist": queries.stage_distribution(con),
            "cells": queries.heatmap_cells(con, DAY),
            "history": queries.municipality_history(con, "131016"),
            "late": queries.overdue(con, DAY),
            "tracks": queries.cloud_tracks(con),
            "series": queries.live_over_time(con, DAY),
            "planned": queries.planned_go_lives(con),
        }


def _stage_colours(fig) -> dict[str, str]:
    """Trace name -> colour for every bar or marker trace named after a stage."""
    labels = {stage_label(s, "ja"): s for s in STAGE_KEYS}
    found: dict[str, str] = {}
    for trace in fig.data:
        if trace.name in labels:
            found[labels[trace.name]] = trace.marker.color
    return found


def test_palette_has_one_distinct_colour_per_stage_and_grey_for_not_applicable():
    assert set(STAGE_COLORS) == set(STAGES) | {"no_report"}
    assert len(set(STAGE_COLORS.values())) == len(STAGE_COLORS)
    r, g, b = (int(STAGE_COLORS["not_applicable"][i : i + 2], 16) for i in (1, 3, 5))
    assert r == g == b  # a true grey


def test_a_stage_has_the_same_colour_in_every_chart(frames):
    figures = {
        "stage_bars": stage_bars(frames["dist"]),
        "heatmap": stage_heatmap(group_column(frames["cells"], "ja"), group_by="group"),
        "timeline": municipality_timeline(frames["history"]),
        "stages_of_late": stage_count_bars(
            frames["late"]
            .groupby(["business_id", "business_order", "business_ja", "business_en", "stage"])
            .size()
            .rename("n")
            .reset_index()
        ),
        "two_tracks": two_tracks(track_totals(frames["tracks"], "stage"), track_totals(frames["tracks"], "gov_cloud")),
    }
    seen: dict[str, set[str]] = {}
    for name, fig in figures.items():
        colours = _stage_colours(fig)
        assert colours, name
        for stage, colour in colours.items():
            seen.setdefault(stage, set()).add(colour)
    assert all(len(c) == 1 for c in seen.values()), seen
    assert {s: c.pop() for s, c in seen.items()} == {s: STAGE_COLORS[s] for s in seen}


def test_heatmap_cell_colour_is_its_stage_colour(frames):
    cells = group_column(frames["cells"], "ja")
    fig = stage_heatmap(cells, group_by="group")
    heat = next(t for t in fig.data if t.type == "heatmap")
    row = list(heat.y).index("千代田区")
    col = list(heat.x).index("住民基本台帳")
    z = int(heat.z[row][col])
    # category i fills the scale from i/n to (i+1)/n, and z runs from -0.5 to n - 0.5
    n = len(STAGE_KEYS)
    assert (heat.zmin, heat.zmax) == (-0.5, n - 0.5)
    start, end = heat.colorscale[2 * z], heat.colorscale[2 * z + 1]
    assert STAGE_KEYS[z] == "live"
    assert (start[0], end[0]) == pytest.approx((z / n, (z + 1) / n))
    assert start[1] == end[1] == STAGE_COLORS["live"]
    # the cell's hover and click target: an invisible marker carrying its texts and, last, its code
    marker = next(t for t in fig.data if t.type == "scatter" and t.customdata is not None)
    hit = [
        c
        for x, y, c in zip(marker.x, marker.y, marker.customdata, strict=True)
        if (x, y) == ("住民基本台帳", "千代田区")
    ]
    assert hit[0][0] == stage_label("live") and hit[0][-1] == "131016"
    assert hit[0][1] == schedule_label("live")


def test_stage_bars_put_resident_registry_first_and_match_their_table(frames):
    fig = stage_bars(frames["dist"], "en")
    order = list(fig.layout.yaxis.categoryarray)
    assert order[-1] == "Basic Resident Registry"  # the top row of a horizontal bar chart
    assert [t.name for t in fig.data] == [stage_label(s, "en") for s in STAGE_KEYS if s in set(frames["dist"]["stage"])]
    plotted = sum(sum(t.x) for t in fig.data)
    table = stage_table(frames["dist"], "en")
    assert plotted == table["Municipalities"].sum() == 62 * 20


def test_progress_table_holds_every_plotted_point(frames):
    proj = projection(frames["series"])
    points = projection_points(proj)
    fig = progress_lines(frames["series"], frames["planned"], points, "en", reference.national_deadline())
    table = progress_table(frames["series"], frames["planned"], points, "en")
    assert sum(len(t.x) for t in fig.data) == len(table)
    assert fig.layout.shapes[0].x0 == pd.Timestamp(date(2026, 3, 31)).timestamp() * 1000


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_labels_follow_the_language(frames, lang):
    fig = stage_bars(frames["dist"], lang)
    assert stage_label("live", lang) in {t.name for t in fig.data}
    assert cloud_label("running", lang) == ("ガバメントクラウドで稼働" if lang == "ja" else "Running")
    assert reason_label(1, lang) == ("メインフレーム" if lang == "ja" else "Mainframe")


def _drawn_charts() -> list[tuple[str, Callable[..., Any]]]:
    """Every public function of the dashboard/charts/ modules that draws a figure: it returns
    `go.Figure` and is not handed one (`style.apply_layout` restyles the figure it is given)."""
    found = []
    for info in pkgutil.iter_modules(dashboard.charts.__path__):
        module = importlib.import_module(f"dashboard.charts.{info.name}")
        for name, function in vars(module).items():
            if name.startswith("_") or not callable(function) or function.__module__ != module.__name__:
                continue
            drawn = inspect.unwrap(function)
            hints = drawn.__annotations__
            params = list(inspect.signature(drawn).parameters.values())
            if hints.get("return") not in ("go.Figure", go.Figure):
                continue
            if params and hints.get(params[0].name) in ("go.Figure", go.Figure):
                continue
            found.append((f"{module.__name__}.{name}", function))
    return found


def test_every_chart_is_defined_with_figure_text():
    """Stored text reaches plotly's labels escaped only through `plain.figure_text`: a chart defined
    without `@figure_text` above it fails here."""
    charts = _drawn_charts()
    assert len(charts) >= 25  # the scan finds the charts (bars, maps, ministry, costs, ...)
    bare = [
        name for name, chart in charts if not (hasattr(chart, "__wrapped__") and getattr(chart, "plain_text", False))
    ]
    assert not bare, f"charts without @figure_text: {bare}"


def test_figure_text_escapes_once_when_a_chart_draws_another():
    seen: list[object] = []

    @figure_text
    def inner(frame: pd.DataFrame, title: str) -> go.Figure:
        seen.append(title)
        return go.Figure(layout={"title": title})

    @figure_text
    def outer(frame: pd.DataFrame, title: str) -> go.Figure:
        return inner(frame, title)

    fig = outer(pd.DataFrame({"vendor": ["<b>A&B</b>"]}), "<i>x</i>")
    assert fig.layout.title.text == "&lt;i&gt;x&lt;/i&gt;"
    assert seen == ["&lt;i&gt;x&lt;/i&gt;"]
    assert inner(pd.DataFrame(), "a&b").layout.title.text == "a&amp;b"  # and alone, escaped as well
