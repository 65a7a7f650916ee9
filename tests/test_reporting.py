"""dashboard.reporting: prefill, the form's frame, the dry run's diff and marks, coverage and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard.reporting import access, admin, dry_run, form, tables
from etl import clock, ingest, store
from etl.prefill import DEFAULT_STAGE
from tests.support.codes import CHIYODA, CHUO, RR
from tests.support.factories import form_rows

TODAY = clock.today()


def rows(stage: str = "procurement", **overrides) -> list[dict]:
    return form_rows(stage, **overrides)


def accept(code: str, as_of: date, stage: str = "procurement", **overrides) -> int:
    raw = form.form_bytes(form.form_frame(code, as_of, rows(stage, **overrides)))
    outcome = ingest.ingest_bytes(raw, filename="form.json", source="form", submitter="t", submitter_code=code)
    assert outcome.receipt.outcome == "accepted", outcome.findings
    return outcome.receipt.submission_id


def test_prefill_gives_twenty_defaults_when_never_reported(tmp_db):
    with store.connect(read_only=True) as con:
        frame = form.prefill(con, CHIYODA)
    assert len(frame) == 20 and frame.iloc[0]["business_id"] == "resident_registry"
    assert set(frame["stage"]) == {DEFAULT_STAGE} and not frame["reported"].any()
    assert form.last_as_of(frame) is None


def test_prefill_holds_the_latest_accepted_status_and_notes(tmp_db):
    accept(CHIYODA, TODAY - timedelta(days=9), resident_registry={"notes": "メモ", "pmo_progress": 40})
    with store.connect(read_only=True) as con:
        frame = form.prefill(con, CHIYODA)
    first = frame.iloc[0]
    assert (first["stage"], first["notes"], first["pmo_progress"], first["special_support_reason"]) == (
        "procurement",
        "メモ",
        40.0,
        4,
    )
    assert form.last_as_of(frame) == TODAY - timedelta(days=9)


def test_form_frame_writes_canonical_text():
    frame = form.form_frame(
        CHIYODA,
        date(2026, 11, 1),
        [
            {
                "business_id": "resident_registry",
                "stage": "live",
                "target_date": None,
                "go_live_date": date(2026, 1, 5),
                "gov_cloud": "running",
                "special_support": False,
                "special_support_reason": None,
                "pmo_progress": 100.0,
                "vendor": " A社 ",
                "notes": None,
            }
        ],
    )
    assert frame.iloc[0].to_dict() == {
        "municipality_code": CHIYODA,
        "business_id": "resident_registry",
        "as_of": "2026-11-01",
        "stage": "live",
        "target_date": "",
        "go_live_date": "2026-01-05",
        "gov_cloud": "running",
        "special_support": "false",
        "special_support_reason": "",
        "pmo_progress": "100",
        "vendor": "A社",
        "notes": "",
    }


def test_the_preview_of_an_unchanged_report_shows_no_change_and_stores_nothing(tmp_db):
    accept(CHIYODA, TODAY - timedelta(days=9))
    raw = form.form_bytes(form.form_frame(CHIYODA, TODAY, rows()))
    preview = dry_run.preview(raw, filename="form.json", source="form", code=CHIYODA)
    assert (preview.n_errors, preview.n_warnings, len(preview.changes)) == (0, 0, 0)
    assert preview.previous_as_of == TODAY - timedelta(days=9)
    with store.connect(read_only=True) as con:
        assert con.execute("select count(*) from submissions").fetchone()[0] == 1


def test_no_change_reconfirms_a_mix_of_special_support_and_plain_systems(tmp_db):
    # one system keeps its special-support reason, the others have none: in the prefilled frame that
    # column mixes numbers with missing values (NaN), which must come out as empty cells
    plain = {"special_support": False, "special_support_reason": None, "target_date": TODAY + timedelta(days=30)}
    overrides = {b: plain for b in form.businesses()["business_id"] if b != "resident_registry"}
    accept(CHIYODA, TODAY - timedelta(days=9), **overrides)
    with store.connect(read_only=True) as con:
        prefilled = form.prefill(con, CHIYODA)
    frame = form.no_change_frame(CHIYODA, prefilled, TODAY)
    reasons = dict(zip(frame["business_id"], frame["special_support_reason"], strict=True))
    assert reasons.pop("resident_registry") == "4" and set(reasons.values()) == {""}
    preview = dry_run.preview(form.form_bytes(frame), filename="form.json", source="form", code=CHIYODA)
    assert (preview.n_errors, len(preview.changes)) == (0, 0)


@pytest.mark.parametrize(
    ("change", "column", "before", "after"),
    [
        ({"stage": "migration"}, "stage", "procurement", "migration"),
        ({"notes": "新しいメモ"}, "notes", "", "新しいメモ"),
        ({"pmo_progress": 55}, "pmo_progress", "", "55"),
        (
            {"special_support": False, "special_support_reason": None, "target_date": date(2026, 3, 1)},
            "special_support",
            "true",
            "false",
        ),
    ],
)
def test_the_diff_names_row_business_column_before_and_after(tmp_db, change, column, before, after):
    accept(CHIYODA, TODAY - timedelta(days=9))
    raw = form.form_bytes(form.form_frame(CHIYODA, TODAY, rows(certificate=change, family_register_supplement=change)))
    preview = dry_run.preview(raw, filename="form.json", source="form", code=CHIYODA)
    hit = preview.changes[preview.changes["column"] == column].iloc[0]
    assert (hit["row"], hit["business_id"], hit["before"], hit["after"]) == (
        2,
        "family_register_supplement",
        before,
        after,
    )


def test_findings_are_marked_on_their_cells_and_shown_in_the_language(tmp_db):
    frame = form.form_frame(CHIYODA, TODAY, rows(resident_registry={"stage": "live"}))
    preview = dry_run.preview(form.form_bytes(frame), filename="form.json", source="form", code=CHIYODA)
    marks = tables.cell_marks(preview, "ja")
    assert marks.loc[1, "稼働日"] == tables.ERROR_FILL
    assert marks.loc[2, "稼働日"] == ""
    table = tables.findings_table(preview.findings, "en", with_code=True)  # the CIO office's view
    hit = table[table["Code"] == "go_live_date_required_when_live"].iloc[0]
    assert (hit["Row"], hit["Column"], hit["Severity"]) == (1, "Go-live date", "Error")
    assert "Code" not in tables.findings_table(preview.findings, "en").columns  # the municipality's
    shown = tables.cells_view(preview, "ja", localise=True)
    assert shown.loc[1, "進捗段階"] == "標準準拠システム稼働" and shown.loc[1, "業務"] == "住民基本台帳"


def test_coverage_puts_the_never_reported_first_then_the_longest_silent(tmp_db):
    accept(CHIYODA, TODAY - timedelta(days=3))
    accept(CHUO, TODAY - timedelta(days=3))
    with store.connect() as con:  # Chuo's report arrived 40 days ago
        con.execute(
            "update submissions set received_at = received_at - interval 40 day where submitter_code = ?", [CHUO]
        )
        frame = admin.coverage(con, TODAY)  # the recent_report_days window: 30
    assert frame["never"].iloc[:60].all()
    assert frame.iloc[60][["code", "days_since", "late"]].tolist() == [CHUO, 40, True]
    assert frame.iloc[61][["code", "days_since", "late"]].tolist() == [CHIYODA, 0, False]
    table = admin.coverage_table(frame, "ja")
    assert table["状況"].iloc[0] == "未報告" and table["状況"].iloc[60] == "報告が途絶"


def test_the_audit_trail_says_who_changed_what_from_which_source(tmp_db):
    accept(CHIYODA, TODAY - timedelta(days=20))
    accept(CHIYODA, TODAY - timedelta(days=10), resident_registry={"stage": "migration"})
    with store.connect(read_only=True) as con:
        trail = admin.audit_trail(con, CHIYODA, "resident_registry")
        everything = admin.audit_trail(con, CHIYODA)
    table = admin.audit_table(trail, "en")
    assert table["Changes"].tolist() == [
        "Stage: Vendor selection → Migration / testing",
        "First report: Vendor selection",
    ]
    assert set(table["Source"]) == {"Form"} and set(table["Submitter"]) == {"t"}
    assert len(admin.audit_table(everything, "ja")) == 21  # 20 first reports and one change
    assert len(admin.audit_table(everything, "ja", only_changes=False)) == 40


def test_raw_files_come_back_byte_for_byte(tmp_db):
    raw = b"\xef\xbb\xbf\xe5\x9b\xa3\xe4\xbd\x93\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89\n131016\n"
    outcome = ingest.ingest_bytes(raw, filename="/tmp/x/bad.csv", source="csv", submitter="t", submitter_code=CHIYODA)
    assert outcome.receipt.outcome == "rejected"
    with store.connect(read_only=True) as con:
        kept = access.raw_file(con, outcome.receipt.submission_id)
        assert access.raw_file(con, 999) is None
    assert kept.data == raw and kept.filename == f"{outcome.receipt.submission_id}_bad.csv"


def test_value_labels_read_like_the_template():
    assert tables.value_label("stage", "fit_gap", "ja") == "現行調査・Fit&Gap分析"
    assert tables.value_label("special_support", "true", "en") == "yes"
    assert tables.value_label("special_support_reason", 1.0, "ja") == "1 メインフレーム"
    assert tables.value_label("target_date", pd.NaT, "ja") == "—"


def test_a_changed_day_reads_as_the_screen_writes_days():
    # the change table and the audit trail show a day as every screen does (YYYY/MM/DD); a vendor that
    # looks like a day is a vendor's text, left as typed
    assert tables.value_label("go_live_date", "2026-12-08", "ja") == "2026/12/08"
    assert tables.value_label("target_date", pd.Timestamp("2027-03-31"), "en") == "2027/03/31"
    assert tables.value_label("vendor", "2026-12-08", "ja") == "2026-12-08"
    changes = pd.DataFrame(
        {
            "row": [1, 1],
            "business_id": [RR, RR],
            "column": ["stage", "go_live_date"],
            "before": ["migration", None],
            "after": ["live", "2026-12-08"],
        }
    )
    shown = tables.changes_table(changes, "ja")
    assert shown["今回"].tolist() == ["標準準拠システム稼働", "2026/12/08"]
    assert shown["前回（受付済み）"].tolist()[1] == "—"


def test_findings_put_errors_first_at_the_file_row_with_the_business(tmp_db):
    accept(CHIYODA, TODAY - timedelta(days=3))
    frame = form.form_frame(
        CHIYODA,
        TODAY,
        rows(
            resident_registry={"stage": "planning"},  # backwards: a warning on the first row
            seal_registration={"stage": "live"},  # no go-live date: an error on the third row
        ),
    )
    raw = frame.to_csv(index=False).encode("utf-8")
    preview = dry_run.preview(raw, filename="c.csv", source="csv", code=CHIYODA)
    table = tables.findings_table(preview.findings, "ja", preview.places)
    seal = form.business_name("seal_registration", "ja")
    registry = form.business_name("resident_registry", "ja")
    # the CSV's lines (the header is line 1): the error on line 4 comes before the warning on line 2
    assert table.iloc[0][["行", "業務", "列", "種別"]].tolist() == [4, seal, "稼働日", "エラー"]
    assert (2, registry, "警告") in set(zip(table["行"], table["業務"], table["種別"], strict=True))
    kinds = table["種別"].tolist()
    assert kinds == sorted(kinds, key=lambda k: k != "エラー")  # every error before every warning
    assert "見出しが 1 行目" in tables.rows_note(preview.places, "ja")
    # the two changed rows' findings are new; the 18 untouched rows stand
    assert preview.standing == frozenset(range(1, 21)) - {1, 3}


def test_a_rejected_submission_is_superseded_by_a_later_accepted_one(tmp_db):
    bad = form.form_frame(CHUO, TODAY, rows(resident_registry={"stage": "live"}))
    rejected = ingest.ingest_bytes(form.form_bytes(bad), source="form", submitter_code=CHUO)
    assert rejected.receipt.outcome == "rejected"
    with store.connect(read_only=True) as con:
        assert admin.rejected_table(admin.rejected(con), "en").iloc[0]["Since"].startswith("open")
    later = accept(CHUO, TODAY)
    with store.connect(read_only=True) as con:
        table = admin.rejected_table(admin.rejected(con), "ja")
    assert table.iloc[0]["その後"] == f"#{later} の受付で解消"


def test_the_admin_finds_a_municipalitys_reports_in_multi_municipality_files(tmp_db):
    both = pd.concat(
        [
            form.form_frame(CHIYODA, TODAY, rows()),
            form.form_frame(CHUO, TODAY, rows()),
        ]
    )
    outcome = ingest.ingest_bytes(both.to_csv(index=False).encode(), filename="all.csv", submitter="CIO")
    assert outcome.receipt.outcome == "accepted"
    with store.connect(read_only=True) as con:
        assert access.history(con, CHUO).empty  # not the municipality's own submission
        found = admin.admin_history(con, CHUO)
    assert found["id"].tolist() == [outcome.receipt.submission_id]
