"""Browser fixtures: a test database built through the real ETL, the real Streamlit server on a free
port, and a real Chromium driven by Playwright.

The database is built once per run; each pytest-xdist worker that runs browser tests starts one server
(starting one costs seconds on a small machine) on its own copy of it, for its whole session, and one
Chromium. Every test's `page` is a new tab (its own Streamlit session, so widget state never leaks)
in the worker's one browser context, which keeps the app's scripts cached; its cookies and storage are
cleared after each test, so a sign-in never outlives its test. `new_page` opens pages in contexts of
their own, for a second user beside the first.
The helpers the fixtures and the tests use (database, server, waits, actions) are in
tests/support/browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    CHROMIUM_ARGS,
    EXPECT_TIMEOUT_MS,
    IN_CI,
    Server,
    add_private_reports,
    app_context,
    chromium_path,
    forget,
    fresh_page,
    keep_warm,
    running_server,
    watched_page,
)

# an assertion on the page waits as long as a rerun may take on a busy machine (Playwright's own
# default is 5 s): a page that is right passes as soon as it is, one that is wrong still fails
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser_db(database_once, tokyo_demo_copy, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database the server reads: the Tokyo demo (built once per run through the real ETL) with A's
    and B's private notes, this worker's own copy."""

    def build(path: Path) -> Path:
        return add_private_reports(tokyo_demo_copy(path))

    return database_once("browser.duckdb", build, tmp_path_factory.mktemp("browser-db") / "hyojunka.duckdb")[0]


# --- the server -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server(browser_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app served on 127.0.0.1 for the whole session."""
    log = tmp_path_factory.mktemp("browser-server") / "streamlit.log"
    with running_server(browser_db, log) as srv:
        yield srv


# --- the browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium; outside CI a missing browser skips, in CI it fails."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        if IN_CI:
            pytest.fail(f"playwright is not installed: {exc}")
        pytest.skip("playwright is not installed")
    if executable is None:
        if IN_CI:
            pytest.fail("chromium not found: the browser tests must run in CI (make browser-deps)")
        pytest.skip("chromium not found (install it with `make browser-deps`)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def server_log_clean(server: Server):
    """Fail the test when the server logged a traceback while it ran (pages that swallow errors log them)."""
    offset = server.log_size()
    yield
    logged = server.log_since(offset)
    if "Traceback" in logged:
        pytest.fail(f"the server logged a traceback during the test:\n{logged[-4000:]}")


@pytest.fixture(scope="session")
def shared_context(browser):
    """The browser context the worker's `page`s open in. It keeps the app's scripts cached between tests,
    and with a tab held open on the app's site (`keep_warm`) compiled too (a page opens in about half the
    time it takes in a fresh context); what a test leaves in it (cookies, local storage, its other pages)
    is cleared after each test."""
    context = app_context(browser)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(shared_context, server: Server, server_log_clean):
    """A new page (its own Streamlit session) that reports page errors, starting with no cookie and
    empty storage; it and any other tab the test opened are closed after the test."""
    forget(shared_context)
    keep_warm(shared_context, server)
    try:
        yield watched_page(shared_context)
    finally:
        forget(shared_context)


@pytest.fixture
def new_page(browser, server: Server, server_log_clean):
    """A factory of further fresh pages (each its own context and session), closed after the test."""
    contexts: list = []
    try:
        yield lambda: fresh_page(browser, contexts)
    finally:
        for context in contexts:
            context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The everyday `make test` runs the few browser tests marked `smoke` (three public pages, a heatmap
    cell click, an upload checked and filed, the session routes); every other one is `slow`: CI runs all.

    Their xdist groups (`--dist loadgroup`): the smoke tests form one, so that the everyday run starts
    one server on one worker; every other browser test is grouped with its module (whose own servers
    and sites then start once), and the groups spread over the workers, each starting its own server.
    """
    for item in items:
        if "tests/browser/" not in item.nodeid:
            continue
        if item.get_closest_marker("smoke") is None:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group(f"browser-{item.path.stem}"))
        else:
            item.add_marker(pytest.mark.xdist_group("browser"))
