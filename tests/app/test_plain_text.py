"""Stored text as text in AppTest: a finding holding Markdown reaches the admin's rejected tab and
the municipality's history escaped for Markdown (shown as typed), a vendor holding HTML reaches the
vendors page's figures escaped for plotly."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import plain
from etl import ingest
from tests.support.apptest import accept, issue, report_bytes, signed_in
from tests.support.codes import CHIYODA, CHUO, MINATO
from tests.support.factories import valid_row
from tests.support.paths import APP

STAGE = "**至急** 管理者は [再認証してください](https://evil.example/login) ![](http://127.0.0.1:8719/b.png) :red[赤]"
VENDOR = '<a href="https://evil.example/login" target="_blank">東都データサービス</a><br><b>X</b>'


def _markdown_cells(at: AppTest) -> list[str]:
    return [str(v) for t in at.table for v in [*t.value.columns, *t.value.to_numpy().ravel()] if isinstance(v, str)]


def test_a_finding_holding_markdown_is_escaped_where_it_is_shown(tmp_db):
    accept(CHIYODA, report_bytes(CHIYODA))
    bad = pd.DataFrame([valid_row(stage=STAGE)])
    assert ingest.ingest_frame(bad, source="form", submitter_code=CHIYODA).receipt.outcome == "rejected"
    _, admin = issue("admin")
    _, muni = issue(CHIYODA)
    for at in (signed_in(admin, "app_pages/admin.py"), signed_in(muni)):
        cells = _markdown_cells(at)
        holding = [c for c in cells if STAGE in plain.shown(c)]
        assert holding, cells
        for cell in holding:
            assert STAGE not in cell and "](" not in cell.replace("\\]\\(", "")
            assert "[再認証してください]" not in cell and "**至急**" not in cell


def test_a_vendor_holding_html_reaches_the_figures_escaped(tmp_db):
    rows = [valid_row(municipality_code=code, vendor=VENDOR) for code in (CHIYODA, CHUO, MINATO)]
    assert ingest.ingest_frame(pd.DataFrame(rows), source="form").accepted
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/vendors.py").run()
    assert not at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert specs
    text = json.dumps(specs, ensure_ascii=False)
    assert (
        '&lt;a href=\\"https://evil.example/login\\" target=\\"_blank\\"&gt;東都データサービス&lt;/a&gt;&lt;br&gt;'
        in text
    )
    assert VENDOR.replace('"', '\\"') not in text
