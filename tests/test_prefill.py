"""etl.prefill: the one prefill behind the template and the report form."""

from __future__ import annotations

from datetime import timedelta

import pytest

from etl import clock, ingest, prefill, store, template
from etl.errors import UnknownMunicipality
from schemas.vocabulary.contract import GOV_CLOUD, STAGES
from tests.support.codes import CHIYODA
from tests.support.factories import csv_bytes, under_way_row


def test_defaults_in_business_order_when_never_reported(tmp_db):
    with store.connect(read_only=True) as con:
        rows = prefill.prefill(con, CHIYODA)
    assert len(rows) == 20 and rows.iloc[0]["business_id"] == "resident_registry"
    assert set(rows["stage"]) == {prefill.DEFAULT_STAGE}
    assert set(rows["gov_cloud"]) == {prefill.DEFAULT_GOV_CLOUD}
    assert not rows["reported"].any() and rows["last_as_of"].isna().all()


def test_latest_status_as_python_values(tmp_db):
    as_of = clock.today() - timedelta(days=3)
    row = under_way_row("fixed_asset_tax", as_of=as_of.isoformat(), notes="メモ")
    outcome = ingest.ingest_bytes(csv_bytes([row]), filename="r.csv", db=tmp_db)
    assert outcome.accepted, outcome.findings
    with store.connect(read_only=True) as con:
        rows = prefill.prefill(con, CHIYODA).set_index("business_id")
    tax = rows.loc["fixed_asset_tax"]
    assert (tax["stage"], tax["gov_cloud"], tax["special_support"], tax["special_support_reason"]) == (
        "migration",
        "preparing",
        True,
        4,
    )
    assert (tax["pmo_progress"], tax["notes"], tax["last_as_of"], tax["reported"]) == (70.0, "メモ", as_of, True)
    assert str(tax["target_date"]) == "2027-03-31"


def test_template_shows_the_prefill_in_japanese(tmp_db):
    with store.connect(read_only=True) as con:
        rows = prefill.prefill(con, CHIYODA)
        sheet = template.prefill(con, CHIYODA, clock.today())
    assert sheet["stage"].tolist() == [STAGES[s][0] for s in rows["stage"]]
    assert sheet["gov_cloud"].tolist() == [GOV_CLOUD[g][0] for g in rows["gov_cloud"]]


def test_unknown_municipality_says_so_in_both_languages(tmp_db):
    with store.connect(read_only=True) as con, pytest.raises(UnknownMunicipality) as caught:
        prefill.prefill(con, "999999")
    assert "999999" in caught.value.ja and "999999" in caught.value.en
