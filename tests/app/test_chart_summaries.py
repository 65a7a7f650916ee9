"""Every chart on the public pages, on the Tokyo demo, is announced to a screen reader by one sentence
with its as-of day and its headline figure, never the bare size of its table (JIS X 8341-3 AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import captions, queries
from etl import store
from tests.support.apptest import keys_of, page_runs, run_page

pytestmark = pytest.mark.slow  # the demo history takes some seconds to build

# each public page of the registry opened bare, and these with the further URL queries that bring up
# their other charts (the municipality page opens the municipality with the most reports): the page's
# charts each appear at least once over these runs
MORE_RUNS: dict[str, list[dict[str, str]]] = {
    "map": [{"metric": "cloud"}, {"metric": "stage"}, {"metric": "schedule"}],
    "progress": [{"business": "all"}],
    "costs": [{"by": "gov_cloud"}],
}
# the forecast method's charts need a longer history than the demo's twelve weeks
# (tests/app/test_forecast_pages.py)
LEFT_OUT = {"forecast"}
RUNS: list[tuple[str, dict[str, str]]] = page_runs(MORE_RUNS, LEFT_OUT)
NOTE = re.compile(r'<p class="hyj-sr-only" role="note">(.*)</p>', re.S)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, tokyo_demo_copy) -> tuple[Path, str, str]:
    """The Tokyo demo (its whole history, with its releases) up to today, built once per run, its
    as-of day and the municipality with the most reports (its page then shows every chart it has)."""
    path = tokyo_demo_copy(tmp_path_factory.mktemp("summaries") / "tokyo.duckdb")
    with store.connect(path, read_only=True) as con:
        as_of = captions.fmt_date(queries.meta(con)["data_as_of"])
        (busiest,) = con.execute(
            "select municipality_code from v_status_history group by all order by count(distinct as_of) desc, 1 limit 1"
        ).fetchone()
    return path, as_of, busiest


@pytest.fixture
def tokyo_demo(demo_file: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setenv("HYOJUNKA_DB", str(demo_file[0]))
    return demo_file[1], demo_file[2]


def notes(at) -> list[str]:
    """The screen-reader sentence of each chart on the page."""
    return [m.group(1) for h in at.html if (m := NOTE.search(h.value))]


def charts_on(at) -> list[str]:
    return sorted(k for k in keys_of(at) if k.endswith("_chart"))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("page", "params"), RUNS, ids=[f"{p}-{'-'.join(q.values()) or 'default'}" for p, q in RUNS])
def test_every_chart_is_announced_with_its_as_of_day_and_headline_figure(tokyo_demo, page, params, lang):
    as_of, busiest = tokyo_demo
    if page == "municipality":
        params = {"muni": busiest}
    at = run_page(page, **params, **({"lang": "en"} if lang == "en" else {}))
    assert not at.exception, [e.value for e in at.exception]
    if page == "municipality":
        assert {"muni_steps_chart", "muni_history_chart", "muni_peers_chart"} <= set(charts_on(at))
    sentences = notes(at)
    assert charts_on(at), "the page shows no chart"
    assert len(sentences) == len(charts_on(at)), (sentences, charts_on(at))
    for sentence in sentences:
        assert as_of in sentence, sentence
        assert "表は" not in sentence and "its table has" not in sentence, sentence
        # the headline: the part between the as-of day and the pointer to the table, with a figure in it
        head = sentence.split("時点）。", 1)[-1] if lang == "ja" else sentence.split(");", 1)[-1]
        head = head.rsplit("数値は", 1)[0] if lang == "ja" else head.rsplit("The figures are", 1)[0]
        assert re.search(r"\d", head), sentence


def test_the_stage_bars_sentence_carries_the_live_count_of_the_overview_card(tokyo_demo):
    at = run_page("overview", lang="en")
    live = next(m.value for m in at.metric if m.label == "Systems live")  # e.g. "412 / 1,240"
    n, total = (p.strip() for p in live.split("/"))
    stages = next(s for s in notes(at) if s.startswith("Chart: Stages of each business"))
    assert f"{n} of {total} systems live" in stages, (live, stages)
