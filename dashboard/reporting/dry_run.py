"""The dry run: a submission read and checked by ingest's own `check` on a read-only connection,
nothing kept, plus what the page shows beside it (the cells as written, the changes against the
last accepted report, an earlier submission of the same bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.reporting.access import check, connection, digest, find_accepted, latest_own
from dashboard.reporting.form import DIFF_FIELDS
from dashboard.reporting.values import plain, text


@dataclass
class Preview:
    """A submission checked but not yet kept: its bytes, findings, cells as written and changes."""

    raw: bytes
    filename: str
    source: str
    sha256: str
    findings: pd.DataFrame
    cells: pd.DataFrame | None  # the rows as written, with their 1-based row numbers as index
    changes: pd.DataFrame  # row, business_id, column, before, after (canonical text)
    n_rows: int
    duplicate_of: int | None = None
    previous_as_of: date | None = None

    @property
    def n_errors(self) -> int:
        """How many findings block the submission."""
        return int((self.findings["severity"] == "error").sum()) if len(self.findings) else 0

    @property
    def n_warnings(self) -> int:
        """How many findings are advice that needs acknowledging."""
        return int((self.findings["severity"] == "warning").sum()) if len(self.findings) else 0


def preview(raw: bytes, *, filename: str, source: str, code: str, db: str | Path | None = None) -> Preview:
    """Read and check a submission exactly as the ingest would (its own `check`), and compare it with
    the last report; nothing is stored."""
    with connection(read_only=True, db=db) as con:
        checked = check(con, raw, filename=filename, source=source, code=code)
        latest = latest_own(con, code)
        dup = find_accepted(con, digest(raw))
    result = checked.result
    cells = None
    if result.raw is not None:
        cells = result.raw.copy()
        cells.index = pd.Index(result.row_numbers, name="row")
    changes = diff(latest, result.frame, result.row_numbers, code)
    prev = plain(latest["as_of"].max()) if len(latest) else None
    return Preview(raw, filename, source, checked.sha256, checked.findings, cells, changes, checked.n_rows, dup, prev)


def diff(latest: pd.DataFrame, frame: pd.DataFrame | None, row_numbers: list[int], code: str) -> pd.DataFrame:
    """Cells that differ from the last accepted report: row, business_id, column, before, after."""
    columns = ["row", "business_id", "column", "before", "after"]
    if frame is None or not len(frame):
        return pd.DataFrame(columns=columns)
    before = latest.set_index("business_id") if len(latest) else pd.DataFrame()
    out = []
    for position, row in enumerate(frame.to_dict("records")):
        if row["municipality_code"] != code:
            continue
        biz = row["business_id"]
        last = before.loc[biz] if biz in before.index else None
        for column in DIFF_FIELDS:
            old = "" if last is None else text(column, last[column])
            new = text(column, row[column])
            if column == "special_support" and last is None and new == "false":
                continue  # a new row that is not special-support changes nothing worth showing
            if old != new:
                out.append(
                    {"row": row_numbers[position], "business_id": biz, "column": column, "before": old, "after": new}
                )
    return pd.DataFrame(out, columns=columns)
