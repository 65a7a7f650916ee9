"""Every chart the app offers as an image, as the pages hand it to their PNG/SVG buttons.

Each public page is run through Streamlit's AppTest against a database; every chart a page puts on
screen hands its figure, title, as-of day and source to `view._image_maker`, which makes the image
only when its button is pressed. Here that maker is watched: what it is given is exactly what the
download would render.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from dashboard import pages as registry
from dashboard import view
from tests.support.apptest import page_runs
from tests.support.paths import APP

# each public page of the registry (dashboard/pages.py), opened with no URL query (besides the language),
# and these again with the queries that bring up their other charts: the map page once per kind of legend
# (share classes, stages, schedule statuses: the cloud share's legend is the share classes'), progress for
# one business and for all; the forecast method's charts need a longer history than these databases have
MORE_QUERIES: dict[str, list[dict[str, str]]] = {
    "map": [{"metric": "stage"}, {"metric": "schedule"}],
    "progress": [{"business": "all"}],
}
PAGE_QUERIES: list[tuple[str, dict[str, str]]] = page_runs(MORE_QUERIES, leave_out={"forecast"})


@dataclass
class Exported:
    """One chart as its image button would render it."""

    key: str
    figure: go.Figure
    title: str
    as_of: Any
    source: str
    lang: str

    @property
    def name(self) -> str:
        """A name for messages and files: the chart's key and language."""
        return f"{self.key}_{self.lang}"


def collect(db: Path, lang: str, pages: list[tuple[str, dict[str, str]]] | None = None) -> list[Exported]:
    """Every exportable chart of the public pages in the language, once each (by key)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    found: dict[str, Exported] = {}
    original = view._image_maker

    def watching(fig: go.Figure, fmt: str, title: str, ctx: view.PageContext, source: str | None = None) -> Any:
        if fmt == "svg":
            key = f"{fig.layout.meta or ''}"
            exported = Exported(key, fig, title, ctx.meta["data_as_of"], source or view.source_line(ctx), ctx.lang)
            found.setdefault(f"{title}|{len(found)}", exported)
        return original(fig, fmt, title, ctx, source)

    old_db = os.environ.get("HYOJUNKA_DB")
    os.environ["HYOJUNKA_DB"] = str(db)
    view._image_maker = watching  # type: ignore[assignment]
    try:
        for page, query in pages or PAGE_QUERIES:
            before = len(found)
            at = AppTest.from_file(APP, default_timeout=120)
            for k, v in {**query, **({"lang": "en"} if lang == "en" else {})}.items():
                at.query_params[k] = v
            at.switch_page(registry.page(page).script)
            at.run()
            assert not at.exception, (page, query, [e.value for e in at.exception])
            suffix = "_".join(f"{k}-{v}" for k, v in query.items())
            for i, item in enumerate(list(found.values())[before:]):
                item.key = f"{page}{'_' + suffix if suffix else ''}_{i}"
    finally:
        view._image_maker = original  # type: ignore[assignment]
        if old_db is None:
            os.environ.pop("HYOJUNKA_DB", None)
        else:
            os.environ["HYOJUNKA_DB"] = old_db
    return list(found.values())
