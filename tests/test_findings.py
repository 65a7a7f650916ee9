"""Findings built in batches are the same findings, in the same shape, as those built one by one."""

from __future__ import annotations

import pandas as pd
import pytest

from etl import findings as fnd
from schemas.status_report import each_distinct, parse_dates, parse_numbers


def one_by_one(rows: list[int], column: str | None, code: str, values: list[str | None], severity: str) -> list[dict]:
    return [
        {**fnd.finding(None, column, code, value, severity), "row": row}
        for row, value in zip(rows, values, strict=True)
    ]


BATCHES = [
    ([3, 1, 2], "pmo_progress", "pmo_progress_inconsistent", ["40", None, "40"], "warning"),
    ([5], "as_of", "as_of_invalid_date", [None], "error"),
    ([7, 8], None, "not_a_known_code", ["x", "y"], "error"),
    ([], "stage", "stage_unknown", [], "error"),
]


@pytest.mark.parametrize(("rows", "column", "code", "values", "severity"), BATCHES, ids=[b[2] for b in BATCHES])
def test_a_batch_is_the_findings_one_by_one(rows, column, code, values, severity):
    file_level = [fnd.finding(None, "vendor", "missing_column")]
    batched = fnd.frame(file_level, [fnd.batch(rows, column, code, values, severity)])
    singles = fnd.frame(file_level + one_by_one(rows, column, code, values, severity))
    pd.testing.assert_frame_equal(batched, singles)


def test_no_findings_at_all_keep_the_empty_frames_types():
    pd.testing.assert_frame_equal(fnd.frame([], [fnd.batch([], "stage", "stage_unknown", [])]), fnd.frame([]))


CELLS = ["2026-11-01", "", "40", "2026-11-01", "x", "40", "", "2026-02-30", "1e2", " 7 ", "2026-1-5"]


@pytest.mark.parametrize(
    ("parse", "every_cell"),
    [
        (parse_dates, lambda v: pd.to_datetime(v.where(v != ""), format="%Y-%m-%d", errors="coerce")),
        (parse_numbers, lambda v: pd.to_numeric(v.where(v != ""), errors="coerce")),
    ],
    ids=["dates", "numbers"],
)
def test_parsing_distinct_values_is_parsing_every_cell(parse, every_cell):
    values = pd.Series(CELLS, index=range(10, 10 + len(CELLS)), name="cells", dtype=str)
    pd.testing.assert_series_equal(parse(values), every_cell(values))


def test_each_distinct_spreads_results_back_over_every_row():
    values = pd.Series(["b", "a", "b", "", "a"], index=[4, 3, 2, 1, 0], name="x", dtype=str)
    got = each_distinct(values, lambda v: v.str.upper())
    pd.testing.assert_series_equal(got, values.str.upper())
