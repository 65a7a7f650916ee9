"""Local government codes (全国地方公共団体コード): six digits, the last a check digit of the first five.

One definition of the check digit, used by the schema's rule, the reference loader and the demo.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WEIGHTS = np.array([6, 5, 4, 3, 2])


def check_digits(first5: pd.Series) -> pd.Series:
    """The check digit of each five-digit ASCII string: (11 - sum(digit x weight) mod 11) mod 10."""
    if first5.empty:
        return pd.Series([], index=first5.index, dtype="int64")
    # one pass over a digit matrix instead of five string slices
    ascii_bytes = np.frombuffer("".join(first5.tolist()).encode("ascii"), dtype=np.uint8)
    matrix = ascii_bytes.reshape(-1, 5).astype(np.int64) - ord("0")
    return pd.Series((11 - (matrix @ WEIGHTS) % 11) % 10, index=first5.index)


def check_digit(first5: str) -> int:
    """The check digit of one code's first five digits."""
    return int(check_digits(pd.Series([first5])).iloc[0])


def has_valid_check_digit(codes: pd.Series) -> pd.Series:
    """True where a code is six ASCII digits whose last is the check digit of the first five."""
    shaped = codes.str.fullmatch(r"[0-9]{6}").fillna(False).astype(bool)
    candidates = codes.where(shaped, "000000")
    expected = check_digits(candidates.str[:5])
    return shaped & (candidates.str[5].astype(int) == expected)
