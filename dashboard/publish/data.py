"""What the static edition shows, read once from the database through the app's public queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from dashboard import queries
from etl import export


@dataclass
class SiteData:
    """Everything the pages show, read once from the database."""

    meta: dict
    today: date
    deadline: date
    national: bool
    kpis: pd.DataFrame
    dist: pd.DataFrame
    cells: pd.DataFrame
    summary: pd.DataFrame
    rollup: pd.DataFrame | None
    series: pd.DataFrame
    planned: pd.DataFrame
    tracks: pd.DataFrame
    cloud_business: pd.DataFrame
    cloud_municipality: pd.DataFrame
    special: pd.DataFrame
    overdue: pd.DataFrame
    vendor_summary: pd.DataFrame
    vendor_business: pd.DataFrame
    histories: dict[str, pd.DataFrame]
    latest_csv: bytes


def read(con: duckdb.DuckDBPyConnection, today: date) -> SiteData:
    """Every frame the pages need, counted on `today`, and the latest status as `hyojunka export` CSV."""
    meta = queries.meta(con)
    national = int(meta.get("n_prefectures") or 0) > 1
    summary = queries.municipality_summary(con, today)
    # a municipality's history is a chart on its page; at national scale 1,741 of them would make
    # the publish slow and the site large, so there the page keeps its table and peers only
    histories = {} if national else {c: queries.municipality_history(con, c) for c in summary["municipality_code"]}
    return SiteData(
        meta=meta,
        today=today,
        deadline=pd.Timestamp(meta["national_deadline"]).date(),
        national=national,
        kpis=queries.kpis_with_change(con, today),
        dist=queries.stage_distribution(con),
        cells=queries.heatmap_cells(con, today),
        summary=summary,
        rollup=queries.prefecture_rollup(con) if national else None,
        series=queries.live_over_time(con, today, ""),
        planned=queries.planned_go_lives(con, ""),
        tracks=queries.cloud_tracks(con),
        cloud_business=queries.cloud_by_business(con),
        cloud_municipality=queries.cloud_by_municipality(con),
        special=queries.special_support(con),
        overdue=queries.overdue(con, today),
        vendor_summary=queries.vendor_summary(con, today),
        vendor_business=queries.vendor_business(con, today),
        histories=histories,
        latest_csv=export.render(con, "csv", include_notes=False, day=today),
    )
