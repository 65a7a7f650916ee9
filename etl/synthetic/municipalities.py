"""The national scale's municipalities: the real national jurisdiction, all 1,741 bodies over the 47
prefectures (data/reference/municipalities_japan.csv; the prefecture is the code's first two digits)."""

from __future__ import annotations

import pandas as pd

from etl import reference


def national_municipalities() -> pd.DataFrame:
    """The real 1,741 municipalities, by code (Tokyo's 62 as in the Tokyo list, region `tokyo`)."""
    return reference.national_municipalities().sort_values("code").reset_index(drop=True)
