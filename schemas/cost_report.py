"""The cost report model (運用経費): one row per municipality x business x fiscal year x kind, yen as
integers in the ten categories of the Digital Agency's TCO comparison; every rule a named check.

Rows arrive as text already normalised by `etl.costs.read` (canonical ids, the fiscal year as its
Western number, kinds as codes, yen without separators, ISO dates, empty string for an empty cell).
Errors are pandera checks; warnings are the plain functions of COST_FRAME_WARNINGS, each reported
against its column. A check's name is the finding code.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc

from schemas.status_report import _remembered, is_in, parse_dates, valid_codes
from schemas.vocabulary.costs import (
    BASELINE_YEAR,
    COST_CATEGORIES,
    COST_COLUMNS,
    COST_KINDS,
    COST_MEDIAN_FACTOR,
    COST_MEDIAN_MIN_YEARS,
    COST_NOTE_MAX,
    COST_TEXT_MAX,
    COST_YEARS_AHEAD,
    FIRST_REPORTED_YEAR,
    YEN_MAX,
)

CATEGORIES = list(COST_CATEGORIES)
YEN_COLUMNS = [*CATEGORIES, "shared_cost_share"]
COST_KEY = ["municipality_code", "business_id", "fiscal_year", "kind"]
PAIR = ["municipality_code", "business_id"]
_INTEGER = r"-?[0-9]+"


def fiscal_year_of(day: date) -> int:
    """The Japanese fiscal year a day falls in (April to March): 2026-03-31 is FY2025."""
    return day.year if day.month >= 4 else day.year - 1


def no_stored() -> pd.DataFrame:
    """No stored figures: the frame the checks take when the store holds none for these rows."""
    return pd.DataFrame(columns=[*COST_KEY, *CATEGORIES])


@dataclass(frozen=True, eq=False)
class CostContext:
    """What the checks need beyond the rows: the jurisdiction, today, who submits and what is stored."""

    codes: Collection[str]
    business_ids: Collection[str]
    today: date
    submitter_code: str | None = None
    # the newest stored figure of each municipality x business x fiscal year x kind of the rows'
    # municipalities (COST_KEY and the ten categories, numbers)
    stored: pd.DataFrame = field(default_factory=no_stored)

    @property
    def current_year(self) -> int:
        """The fiscal year today is in."""
        return fiscal_year_of(self.today)


def _blank(values: pd.Series) -> pd.Series:
    return values == ""


def _parse_integers(values: pd.Series) -> pd.Series:
    # Arrow's kernels: a national file's 1.4 million yen cells in milliseconds, where pandas'
    # to_numeric on text takes a tenth of a second a column
    text = pa_arrow.array(values, type=pa_arrow.string(), from_pandas=True)
    blank = pc.equal(text, "")
    # ASCII digits only, at most 18 of them (a test four times quicker than the regex's)
    plain = pc.and_(pc.ascii_is_decimal(text), pc.less_equal(pc.binary_length(text), 18))
    if pc.all(pc.or_(blank, plain)).as_py() is not False:
        # the common file: every cell a whole number that fits (or blank), one cast
        numbers = pc.cast(pc.if_else(blank, "0", text), pa_arrow.int64()).to_numpy(zero_copy_only=False)
        return pd.Series(pd.arrays.IntegerArray(numbers, np.asarray(blank)), index=values.index, name=values.name)
    whole = pc.match_substring_regex(text, "^" + _INTEGER + "$")
    fits = pc.and_(whole, pc.less_equal(pc.utf8_length(text), 18))
    numbers = pc.cast(pc.if_else(fits, text, "0"), pa_arrow.int64()).to_numpy(zero_copy_only=False)
    # a whole number too long for 64 bits is still a whole number: beyond any yen limit
    numbers = np.where(np.asarray(fits), numbers, YEN_MAX + 1)
    mask = ~np.asarray(whole.fill_null(False))
    return pd.Series(pd.arrays.IntegerArray(numbers.astype("int64"), mask), index=values.index, name=values.name)


def _integers(values: pd.Series) -> pd.Series:
    """Whole numbers as Int64 (NA for a blank or anything else), parsed once per column within
    `parsing_once()`."""
    return _remembered("cost_integers", values, lambda: _parse_integers(values))


def yen(values: pd.Series) -> pd.Series:
    """A yen column as Int64: a blank cell is 0, anything not a whole number NA."""
    return _remembered("cost_yen", values, lambda: _integers(values).where(~_blank(values), 0).astype("Int64"))


def years(values: pd.Series) -> pd.Series:
    """The fiscal year as Int64 (NA when not a whole number)."""
    return _integers(values)


def _year_allowed(values: pd.Series, ctx: CostContext) -> pd.Series:
    y = years(values)
    ok = (y == BASELINE_YEAR) | ((y >= FIRST_REPORTED_YEAR) & (y <= ctx.current_year + COST_YEARS_AHEAD))
    return y.isna() | ok.fillna(False).astype(bool)


# --- column checks: (column, name, test(series, ctx) -> passes) --------------------------------
ColumnRule = tuple[str, str, Callable[[pd.Series, CostContext], pd.Series]]


YEN_OK, YEN_NOT_INTEGER, YEN_NEGATIVE, YEN_TOO_LARGE = 0, 1, 2, 3


def _yen_state(values: pd.Series) -> np.ndarray:
    """Each cell's state once per column: ok (or blank), not a whole number, negative, too large."""

    def state() -> np.ndarray:
        numbers = _integers(values)
        missing = numbers.isna().to_numpy()
        filled = numbers.fillna(0).to_numpy(dtype="int64")
        out = np.full(len(values), YEN_OK, dtype="int8")
        out[missing & ~_blank(values).to_numpy()] = YEN_NOT_INTEGER
        out[~missing & (filled < 0)] = YEN_NEGATIVE
        out[~missing & (filled > YEN_MAX)] = YEN_TOO_LARGE
        return out

    return _remembered("cost_yen_state", values, state)


def _yen_not(kind: int) -> Callable[[pd.Series, CostContext], pd.Series]:
    return lambda s, c: pd.Series(_yen_state(s) != kind, index=s.index)


def _yen_rules(col: str) -> list[ColumnRule]:
    return [
        (col, "cost_yen_not_integer", _yen_not(YEN_NOT_INTEGER)),
        (col, "cost_yen_negative", _yen_not(YEN_NEGATIVE)),
        (col, "cost_yen_too_large", _yen_not(YEN_TOO_LARGE)),
    ]


COST_COLUMN_ERRORS: list[ColumnRule] = [
    ("municipality_code", "municipality_code_invalid", lambda s, c: valid_codes(s)),
    ("municipality_code", "municipality_code_unknown", lambda s, c: ~valid_codes(s) | is_in(s, c.codes)),
    (
        "municipality_code",
        "municipality_not_own",
        lambda s, c: (
            pd.Series(True, index=s.index) if c.submitter_code is None else ~valid_codes(s) | (s == c.submitter_code)
        ),
    ),
    ("business_id", "business_unknown", lambda s, c: is_in(s, c.business_ids)),
    ("fiscal_year", "cost_fiscal_year_invalid", lambda s, c: years(s).notna()),
    ("fiscal_year", "cost_fiscal_year_out_of_range", _year_allowed),
    ("kind", "cost_kind_unknown", lambda s, c: is_in(s, COST_KINDS)),
    *[rule for col in YEN_COLUMNS for rule in _yen_rules(col)],
    ("contract_end", "cost_contract_end_invalid_date", lambda s, c: _blank(s) | parse_dates(s).notna()),
    ("vendor", "cost_text_too_long", lambda s, c: s.str.len() <= COST_TEXT_MAX),
    ("package", "cost_text_too_long", lambda s, c: s.str.len() <= COST_TEXT_MAX),
    ("note", "cost_note_too_long", lambda s, c: s.str.len() <= COST_NOTE_MAX),
]

# --- dataframe checks: (column reported, name, test(frame, ctx) -> passes) ----------------------
FrameRule = tuple[str, str, Callable[[pd.DataFrame, CostContext], pd.Series]]


def total(frame: pd.DataFrame) -> pd.Series:
    """The row's ten categories added up (a cell that is no whole number counts as 0)."""
    return sum((yen(frame[c]).fillna(0) for c in CATEGORIES), start=pd.Series(0, index=frame.index, dtype="Int64"))


def _actual_in_future(d: pd.DataFrame, c: CostContext) -> pd.Series:
    return ~((d["kind"] == "actual") & (years(d["fiscal_year"]) > c.current_year)).fillna(False).astype(bool)


def _shared_within_total(d: pd.DataFrame, c: CostContext) -> pd.Series:
    shared = yen(d["shared_cost_share"])
    return ~(shared > total(d)).fillna(False).astype(bool)


COST_FRAME_ERRORS: list[FrameRule] = [
    ("fiscal_year", "cost_actual_in_future", _actual_in_future),
    ("shared_cost_share", "cost_shared_beyond_total", _shared_within_total),
    ("kind", "cost_row_duplicated", lambda d, c: ~d.duplicated(COST_KEY, keep="first")),
]


def _numbers(d: pd.DataFrame) -> pd.DataFrame:
    """The rows' key and categories as numbers (fiscal year Int64, yen Int64)."""
    return _remembered("cost_numbers", d["municipality_code"], lambda: _numbers_of(d))


def _numbers_of(d: pd.DataFrame) -> pd.DataFrame:
    out = d[PAIR + ["kind"]].copy()
    out["fiscal_year"] = years(d["fiscal_year"])
    for col in CATEGORIES:
        out[col] = yen(d[col])
    return out


def _with_stored(rows: pd.DataFrame, c: CostContext) -> pd.DataFrame:
    """The rows' figures beside the stored ones they do not restate (same pair, another year or kind)."""
    stored = c.stored
    if stored.empty:
        return rows.assign(_row=rows.index)
    stored = stored[COST_KEY + CATEGORIES].copy()
    stored["fiscal_year"] = stored["fiscal_year"].astype("Int64")
    keys = rows[COST_KEY].drop_duplicates()
    merged = stored.merge(keys.assign(_restated=True), how="left", on=COST_KEY)
    kept = merged[merged["_restated"].isna()].drop(columns="_restated")
    kept = kept[kept.set_index(PAIR).index.isin(rows.set_index(PAIR).index)]
    return pd.concat([rows.assign(_row=rows.index), kept.assign(_row=-1)], ignore_index=True)


def _above_median_all(d: pd.DataFrame, c: CostContext) -> pd.DataFrame:
    """For every row and category: beyond COST_MEDIAN_FACTOR times the municipality's median for
    that business (its figures of every year and kind, stored and in the file; at least
    COST_MEDIAN_MIN_YEARS of them, median above zero)."""
    both = _with_stored(_numbers(d), c)
    values = both[CATEGORIES].apply(pd.to_numeric, errors="coerce").astype(float)
    grouped = values.groupby([both["municipality_code"], both["business_id"]], sort=False)
    median = grouped.transform("median")
    count = grouped.transform("count")
    flagged = (count >= COST_MEDIAN_MIN_YEARS) & (median > 0) & (values > COST_MEDIAN_FACTOR * median)
    mine = flagged[(both["_row"] >= 0).to_numpy()]
    mine.index = both.loc[both["_row"] >= 0, "_row"].to_numpy()
    return mine.reindex(d.index, fill_value=False).astype(bool)


def above_median(category: str) -> Callable[[pd.DataFrame, CostContext], pd.Series]:
    """The rule for one category (the ten share one computation within `parsing_once()`)."""

    def test(d: pd.DataFrame, c: CostContext) -> pd.Series:
        flags = _remembered("cost_above_median", d["municipality_code"], lambda: _above_median_all(d, c))
        return ~flags[category]

    return test


def _baseline_missing(d: pd.DataFrame, c: CostContext) -> pd.Series:
    """A pair given a year after FY2018 with no FY2018 figure in the file or the store: its
    earliest later row is flagged (one finding a pair)."""
    rows = _numbers(d)
    bases = [rows.loc[(rows["fiscal_year"] == BASELINE_YEAR).fillna(False).astype(bool), PAIR]]
    if not c.stored.empty:
        stored = c.stored
        bases.append(stored.loc[pd.to_numeric(stored["fiscal_year"], errors="coerce") == BASELINE_YEAR, PAIR])
    has_base = pd.concat(bases).drop_duplicates().assign(_base=True)
    later = rows[(rows["fiscal_year"] > BASELINE_YEAR).fillna(False).astype(bool)]
    marked = later[PAIR].merge(has_base, how="left", on=PAIR)["_base"].isna().to_numpy()
    missing = later[marked]
    first = missing.sort_values("fiscal_year", kind="stable").drop_duplicates(PAIR, keep="first").index
    return ~pd.Series(d.index.isin(first), index=d.index)


COST_FRAME_WARNINGS: list[FrameRule] = [
    *[(col, "cost_above_median", above_median(col)) for col in CATEGORIES],
    ("fiscal_year", "cost_baseline_missing", _baseline_missing),
]

COST_RULE_COLUMNS: dict[str, str] = {name: col for col, name, _ in COST_FRAME_ERRORS}
COST_WARNING_CODES: frozenset[str] = frozenset(name for _, name, _ in COST_FRAME_WARNINGS)

COST_DESCRIPTIONS: dict[str, str] = {
    "municipality_code": "全国地方公共団体コード (6 digits with check digit) in the jurisdiction's list",
    "business_id": "one of the 20 core businesses (id; the Japanese name is normalised to it)",
    "fiscal_year": f"the fiscal year: {BASELINE_YEAR} (the base year), then each year from {FIRST_REPORTED_YEAR}",
    "kind": "actual, budget or estimate",
    **{col: "yen, a whole number, 0 or more (blank is 0)" for col in CATEGORIES},
    "shared_cost_share": "yen paid through a joint arrangement, at most the row's total",
    "contract_end": "the day the current contract ends (ISO date)",
    "vendor": f"the vendor, at most {COST_TEXT_MAX} characters",
    "package": f"the package (product) run, at most {COST_TEXT_MAX} characters",
    "note": f"private note, at most {COST_NOTE_MAX} characters",
}


def cost_report_schema(ctx: CostContext) -> pa.DataFrameSchema:
    """The CostReport model's errors for one submission's context (the warnings run as plain functions)."""
    columns = {
        col: pa.Column(
            checks=[
                pa.Check(lambda s, t=test: t(s, ctx), name=name, error=name)
                for c, name, test in COST_COLUMN_ERRORS
                if c == col
            ],
            description=COST_DESCRIPTIONS[col],
            nullable=False,
        )
        for col in COST_COLUMNS
    }
    checks = [pa.Check(lambda d, t=test: t(d, ctx), name=name, error=name) for _, name, test in COST_FRAME_ERRORS]
    return pa.DataFrameSchema(columns, checks=checks, name="CostReport", strict=False, coerce=False)
