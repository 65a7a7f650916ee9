"""The one prefill: a municipality's 20 systems with its latest accepted status, defaults where none.

The Excel/CSV template (`etl.template`) and the app's report form both start from these rows, so a
default changes in one place.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl import paths, store
from etl.errors import UnknownMunicipality
from schemas.vocabulary import STATUS_FIELDS

DEFAULT_STAGE = "not_started"
DEFAULT_GOV_CLOUD = "planned"
FIELDS: list[str] = ["business_id", "business_ja", *STATUS_FIELDS, "last_as_of", "reported"]


def prefill(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """The 20 rows as codes and Python values (dates, ints, floats; None when empty), business order."""
    if not store.scalar(con, "select count(*) from municipalities where code = ?", [code]):
        raise UnknownMunicipality(code)
    rows = con.execute(paths.sql("prefill.sql"), {"code": code}).fetchall()
    frame = pd.DataFrame(rows, columns=FIELDS, dtype=object)
    frame["stage"] = frame["stage"].where(frame["stage"].notna(), DEFAULT_STAGE)
    frame["gov_cloud"] = frame["gov_cloud"].where(frame["gov_cloud"].notna(), DEFAULT_GOV_CLOUD)
    frame["special_support"] = [bool(v) for v in frame["special_support"]]
    frame["special_support_reason"] = [None if v is None else int(v) for v in frame["special_support_reason"]]
    frame["pmo_progress"] = [None if v is None else float(v) for v in frame["pmo_progress"]]
    frame["reported"] = [bool(v) for v in frame["reported"]]
    return frame
