"""Properties: valid reports pass, one corrupted cell is always caught, nothing ever raises."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import database, ingest, read, store, validate
from etl.template import build_template
from schemas.vocabulary.contract import COLUMNS, GOV_CLOUD, STAGES, UNDER_WAY
from tests.support.codes import CHIYODA
from tests.support.factories import TODAY, context, csv_bytes, examples, valid_row

BUSINESSES = [
    "resident_registry",
    "family_register_supplement",
    "seal_registration",
    "electoral_register",
    "fixed_asset_tax",
    "individual_inhabitant_tax",
]
TEXT = st.text(alphabet="abcdefghijkＡＢあいうアイウ漢字 -_", max_size=30)


def iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


@st.composite
def report_rows(draw, business_id: str = "resident_registry") -> dict[str, str]:
    """One row that obeys every error rule."""
    stage = draw(st.sampled_from(list(STAGES)))
    as_of = draw(st.dates(date(2021, 9, 1), TODAY))
    special = draw(st.booleans())
    target = draw(st.dates(date(2022, 1, 1), date(2029, 3, 31)))
    row = {
        "municipality_code": CHIYODA,
        "business_id": business_id,
        "as_of": iso(as_of),
        "stage": stage,
        "target_date": iso(target) if stage in UNDER_WAY or draw(st.booleans()) else "",
        "go_live_date": iso(draw(st.dates(as_of - timedelta(days=900), as_of))) if stage == "live" else "",
        "gov_cloud": draw(st.sampled_from([g for g in GOV_CLOUD if stage == "live" or g != "running"])),
        "special_support": draw(st.sampled_from(["true", "はい", "1"] if special else ["false", "いいえ", "", "0"])),
        "special_support_reason": str(draw(st.integers(1, 4))) if special else "",
        "pmo_progress": draw(st.one_of(st.just(""), st.integers(0, 100).map(str))),
        "vendor": draw(TEXT),
        "notes": draw(TEXT),
    }
    return row


@st.composite
def reports(draw) -> list[dict[str, str]]:
    n = draw(st.integers(1, len(BUSINESSES)))
    return [draw(report_rows(business_id=b)) for b in BUSINESSES[:n]]


def errors_of(raw: bytes) -> pd.DataFrame:
    found = validate.check(read.read(raw, "r.csv"), context())
    return found[found["severity"] == "error"]


@given(reports())
@settings(max_examples=examples(150), deadline=None)
def test_random_valid_reports_pass(rows):
    assert errors_of(csv_bytes(rows)).empty


# a value that no rule accepts in each column
CORRUPTIONS = {
    "municipality_code": TEXT.map(lambda s: "x" + s),
    "business_id": TEXT.map(lambda s: "x" + s),
    "as_of": TEXT.map(lambda s: "x" + s),
    "stage": TEXT.map(lambda s: "x" + s),
    "target_date": TEXT.map(lambda s: "x" + s),
    "go_live_date": TEXT.map(lambda s: "x" + s),
    "gov_cloud": TEXT.map(lambda s: "x" + s),
    "special_support": TEXT.map(lambda s: "x" + s),
    "special_support_reason": st.integers(5, 10_000).map(str),
    "pmo_progress": st.one_of(st.floats(100.01, 1e9).map(str), st.integers(-1000, -1).map(str)),
    "vendor": TEXT.map(lambda s: "v" * 101 + s),
    "notes": TEXT.map(lambda s: "n" * 1001 + s),
}


@given(reports(), st.data())
@settings(max_examples=examples(200), deadline=None)
def test_one_corrupted_cell_is_rejected_with_a_finding_on_that_row_and_column(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(COLUMNS))
    rows[index][column] = data.draw(CORRUPTIONS[column])
    errors = errors_of(csv_bytes(rows))
    assert ((errors["row"] == index + 1) & (errors["column"] == column)).any(), errors


@given(st.lists(st.lists(st.text(max_size=12), min_size=len(COLUMNS), max_size=len(COLUMNS)), min_size=1, max_size=4))
@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_cells_never_raise(cells):
    frame = pd.DataFrame(cells, columns=COLUMNS)
    raw = frame.to_csv(index=False).encode()
    found = validate.check(read.read(raw, "r.csv"), context())
    assert set(found.columns) >= {"row", "column", "code", "message_ja", "message_en", "severity"}


@given(st.binary(max_size=400))
@settings(max_examples=examples(150), deadline=None)
def test_arbitrary_bytes_never_raise(raw):
    found = validate.check(read.read(raw, "r.csv"), context())
    assert found.empty or found["code"].notna().all()


@given(st.lists(report_rows(), min_size=1, max_size=1))
@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_template_fill_ingest_round_trip(tmp_path_factory, rows):
    db = tmp_path_factory.mktemp("roundtrip") / "t.duckdb"
    database.init(db)
    first = ingest.ingest_bytes(csv_bytes(rows), filename="first.csv", db=db)
    assert first.receipt.outcome == "accepted", first.findings
    with store.connect(db, read_only=True) as con:
        xlsx = build_template(con, CHIYODA, "xlsx", today=TODAY)
    read_back = read.read(xlsx, "t.xlsx")
    frame = read_back.frame
    # fill: the systems never reported get a stage and a target, as a manager would
    empty = frame["business_id"] != rows[0]["business_id"]
    frame.loc[empty, "target_date"] = "2026-12-31"
    ctx = context(previous_stage={(CHIYODA, rows[0]["business_id"]): rows[0]["stage"]})
    found = validate.check(read_back, ctx)
    assert found[found["severity"] == "error"].empty, found
    same = frame.loc[~empty].iloc[0]
    assert same["stage"] == rows[0]["stage"]
    assert same["special_support"] == ("true" if rows[0]["special_support"] in ("true", "はい", "1") else "false")
    assert same["go_live_date"] == rows[0]["go_live_date"]


def test_valid_row_factory_passes():
    assert errors_of(csv_bytes([valid_row()])).empty
