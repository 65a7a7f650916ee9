"""Issue 11's report flow in a real browser on a laptop-sized window: an upload is checked, not
filed, with the one error first at its Excel row and business; the same file submitted twice is
filed once; the receipt is on screen after submitting; "no change" with standing warnings is one
click plus one confirmation."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from dashboard.reporting import form
from etl import ingest, store
from etl.template import build_template
from tests.support.browser import (
    button_of,
    by_key,
    choice_input,
    click_button,
    issue_token,
    rerun,
    screenshot,
    sign_in,
    tick,
    tokyo_today,
    wait_for_run,
)
from tests.support.codes import BUNKYO, MINATO, SHINJUKU
from tests.support.factories import status_row

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
WAIT = 60_000  # ms: a submission's run and the rerun after it, on a loaded machine
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def standing_baseline(db: Path, code: str, days_ago: int = 0) -> None:
    """An accepted report (today's unless `days_ago`) of all 20 systems under way, targets after
    2026-03-31 and no special support: 20 warnings that stand in every later report that does not
    change those rows."""
    rows = [
        status_row(code, b, "migration", tokyo_today() - timedelta(days=days_ago), target_date="2027-03-31")
        for b in form.businesses()["business_id"]
    ]
    outcome = ingest.ingest_frame(pd.DataFrame(rows), source="form", db=db, submitter_code=code)
    assert outcome.accepted, outcome.findings.to_string()


def submissions_of(db: Path, code: str) -> pd.DataFrame:
    """A municipality's submissions, oldest first."""
    with store.connect(db, read_only=True) as con:
        return con.execute("select * from submissions where submitter_code = ? order by id", [code]).df()


def template_with_one_error(db: Path, code: str) -> tuple[bytes, str]:
    """The municipality's prefilled Excel template with its fifth system made live without a go-live
    date (one error, on sheet row 6); its business's Japanese name."""
    with store.connect(db, read_only=True) as con:
        raw = build_template(con, code, "xlsx")
    book = load_workbook(io.BytesIO(raw))
    sheet = book.worksheets[0]
    business = str(sheet["B6"].value)
    sheet["D6"] = "標準準拠システム稼働"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), business


def pick(pg, key: str, label: str) -> None:
    """Choose an option of the selectbox with this key; opens the list again if a loaded machine
    swallowed the first click (no run: the selectbox is inside a form)."""
    for _ in range(3):
        choice_input(pg, key).click()
        option = pg.get_by_role("option", name=label, exact=True)
        try:
            option.wait_for(timeout=10_000)
        except PlaywrightTimeout:
            pg.keyboard.press("Escape")
            continue
        option.click()
        break
    assert by_key(pg, key).locator("input").input_value() == label


def upload(pg, name: str, raw: bytes) -> None:
    """Put a file into the report page's uploader and wait for the run it causes."""
    pg.get_by_role("tab", name="Excel・CSV で報告").click()
    with rerun(pg):
        by_key(pg, "report_upload").locator("input[type=file]").set_input_files(
            files=[{"name": name, "mimeType": XLSX, "buffer": raw}]
        )


@pytest.mark.smoke
def test_an_upload_is_checked_with_the_error_first_and_filed_only_on_submit(page, server):
    code = MINATO
    standing_baseline(server.db, code)
    raw, business = template_with_one_error(server.db, code)
    page.set_viewport_size(LAPTOP)
    sign_in(page, server, issue_token(server.db, code))
    before = len(submissions_of(server.db, code))

    upload(page, "minato.xlsx", raw)
    review = by_key(page, "review_upload")
    expect(review).to_contain_text("エラーが 1 件あります（まだ提出していません）", timeout=WAIT)
    expect(review).to_be_in_viewport(timeout=WAIT)
    first = by_key(page, "review_findings_upload").locator("tbody tr").first
    cells = [c.strip() for c in first.locator("td, th").all_inner_texts()]
    assert cells[:5] == ["報告", "6", business, "稼働日", "エラー"], cells
    assert "稼働日" in cells[5] and len(cells[5]) > 10  # the full message
    expect(by_key(page, "review_standing_upload")).to_contain_text("前回から変更のない 19 業務で引き続き", timeout=WAIT)
    screenshot(page, "report-upload-error-first")
    assert len(submissions_of(server.db, code)) == before, "checking filed something"

    # submitting despite the error is folded away, behind a confirmation that nothing will be applied
    review.get_by_text("エラーのまま記録だけ残す").click()
    expect(review).to_contain_text("何も反映されません", timeout=WAIT)
    expect(button_of(page, "review_submit_rejected_upload")).to_be_disabled(timeout=WAIT)
    tick(page, "review_rejected_confirm_upload")
    click_button(page, "review_submit_rejected_upload")
    expect(by_key(page, "report_receipt")).to_contain_text("却下として記録しました", timeout=WAIT)
    # the rejected receipt repeats what to fix
    expect(by_key(page, "report_receipt_findings")).to_contain_text("稼働日", timeout=WAIT)
    filed = submissions_of(server.db, code)
    assert len(filed) == before + 1
    assert (filed.iloc[-1]["outcome"], filed.iloc[-1]["filename"]) == ("rejected", "minato.xlsx")


def test_the_same_file_submitted_twice_is_filed_once(page, server, new_page):
    code = SHINJUKU
    standing_baseline(server.db, code)
    with store.connect(server.db, read_only=True) as con:
        raw = build_template(con, code, "xlsx")
    page.set_viewport_size(LAPTOP)
    token = issue_token(server.db, code)
    sign_in(page, server, token)
    before = len(submissions_of(server.db, code))
    upload(page, "shinjuku.xlsx", raw)
    click_button(page, "review_submit_upload")
    receipt = by_key(page, "report_receipt")
    expect(receipt).to_contain_text("受け付けました", timeout=WAIT)
    assert len(submissions_of(server.db, code)) == before + 1
    first_id = int(submissions_of(server.db, code).iloc[-1]["id"])

    other = new_page()  # another tab, the same file again
    other.set_viewport_size(LAPTOP)
    sign_in(other, server, token)
    upload(other, "shinjuku (2).xlsx", raw)
    expect(by_key(other, "review_upload")).to_contain_text(f"提出 #{first_id} として受付済み", timeout=WAIT)
    click_button(other, "review_submit_upload")
    expect(by_key(other, "report_receipt")).to_contain_text(f"同じ内容は提出 #{first_id} として受付済み", timeout=WAIT)
    assert len(submissions_of(server.db, code)) == before + 1, "the same bytes were filed twice"


def test_the_receipt_is_in_view_after_submitting_the_form(page, server):
    code = BUNKYO
    standing_baseline(server.db, code)
    page.set_viewport_size(LAPTOP)
    sign_in(page, server, issue_token(server.db, code))
    pick(page, "report_family_register_supplement_stage", "事業者選定・契約")  # backwards: a new warning
    click_button(page, "report_form_check")
    review = by_key(page, "review_form")
    expect(review).to_be_in_viewport(timeout=WAIT)
    tick(page, "review_ack_form")
    click_button(page, "review_submit_form")
    receipt = by_key(page, "report_receipt")
    expect(receipt).to_contain_text("受け付けました", timeout=WAIT)
    expect(receipt).to_be_in_viewport(ratio=1, timeout=WAIT)
    screenshot(page, "report-receipt-in-view")


def quiet_municipality(db: Path, days: int) -> str:
    """A municipality of the demo whose newest accepted report is older than `days` days."""
    with store.connect(db, read_only=True) as con:
        row = con.execute(
            "select municipality_code from latest_status group by 1 having max(as_of) < ? order by 1 limit 1",
            [tokyo_today() - timedelta(days=days)],
        ).fetchone()
    assert row is not None, f"the demo has no municipality silent for {days} days"
    return str(row[0])


def test_no_change_with_standing_warnings_is_one_click_and_one_confirmation(page, server):
    # last week's report is the newest (a re-confirmation of the same rows on the same day would
    # rightly be a duplicate of it), so the municipality is one the demo left silent for longer
    code = quiet_municipality(server.db, 8)
    standing_baseline(server.db, code, days_ago=7)
    page.set_viewport_size(LAPTOP)
    sign_in(page, server, issue_token(server.db, code))
    before = len(submissions_of(server.db, code))
    click_button(page, "report_no_change")  # the one click
    confirm = button_of(page, "review_submit_no_change")
    expect(confirm).to_be_in_viewport(timeout=WAIT)
    expect(confirm).to_be_enabled(timeout=WAIT)
    expect(by_key(page, "review_no_change")).to_contain_text("前回から変更のない 20 業務で引き続き", timeout=WAIT)
    assert by_key(page, "review_ack_no_change").count() == 0
    assert len(submissions_of(server.db, code)) == before
    click_button(page, "review_submit_no_change")  # the one confirmation
    receipt = by_key(page, "report_receipt")
    expect(receipt).to_contain_text("受け付けました", timeout=WAIT)
    expect(receipt).to_be_in_viewport(timeout=WAIT)
    filed = submissions_of(server.db, code)
    assert len(filed) == before + 1 and filed.iloc[-1]["outcome"] == "accepted"
    assert re.fullmatch(rf"form_{code}_\d{{8}}\.json", filed.iloc[-1]["filename"])
    wait_for_run(page)
