"""What the AppTest tests share: opening a page, reading what it carries, and a municipality's or
the CIO office's session that signed in through the sign-in page."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from streamlit.testing.v1 import AppTest

from access import tokens
from dashboard import pages
from dashboard.reporting import form
from etl import clock, ingest, store
from tests.support.factories import form_rows
from tests.support.paths import APP

TODAY = clock.today()


# ------------------------------------------------------------------------------------------------ public pages
def public_pages() -> list[str]:
    """The public pages of the registry (dashboard/pages.py) by name: the pages the parametrized page
    tests open, a new one included as soon as it is declared."""
    return [p.name for p in pages.public()]


def page_runs(
    more: dict[str, list[dict[str, str]]], leave_out: Collection[str] = ()
) -> list[tuple[str, dict[str, str]]]:
    """Each public page opened with no URL query, followed by its `more` queries (page -> queries);
    the pages in `leave_out` not at all."""
    return [(name, query) for name in public_pages() if name not in leave_out for query in [{}, *more.get(name, [])]]


def run_page(page: str, **params: str) -> AppTest:
    """Open the app on one page (its name in the registry) with the given URL query and run it."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(pages.page(page).script)
    return at.run()


def keys_of(at: AppTest) -> set[str]:
    """Every key carried by the page's elements (widgets, keyed containers, plotly charts)."""
    found: set[str] = set()
    stack = [at._tree]
    while stack:
        node = stack.pop()
        if getattr(node, "key", None):
            found.add(node.key)
        stack.extend(getattr(node, "children", {}).values())
    return found


def all_text(at: AppTest) -> str:
    """Every piece of text the page shows, widget values and tables included."""
    parts = [
        str(e.value)
        for kind in (
            "markdown",
            "caption",
            "title",
            "subheader",
            "success",
            "info",
            "warning",
            "error",
            "text_input",
            "text_area",
        )
        for e in getattr(at, kind)
    ]
    parts += [e.value.to_csv() for e in [*at.dataframe, *at.table]]
    return "\n".join(parts)


def frames(at: AppTest) -> str:
    """Every interactive table on the page, as CSV."""
    return "\n".join(df.value.to_csv() for df in at.dataframe)


# ------------------------------------------------------------------------------------------------ reports
def report_bytes(code: str, *, as_of=None, stage: str = "procurement", notes: str = "") -> bytes:
    """A clean 20-system report (every system special-support, target in a year) as the form sends it."""
    rows = form_rows(stage, notes)
    return form.form_bytes(form.form_frame(code, as_of or TODAY - timedelta(days=7), rows))


def accept(code: str, raw: bytes) -> int:
    """Ingest a report as the municipality through the real ETL; it must be accepted."""
    outcome = ingest.ingest_bytes(raw, filename="form.json", source="form", submitter="fixture", submitter_code=code)
    assert outcome.receipt.outcome == "accepted", outcome.findings
    return outcome.receipt.submission_id


# ------------------------------------------------------------------------------------------------ sessions
def issue(who: str, label: str | None = None) -> tuple[int, str]:
    """A token for `who` (a municipality code or "admin"), issued in the database HYOJUNKA_DB names."""
    with store.connect() as con:
        return tokens.issue(con, who, label)


def signed_in(token: str, page: str = "app_pages/report.py") -> AppTest:
    """An app session that signed in through the sign-in page, then opened a page."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/signin.py").run()
    at.text_input(key="signin_token").input(token)
    at.button(key="signin_submit").click().run()
    assert not at.exception
    at.switch_page(page).run()
    assert not at.exception
    return at


def admin_session(label: str = "CIO室 佐藤") -> AppTest:
    """The CIO office signed in with a fresh admin token, on the admin page."""
    with store.connect() as con:
        _, token = tokens.issue(con, "admin", label)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/signin.py").run()
    at.text_input(key="signin_token").input(token)
    at.button(key="signin_submit").click().run()
    at.switch_page("app_pages/admin.py").run()
    assert not at.exception
    return at
