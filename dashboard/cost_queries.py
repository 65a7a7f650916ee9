"""The cost page's query layer (運用経費): connection + parameters -> DataFrame, SQL in sql/costs_*.sql
and sql/joint_*.sql over the views of etl/sql/cost_views.sql (the one definition of the figures)."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.queries import sql


def _frame(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> pd.DataFrame:
    return con.execute(sql(name), params or {}).df()


def cost_figures(con: duckdb.DuckDBPyConnection) -> dict:
    """The jurisdiction's figures: how many reported and compared, the cost-weighted ratio, the
    median municipality, how many above 1.0x and above the target."""
    return _frame(con, "costs_figures").iloc[0].to_dict()


def cost_municipalities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each municipality that reported costs with its ratio (private: yen per municipality)."""
    return _frame(con, "costs_municipalities")


def cost_categories(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each category's base-year and latest totals over the compared pairs."""
    return _frame(con, "costs_categories")


def cost_by_group(con: duckdb.DuckDBPyConnection, by: str) -> pd.DataFrame:
    """The compared pairs by their latest stage (`stage`) or Government Cloud use (`gov_cloud`)."""
    return _frame(con, "costs_by_group", {"by": by})


def cost_by_business(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The compared pairs by business."""
    return _frame(con, "costs_by_business")


def cost_of_municipality(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """One municipality's businesses: base year, latest year and ratio (private)."""
    return _frame(con, "costs_of_municipality", {"code": code})


def joint_candidates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Joint-procurement candidates with their combined annual cost."""
    return _frame(con, "joint_candidates")


def joint_members(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every formed arrangement's members, before and after."""
    return _frame(con, "joint_members")
