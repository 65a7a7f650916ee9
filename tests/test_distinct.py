"""The reader's shared factorization: a column as its distinct cells and each row's code."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.distinct import Distinct


def column(*cells: str) -> pd.Series:
    return pd.Series(list(cells), dtype=str)


def test_distinct_values_spread_back_to_the_rows():
    cells = Distinct.of(column("b", "a", "b", "b"))
    assert cells.values.tolist() == ["b", "a"]
    assert cells.per_row(cells.values == "b").tolist() == [True, False, True, True]
    assert cells.column().tolist() == ["b", "a", "b", "b"]


def test_a_pass_that_changes_nothing_keeps_the_column_as_read():
    read = column("x", "y", "x")
    cells = Distinct.of(read)
    same = cells.with_values(cells.values.str.strip())
    assert same.cells is not None and same.column().array is cells.column().array


def test_a_pass_that_changes_a_value_spreads_the_new_values():
    cells = Distinct.of(column(" x", "y", " x"))
    stripped = cells.with_values(cells.values.str.strip())
    assert stripped.cells is None
    assert stripped.column().tolist() == ["x", "y", "x"]
    assert stripped.column().index.equals(pd.RangeIndex(3))


def test_dropping_rows_keeps_the_values_and_the_remaining_rows_in_order():
    cells = Distinct.of(column("a", "", "b", "a"))
    kept = cells.rows(np.array([True, False, True, True]))
    assert kept.column().tolist() == ["a", "b", "a"]
    assert kept.cells is None  # the column as read still holds the dropped row
    assert cells.rows(np.ones(4, dtype=bool)) is cells
