"""The dashboard's query layer: pure functions, connection + parameters -> DataFrame, SQL from sql/."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from etl import paths

SQL_DIR = Path(__file__).resolve().parent / "sql"
KPI_NAMES = [
    "in_scope",
    "live",
    "registry_live",
    "n_municipalities",
    "cloud_running",
    "special_support",
    "overdue",
    "overdue_deadline",
    "overdue_special",
    "overdue_target",
    "overdue_no_report",
    "reported_recent",
]


def sql(name: str) -> str:
    """The text of one .sql file in dashboard/sql/ (through the project's one loader)."""
    return paths.sql(name, SQL_DIR)


def _frame(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    return con.execute(sql(name), params or {}).df()


def frame(con: duckdb.DuckDBPyConnection, name: str, /, **params: object) -> pd.DataFrame:
    """The rows of one file of dashboard/sql/ (`name`, without .sql) run with its named parameters
    (`day=...` for `$day`): a query that one page alone reads needs no function of its own."""
    return _frame(con, name, params)


def data_version(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """(last accepted submission id, number accepted, official loads): changes whenever new data lands."""
    row = con.execute(sql("data_version")).fetchone()
    return (0, 0, 0) if row is None else (int(row[0]), int(row[1]), int(row[2]))


def meta(con: duckdb.DuckDBPyConnection) -> dict:
    """The as-of facts: newest report day, last accepted submission time, coverage counts."""
    return _frame(con, "meta").iloc[0].to_dict()


def kpis_with_change(con: duckdb.DuckDBPyConnection, day: date, days_back: int = 30) -> pd.DataFrame:
    """Each headline count on `day` beside its value `days_back` days before and the change."""
    rows = _frame(con, "kpis", {"day": day, "before": day - timedelta(days=days_back)}).set_index("moment")
    rows = rows.reindex(["day", "before"]).fillna(0)
    frame = pd.DataFrame(
        {
            "kpi": KPI_NAMES,
            "value": [int(rows.at["day", k]) for k in KPI_NAMES],
            "before": [int(rows.at["before", k]) for k in KPI_NAMES],
        }
    )
    frame["change"] = frame["value"] - frame["before"]
    return frame


def kpis(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, int]:
    """The overview's headline counts on one day."""
    frame = kpis_with_change(con, day)
    return dict(zip(frame["kpi"], frame["value"], strict=True))


def stage_distribution(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest stages counted per business (no_report for municipalities yet to report)."""
    return _frame(con, "stage_distribution")


def heatmap_cells(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """Every municipality x business cell on `day` with its schedule status and the municipality's progress."""
    return _frame(con, "heatmap_cells", {"day": day})


def prefecture_rollup(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Prefecture x business share of in-scope systems live (national scale)."""
    return _frame(con, "prefecture_rollup")


def live_over_time(con: duckdb.DuckDBPyConnection, end: date, business: str = "") -> pd.DataFrame:
    """Weekly systems live and in scope up to `end`, for one business or all ('')."""
    return _frame(con, "live_over_time", {"end": end, "business": business})


def live_on_deadline(con: duckdb.DuckDBPyConnection, business: str = "") -> dict:
    """Systems live on the national deadline and in scope then, for one business or all ('')."""
    return _frame(con, "live_on_deadline", {"business": business}).iloc[0].to_dict()


def planned_go_lives(con: duckdb.DuckDBPyConnection, business: str = "") -> pd.DataFrame:
    """Cumulative planned go-lives by day from the latest go-live and target days."""
    return _frame(con, "planned_go_lives", {"business": business})


def municipality_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The jurisdiction's municipalities for pickers."""
    return _frame(con, "municipality_list")


def municipality_systems(con: duckdb.DuckDBPyConnection, code: str, day: date) -> pd.DataFrame:
    """One municipality's 20 systems on `day` with their due dates and schedule status."""
    return _frame(con, "municipality_systems", {"code": code, "day": day})


def municipality_history(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """Every accepted report of one municipality, oldest first."""
    return _frame(con, "municipality_history", {"code": code})


def municipality_summary(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """One row per municipality: progress, overdue and last report day."""
    return _frame(con, "municipality_summary", {"day": day})


def cloud_tracks(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """In-scope systems per business by their place on the standardisation and cloud tracks."""
    return _frame(con, "cloud_tracks")


def cloud_by_business(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Government Cloud status of in-scope systems per business."""
    return _frame(con, "cloud_by_business")


def cloud_by_municipality(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Government Cloud readiness per reporting municipality."""
    return _frame(con, "cloud_by_municipality")


def special_support(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Systems designated for special migration support, with reasons and new targets."""
    return _frame(con, "special_support")


def overdue(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """Systems past due on `day`: the overdue_ schedule statuses, no report included."""
    return _frame(con, "overdue", {"day": day})


def vendor_business(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """Vendor x business: municipalities served and those behind."""
    return _frame(con, "vendor_business", {"day": day})


def vendor_summary(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """Per vendor: systems, municipalities, and its systems by schedule status on `day`."""
    return _frame(con, "vendor_summary", {"day": day})


def reconciliation(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every discrepancy between the latest reports and the latest official releases, with names."""
    return _frame(con, "reconciliation")


def official_latest(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The newest accepted release of each kind: its month, arrival and source URL."""
    return _frame(con, "official_latest")


def official_loads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every release file loaded, newest first: kind, month, revision of that month, outcome, URL."""
    return _frame(con, "official_loads")


def prefecture_record(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The jurisdiction's prefectures' own rates for the two businesses they run, beside their municipalities'."""
    return _frame(con, "prefecture_record")


def municipality_marks(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """The latest national list's month and one municipality's marks on it (no marks: not on the list)."""
    return _frame(con, "municipality_marks", {"code": code})


def procedure_vs_running(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per business: the ministry's average completion rate beside the reported share live."""
    return _frame(con, "procedure_vs_running")


def procedure_over_time(con: duckdb.DuckDBPyConnection, business: str = "") -> pd.DataFrame:
    """Per ministry month: its average completion rate and the reported share live at the month's end."""
    return _frame(con, "procedure_over_time", {"business": business})


def national_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The newest value of each national headline figure with its as-of and source."""
    return _frame(con, "national_figures")


def jurisdiction_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The jurisdiction's side of the headline figures, each with its as-of and source kind."""
    return _frame(con, "jurisdiction_figures")


def context_figures(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(national, jurisdiction) headline figures for the context panel."""
    return national_figures(con), jurisdiction_figures(con)


def municipality_steps(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """One municipality's step statuses per business in the latest ministry workbook."""
    return _frame(con, "municipality_steps", {"code": code})


def forecast_changes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The report history collapsed to each pair's changes (stage, target, special support, vendor)."""
    frame = _frame(con, "forecast_changes")
    return frame.assign(vendor=frame["vendor"].astype(str), special_support=frame["special_support"].astype(bool))


def forecast_pairs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every pair of the jurisdiction with names and the national deadline."""
    return _frame(con, "forecast_pairs")


def forecast_inputs(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(changes, pairs): what the forecast is computed from."""
    return forecast_changes(con), forecast_pairs(con)
