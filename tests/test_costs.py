"""The cost report (運用経費): every rule with a hand-built file (CSV, JSON, the template's second
sheet), the figures counted by hand on a small fixture, the export's privacy rule."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import cost_queries
from dashboard.shape import costs as cost_shape
from etl import clock, database, store
from etl.costs import export as cost_export
from etl.costs import ingest as cost_ingest
from etl.costs import joint
from etl.template import build_template
from schemas.cost_report import fiscal_year_of
from schemas.vocabulary.costs import COST_SHEET
from tests.support.codes import BUNKYO, CHIYODA, CHUO, MINATO, RR, SHINJUKU, TAITO, TAX

NOW = fiscal_year_of(clock.today())  # the fiscal year today is in
HEADER = "団体コード,業務,年度,区分,システム運用作業,ハードウェア借料,クラウド利用経費（円）,共同調達による負担分（円）,契約満了日,ベンダ,備考\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def ingest(raw: bytes, db: Path, name: str = "costs.csv", code: str | None = None) -> cost_ingest.Outcome:
    return cost_ingest.ingest_bytes(raw, filename=name, db=db, submitter="test", submitter_code=code)


def found(outcome: cost_ingest.Outcome) -> set[tuple[int | None, str | None, str, str]]:
    f = outcome.findings
    return {
        (None if pd.isna(r) else int(r), c if isinstance(c, str) else None, code, sev)
        for r, c, code, sev in zip(f["row"], f["column"], f["code"], f["severity"], strict=True)
    }


CLEAN = [
    f"{CHIYODA},住民基本台帳,2018,決算,1000000,2000000,0,,2027-03-31,A社,",
    f"{CHIYODA},住民基本台帳,{NOW - 1},決算,1200000,500000,3000000,,2027-03-31,A社,",
]


def test_a_clean_file_is_accepted_and_its_rows_and_bytes_kept(tmp_db):
    raw = csv(*CLEAN)
    outcome = ingest(raw, tmp_db)
    assert outcome.receipt.outcome == "accepted", outcome.findings.to_string()
    assert outcome.findings.empty
    with store.connect(tmp_db, read_only=True) as con:
        kept = con.execute("select raw, outcome, n_rows from cost_submissions").fetchall()
        rows = con.execute(
            "select fiscal_year, kind, ops_work, hw_rental, cloud, sw_maint from cost_reports order by 1"
        ).fetchall()
    assert kept == [(raw, "accepted", 2)]
    assert rows == [(2018, "actual", 1_000_000, 2_000_000, 0, 0), (NOW - 1, "actual", 1_200_000, 500_000, 3_000_000, 0)]
    again = ingest(raw, tmp_db)  # the same bytes: acknowledged, not applied twice
    assert again.receipt.outcome == "duplicate"
    with store.connect(tmp_db, read_only=True) as con:
        assert store.scalar(con, "select count(*) from cost_reports") == 2


@pytest.mark.parametrize(
    ("line", "row", "column", "code"),
    [
        ("131017,住民基本台帳,2018,決算,1,1,0,,,,", 1, "municipality_code", "municipality_code_invalid"),
        ("271004,住民基本台帳,2018,決算,1,1,0,,,,", 1, "municipality_code", "municipality_code_unknown"),
        (f"{CHIYODA},図書館,2018,決算,1,1,0,,,,", 1, "business_id", "business_unknown"),
        (f"{CHIYODA},住民基本台帳,二〇一八,決算,1,1,0,,,,", 1, "fiscal_year", "cost_fiscal_year_invalid"),
        (f"{CHIYODA},住民基本台帳,2020,決算,1,1,0,,,,", 1, "fiscal_year", "cost_fiscal_year_out_of_range"),
        (f"{CHIYODA},住民基本台帳,{NOW + 6},予算,1,1,0,,,,", 1, "fiscal_year", "cost_fiscal_year_out_of_range"),
        (f"{CHIYODA},住民基本台帳,2018,補正,1,1,0,,,,", 1, "kind", "cost_kind_unknown"),
        (f"{CHIYODA},住民基本台帳,2018,決算,-5,1,0,,,,", 1, "ops_work", "cost_yen_negative"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,1.5,0,,,,", 1, "hw_rental", "cost_yen_not_integer"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,約100万,0,,,,", 1, "hw_rental", "cost_yen_not_integer"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,1,9999999999999,,,,", 1, "cloud", "cost_yen_too_large"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,1,0,-1,,,", 1, "shared_cost_share", "cost_yen_negative"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,1,0,5,,,", 1, "shared_cost_share", "cost_shared_beyond_total"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,1,0,,2027/13/40,,", 1, "contract_end", "cost_contract_end_invalid_date"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,1,0,,,{'x' * 101},", 1, "vendor", "cost_text_too_long"),
        (f"{CHIYODA},住民基本台帳,2018,決算,1,1,0,,,,{'x' * 1001}", 1, "note", "cost_note_too_long"),
        (f"{CHIYODA},住民基本台帳,{NOW + 1},決算,1,1,0,,,,", 1, "fiscal_year", "cost_actual_in_future"),
    ],
)
def test_each_error_rejects_the_file_at_its_row_and_column(tmp_db, line, row, column, code):
    outcome = ingest(csv(f"{CHUO},住民基本台帳,2018,決算,1,1,0,,,,", line), tmp_db)
    assert outcome.receipt.outcome == "rejected"
    assert (row + 1, column, code, "error") in found(outcome), outcome.findings.to_string()
    f = outcome.findings[outcome.findings["code"] == code].iloc[0]
    assert f["message_ja"] and f["message_en"] and f["message_ja"] != f["message_en"]
    with store.connect(tmp_db, read_only=True) as con:  # kept with its bytes, nothing applied
        assert store.scalar(con, "select count(*) from cost_reports") == 0
        assert store.scalar(con, "select count(*) from cost_findings where code = ?", [code]) >= 1
        assert store.scalar(con, "select octet_length(raw) from cost_submissions") > 0


def test_rows_appended_while_checked_are_taken_back_when_the_checks_refuse_the_file(tmp_db):
    # every cell storable (so the rows go in while the checks run), one rule broken: nothing stays, the
    # numbers run on without a gap, and the same rows without the fault are then accepted
    faulty = csv(*CLEAN, f"{CHIYODA},住民基本台帳,{NOW + 1},決算,1,1,0,,,,")
    first = ingest(faulty, tmp_db)
    assert first.receipt.outcome == "rejected"
    assert (3, "fiscal_year", "cost_actual_in_future", "error") in found(first)
    again = ingest(faulty, tmp_db)  # the same bytes again: rejected again, not a duplicate
    assert again.receipt.outcome == "rejected" and again.receipt.duplicate_of is None
    clean = ingest(csv(*CLEAN), tmp_db)
    assert clean.receipt.outcome == "accepted"
    assert [first.receipt.submission_id, again.receipt.submission_id, clean.receipt.submission_id] == [1, 2, 3]
    with store.connect(tmp_db, read_only=True) as con:
        kept = con.execute("select submission_id, count(*) from cost_reports group by 1").fetchall()
        outcomes = con.execute("select id, outcome, octet_length(raw) > 0 from cost_submissions order by id").fetchall()
    assert kept == [(3, 2)]
    assert outcomes == [(1, "rejected", True), (2, "rejected", True), (3, "accepted", True)]


def test_a_row_for_another_municipality_is_refused_to_a_municipality(tmp_db):
    outcome = ingest(csv(*CLEAN, f"{CHUO},住民基本台帳,2018,決算,1,1,0,,,,"), tmp_db, code=CHIYODA)
    assert (3, "municipality_code", "municipality_not_own", "error") in found(outcome)


def test_the_same_row_twice_is_an_error(tmp_db):
    outcome = ingest(csv(CLEAN[0], CLEAN[0].replace("1000000", "7")), tmp_db)
    assert (2, "kind", "cost_row_duplicated", "error") in found(outcome)


def test_a_future_year_is_fine_as_a_budget_and_an_estimate(tmp_db):
    outcome = ingest(
        csv(
            *CLEAN,
            f"{CHIYODA},住民基本台帳,{NOW + 1},予算,1,1,0,,,,",
            f"{CHIYODA},住民基本台帳,{NOW + 2},見込み,1,1,0,,,,",
        ),
        tmp_db,
    )
    assert outcome.receipt.outcome == "accepted", outcome.findings.to_string()


def test_years_and_yen_are_read_as_people_write_them(tmp_db):
    outcome = ingest(
        csv(
            f'{CHIYODA},住民基本台帳,平成30年度,決算,"1,000,000",¥2000000,0円,,2027/3/31,A社,',
            f"{CHIYODA},住民基本台帳,令和6年度,actual,1000000,2000000,0,,,,",
            f"{CHIYODA},住民基本台帳,FY2025,Budget,1000000,2000000,0,,,,",
        ),
        tmp_db,
    )
    assert outcome.receipt.outcome == "accepted", outcome.findings.to_string()
    with store.connect(tmp_db, read_only=True) as con:
        rows = con.execute("select fiscal_year, kind, ops_work, hw_rental from cost_reports order by 1").fetchall()
    assert rows == [
        (2018, "actual", 1_000_000, 2_000_000),
        (2024, "actual", 1_000_000, 2_000_000),
        (2025, "budget", 1_000_000, 2_000_000),
    ]


def test_warning_fy2018_missing_once_per_pair(tmp_db):
    outcome = ingest(
        csv(
            f"{CHIYODA},住民基本台帳,{NOW - 1},決算,1,1,0,,,,",
            f"{CHIYODA},住民基本台帳,{NOW},予算,1,1,0,,,,",
            *[CLEAN[0].replace("住民基本台帳", "個人住民税")],
        ),
        tmp_db,
    )
    assert outcome.receipt.outcome == "accepted"
    assert {x for x in found(outcome) if x[2] == "cost_baseline_missing"} == {
        (1, "fiscal_year", "cost_baseline_missing", "warning")
    }
    # once FY2018 is stored, a later year alone is no longer warned about
    assert ingest(csv(CLEAN[0]), tmp_db, "base.csv").receipt.outcome == "accepted"
    later = ingest(csv(f"{CHIYODA},住民基本台帳,{NOW},決算,2,1,0,,,,"), tmp_db, "later.csv")
    assert "cost_baseline_missing" not in set(later.findings["code"])


def test_warning_a_category_beyond_ten_times_the_municipality_median(tmp_db):
    # three years of hardware rental near 1,000,000 and one typed in yen where the others are... 100x
    outcome = ingest(
        csv(
            f"{CHIYODA},住民基本台帳,2018,決算,100,1000000,0,,,,",
            f"{CHIYODA},住民基本台帳,2024,決算,100,1100000,0,,,,",
            f"{CHIYODA},住民基本台帳,2025,決算,100,110000000,0,,,,",
            f"{CHIYODA},住民基本台帳,{NOW},予算,100,900000,0,,,,",
        ),
        tmp_db,
    )
    assert outcome.receipt.outcome == "accepted"
    assert {x for x in found(outcome) if x[2] == "cost_above_median"} == {
        (3, "hw_rental", "cost_above_median", "warning")
    }
    # the store counts too: a later file with one year beyond 10x the stored median is warned about
    later = ingest(csv(f"{CHIYODA},住民基本台帳,{NOW},見込み,100,20000000,0,,,,"), tmp_db, "later.csv")
    assert (1, "hw_rental", "cost_above_median", "warning") in found(later)


def test_a_json_file_is_checked_by_the_same_rules(tmp_db):
    records = [
        {"municipality_code": CHIYODA, "business_id": RR, "fiscal_year": 2018, "kind": "actual", "ops_work": 10},
        {"municipality_code": CHIYODA, "business_id": TAX, "fiscal_year": 2018, "kind": "actual", "cloud": -3},
        {"municipality_code": CHIYODA, "business_id": TAX, "fiscal_year": NOW + 1, "kind": "actual", "cloud": 3},
    ]
    outcome = ingest(json.dumps(records).encode(), tmp_db, "costs.json")
    assert outcome.receipt.outcome == "rejected"
    assert {(2, "cloud", "cost_yen_negative", "error"), (3, "fiscal_year", "cost_actual_in_future", "error")} <= found(
        outcome
    )


def test_the_template_second_sheet_round_trips_and_its_errors_are_named(tmp_db):
    assert ingest(csv(*CLEAN), tmp_db).receipt.outcome == "accepted"
    with store.connect(tmp_db, read_only=True) as con:
        book = build_template(con, CHIYODA)
    workbook = load_workbook(io.BytesIO(book))
    assert workbook.sheetnames[:1] == ["報告"] and COST_SHEET in workbook.sheetnames
    sheet = workbook[COST_SHEET]
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2) if any(c.value for c in r)]
    # last year's figures prefilled as this year's budget for the resident registry
    registry = next(r for r in rows if r[1] == "住民基本台帳" and r[2] == NOW)
    assert registry[header.index("区分")] == "予算"
    assert registry[header.index("システム運用作業（円）")] == 1_200_000
    assert registry[header.index("クラウド利用経費（円）")] == 3_000_000
    # the template as written is accepted (rows without figures are skipped)
    accepted = ingest(book, tmp_db, "template.xlsx", code=CHIYODA)
    assert accepted.receipt.outcome == "accepted", accepted.findings.to_string()
    assert accepted.receipt.n_rows == 1
    # a negative figure typed into the sheet is an error at that row and column
    line = next(
        i
        for i, r in enumerate(sheet.iter_rows(min_row=2), start=2)
        if r[1].value == "住民基本台帳" and r[2].value == NOW
    )
    sheet.cell(row=line, column=header.index("ハードウェア借料（円）") + 1, value=-10)
    buffer = io.BytesIO()
    workbook.save(buffer)
    rejected = ingest(buffer.getvalue(), tmp_db, "template2.xlsx", code=CHIYODA)
    assert rejected.receipt.outcome == "rejected"
    assert (line - 1, "hw_rental", "cost_yen_negative", "error") in found(rejected)
    with store.connect(tmp_db, read_only=True) as con:
        kept = con.execute("select raw from cost_submissions where id = ?", [rejected.receipt.submission_id]).fetchone()
    assert kept[0] == buffer.getvalue()


def _fixture(db: Path) -> None:
    """Three municipalities counted by hand.

    Chiyoda: RR 2018 actual 100 -> 2024 actual 150 (a 2025 budget 999 is ignored: an actual exists);
             TAX 2018 actual 100 -> 2024 actual 50.
    Chuo:    RR 2018 budget 200 (no actual) -> its latest budget after 2018, 2025: 100; TAX only 2025.
    Minato:  RR 2018 only.
    """
    rows = [
        (CHIYODA, RR, 2018, "actual", 100),
        (CHIYODA, RR, 2024, "actual", 150),
        (CHIYODA, RR, 2025, "budget", 999),
        (CHIYODA, TAX, 2018, "actual", 100),
        (CHIYODA, TAX, 2024, "actual", 50),
        (CHUO, RR, 2018, "budget", 200),
        (CHUO, RR, 2024, "budget", 120),
        (CHUO, RR, 2025, "budget", 100),
        (CHUO, TAX, 2025, "budget", 70),
        (MINATO, RR, 2018, "actual", 300),
    ]
    frame = pd.DataFrame(rows, columns=["municipality_code", "business_id", "fiscal_year", "kind", "cloud"])
    outcome = cost_ingest.ingest_frame(frame, source="json", db=db)
    assert outcome.receipt.outcome == "accepted", outcome.findings.to_string()


def test_the_figures_counted_by_hand(tmp_db):
    _fixture(tmp_db)
    with store.connect(tmp_db, read_only=True) as con:
        pairs = con.execute(
            "select municipality_code, business_id, ratio, compared from v_cost_pairs order by 1, 2"
        ).fetchall()
        munis = dict(con.execute("select municipality_code, ratio from v_cost_municipality").fetchall())
        figures = cost_queries.cost_figures(con)
        categories = cost_queries.cost_categories(con).set_index("category")
    assert pairs == [
        (CHIYODA, TAX, 0.5, True),
        (CHIYODA, RR, 1.5, True),
        (CHUO, TAX, None, False),
        (CHUO, RR, 0.5, True),
        (MINATO, RR, None, False),
    ]
    assert munis[CHIYODA] == pytest.approx(200 / 200) and munis[CHUO] == pytest.approx(100 / 200)
    assert munis[MINATO] is None
    assert figures["weighted_ratio"] == pytest.approx((150 + 50 + 100) / (100 + 100 + 200))  # 0.75
    assert (figures["n_reported"], figures["n_compared"], figures["n_pairs"]) == (3, 2, 3)
    assert figures["median_ratio"] == pytest.approx(0.75)
    assert figures["n_above_one"] == 0  # Chiyoda is at exactly 1.0
    assert figures["n_above_target"] == 1  # Chiyoda above 0.70; Chuo at 0.5 below
    assert (
        categories.at["cloud", "baseline"],
        categories.at["cloud", "current"],
        categories.at["cloud", "change"],
    ) == (400, 300, -100)
    assert categories.at["ops_work", "change"] == 0


def test_the_export_without_a_flag_never_shows_a_group_of_fewer_than_five(tmp_db):
    _fixture(tmp_db)
    with store.connect(tmp_db, read_only=True) as con:
        plain = pd.read_csv(
            io.BytesIO(cost_export.render(con, "csv")), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        private = pd.read_csv(
            io.BytesIO(cost_export.render(con, "csv", per_municipality=True)), dtype=str, encoding="utf-8-sig"
        )
    assert "municipality_code" not in plain.columns
    assert set(plain["baseline_total"]) == {""} and set(plain["current_total"]) == {""}  # 2 municipalities < 5
    assert "150" not in plain.to_csv() and "200" not in plain[["baseline_total", "current_total"]].to_csv()
    assert set(private["municipality_code"]) == {CHIYODA, CHUO, MINATO}


def test_the_export_shows_groups_of_five_or_more(tmp_db):
    codes = [CHIYODA, CHUO, MINATO, SHINJUKU, BUNKYO]
    frame = pd.DataFrame(
        [
            (c, RR, y, "actual", 100 * (i + 1) * (1 if y == 2018 else 2))
            for i, c in enumerate(codes)
            for y in (2018, 2024)
        ],
        columns=["municipality_code", "business_id", "fiscal_year", "kind", "cloud"],
    )
    assert cost_ingest.ingest_frame(frame, source="json", db=tmp_db).accepted
    with store.connect(tmp_db, read_only=True) as con:
        agg = cost_export.aggregate(con)
    row = agg[agg["scope"] == "all"].iloc[0]
    assert (row["n_municipalities"], row["baseline_total"], row["current_total"], row["ratio"]) == (5, 1500, 3000, 2.0)


def test_withhold_and_who_may_see_a_municipality():
    frame = pd.DataFrame({"n_municipalities": [4, 5], "baseline_total": [10, 20], "ratio": [1.0, 2.0]})
    out = cost_shape.withhold(frame, 5)
    assert out["baseline_total"].isna().tolist() == [True, False] and out["ratio"].isna().tolist() == [True, False]
    assert cost_shape.withhold(frame, 0).equals(frame)
    assert cost_shape.may_see_municipality("admin", None, CHIYODA, False)
    assert cost_shape.may_see_municipality("municipality", CHIYODA, CHIYODA, False)
    assert not cost_shape.may_see_municipality("municipality", CHUO, CHIYODA, False)
    assert not cost_shape.may_see_municipality(None, None, CHIYODA, False)
    assert cost_shape.may_see_municipality(None, None, CHIYODA, True)


def test_joint_candidates_and_an_arrangement_before_and_after(tmp_db):
    rows = []
    for code in (CHIYODA, CHUO, MINATO):
        rows += [
            (code, RR, 2024, "actual", 1000, "2028-03-31", "共同ベンダ"),
            (code, RR, 2025, "actual", 800, "2028-03-31", "共同ベンダ"),
        ]
    rows.append((TAITO, RR, 2025, "actual", 500, "2030-03-31", "共同ベンダ"))  # another window: not with them
    frame = pd.DataFrame(
        rows, columns=["municipality_code", "business_id", "fiscal_year", "kind", "cloud", "contract_end", "vendor"]
    )
    assert cost_ingest.ingest_frame(frame, source="json", db=tmp_db).accepted
    with store.connect(tmp_db) as con:
        cands = cost_queries.joint_candidates(con)
        assert len(cands) == 1
        c = cands.iloc[0]
        assert (c["supplier"], c["window_year"], c["n_municipalities"], c["combined_total"]) == (
            "共同ベンダ",
            2027,
            3,
            2400,
        )
        with pytest.raises(joint.UserError):
            joint.form_arrangement(
                con, name="x", business_id=RR, vendor=None, start=clock.today(), base_cost=1, usage={CHIYODA: 1}
            )
        aid = joint.form_arrangement(
            con,
            name="住記共同",
            business_id=RR,
            vendor="共同ベンダ",
            start=pd.Timestamp("2025-04-01").date(),
            base_cost=300,
            usage={CHIYODA: 2, CHUO: 1, MINATO: 1},
        )
        members = cost_queries.joint_members(con).set_index("municipality_code")
    assert set(members["arrangement_id"]) == {aid}
    assert members.at[CHIYODA, "usage_share"] == pytest.approx(0.5)
    assert (members.at[CHIYODA, "before_year"], members.at[CHIYODA, "before_total"]) == (2024, 1000)
    assert (members.at[CHIYODA, "after_year"], members.at[CHIYODA, "after_total"]) == (2025, 800)
    totals = cost_shape.arrangement_totals(members.reset_index())
    assert (totals.iloc[0]["before_total"], totals.iloc[0]["after_total"]) == (3000, 2400)


def test_the_cost_views_answer_on_an_empty_database(tmp_db):
    with store.connect(tmp_db, read_only=True) as con:
        figures = cost_queries.cost_figures(con)
    assert figures["n_reported"] == 0 and figures["weighted_ratio"] is None or pd.isna(figures["weighted_ratio"])


def test_migrate_applies_a_missing_migration_numbered_before_one_applied(tmp_path):
    path = tmp_path / "m.duckdb"
    database.init(path)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from schema_version where version = 2")
        store.migrate(con)  # version 2's statements are idempotent: it is applied again, recorded again
        assert {r[0] for r in con.execute("select version from schema_version").fetchall()} == set(store.MIGRATIONS)
