"""A column as its distinct cells and, for each row, which one it holds: what the reader's passes share.

A report repeats a few values in each column (20 businesses, 7 stages, one as-of day, a few
hundred dates), so the reader finds a column's distinct cells once and its passes (blank rows,
overlong cells, folding and normalising, text hygiene) each look at those few values instead of
every cell, then spread the answer back over the rows. A pass that changes no value (a clean
file's codes, ISO dates and canonical ids) leaves the column as it was read: nothing to spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Distinct:
    """`values[codes[i]]` is row i's cell; `cells`, when kept, is that column as it stands."""

    codes: np.ndarray
    values: pd.Series
    cells: pd.Series | None = None

    @classmethod
    def of(cls, column: pd.Series) -> Distinct:
        """The column's distinct cells (in order of first appearance) and each row's code."""
        codes, values = pd.factorize(column, use_na_sentinel=False)
        return cls(codes, pd.Series(values, dtype=str), column.reset_index(drop=True))

    @classmethod
    def whole(cls, column: pd.Series) -> Distinct:
        """The column taken as it is, each row its own value: for a column of mostly distinct cells
        (amounts), where finding the distinct ones costs more than the passes save."""
        column = column.reset_index(drop=True)
        return cls(np.arange(len(column)), pd.Series(column, dtype=str), column)

    def per_row(self, per_value: pd.Series | np.ndarray) -> np.ndarray:
        """An answer given for each distinct value, for each row."""
        return np.asarray(per_value)[self.codes]

    def rows(self, keep: np.ndarray) -> Distinct:
        """Only the rows where `keep` is true (the values stay as they are)."""
        if keep.all():
            return self
        return Distinct(self.codes[keep], self.values)

    def with_values(self, values: pd.Series) -> Distinct:
        """The same rows over other values, one for each of these (a folded or normalised form)."""
        values = values.reset_index(drop=True)
        unchanged = self.cells is not None and values.equals(self.values)
        return Distinct(self.codes, values, self.cells if unchanged else None)

    def column(self) -> pd.Series:
        """The cells, one a row (a fresh 0..n-1 index)."""
        if self.cells is not None:
            return self.cells
        out = self.values.take(self.codes)
        out.index = pd.RangeIndex(len(self.codes))
        return out
