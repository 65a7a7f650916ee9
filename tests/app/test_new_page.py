"""A new page is its SQL file, its page module and one line in the registry (dashboard/pages.py): a
throw-away page declared so is in the navigation, runs with its chart, and is among the pages the
parametrized page tests open, with no other file touched."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from dashboard import data, pages, queries
from schemas.vocabulary.labels import text
from tests.support import browser, exported
from tests.support.apptest import keys_of, page_runs, public_pages, run_page

# the two files of the new page, as docs/adding-a-page.md shows them
SQL = """\
-- dashboard/sql/scratch_vendors.sql: the systems of each vendor on $day
select trim(vendor) as vendor, count(*) as n_systems
from schedule_on($day::date)
where schedule_status <> 'not_applicable' and nullif(trim(vendor), '') is not null
group by all
order by n_systems desc, vendor
"""
PAGE = '''\
"""試し Scratch: the systems of each vendor."""

import pandas as pd
import plotly.graph_objects as go

from dashboard import data, view
from dashboard.charts.style import apply_layout
from dashboard.i18n import text, tr
from dashboard.plain import figure_text


@figure_text
def vendor_bars(frame: pd.DataFrame) -> go.Figure:
    """Each vendor's systems, most first."""
    fig = go.Figure(go.Bar(y=frame["vendor"], x=frame["n_systems"], orientation="h"))
    fig.update_yaxes(autorange="reversed")
    return apply_layout(fig, height=320)


def headline(frame: pd.DataFrame) -> str:
    """The chart's sentence: how many vendors, and the first of them."""
    top = frame.iloc[0]
    return tr(
        f"{len(frame):,}社、最多は{top['vendor']}の{top['n_systems']:,}システム",
        f"{len(frame):,} vendors, the most {top['vendor']} with {top['n_systems']:,} systems",
    )


ctx = view.start("試し", "Scratch", "ベンダごとのシステム数", "Systems per vendor")
counts = data.frame("scratch_vendors", ctx.db, ctx.version, day=ctx.today)
table = counts.rename(columns={"vendor": text("vendor"), "n_systems": text("n_systems")})
view.chart(vendor_bars(counts), table, "scratch_vendors", ctx, summary=headline(counts))
'''
SCRATCH = ("試し", "Scratch")
DOC = Path(__file__).resolve().parents[2] / "docs" / "adding-a-page.md"


@pytest.fixture
def scratch(small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pages.Page]:
    """The throw-away page: its SQL file beside dashboard/sql/'s, its page module, its registry line."""
    sql_dir = tmp_path / "sql"
    shutil.copytree(queries.SQL_DIR, sql_dir)
    (sql_dir / "scratch_vendors.sql").write_text(SQL, encoding="utf-8")
    monkeypatch.setattr(queries, "SQL_DIR", sql_dir)
    script = tmp_path / "scratch.py"
    script.write_text(PAGE, encoding="utf-8")
    # appended after the reporting pages: the navigation still lists it with the public ones
    new = pages.Page(str(script), "scratch", SCRATCH)
    monkeypatch.setattr(pages, "PAGES", (*pages.PAGES, new))
    st.cache_data.clear()
    yield new
    st.cache_data.clear()


def test_the_navigation_lists_the_new_page_with_the_public_ones(scratch, monkeypatch):
    listed: list = []
    navigation = st.navigation

    def recording(entries, **kwargs):
        listed.extend(entries)
        return navigation(entries, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    at = run_page("overview", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    shown = [(p.url_path, p.title) for p in listed if p.visibility == "visible"]
    public = [p.path for p in pages.public()]
    assert shown[: len(public)] == [(p.path, p.title[1]) for p in pages.public()]
    assert ("scratch", "Scratch") in shown[: len(public)]
    assert [path for path, _ in shown[len(public) :]] == [p.url_path for p in pages.of("reporting")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_new_page_runs_and_shows_its_chart(scratch, lang):
    at = run_page("scratch", **({"lang": "en"} if lang == "en" else {}))
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == SCRATCH[lang == "en"]
    assert {"scratch_vendors_chart", "scratch_vendors_csv"} <= keys_of(at)
    # its query's rows are the chart's table, in the page's language, and a screen reader hears its sentence
    (table,) = [d.value for d in at.dataframe]
    assert list(table.columns) == [text("vendor", lang), text("n_systems", lang)] and len(table) > 0
    (note,) = [h.value for h in at.html if 'class="hyj-sr-only" role="note"' in h.value]
    assert f"{table.iloc[0, 1]:,}" in note and str(table.iloc[0, 0]) in note


def test_the_parametrized_page_tests_would_open_the_new_page(scratch):
    # tests/app/test_public_pages.py, tests/app/test_chart_summaries.py, tests/support/exported.py and
    # the browser tests take their pages from these when they are collected
    assert public_pages()[-1] == "scratch"
    assert ("scratch", {}) in page_runs({})
    assert ("scratch", {}) in page_runs(exported.MORE_QUERIES, {"forecast"})
    assert browser.page_paths()["scratch"] == "scratch"
    # the static edition is a page's own choice: it is not there until declared in pages.STATIC
    assert "scratch" not in pages.static_files()


def test_the_generic_reader_runs_its_sql_once_per_data_version(scratch, monkeypatch):
    runs: list[tuple[str, dict]] = []
    run = queries.frame

    def counting(con, name, /, **params):
        runs.append((name, params))
        return run(con, name, **params)

    monkeypatch.setattr(queries, "frame", counting)
    probe, day = data.probe(), data.today()
    first = data.frame("scratch_vendors", probe.db, probe.version, day=day)
    again = data.frame("scratch_vendors", probe.db, probe.version, day=day)
    assert runs == [("scratch_vendors", {"day": day})] and again.equals(first) and len(first) > 0
    data.frame("scratch_vendors", probe.db, (*probe.version[:2], probe.version[2] + 1), day=day)
    assert len(runs) == 2  # a new data version reads again


def test_the_docs_show_this_page():
    blocks = re.findall(r"```(\w+)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert ("sql", SQL) in blocks and ("python", PAGE) in blocks
