"""Every rule of the status report: one bad example each, with its exact code, row and column."""

from __future__ import annotations

import pytest

from etl import read, validate
from tests.support.codes import CHUO
from tests.support.factories import TODAY, context, csv_bytes, under_way_row, valid_row


def findings_for(rows: list[dict], **ctx) -> list[tuple]:
    result = read.read(csv_bytes(rows), "report.csv")
    found = validate.check(result, context(**ctx))
    return [(f.row, f.column, f.code, f.severity) for f in found.itertuples()]


def test_valid_rows_have_no_findings():
    assert findings_for([valid_row(), under_way_row()]) == []


ERRORS = [
    # (overrides of row 2, code, column)
    ({"municipality_code": "131017"}, "municipality_code_invalid", "municipality_code"),
    ({"municipality_code": "13101"}, "municipality_code_invalid", "municipality_code"),
    ({"municipality_code": "271004"}, "municipality_code_unknown", "municipality_code"),
    ({"business_id": "tax_of_everything"}, "business_unknown", "business_id"),
    ({"as_of": "2026-02-30"}, "as_of_invalid_date", "as_of"),
    ({"as_of": ""}, "as_of_invalid_date", "as_of"),
    ({"as_of": "2026-11-27"}, "as_of_in_future", "as_of"),
    ({"as_of": "2021-08-31"}, "as_of_before_start", "as_of"),
    ({"stage": "almost_done"}, "stage_unknown", "stage"),
    ({"target_date": "next spring"}, "target_date_invalid_date", "target_date"),
    ({"go_live_date": "2026-13-01"}, "go_live_date_invalid_date", "go_live_date"),
    ({"gov_cloud": "maybe"}, "gov_cloud_unknown", "gov_cloud"),
    ({"special_support": "perhaps"}, "special_support_invalid", "special_support"),
    (
        {"special_support": "true", "special_support_reason": "5"},
        "special_support_reason_invalid",
        "special_support_reason",
    ),
    ({"pmo_progress": "101"}, "pmo_progress_out_of_range", "pmo_progress"),
    ({"pmo_progress": "much"}, "pmo_progress_out_of_range", "pmo_progress"),
    ({"vendor": "x" * 101}, "vendor_too_long", "vendor"),
    ({"notes": "x" * 1001}, "notes_too_long", "notes"),
    ({"go_live_date": ""}, "go_live_date_required_when_live", "go_live_date"),
    ({"go_live_date": "2026-11-02"}, "go_live_date_after_as_of", "go_live_date"),
    (
        {"stage": "migration", "gov_cloud": "preparing", "pmo_progress": "60"},
        "go_live_date_only_when_live",
        "go_live_date",
    ),
    (
        {"stage": "planning", "target_date": "", "go_live_date": "", "gov_cloud": "planned", "pmo_progress": ""},
        "target_date_required_while_under_way",
        "target_date",
    ),
    ({"stage": "migration", "go_live_date": "", "pmo_progress": "60"}, "gov_cloud_running_requires_live", "gov_cloud"),
    ({"special_support": "true"}, "special_support_reason_required", "special_support_reason"),
    ({"special_support_reason": "2"}, "special_support_reason_without_flag", "special_support_reason"),
    ({"business_id": "fixed_asset_tax"}, "pair_duplicated", "business_id"),
]


@pytest.mark.parametrize(("overrides", "code", "column"), ERRORS, ids=[c for _, c, _ in ERRORS])
def test_each_error_rule_names_row_and_column(overrides, code, column):
    base = under_way_row() if code == "pair_duplicated" else valid_row(business_id="family_register_supplement")
    rows = [under_way_row(), {**base, **{k: str(v) for k, v in overrides.items()}}]
    found = findings_for(rows)
    assert (2, column, code, "error") in found
    assert all(row == 2 for row, *_ in found), found


def test_submitter_may_only_report_its_own_rows():
    rows = [valid_row(), valid_row(municipality_code=CHUO, business_id="resident_registry")]
    assert findings_for(rows, submitter_code="131016") == [(2, "municipality_code", "municipality_not_own", "error")]


WARNINGS = [
    (
        {
            "stage": "migration",
            "target_date": "2026-10-31",
            "go_live_date": "",
            "gov_cloud": "preparing",
            "pmo_progress": "80",
        },
        {},
        "target_date_passed_not_live",
        "target_date",
    ),
    (
        {
            "stage": "migration",
            "target_date": "2027-03-31",
            "go_live_date": "",
            "gov_cloud": "preparing",
            "pmo_progress": "80",
        },
        {},
        "target_after_deadline_without_special_support",
        "target_date",
    ),
    ({"pmo_progress": "40"}, {}, "pmo_progress_inconsistent", "pmo_progress"),
    (
        {"stage": "migration", "go_live_date": "", "gov_cloud": "preparing", "pmo_progress": "100"},
        {},
        "pmo_progress_inconsistent",
        "pmo_progress",
    ),
    (
        {"stage": "planning", "go_live_date": "", "gov_cloud": "planned", "pmo_progress": "20"},
        {"previous_stage": {("131016", "family_register_supplement"): "procurement"}},
        "stage_moved_backwards",
        "stage",
    ),
    (
        {
            "stage": "migration",
            "target_date": "2031-04-30",
            "go_live_date": "",
            "gov_cloud": "preparing",
            "pmo_progress": "30",
            "special_support": "true",
            "special_support_reason": "1",
        },
        {},
        "special_support_target_after_horizon",
        "target_date",
    ),
]


def test_a_special_support_date_up_to_five_years_after_the_deadline_is_fine():
    row = under_way_row("family_register_supplement", target_date="2031-03-31", pmo_progress="30")
    assert findings_for([valid_row(), row]) == []


def test_the_horizon_warning_speaks_both_languages_with_its_date():
    from etl.findings import message

    ja, en = message("special_support_target_after_horizon", "2031-04-30", "target_date")
    assert "2031/03/31" in ja and "2031-04-30" in ja
    assert "2031/03/31" in en and "new target date '2031-04-30'" in en


@pytest.mark.parametrize(("overrides", "ctx", "code", "column"), WARNINGS, ids=[w[2] for w in WARNINGS])
def test_each_warning_rule_names_row_and_column(overrides, ctx, code, column):
    rows = [valid_row(), valid_row(business_id="family_register_supplement", **overrides)]
    found = findings_for(rows, **ctx)
    assert (2, column, code, "warning") in found
    assert not [f for f in found if f[3] == "error"]


def test_live_before_resident_registry_is_a_warning():
    registry = under_way_row("resident_registry")
    rows = [registry, valid_row(business_id="seal_registration")]
    assert (2, "stage", "live_before_resident_registry", "warning") in findings_for(rows)
    # the registry live in the stored history clears it
    assert findings_for([valid_row(business_id="seal_registration")], registry_live={"131016"}) == []


def test_not_applicable_needs_no_dates():
    row = valid_row(
        business_id="public_assistance",
        stage="not_applicable",
        target_date="",
        go_live_date="",
        gov_cloud="not_planned",
        pmo_progress="",
    )
    assert findings_for([row]) == []


def test_future_means_tokyo_today():
    assert findings_for([valid_row(as_of=TODAY.isoformat())]) == []


def test_findings_carry_messages_in_both_languages():
    result = read.read(csv_bytes([valid_row(stage="almost_done")]), "r.csv")
    found = validate.check(result, context())
    first = found.iloc[0]
    assert "almost_done" in first["message_ja"] and "almost_done" in first["message_en"]
    assert first["message_ja"] != first["message_en"]
    assert first["value"] == "almost_done"
