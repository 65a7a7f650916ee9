"""Issue 4 in a real browser: a municipality signs in with a token from the command line, reports its
resident registry live through the form, and the public overview moves; its session never shows
another municipality's private notes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    CODE_A,
    CODE_B,
    NOTE_A,
    NOTE_B,
    assert_healthy,
    button_of,
    by_key,
    choice_input,
    choose,
    click_button,
    download,
    issue_token,
    latest_stage,
    metric_value,
    open_app,
    received,
    registry_live_count,
    rerun,
    screenshot,
    shown_text_and_values,
    sign_in,
    tick,
    tokyo_today,
    type_date,
)

pytestmark = pytest.mark.browser

LIVE_JA = "標準準拠システム稼働"


def registry_card(pg) -> int:
    """The overview card 'resident registry live': the number before '/ 62'."""
    value = metric_value(pg, "kpi_registry_live")
    found = re.match(r"\s*([\d,]+)\s*/\s*62\b", value)
    assert found, f"unexpected card value {value!r}"
    return int(found.group(1).replace(",", ""))


def test_municipality_reports_registry_live_and_overview_moves(page, server):
    assert latest_stage(server.db, CODE_A, "resident_registry") == "migration"
    stored_before = registry_live_count(server.db)
    open_app(page, server, "")
    shown_before = registry_card(page)
    assert shown_before == stored_before

    token = issue_token(server.db, CODE_A)
    sign_in(page, server, token)
    expect(page).to_have_url(re.compile(r"/report(\?|$)"))
    expect(page.get_by_test_id("stMain")).to_contain_text("千代田区（131016）")
    assert token not in page.content()
    assert_healthy(page, "report page after sign-in")

    choose(page, "report_resident_registry_stage", LIVE_JA)
    type_date(page, "report_resident_registry_go_live_date", tokyo_today())
    click_button(page, "report_form_check")
    review = by_key(page, "review_form")
    expect(review).to_be_visible()
    assert "エラーが" not in review.inner_text(), review.inner_text()
    if by_key(page, "review_ack_form").count():  # warnings need the explicit acknowledgement
        expect(button_of(page, "review_submit_form")).to_be_disabled()
        tick(page, "review_ack_form")
    review.scroll_into_view_if_needed()
    screenshot(page, "report-review-ja")
    click_button(page, "review_submit_form")

    receipt = by_key(page, "report_receipt")
    expect(receipt).to_contain_text("受け付けました")
    expect(receipt).to_contain_text(re.compile(r"sha256: ?[0-9a-f]{64}"))
    receipt.scroll_into_view_if_needed()
    screenshot(page, "report-receipt-ja")
    assert_healthy(page, "report page after submitting")
    assert latest_stage(server.db, CODE_A, "resident_registry") == "live"

    open_app(page, server, "")
    assert registry_card(page) == shown_before + 1
    assert_healthy(page, "overview after the report")


def test_a_session_never_shows_b_notes(page, server):
    sign_in(page, server, issue_token(server.db, CODE_A))
    expect(page).to_have_url(re.compile(r"/report(\?|$)"))
    # A's own note is in its form: the check below looks where notes are shown
    notes = by_key(page, "report_resident_registry_notes").locator("input")
    expect(notes).to_have_value(NOTE_A)

    seen = [shown_text_and_values(page)]
    page.get_by_role("tab", name="Excel・CSV で報告").click()
    seen.append(shown_text_and_values(page))
    template = download(page, "report_template_csv").decode("utf-8-sig")
    assert NOTE_A in template, "A's prefilled template lacks A's own note"
    assert CODE_B not in template and NOTE_B not in template
    page.get_by_role("tab", name="提出履歴").click()
    seen.append(shown_text_and_values(page))

    everything = "\n".join(seen)
    assert NOTE_A in everything, "the text check does not see the form's notes"
    assert NOTE_B not in everything and "B-91c2" not in everything
    # nor did the server send B's note in anything drawn on a canvas (tables) or kept off screen
    sent = received(page)
    assert NOTE_A.encode("utf-8") in sent, "the websocket check does not see what the server sends"
    assert b"B-91c2" not in sent, "the server sent B's private note to A's session"

    # the public pages, reached from A's session through the navigation, show and send nobody's notes
    public_from = len(page.received)
    for label in ("概要", "団体別", "特定移行支援・遅延"):
        go_to(page, label)
        check_public(page, label)
    go_to(page, "団体別")
    with rerun(page):
        choice_input(page, "muni").fill("中央区")
        page.get_by_role("option", name=f"中央区 ({CODE_B})", exact=True).click()
    expect(page.get_by_test_id("stMain").locator("h2")).to_contain_text(f"中央区（{CODE_B}）")
    check_public(page, "団体別: 中央区")
    public = b"".join(page.received[public_from:])
    assert f"中央区（{CODE_B}）".encode() in public, "the websocket check does not see the public pages"
    assert b"B-91c2" not in public and b"A-7f3a" not in public, "a private note was sent to a public page"


def go_to(pg, label: str) -> None:
    """Move to another page through the sidebar (the session, and its sign-in, stay)."""
    with rerun(pg):
        pg.get_by_test_id("stSidebarNav").get_by_text(label, exact=True).click()


def check_public(pg, what: str) -> None:
    """Still signed in as A, no note on the page, no error."""
    expect(pg.get_by_test_id("stSidebar")).to_contain_text(f"ログイン中: 千代田区（{CODE_A}）")
    shown = shown_text_and_values(pg)
    assert "B-91c2" not in shown and "A-7f3a" not in shown, f"a private note on the public page {what}"
    assert_healthy(pg, f"{what} in A's session")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_signin_page_renders(page, server, lang):
    open_app(page, server, "signin", **({"lang": "en"} if lang == "en" else {}))
    expect(by_key(page, "signin_token").locator("input")).to_have_attribute("type", "password")
    screenshot(page, f"signin-{lang}")
    assert_healthy(page, f"sign-in ({lang})")


def test_admin_sees_coverage_and_a_municipality_does_not(page, server, new_page):
    sign_in(page, server, issue_token(server.db, "admin"))
    expect(page).to_have_url(re.compile(r"/admin(\?|$)"))
    expect(by_key(page, "admin_coverage_csv")).to_be_visible()
    coverage = download(page, "admin_coverage_csv").decode("utf-8-sig")
    assert CODE_A in coverage and "134210" in coverage  # 千代田区 .. 小笠原村: all 62
    screenshot(page, "admin-ja")
    assert_healthy(page, "admin page")

    municipal = new_page()
    sign_in(municipal, server, issue_token(server.db, CODE_B))
    go_to(municipal, "管理")
    expect(municipal.get_by_test_id("stMain").locator("h1")).to_contain_text("管理")
    assert by_key(municipal, "admin_coverage_csv").count() == 0
    assert b"134210" not in b"".join(municipal.received), "admin data was sent to a municipality's session"
    assert_healthy(municipal, "admin page in a municipality's session")
