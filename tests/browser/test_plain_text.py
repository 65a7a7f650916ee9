"""Stored text shown as text in a real browser against the real server, and the sign-in throttle
counting the real peer: a finding holding Markdown and a vendor holding HTML drawn as the characters
typed (no link, no image, no request to a beacon this test listens with), in the app and in every
file of the static edition; eight wrong sign-ins with eight forged X-Forwarded-For throttled; ten
concurrent wrong sign-ins all counted, no page failed.

A server of its own on a database of its own: the hostile vendor and the throttle's count must not
reach the other browser tests."""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from etl import database, ingest, store
from tests.support.browser import (
    CODE_A,
    CODE_B,
    RUN_COUNTER_JS,
    RUN_TIMEOUT_MS,
    VIEWPORT,
    Server,
    app_context,
    button_of,
    by_key,
    forget,
    hyojunka,
    issue_token,
    keep_warm,
    main_text,
    open_app,
    running_server,
    sign_in,
    tokyo_today,
    wait_for_charts,
    wait_for_run,
    watched_page,
)
from tests.support.factories import status_row
from tests.support.ports import free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAIT_WORDS = "待ってから"


class Beacon:
    """An HTTP server on 127.0.0.1 that only counts what it is asked for."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def beacon() -> Iterator[Beacon]:
    b = Beacon()
    try:
        yield b
    finally:
        b.close()


def markdown_stage(port: int) -> str:
    return (
        f"**至急** 管理者は [再認証してください](http://127.0.0.1:{port}/login) "
        f"![](http://127.0.0.1:{port}/b.png) :red[赤] $x^2$"
    )


def html_vendor(port: int) -> str:
    return f'<a href="http://127.0.0.1:{port}/v" target="_blank">東都データ</a><b>X</b>'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, beacon: Beacon) -> Iterator[tuple[Server, dict]]:
    """A server on a database holding a vendor written as HTML and a rejected report whose finding
    repeats a stage written as Markdown."""
    db = tmp_path_factory.mktemp("plain-db") / "hyojunka.duckdb"
    database.init(db)
    today = tokyo_today()
    rows = [
        status_row(code, "resident_registry", "migration", today, vendor=html_vendor(beacon.port))
        for code in (CODE_A, CODE_B)
    ]
    assert ingest.ingest_frame(pd.DataFrame(rows), source="form", db=db).accepted
    bad = [status_row(CODE_A, "resident_registry", "migration", today)]
    bad[0]["stage"] = markdown_stage(beacon.port)
    rejected = ingest.ingest_frame(pd.DataFrame(bad), source="form", db=db, submitter_code=CODE_A)
    assert rejected.receipt.outcome == "rejected"
    tokens = {"admin": issue_token(db, "admin"), "muni": issue_token(db, CODE_A)}
    log = tmp_path_factory.mktemp("plain-server") / "streamlit.log"
    with running_server(db, log) as srv:
        yield srv, tokens


@pytest.fixture(scope="module")
def hostile_context(browser, hostile) -> Iterator:
    """The browser context this module's pages open in, a tab held open on the hostile server's site."""
    context = app_context(browser)
    keep_warm(context, hostile[0])
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def fresh(hostile_context) -> Iterator:
    """A factory of new tabs, each its own Streamlit session and signed in as no one (the cookies of the
    tabs before it are dropped); every tab is closed and the storage cleared after the test."""

    def new_tab():
        hostile_context.clear_cookies()
        return watched_page(hostile_context)

    forget(hostile_context)
    try:
        yield new_tab
    finally:
        forget(hostile_context)


def no_markup_from(pg, port: int) -> None:
    """Nothing in the page links to, or loads from, the beacon."""
    links = pg.locator(f"a[href*='127.0.0.1:{port}']")
    assert links.count() == 0, [links.nth(i).evaluate("e => e.parentElement.outerHTML") for i in range(links.count())]
    assert pg.locator(f"img[src*='127.0.0.1:{port}']").count() == 0
    assert pg.locator("[data-testid=stMain] .katex").count() == 0


def clear_throttle(db: Path) -> None:
    with store.connect(db) as con:
        con.execute("delete from signin_failures")


def test_a_finding_holding_markdown_is_shown_as_typed(hostile, fresh, beacon):
    srv, tokens = hostile
    clear_throttle(srv.db)
    typed = markdown_stage(beacon.port)
    # the admin's rejected submissions
    pg = fresh()
    sign_in(pg, srv, tokens["admin"])
    pg.get_by_role("tab", name="却下された提出").click()
    findings = by_key(pg, "admin_rejected_findings")
    findings.wait_for(timeout=RUN_TIMEOUT_MS)
    assert typed in findings.inner_text()
    no_markup_from(pg, beacon.port)
    # the municipality's own history
    pg = fresh()
    sign_in(pg, srv, tokens["muni"])
    pg.get_by_role("tab", name="提出履歴").click()
    findings = by_key(pg, "report_history_findings")
    findings.wait_for(timeout=RUN_TIMEOUT_MS)
    assert typed in findings.inner_text()
    no_markup_from(pg, beacon.port)
    pg.wait_for_timeout(500)
    assert beacon.hits == []


def test_a_vendor_holding_html_is_drawn_as_typed(hostile, fresh, beacon):
    srv, _ = hostile
    typed = html_vendor(beacon.port)
    pg = fresh()
    open_app(pg, srv, "vendors")
    wait_for_charts(pg, 2)
    charts = pg.locator(".js-plotly-plot")
    # the tick labels read as the characters typed; plotly made no link, no bold of them
    ticks = charts.first.locator(".ytick text").all_text_contents()
    assert typed in ticks, ticks
    assert charts.locator("a").count() == 0
    assert charts.locator("text b, text [style*='font-weight']").count() == 0
    no_markup_from(pg, beacon.port)
    assert beacon.hits == []


def test_every_file_of_the_static_edition_carries_the_escaped_text(hostile, tmp_path, browser, beacon):
    srv, _ = hostile
    out = tmp_path / "site"
    hyojunka("publish", "--db", str(srv.db), "--out", str(out))
    typed = html_vendor(beacon.port)
    escaped = typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    pages = sorted(out.rglob("*.html"))
    assert pages
    carrying = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert typed not in text, path  # never as markup in the page
        strings = [s for spec in SPEC.findall(text) for s in texts_of(json.loads(spec))]
        assert typed not in strings, path  # nor in a figure plotly draws
        if escaped in strings or escaped in text:
            carrying.append(path.relative_to(out).as_posix())
    assert {"vendors.html", "en/vendors.html"} <= set(carrying), carrying
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto((out / "vendors.html").as_uri())
        pg.locator(".js-plotly-plot").first.wait_for(timeout=RUN_TIMEOUT_MS)
        ticks = pg.locator(".js-plotly-plot .ytick text").all_text_contents()
        assert typed in ticks, ticks
        assert pg.locator(f"a[href*='127.0.0.1:{beacon.port}']").count() == 0
    finally:
        context.close()
    assert beacon.hits == []


SPEC = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)


def texts_of(value: object) -> Iterator[str]:
    """Every string a figure's JSON holds."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts_of(v)
    elif isinstance(value, list):
        for v in value:
            yield from texts_of(v)


def wrong_sign_in(pg, srv: Server, n: int) -> str:
    open_app(pg, srv, "signin")
    by_key(pg, "signin_token").locator("input").fill(f"hyj_wrong_{n}")
    button_of(pg, "signin_submit").click()
    # the answer is the alert the run shows (refused, or wait). Not the run counter: a client told to wait
    # is answered before the token is even read, and on a loaded machine the browser may draw that short
    # run's start and end in one go, so the page never shows it running and the counter never moves
    pg.get_by_test_id("stAlert").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_for_run(pg)
    return main_text(pg)


def test_forged_forwarded_for_does_not_escape_the_throttle(hostile, browser):
    srv, _ = hostile
    clear_throttle(srv.db)
    said = []
    contexts = []
    try:
        for n in range(8):
            context = browser.new_context(
                viewport=VIEWPORT, locale="ja-JP", extra_http_headers={"X-Forwarded-For": f"198.51.100.{n + 1}"}
            )
            contexts.append(context)
            context.set_default_timeout(RUN_TIMEOUT_MS)
            context.add_init_script(RUN_COUNTER_JS)
            said.append(wrong_sign_in(context.new_page(), srv, n))
    finally:
        for context in contexts:
            context.close()
    assert all("トークンが正しくない" in s for s in said[:5]), said
    # the sixth forged address is the same client still: it waits; so do the seventh and eighth unless
    # a loaded machine took longer than the 10 s wait to reach them, when each is checked and refused
    # again, counted on the same one client (had the header been believed: eight clients, one failure each)
    assert WAIT_WORDS in said[5], said
    assert all(WAIT_WORDS in s or "トークンが正しくない" in s for s in said[6:]), said
    refused_late = sum(WAIT_WORDS not in s for s in said[6:])
    with store.connect(srv.db, read_only=True) as con:
        rows = con.execute("select failures from signin_failures").fetchall()
    assert rows == [(5 + refused_late,)]  # one client; a waiting client's attempts are not even checked
    clear_throttle(srv.db)


def test_ten_concurrent_wrong_sign_ins_are_all_counted_and_no_page_fails(hostile, fresh):
    srv, _ = hostile
    clear_throttle(srv.db)
    pages = [fresh() for _ in range(10)]
    for pg in pages:
        open_app(pg, srv, "signin")
        by_key(pg, "signin_token").locator("input").fill("hyj_wrong_concurrent")
    # ten clicks at once: each session's script runs on its own thread in the one server
    for pg in pages:
        button_of(pg, "signin_submit").click(no_wait_after=True)
    for pg in pages:
        pg.get_by_test_id("stAlert").first.wait_for(timeout=RUN_TIMEOUT_MS)
    texts = [main_text(pg) for pg in pages]
    assert not any("このページを表示できませんでした" in t or "Traceback" in t for t in texts), texts
    refused = sum("トークンが正しくない" in t for t in texts)
    waiting = sum(WAIT_WORDS in t for t in texts)
    assert refused + waiting == 10 and refused >= 5, texts
    with store.connect(srv.db, read_only=True) as con:
        rows = con.execute("select failures from signin_failures").fetchall()
    assert rows == [(refused,)]  # every failure told as such was counted
    clear_throttle(srv.db)
