"""A municipality's cost rows to fill in: one per business for the current fiscal year (a budget),
prefilled with last year's figures as stored (its newest year), contract end, vendor and package;
a business with no FY2018 figure also gets an empty FY2018 row. The template's 運用経費 sheet and the
report page's cost form start from it; rows left without a figure are skipped when read back."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from etl import paths, reference
from schemas.cost_report import CATEGORIES, fiscal_year_of
from schemas.vocabulary.costs import BASELINE_YEAR, COST_COLUMNS


def cost_prefill(con: duckdb.DuckDBPyConnection, code: str, today: date) -> pd.DataFrame:
    """The municipality's cost rows in business order, codes as stored (kind actual/budget/estimate)."""
    stored = con.execute(paths.sql("cost_prefill"), {"code": code}).df().set_index("business_id")
    with_base = {
        r[0]
        for r in con.execute(
            "select distinct business_id from v_cost_latest where municipality_code = ? and fiscal_year = ?",
            [code, BASELINE_YEAR],
        ).fetchall()
    }
    year = fiscal_year_of(today)
    rows: list[dict] = []
    for business in reference.businesses()["business_id"]:
        if business not in with_base:
            rows.append(
                {"municipality_code": code, "business_id": business, "fiscal_year": BASELINE_YEAR, "kind": "actual"}
            )
        row: dict = {"municipality_code": code, "business_id": business, "fiscal_year": year, "kind": "budget"}
        if business in stored.index:
            last = stored.loc[business]
            row.update({c: int(last[c]) for c in CATEGORIES})
            for col in ("contract_end", "vendor", "package"):
                value = last[col]
                row[col] = None if value is None or pd.isna(value) else value
        rows.append(row)
    frame = pd.DataFrame(rows).reindex(columns=COST_COLUMNS)
    frame["contract_end"] = pd.to_datetime(frame["contract_end"]).dt.date
    return frame
