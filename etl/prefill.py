"""The one prefill: a municipality's 20 systems with its latest accepted status, defaults where none.

The Excel/CSV template (`etl.template`) and the app's report form both start from these rows, so a
default changes in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd

from etl import paths, store
from etl.errors import UnknownMunicipality
from schemas import fields as registry
from schemas.vocabulary.contract import STATUS_FIELDS

DEFAULT_STAGE = "not_started"
DEFAULT_GOV_CLOUD = "planned"


def columns() -> list[str]:
    """The prefill's columns: the business, the registry's status fields, the last day and whether reported."""
    return ["business_id", "business_ja", *STATUS_FIELDS, "last_as_of", "reported"]


# a stored value of a kind as a plain Python value (None stays None; a flag is never None)
_AS_PYTHON: dict[str, Callable[[Any], Any]] = {
    "bool": bool,
    "int": lambda v: None if v is None else int(v),
    "percent": lambda v: None if v is None else float(v),
}


def prefill(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """The 20 rows as codes and Python values (dates, ints, floats; None when empty), business order."""
    if not store.scalar(con, "select count(*) from municipalities where code = ?", [code]):
        raise UnknownMunicipality(code)
    rows = con.execute(paths.sql("prefill.sql"), {"code": code}).fetchall()
    frame = pd.DataFrame(rows, columns=columns(), dtype=object)
    frame["stage"] = frame["stage"].where(frame["stage"].notna(), DEFAULT_STAGE)
    frame["gov_cloud"] = frame["gov_cloud"].where(frame["gov_cloud"].notna(), DEFAULT_GOV_CLOUD)
    for f in registry.FIELDS:  # the store's values as plain Python ones, by the registry's kind
        if f.role == "status" and f.kind in _AS_PYTHON:
            frame[f.name] = [_AS_PYTHON[f.kind](v) for v in frame[f.name]]
    frame["reported"] = [bool(v) for v in frame["reported"]]
    return frame
