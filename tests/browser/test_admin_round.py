"""The CIO office's round in a real browser against the real server: a token issued, re-issued and
revoked from the admin page (shown once with a copy button; the new token signs in, the old one no
longer does, a signed-in tab of the old one is signed out; the admin log holds the three actions),
and a table's Excel download opened with openpyxl (formula-free, the same cells as its CSV)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import openpyxl
import pytest
from playwright.sync_api import expect

from etl import store
from tests.support.browser import (
    CODE_B,
    RUN_TIMEOUT_MS,
    button_of,
    by_key,
    choose,
    click_button,
    download,
    issue_token_with_id,
    open_app,
    screenshot,
    sign_in,
    wait_for_run,
)

pytestmark = pytest.mark.browser

LABEL = "中央区 情報政策課 ブラウザ"
REFUSED = "トークンが正しくないか、失効しています"


def open_tab(pg, name: str) -> None:
    pg.get_by_role("tab", name=name, exact=True).click()


def shown_token(pg) -> str:
    """The token the admin page shows once, from its code block."""
    box = by_key(pg, "admin_new_token")
    expect(box).to_contain_text("この一度しか表示されません")
    return box.locator("code").inner_text().strip()


def refused(pg, server, token: str) -> None:
    """The sign-in page refuses this token."""
    open_app(pg, server, "signin")
    by_key(pg, "signin_token").locator("input").fill(token)
    button_of(pg, "signin_submit").click()
    # the refusal the run shows is the answer; a refusal's run is short enough to be drawn start and end
    # at once on a loaded machine, which the run counter of `rerun` would never see
    expect(pg.get_by_test_id("stMain")).to_contain_text(REFUSED)
    wait_for_run(pg)


def same(text: str) -> str:
    """A cell's text written one way: a day as YYYY-MM-DD, a number as a float (1 and 1.0 alike)."""
    if re.fullmatch(r"\d{4}[-/]\d{2}[-/]\d{2}", text):
        return text.replace("/", "-")
    try:
        return repr(float(text)) if text.strip() and not text.startswith("0") else text
    except ValueError:
        return text


def muni_name(db, code: str) -> str:
    with store.connect(db, read_only=True) as con:
        return str(store.scalar(con, "select name_ja from municipalities where code = ?", [code]))


def test_issue_reissue_and_revoke_from_the_admin_page(page, new_page, server):
    _, admin = issue_token_with_id(server.db, "admin", "CIO室 ブラウザ")
    sign_in(page, server, admin)
    open_app(page, server, "admin")
    open_tab(page, "トークン")
    choose(page, "admin_issue_who", f"{CODE_B} {muni_name(server.db, CODE_B)}")
    by_key(page, "admin_issue_label").locator("input").fill(LABEL)
    click_button(page, "admin_issue_submit")
    open_tab(page, "トークン")
    first = shown_token(page)
    assert first.startswith("hyj_")
    box = by_key(page, "admin_new_token")
    expect(box.locator("button[aria-label='Copy to clipboard']")).to_be_attached()
    page.set_viewport_size({"width": 1280, "height": 1400})
    screenshot(page, "admin-token-issued")
    expect(page.get_by_role("tabpanel").get_by_test_id("stDataFrame").first).to_be_visible()  # the list

    # the new token signs in (in another browser), and that tab stays signed in for now
    holder = new_page()
    sign_in(holder, server, first)

    # re-issue: the old token is revoked, its session ended, the new one shown once
    page.reload()
    wait_for_run(page)
    open_tab(page, "トークン")
    with store.connect(server.db, read_only=True) as con:
        first_id = int(store.scalar(con, "select max(id) from tokens where label = ?", [LABEL]))
    labels = [f"#{first_id} {CODE_B} {muni_name(server.db, CODE_B)} {LABEL}"]
    choose(page, "admin_reissue_pick", labels[0])
    by_key(page, "admin_reissue_confirm").locator("label").first.click()
    click_button(page, "admin_reissue_submit")
    open_tab(page, "トークン")
    second = shown_token(page)
    assert second.startswith("hyj_") and second != first

    # the old token's tab is signed out at its next page load; the old token no longer signs in
    holder.reload()
    wait_for_run(holder)
    expect(holder.get_by_test_id("stSidebar")).not_to_contain_text("ログイン中", timeout=RUN_TIMEOUT_MS)
    refused(holder, server, first)
    sign_in(holder, server, second)  # the new one does (a success also clears the failed attempt)

    # revoke the new one
    page.reload()
    wait_for_run(page)
    open_tab(page, "トークン")
    with store.connect(server.db, read_only=True) as con:
        second_id = int(store.scalar(con, "select max(id) from tokens where label = ?", [LABEL]))
    choose(page, "admin_token_pick", f"#{second_id} {CODE_B} {muni_name(server.db, CODE_B)} {LABEL}")
    by_key(page, "admin_token_confirm").locator("label").first.click()
    click_button(page, "admin_token_revoke")
    open_tab(page, "トークン")
    expect(page.get_by_test_id("stMain")).to_contain_text(f"トークン #{second_id} を失効させました")
    refused(holder, server, second)
    sign_in(holder, server, admin)  # clears the failed attempt's count for the other tests

    # the admin log holds the three actions, newest first, by the admin token's label
    open_tab(page, "管理ログ")
    expect(page.get_by_role("tabpanel").get_by_test_id("stDataFrame").first).to_be_visible()
    with store.connect(server.db, read_only=True) as con:
        rows = con.execute(
            "select actor, action, target from admin_log where target in (?, ?) order by id",
            [f"#{first_id}", f"#{second_id}"],
        ).fetchall()
    assert rows == [
        ("CIO室 ブラウザ", "token_issued", f"#{first_id}"),
        ("CIO室 ブラウザ", "token_reissued", f"#{second_id}"),
        ("CIO室 ブラウザ", "token_revoked", f"#{second_id}"),
    ]
    screenshot(page, "admin-log")
    open_tab(page, "変更")  # the week's digest, as the CIO office reads it
    expect(page.get_by_role("tabpanel").get_by_text("期間中に報告のなかった団体").first).to_be_visible()
    screenshot(page, "admin-digest")


@pytest.mark.parametrize("key", ["heatmap_cells", "heatmap_laggards"])
def test_an_excel_download_holds_the_same_cells_as_its_csv(page, server, key):
    open_app(page, server, "heatmap")
    wait_for_run(page)
    raw_csv = download(page, f"{key}_csv")
    raw_xlsx = download(page, f"{key}_xlsx")
    assert raw_xlsx[:2] == b"PK"
    csv_rows = list(csv.reader(io.StringIO(raw_csv.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(raw_xlsx))
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    rows = []
    for row in sheet.iter_rows():
        shown = []
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
            v = cell.value
            if isinstance(v, datetime):
                assert cell.number_format.startswith("yyyy/mm/dd"), cell.coordinate  # a date cell, shown as one
                shown.append(same(v.strftime("%Y-%m-%d")))
            else:
                shown.append(same("" if v is None else str(v)))
        rows.append(shown)
    assert rows == [[same(v) for v in r] for r in csv_rows]
    assert rows[0] == csv_rows[0] and any("団体" in h for h in rows[0])  # Japanese headers
