"""The status report model: one row per municipality x business, every rule a named pandera check.

Rows arrive as text already normalised by `etl.read` (canonical ids, ISO dates, "true"/"false",
empty string for an empty cell). Errors are ordinary checks; warnings are checks with
``raise_warning=True``. A check's name is the finding code; RULE_COLUMNS names the column a
dataframe-level check is reported against.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import pandera.pandas as pa

from schemas.codes import has_valid_check_digit
from schemas.fields import FIELDS
from schemas.vocabulary.contract import EARLIEST_AS_OF, GOV_CLOUD, RESIDENT_REGISTRY, STAGE_ORDER, STAGES, UNDER_WAY

PAIR = ["municipality_code", "business_id"]


def previous_stages(stages: Mapping[tuple[str, str], str]) -> pd.DataFrame:
    """The last accepted stage of some pairs as the checks take it: one row per (municipality_code,
    business_id) with its stage."""
    rows = [(code, business, stage) for (code, business), stage in stages.items()]
    return pd.DataFrame(rows, columns=[*PAIR, "stage"], dtype=str)


@dataclass(frozen=True, eq=False)
class Context:
    """What the checks need beyond the rows: the jurisdiction, today, the reference dates and the
    stored history."""

    codes: Collection[str]
    business_ids: Collection[str]
    today: date
    # the national deadline D and the latest plausible special-support new date (D + 5 years), from
    # data/reference/settings.csv
    deadline: date
    special_support_horizon: date
    submitter_code: str | None = None
    # the last accepted stage of each (municipality_code, business_id) pair, one row a pair
    # (`previous_stages` builds it from a mapping)
    previous_stage: pd.DataFrame = field(default_factory=lambda: previous_stages({}))
    # municipalities whose resident registry is live in the last accepted reports
    registry_live: Collection[str] = frozenset()


def each_distinct(values: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`parse` (element-wise) applied to each distinct value once and spread back over the rows."""
    # a report repeats a few dates and numbers thousands of times: parsing 34,820 cells costs
    # several milliseconds a column, parsing their few hundred distinct values a fraction of one
    codes, distinct = _factorized(values)
    parsed = parse(pd.Series(distinct, dtype=values.dtype)).take(codes)
    parsed.index, parsed.name = values.index, values.name
    return parsed


def _to_dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.where(values != ""), format="%Y-%m-%d", errors="coerce")


def _to_numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.where(values != ""), errors="coerce")


# within `parsing_once()`, each column is factorized and parsed once however many rules read it
# (the as-of date is read by five rules, the target date by four): keyed by the column's own
# array, which the memo holds so that its identity cannot be reused while the memo lives
T = TypeVar("T")
_MEMO: ContextVar[dict[tuple[str, int], tuple[object, object]] | None] = ContextVar("parsed", default=None)


@contextmanager
def parsing_once() -> Iterator[None]:
    """Factorize and parse each column of the frame being checked once for all the rules run inside the block
    (a block inside another shares the outer one's memo)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _remembered(kind: str, values: pd.Series, compute: Callable[[], T]) -> T:
    memo = _MEMO.get()
    if memo is None:
        return compute()
    array = values.array
    key = (kind, id(array))
    hit = memo.get(key)
    if hit is not None and hit[0] is array:
        return cast(T, hit[1])
    result = compute()
    memo[key] = (array, result)
    return result


def remember_distinct(frame: pd.DataFrame, cells: Mapping[str, tuple[np.ndarray, pd.Series]]) -> None:
    """Tell the checks run inside `parsing_once()` each column's distinct values as the reader found
    them, (codes, values) with `values[codes]` the column, so that no rule factorizes it again."""
    memo = _MEMO.get()
    if memo is None:
        return
    for col, (codes, values) in cells.items():
        array = frame[col].array
        memo[("factorized", id(array))] = (array, (codes, values.array))


def _factorized(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    return _remembered("factorized", values, lambda: pd.factorize(values, use_na_sentinel=False))


def _parsed(kind: str, values: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    parsed = _remembered(kind, values, lambda: each_distinct(values, parse))
    if not parsed.index.equals(values.index):  # the same array under another index: not the same rows
        return each_distinct(values, parse)
    return parsed.rename(values.name)


def is_in(values: pd.Series, allowed: Collection[str]) -> pd.Series:
    """True where the cell is one of `allowed`, decided once per distinct value."""
    members = allowed if isinstance(allowed, (set, frozenset, dict)) else set(allowed)
    return each_distinct(
        values, lambda distinct: pd.Series([v in members for v in distinct.tolist()], index=distinct.index, dtype=bool)
    )


def valid_codes(values: pd.Series) -> pd.Series:
    """True where the cell is a code with a valid check digit, decided once per distinct value."""
    return _parsed("valid_code", values, has_valid_check_digit)


def parse_dates(values: pd.Series) -> pd.Series:
    """ISO dates as datetime64; NaT for empty or unparseable cells."""
    return _parsed("date", values, _to_dates)


def parse_numbers(values: pd.Series) -> pd.Series:
    """Numbers as float; NaN for empty or unparseable cells."""
    return _parsed("number", values, _to_numbers)


def _blank(values: pd.Series) -> pd.Series:
    return values == ""


def _ts(day: date) -> pd.Timestamp:
    return pd.Timestamp(day)


def _no_longer_than(limit: int) -> Callable[[pd.Series, Context], pd.Series]:
    return lambda s, c: s.str.len() <= limit


# --- column checks: (column, name, test(series, ctx) -> passes) --------------------------------
ColumnRule = tuple[str, str, Callable[[pd.Series, Context], pd.Series]]

COLUMN_ERRORS: list[ColumnRule] = [
    ("municipality_code", "municipality_code_invalid", lambda s, c: valid_codes(s)),
    (
        "municipality_code",
        "municipality_code_unknown",
        lambda s, c: ~valid_codes(s) | is_in(s, c.codes),
    ),
    (
        "municipality_code",
        "municipality_not_own",
        lambda s, c: (
            pd.Series(True, index=s.index) if c.submitter_code is None else ~valid_codes(s) | (s == c.submitter_code)
        ),
    ),
    ("business_id", "business_unknown", lambda s, c: is_in(s, c.business_ids)),
    ("as_of", "as_of_invalid_date", lambda s, c: parse_dates(s).notna()),
    ("as_of", "as_of_in_future", lambda s, c: ~(parse_dates(s) > _ts(c.today))),
    ("as_of", "as_of_before_start", lambda s, c: ~(parse_dates(s) < _ts(EARLIEST_AS_OF))),
    ("stage", "stage_unknown", lambda s, c: is_in(s, STAGES)),
    ("target_date", "target_date_invalid_date", lambda s, c: _blank(s) | parse_dates(s).notna()),
    ("go_live_date", "go_live_date_invalid_date", lambda s, c: _blank(s) | parse_dates(s).notna()),
    ("gov_cloud", "gov_cloud_unknown", lambda s, c: is_in(s, GOV_CLOUD)),
    ("special_support", "special_support_invalid", lambda s, c: is_in(s, ("true", "false"))),
    (
        "special_support_reason",
        "special_support_reason_invalid",
        lambda s, c: _blank(s) | is_in(s, ("1", "2", "3", "4")),
    ),
    ("pmo_progress", "pmo_progress_out_of_range", lambda s, c: _blank(s) | parse_numbers(s).between(0, 100)),
    # a column with a limit in the registry: `<name>_too_long` (vendor_too_long, notes_too_long)
    *((f.name, f"{f.name}_too_long", _no_longer_than(f.max_chars)) for f in FIELDS if f.max_chars is not None),
]

# --- dataframe checks: (column reported, name, test(frame, ctx) -> passes) ----------------------
FrameRule = tuple[str, str, Callable[[pd.DataFrame, Context], pd.Series]]


def _is_live(df: pd.DataFrame) -> pd.Series:
    return df["stage"] == "live"


def _known_stage_not_live(df: pd.DataFrame) -> pd.Series:
    return is_in(df["stage"], STAGES) & ~_is_live(df)


def _special(df: pd.DataFrame) -> pd.Series:
    return df["special_support"] == "true"


FRAME_ERRORS: list[FrameRule] = [
    ("go_live_date", "go_live_date_required_when_live", lambda d, c: ~(_is_live(d) & _blank(d["go_live_date"]))),
    (
        "go_live_date",
        "go_live_date_after_as_of",
        lambda d, c: ~(parse_dates(d["go_live_date"]) > parse_dates(d["as_of"])),
    ),
    (
        "go_live_date",
        "go_live_date_only_when_live",
        lambda d, c: ~(_known_stage_not_live(d) & ~_blank(d["go_live_date"])),
    ),
    (
        "target_date",
        "target_date_required_while_under_way",
        lambda d, c: ~(is_in(d["stage"], UNDER_WAY) & _blank(d["target_date"])),
    ),
    (
        "gov_cloud",
        "gov_cloud_running_requires_live",
        lambda d, c: ~((d["gov_cloud"] == "running") & _known_stage_not_live(d)),
    ),
    (
        "special_support_reason",
        "special_support_reason_required",
        lambda d, c: ~(_special(d) & _blank(d["special_support_reason"])),
    ),
    (
        "special_support_reason",
        "special_support_reason_without_flag",
        lambda d, c: ~((d["special_support"] == "false") & ~_blank(d["special_support_reason"])),
    ),
    ("business_id", "pair_duplicated", lambda d, c: ~d.duplicated(["municipality_code", "business_id"], keep="first")),
]


def _stage_moved_backwards(d: pd.DataFrame, c: Context) -> pd.Series:
    if c.previous_stage.empty:
        return pd.Series(True, index=d.index)
    # one join of the rows' pairs with the stored ones (a left join keeps the rows' order)
    joined = d[PAIR].merge(c.previous_stage[[*PAIR, "stage"]], how="left", on=PAIR)["stage"]
    before = pd.Series(joined.to_numpy(), index=d.index, dtype=d["stage"].dtype)
    old = each_distinct(before, lambda stages: stages.map(STAGE_ORDER))
    new = each_distinct(d["stage"], lambda stages: stages.map(STAGE_ORDER))
    # not_applicable is no step on the way: moving to or from it is a scope change, not a regression
    comparable = old.notna() & new.notna() & (before != "not_applicable") & (d["stage"] != "not_applicable")
    return ~(comparable & (new < old))


def _live_before_resident_registry(d: pd.DataFrame, c: Context) -> pd.Series:
    registry_rows = d[d["business_id"] == RESIDENT_REGISTRY]
    live_here = set(registry_rows.loc[_is_live(registry_rows), "municipality_code"].unique().tolist())
    reported_here = set(registry_rows["municipality_code"].unique().tolist())
    stored_live = set(c.registry_live) - reported_here
    registry_is_live = is_in(d["municipality_code"], live_here | stored_live)
    return ~(_is_live(d) & (d["business_id"] != RESIDENT_REGISTRY) & ~registry_is_live)


FRAME_WARNINGS: list[FrameRule] = [
    ("stage", "stage_moved_backwards", _stage_moved_backwards),
    (
        "target_date",
        "target_date_passed_not_live",
        lambda d, c: ~(is_in(d["stage"], UNDER_WAY) & (parse_dates(d["target_date"]) < parse_dates(d["as_of"]))),
    ),
    ("stage", "live_before_resident_registry", _live_before_resident_registry),
    (
        "target_date",
        "target_after_deadline_without_special_support",
        lambda d, c: ~((parse_dates(d["target_date"]) > _ts(c.deadline)) & ~_special(d) & is_in(d["stage"], UNDER_WAY)),
    ),
    (
        "target_date",
        "special_support_target_after_horizon",
        lambda d, c: (
            ~(
                (parse_dates(d["target_date"]) > _ts(c.special_support_horizon))
                & _special(d)
                & is_in(d["stage"], UNDER_WAY)
            )
        ),
    ),
    (
        "pmo_progress",
        "pmo_progress_inconsistent",
        lambda d, c: (
            ~(
                ((parse_numbers(d["pmo_progress"]) == 100) & _known_stage_not_live(d))
                | ((parse_numbers(d["pmo_progress"]) < 50) & _is_live(d))
            )
        ),
    ),
]

RULE_COLUMNS: dict[str, str] = {name: col for col, name, _ in COLUMN_ERRORS + FRAME_ERRORS + FRAME_WARNINGS}
WARNING_CODES: frozenset[str] = frozenset(name for _, name, _ in FRAME_WARNINGS)


def descriptions() -> dict[str, str]:
    """Each column's description, from the registry (schemas.fields): the pandera schema's columns."""
    return {f.name: f.description for f in FIELDS}


DESCRIPTIONS: dict[str, str] = descriptions()


def _column_check(name: str, test: Callable, ctx: Context) -> pa.Check:
    return pa.Check(lambda s: test(s, ctx), name=name, error=name)


def _frame_check(name: str, test: Callable, ctx: Context, warning: bool) -> pa.Check:
    return pa.Check(lambda d: test(d, ctx), name=name, error=name, raise_warning=warning)


def status_report_schema(ctx: Context, *, include_warnings: bool = True) -> pa.DataFrameSchema:
    """The StatusReport model for one submission's context."""
    columns = {
        col: pa.Column(
            checks=[_column_check(name, test, ctx) for c, name, test in COLUMN_ERRORS if c == col],
            description=description,
            nullable=False,
        )
        for col, description in descriptions().items()
    }
    checks = [_frame_check(name, test, ctx, False) for _, name, test in FRAME_ERRORS]
    if include_warnings:
        checks += [_frame_check(name, test, ctx, True) for _, name, test in FRAME_WARNINGS]
    return pa.DataFrameSchema(columns, checks=checks, name="StatusReport", strict=False, coerce=False)
