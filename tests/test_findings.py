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


def _finding(rows: list[dict], code: str) -> dict:
    from etl import read, validate
    from tests.support.factories import context, csv_bytes

    found = validate.check(read.read(csv_bytes(rows), "x.csv"), context())
    return found[found["code"] == code].iloc[0].to_dict()


def test_messages_name_the_values_and_the_fix():
    from tests.support.factories import TODAY, under_way_row

    # a go-live date after the row's 基準日: both days, and what to change
    as_of = TODAY.isoformat()
    row = under_way_row(stage="live", go_live_date="2099-12-20", as_of=as_of, target_date="")
    hit = _finding([row], "go_live_date_after_as_of")
    assert "2099-12-20" in hit["message_ja"] and f"基準日「{as_of}」" in hit["message_ja"]
    assert "以前に直す" in hit["message_ja"]
    assert f"'{as_of}' or earlier" in hit["message_en"]
    # a word outside a vocabulary column: the allowed values and the column to change
    hit = _finding([under_way_row(stage="稼動済み")], "stage_unknown")
    assert "「稼動済み」" in hit["message_ja"] and "進捗段階の列" in hit["message_ja"]
    assert all(label in hit["message_ja"] for label in ("未着手", "計画立案", "標準準拠システム稼働", "対象外"))
    assert "Not started" in hit["message_en"] and "stage column" in hit["message_en"]
    hit = _finding([under_way_row(gov_cloud="たぶん")], "gov_cloud_unknown")
    assert "利用予定なし" in hit["message_ja"] and "ガバメントクラウドの列" in hit["message_ja"]


@pytest.mark.parametrize(
    "code",
    [
        "municipality_code_invalid",
        "municipality_code_unknown",
        "business_unknown",
        "as_of_invalid_date",
        "as_of_in_future",
        "as_of_before_start",
        "stage_unknown",
        "target_date_invalid_date",
        "go_live_date_invalid_date",
        "gov_cloud_unknown",
        "special_support_invalid",
        "special_support_reason_invalid",
        "pmo_progress_out_of_range",
        "vendor_too_long",
        "notes_too_long",
        "go_live_date_required_when_live",
        "go_live_date_after_as_of",
        "go_live_date_only_when_live",
        "target_date_required_while_under_way",
        "gov_cloud_running_requires_live",
        "special_support_reason_required",
        "special_support_reason_without_flag",
        "pair_duplicated",
    ],
)
def test_every_row_error_says_what_to_change(code):
    ja, en = fnd.message(code, "x", "stage", "2026-11-01")
    assert any(fix in ja for fix in ("してください", "直して", "入力して", "削除して")), ja
    assert ": " in en, en  # what is wrong: what to do
    assert "{" not in ja + en
