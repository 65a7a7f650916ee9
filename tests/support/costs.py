"""Cost figures for six wards, each with yen no other figure on the pages could hold."""

from __future__ import annotations

import pandas as pd

from tests.support.codes import BUNKYO, CHIYODA, CHUO, MINATO, SHINJUKU, TAITO

CODES = [CHIYODA, CHUO, MINATO, SHINJUKU, BUNKYO, TAITO]
# yen no other figure on the pages could hold: each municipality's own FY2018 and latest totals
MARKS = {code: (7_770_001 + 1_000 * i, 9_990_001 + 1_000 * i) for i, code in enumerate(CODES)}


def costs_of(codes: list[str]) -> pd.DataFrame:
    """The resident registry's actual cloud costs of FY2018 and FY2024 for these municipalities."""
    rows = []
    for code in codes:
        base, latest = MARKS[code]
        rows += [(code, "resident_registry", 2018, "actual", base), (code, "resident_registry", 2024, "actual", latest)]
    return pd.DataFrame(rows, columns=["municipality_code", "business_id", "fiscal_year", "kind", "cloud"])
