"""Issue 11's lasting sign-in in a real browser against the real server (dashboard/serve.py): kept
across a reload and a new tab, ended in every tab by a sign-out and by `hyojunka token revoke`; the
browser holds only a random session id in an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from access import sessions
from tests.support.browser import (
    CODE_A,
    CODE_B,
    assert_healthy,
    by_key,
    click_button,
    hyojunka,
    issue_token_with_id,
    open_app,
    sign_in,
    whole_text,
)

pytestmark = pytest.mark.browser

SIGNED_IN = "ログイン中"
FORM_FIELD = "report_resident_registry_stage"


def wait_for_cookie_step(pg, outcome: str) -> None:
    """Wait until the page's call to the session route has answered with this outcome."""
    pg.wait_for_function("o => window.__hyjSession === o", arg=outcome)


def session_cookie(context) -> dict | None:
    """The sign-in cookie the browser holds for the app, if any."""
    found = [c for c in context.cookies() if c["name"] == sessions.COOKIE_NAME]
    return found[0] if found else None


def another_tab(pg):
    """A second tab of the same browser (it shares the cookies), reporting its JavaScript errors."""
    tab = pg.context.new_page()
    tab.page_errors = []
    tab.on("pageerror", lambda exc: tab.page_errors.append(str(exc)))
    return tab


def signed_in_as(pg, who: str) -> None:
    """The sidebar says who is signed in and the report form is there."""
    expect(pg.get_by_test_id("stSidebar")).to_contain_text(f"{SIGNED_IN}: {who}")
    expect(by_key(pg, FORM_FIELD)).to_be_visible()


def signed_out(pg) -> None:
    """No signed-in line, no form: the report page asks for a token."""
    expect(pg.get_by_test_id("stMain")).to_contain_text("ログインしてください")
    assert SIGNED_IN not in whole_text(pg)
    assert by_key(pg, FORM_FIELD).count() == 0


def test_sign_in_lasts_across_reload_and_new_tab_and_sign_out_ends_it_everywhere(page, server):
    _, token = issue_token_with_id(server.db, CODE_A, "千代田区 情報政策課")
    sign_in(page, server, token)
    wait_for_cookie_step(page, "set")
    context = page.context

    cookie = session_cookie(context)
    assert cookie is not None, context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["value"] != token and token not in cookie["value"]
    lasts = cookie["expires"] - time.time()
    assert 7.9 * 3600 < lasts <= 8 * 3600, f"the cookie lasts {lasts / 3600:.2f} h, not the default 8 h"
    # HttpOnly: no script of the page can read it; neither it nor the token is in the page's storage
    assert sessions.COOKIE_NAME not in page.evaluate("document.cookie")
    stored = page.evaluate(
        "JSON.stringify([Object.entries(window.localStorage), Object.entries(window.sessionStorage)])"
    )
    assert cookie["value"] not in stored and token not in stored
    assert token not in page.url and cookie["value"] not in page.url

    page.reload()
    open_app(page, server, "report")
    signed_in_as(page, f"千代田区（{CODE_A}）")
    assert_healthy(page, "report page after a reload")

    other = another_tab(page)
    open_app(other, server, "report")
    signed_in_as(other, f"千代田区（{CODE_A}）")

    click_button(page, "signout")
    wait_for_cookie_step(page, "cleared")
    assert session_cookie(context) is None
    signed_out_sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert SIGNED_IN not in signed_out_sidebar

    # the other tab still shows the form it had; its next action finds the session ended
    other.get_by_test_id("stSidebarNav").get_by_text("概要", exact=True).click()
    expect(other.get_by_test_id("stSidebar")).not_to_contain_text(SIGNED_IN)
    open_app(other, server, "report")
    signed_out(other)
    assert_healthy(other, "the other tab after the sign-out")


def test_revoking_the_token_ends_the_session_in_every_tab(page, server):
    token_id, token = issue_token_with_id(server.db, CODE_B, "中央区 DX推進課")
    sign_in(page, server, token)
    wait_for_cookie_step(page, "set")
    other = another_tab(page)
    open_app(other, server, "report")
    signed_in_as(other, f"中央区（{CODE_B}）")

    hyojunka("token", "revoke", str(token_id), "--db", str(server.db))

    page.reload()
    open_app(page, server, "report")
    signed_out(page)
    # a public page's sidebar no longer says "signed in" either (issue 10)
    other.get_by_test_id("stSidebarNav").get_by_text("概要", exact=True).click()
    expect(other.get_by_test_id("stSidebar")).not_to_contain_text(SIGNED_IN)
    expect(other.get_by_test_id("stMain")).to_contain_text("このトークンは失効しました")
    assert_healthy(other, "public page after the revocation")


@pytest.mark.smoke
def test_the_session_routes_refuse_other_origins_and_used_codes(page, server):
    """The cookie route answers only this app's own pages, and a hand-over code works once."""
    open_app(page, server, "")
    api = page.context.request
    foreign = api.post(
        f"{server.url}/api/session",
        data='{"grant": "x"}',
        headers={"Origin": "https://evil.example", "Content-Type": "application/json"},
    )
    assert foreign.status == 403
    made_up = api.post(
        f"{server.url}/api/session",
        data='{"grant": "made-up-code"}',
        headers={"Origin": server.url, "Content-Type": "application/json"},
    )
    assert made_up.status == 403
    assert session_cookie(page.context) is None
