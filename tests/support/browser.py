"""What the browser tests share besides their fixtures (tests/browser/conftest.py): the test database
built through the real ETL, the real Streamlit server on a free port, a fresh Chromium page, and the
actions and waits the tests take on the app's pages.

Waits are on state: the server's health endpoint, the app's `data-test-script-state`, and a count
of finished script runs kept by a MutationObserver in the page.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pandas as pd
import pytest

from access import tokens as token_store
from dashboard import pages
from etl import clock, ingest, store
from tests.support.codes import CHIYODA, CHUO
from tests.support.databases import tokyo_demo
from tests.support.factories import status_row
from tests.support.paths import ROOT, SCREENSHOTS
from tests.support.ports import free_port

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # the tabs of one site share one renderer, so a test's new page finds the app's scripts compiled (a
    # new tab of a new process opened a page in about 4 s, one of the shared process in about 2 s)
    "--process-per-site",
]
# a desktop's window: Chromium paints what is in view on the CPU, and a window 2,400 px tall cost about
# one CPU-second more per page opened (the overview: 5.6 against 4.6 CPU-s, every process of the browser
# and the server together); a screenshot makes the window tall for its capture (SCREENSHOT_HEIGHT)
VIEWPORT = {"width": 1400, "height": 900}
SCREENSHOT_HEIGHT = 2400  # Streamlit scrolls an inner box: a tall window puts more of a page in the picture
SERVER_START_S = 90
RUN_TIMEOUT_MS = 60_000
EXPECT_TIMEOUT_MS = 20_000  # what `expect` waits for, set in tests/browser/conftest.py


# municipality A signs in and reports; B's private notes must never reach A's session
CODE_A = CHIYODA
CODE_B = CHUO
NOTE_A = "千代田区の内部メモ A-7f3a: 住基は移行作業中"
NOTE_B = "中央区だけの非公開メモ B-91c2: 他団体に見せない"

# the public pages the browser tests open each of: every one of the registry (dashboard/pages.py) but the
# forecast method, whose charts need a longer history than the test database has
# (tests/browser/test_forecast_browser.py opens it on its own)
LEFT_OUT = {"forecast"}


def page_paths(leave_out: Collection[str] = LEFT_OUT) -> dict[str, str]:
    """Page name -> url path of the public pages but `leave_out` (the default page, the overview, is
    served at the root: '')."""
    return {p.name: p.path for p in pages.public() if p.name not in leave_out}


PUBLIC_PAGES = page_paths()

# what the app says instead of a traceback when a page fails (dashboard/app.py, app_pages/report.py)
FAILURE_MESSAGES = [
    "このページを表示できませんでした",
    "This page could not be shown",
    "処理中に問題が起きました",
    "something went wrong",
]

# counts every finished script run, so that a test can wait for the run its action caused
RUN_COUNTER_JS = """
(() => {
  window.__hyjRuns = 0;
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.attributeName === 'data-test-script-state'
          && r.target.getAttribute('data-test-script-state') === 'notRunning'
          && r.oldValue !== 'notRunning') {
        window.__hyjRuns += 1;
      }
    }
  });
  const start = () => observer.observe(document.documentElement, {
    subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state'],
  });
  if (document.documentElement) { start(); } else { document.addEventListener('DOMContentLoaded', start); }
})();
"""

# --- the database ---------------------------------------------------------------------------------


def tokyo_today() -> date:
    """Today in Asia/Tokyo: the latest as_of the validation accepts."""
    return clock.today()


def _municipality_report(db: Path, code: str, note: str, registry_stage: str) -> None:
    """A municipality's report of today on its resident registry, with a private note (through ingest)."""
    row = status_row(code, "resident_registry", registry_stage, tokyo_today(), notes=note)
    outcome = ingest.ingest_frame(pd.DataFrame([row]), source="form", db=db, submitter_code=code)
    assert outcome.accepted, outcome.findings.to_string()


def build_database(db: Path) -> Path:
    """The browser tests' database: the Tokyo demo history, then A and B each with a private note."""
    # the history runs up to today, as the pages count against today: the screenshots then show a
    # realistic state; the tests compare before and after, not absolute figures
    return add_private_reports(tokyo_demo(db))


def add_private_reports(db: Path) -> Path:
    """A and B each report today, with a private note (on a copy of the Tokyo demo history)."""
    _municipality_report(db, CODE_A, NOTE_A, "migration")
    _municipality_report(db, CODE_B, NOTE_B, "migration")
    return db


def registry_live_count(db: Path) -> int:
    """Municipalities whose resident registry is live in the latest accepted reports."""
    with store.connect(db, read_only=True) as con:
        return int(
            con.execute(
                "select count(*) from v_latest_status where business_id = 'resident_registry' and stage = 'live'"
            ).fetchone()[0]
        )


def latest_stage(db: Path, code: str, business_id: str) -> str | None:
    """The latest accepted stage of one pair."""
    with store.connect(db, read_only=True) as con:
        row = con.execute(
            "select stage from v_latest_status where municipality_code = ? and business_id = ?",
            [code, business_id],
        ).fetchone()
    return None if row is None else row[0]


def hyojunka(*args: str) -> subprocess.CompletedProcess:
    """Run the `hyojunka` command line; it must succeed."""
    cli = Path(sys.executable).with_name("hyojunka")
    done = subprocess.run([str(cli), *args], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, f"hyojunka {' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}"
    return done


def issue_token_with_id(db: Path, who: str, label: str | None = None) -> tuple[int, str]:
    """A token issued through `hyojunka token issue`: its id (from the notice) and the token (last line)."""
    done = hyojunka("token", "issue", who, "--db", str(db), *(["--label", label] if label else []))
    found = [w for w in done.stdout.split() if w.startswith(token_store.PREFIX)]
    assert len(found) == 1, f"no single token in the output: {done.stdout!r}"
    number = re.search(r"token #(\d+)", done.stderr)
    assert number, f"no token id in the notice: {done.stderr!r}"
    return int(number.group(1)), found[0]


def issue_token(db: Path, who: str) -> str:
    """A token issued through the `hyojunka token issue` command line; the token is its last line."""
    return issue_token_with_id(db, who)[1]


# --- the server -----------------------------------------------------------------------------------


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Server:
    """A running `streamlit run dashboard/serve.py`."""

    url: str
    db: Path
    log: Path

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's output, for failure messages."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def log_size(self) -> int:
        """How many bytes the server has logged so far."""
        return self.log.stat().st_size

    def log_since(self, offset: int) -> str:
        """What the server logged after `offset`."""
        with self.log.open("rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", errors="replace")


@contextlib.contextmanager
def running_server(db: Path, log: Path) -> Iterator[Server]:
    """Start the served app (dashboard/serve.py: the app and its sign-in routes) on a free port against
    `db`; stop it however the block ends."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # HYOJUNKA_RAISE: a failing page shows Streamlit's exception box instead of a polite message
    env = {**os.environ, "HYOJUNKA_DB": str(db), "HYOJUNKA_RAISE": "1", "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/serve.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--global.developmentMode",
        "false",
        # the project's .streamlit/config.toml hides error details from users; tests want them
        "--client.showErrorDetails",
        "full",
    ]
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(url, db, log)
    try:
        deadline = datetime.now().timestamp() + SERVER_START_S
        while not _healthy(url):
            try:
                # waits on the process: returns early only if it died
                code = proc.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                code = None
            if code is not None:
                pytest.fail(f"streamlit exited with {code} before it was healthy:\n{server.log_tail()}")
            if datetime.now().timestamp() > deadline:
                pytest.fail(f"streamlit was not healthy within {SERVER_START_S}s:\n{server.log_tail()}")
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


# --- the browser ----------------------------------------------------------------------------------


def chromium_path() -> str | None:
    """$HYOJUNKA_CHROMIUM when set, else Debian's chromium or another on PATH."""
    chosen = os.environ.get("HYOJUNKA_CHROMIUM")
    candidates = (
        [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    )
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    return None


def app_context(browser):
    """A browser context as the tests use it: the test viewport, Japanese, Tokyo's time zone, downloads
    kept, the run counter in every page."""
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", timezone_id="Asia/Tokyo", accept_downloads=True)
    context.set_default_timeout(RUN_TIMEOUT_MS)
    context.add_init_script(RUN_COUNTER_JS)
    return context


def watched_page(context):
    """A new page of `context`, which records page errors and every websocket frame the server sends."""
    pg = context.new_page()
    pg.page_errors = []  # uncaught JavaScript errors, checked by assert_healthy
    pg.on("pageerror", lambda exc: pg.page_errors.append(str(exc)))
    # everything the server sent this session: tables are drawn on a canvas, so text checks on the
    # page cannot see their cells, but their Arrow bytes pass through here as UTF-8
    pg.received = []
    pg.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: pg.received.append(payload if isinstance(payload, bytes) else payload.encode("utf-8")),
        ),
    )
    return pg


def fresh_page(browser, contexts: list):
    """A page in a new browser context of its own (kept in `contexts` to be closed): its own cookies,
    storage and cache."""
    context = app_context(browser)
    contexts.append(context)
    return watched_page(context)


KEEPER_PATH = "/_stcore/health"  # the address of the tab `keep_warm` holds open


def keep_warm(context, server: Server) -> None:
    """Hold one tab of `context` open on the app's site (its health address, a word of text) for as long
    as the context lives. Chromium runs a site's tabs in one renderer process while any of them is open,
    and that process keeps the app's scripts parsed and compiled (plotly's 4.7 MB among them): without
    it, every test's first page starts a new process that compiles them again (measured on the overview:
    its first chart 2.3 s after the navigation in a new tab, 1.2 s with this tab held open)."""
    if not any(_keeps_warm(pg) for pg in context.pages):
        context.new_page().goto(f"{server.url}{KEEPER_PATH}")


def _keeps_warm(pg) -> bool:
    return urlparse(pg.url).path == KEEPER_PATH


def forget(context) -> None:
    """Close every page of `context` (but the tab `keep_warm` holds open) and clear what a test left in
    it: cookies, permissions, each origin's local storage (a page's session storage goes with the page)."""
    for pg in list(context.pages):
        with contextlib.suppress(Exception):  # a page that has crashed or never left about:blank
            if pg.url.startswith("http"):
                pg.evaluate("window.localStorage.clear()")
        if not _keeps_warm(pg):
            pg.close()
    context.clear_cookies()
    context.clear_permissions()


# --- helpers the tests share ----------------------------------------------------------------------


def page_url(server: Server, path: str = "", **query: str) -> str:
    """The app's URL for a page (its url_path) and query parameters."""
    qs = f"?{urlencode(query)}" if query else ""
    return f"{server.url}/{path}{qs}"


# every visible element matching `selector` whose text does not fit its box (a label cut to 「特定移行…」,
# a button's to 「P…」): its text, then the box holding the text and that box's widths. Boxes that hold
# no text (a drawn check box, an icon) and what lies in an SVG are left aside.
CUT_TEXT_JS = r"""
(selector) => {
  const out = [];
  const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  for (const owner of document.querySelectorAll(selector)) {
    if (!owner.checkVisibility()) continue;
    for (const el of [owner, ...owner.querySelectorAll('*')]) {
      if (!el.checkVisibility() || el.closest('svg')) continue;
      if (!ownText(el) && ![...el.querySelectorAll('*')].some(ownText)) continue;
      const style = getComputedStyle(el);
      if ((el.scrollWidth > el.clientWidth + 1 && style.display !== 'inline')
          || (style.textOverflow === 'ellipsis' && style.overflow !== 'visible' && el.scrollWidth > el.clientWidth)) {
        out.push(`${owner.innerText.trim().replace(/\s+/g, ' ').slice(0, 40)}: ${el.tagName} ${el.scrollWidth} > ${el.clientWidth}`);
        break;
      }
    }
  }
  return [...new Set(out)];
}
"""


def cut_texts(pg, selector: str) -> list[str]:
    """The visible elements matching `selector` whose text is cut (CUT_TEXT_JS), each as text: box widths."""
    return pg.evaluate(CUT_TEXT_JS, selector)


# Playwright's own waits (`locator.wait_for`, `expect`) test at widening intervals, 500 ms apart after
# the first 0.27 s: a run that ends at 0.9 s was seen at 1.27 s. This one tests every 20 ms, in the page.
RUN_DONE_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid=stSkeleton]');
}"""
POLL_MS = 20


def wait_for_run(pg) -> None:
    """Wait until the app is connected, its script is not running and no element is still loading
    (elements still loading show skeletons; charts mount after the run)."""
    pg.wait_for_function(RUN_DONE_JS, polling=POLL_MS, timeout=RUN_TIMEOUT_MS)


def open_app(pg, server: Server, path: str = "", **query: str) -> None:
    """Open a page of the app and wait for its first script run to finish."""
    response = pg.goto(page_url(server, path, **query), wait_until="domcontentloaded")
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    wait_for_run(pg)


def runs(pg) -> int:
    """How many script runs this page has seen finish."""
    return int(pg.evaluate("window.__hyjRuns || 0"))


@contextlib.contextmanager
def rerun(pg) -> Iterator[None]:
    """Wrap an action that makes the script run again; wait for that run to finish."""
    before = runs(pg)
    yield
    pg.wait_for_function("n => (window.__hyjRuns || 0) > n", arg=before, polling=POLL_MS, timeout=RUN_TIMEOUT_MS)
    wait_for_run(pg)


def by_key(pg, key: str):
    """The element container of a widget or container created with `key=` (Streamlit's st-key-<key>)."""
    return pg.locator(f".st-key-{key}")


def choice_input(pg, key: str):
    """The text box of the selectbox or multiselect with this key, scrolled to the middle of the window
    first: its list opens below it in view, where a click finds its options. (Playwright scrolls an
    element into view on its own, but a list opened from a box out of view closes as the page scrolls to
    it, and a box at the window's foot opens its list where a click must scroll, which closes it too.)"""
    box = by_key(pg, key).locator("input")
    box.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
    return box


def button_of(pg, key: str):
    """The shown button of the widget with this key. A button with a help tooltip renders a hidden twin
    inside the same keyed container, so take the visible one."""
    return by_key(pg, key).locator("button").filter(visible=True)


def assert_healthy(pg, what: str) -> None:
    """No Streamlit exception box, no traceback text, no uncaught JavaScript error."""
    exceptions = pg.get_by_test_id("stException")
    if exceptions.count():
        pytest.fail(f"{what}: exception shown:\n{exceptions.first.inner_text()[:3000]}")
    body = pg.locator("[data-testid=stApp]").inner_text()
    assert "Traceback" not in body, f"{what}: a traceback is on the page"
    # the polite messages pages show instead of a traceback when something failed
    for polite in FAILURE_MESSAGES:
        assert polite not in body, f"{what}: the page failed: {polite!r}"
    # Streamlit's own notice when a URL names no page: the app then quietly shows the default page
    assert "Page not found" not in pg.locator("body").inner_text(), f"{what}: the URL names no page"
    assert not pg.page_errors, f"{what}: JavaScript errors: {pg.page_errors}"


def wait_for_charts(pg, minimum: int = 1) -> int:
    """After a finished run: at least `minimum` Plotly charts, each drawn (its SVG mounted); their number."""
    charts = pg.get_by_test_id("stPlotlyChart")
    count = charts.count()
    assert count >= minimum, f"{count} Plotly charts on the page, expected at least {minimum}"
    pg.wait_for_function(
        """n => Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'))
                 .filter(c => c.querySelector('.main-svg')).length >= n""",
        arg=count,
        timeout=RUN_TIMEOUT_MS,
    )
    return count


CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def heading(pg) -> str:
    """The page's first heading in the main area."""
    return pg.get_by_test_id("stMain").locator("h1").first.inner_text().strip()


def assert_heading_in(pg, lang: str, what: str) -> None:
    """The page's heading is in the page's language: Japanese in it for 'ja', none for 'en'."""
    title = heading(pg)
    if lang == "en":
        assert not CJK.search(title), f"{what}: English heading {title!r} has Japanese in it"
    else:
        assert CJK.search(title), f"{what}: Japanese heading {title!r} has no Japanese in it"


# resolves after two frames have been drawn: a resized window has been laid out and painted
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def screenshot(pg, name: str) -> Path:
    """Save the window as artifacts/screenshots/<name>.png (a test artefact, git-ignored). The tests'
    desktop window (VIEWPORT) is made SCREENSHOT_HEIGHT tall for the capture, then put back; a window
    a test sized itself (a phone, a laptop) is captured as it stands."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if pg.viewport_size != VIEWPORT:
        pg.screenshot(path=str(path))
        return path
    pg.set_viewport_size({**VIEWPORT, "height": SCREENSHOT_HEIGHT})
    try:
        pg.evaluate(TWO_FRAMES_JS)
        pg.screenshot(path=str(path))
    finally:
        pg.set_viewport_size(VIEWPORT)
        pg.evaluate(TWO_FRAMES_JS)
    return path


def main_text(pg) -> str:
    """The text of the main area (without the sidebar)."""
    return pg.get_by_test_id("stMain").inner_text()


def whole_text(pg) -> str:
    """Every text the app shows, sidebar included."""
    return pg.locator("[data-testid=stApp]").inner_text()


def sign_in(pg, server: Server, token: str) -> None:
    """Sign in on the sign-in page with a token (typed, never in a URL); waits for the page it leads to."""
    open_app(pg, server, "signin")
    by_key(pg, "signin_token").locator("input").fill(token)
    button_of(pg, "signin_submit").click()
    # a successful sign-in switches page: wait for the run of the page it leads to (the address tells it,
    # not the run counter, which a short run drawn start and end at once would not move)
    pg.wait_for_url(lambda url: "/signin" not in url, timeout=RUN_TIMEOUT_MS)
    wait_for_run(pg)
    pg.get_by_test_id("stSidebar").get_by_text("ログイン中", exact=False).wait_for(timeout=RUN_TIMEOUT_MS)
    assert token not in pg.url


def click_button(pg, key: str) -> None:
    """Press the button with this key and wait for the run it causes."""
    with rerun(pg):
        button_of(pg, key).click()


def choose(pg, key: str, label: str) -> None:
    """Pick an option of the selectbox with this key by its shown label (no run inside a form)."""
    choice_input(pg, key).click()
    pg.get_by_role("option", name=label, exact=True).click()
    expect_value = by_key(pg, key).locator("input").input_value()
    assert expect_value == label, f"{key}: {expect_value!r} after choosing {label!r}"


def type_date(pg, key: str, day: date) -> None:
    """Type a day into the date input with this key, segment by segment (year, month, day)."""
    segments = by_key(pg, key).get_by_role("spinbutton")
    segments.first.click()
    pg.keyboard.type(day.strftime("%Y%m%d"))


def tick(pg, key: str) -> None:
    """Tick the checkbox with this key and wait for the run it causes. On a loaded machine a click on a
    box just unfolded can be swallowed (the box stays unticked, no run follows): it is clicked again
    then, as a person would; a box found ticked is never clicked twice."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = by_key(pg, key).locator("input[type=checkbox]").first
    for attempt in range(2):
        before = runs(pg)
        by_key(pg, key).locator("label").first.click()
        try:
            pg.wait_for_function("n => (window.__hyjRuns || 0) > n", arg=before, timeout=RUN_TIMEOUT_MS // 2)
            break
        except PlaywrightTimeout:
            if attempt or box.is_checked():
                raise
    wait_for_run(pg)
    assert box.is_checked(), f"{key}: not ticked"


def metric_value(pg, key: str) -> str:
    """The shown value of the st.metric inside the container with this key."""
    return by_key(pg, key).get_by_test_id("stMetricValue").inner_text().strip()


def download(pg, key: str) -> bytes:
    """The bytes of the download button with this key."""
    with pg.expect_download() as info:
        button_of(pg, key).click()
    return Path(info.value.path()).read_bytes()


def shown_text_and_values(pg) -> str:
    """Every text on the page plus the values of its inputs (a form's cells are input values)."""
    values = pg.evaluate("Array.from(document.querySelectorAll('input, textarea')).map(e => e.value).join('\\n')")
    return whole_text(pg) + "\n" + values


def received(pg) -> bytes:
    """Every websocket frame the server has sent to this page's session, concatenated."""
    return b"".join(pg.received)
