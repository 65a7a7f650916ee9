"""hyojunka dashboard: the navigation only; the pages are listed in dashboard/pages.py."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from a checkout
    sys.path.insert(0, str(ROOT))

from dashboard import a11y, auth, pages  # noqa: E402
from dashboard.i18n import lang, language_toggle, tr  # noqa: E402
from etl.errors import DiskFull, StoreBusy  # noqa: E402

st.set_page_config(page_title="hyojunka 標準化", page_icon=":material/bar_chart:", layout="wide")
language_toggle()
a11y.page_setup(lang())
try:
    auth.refresh()
except StoreBusy:  # the sign-in stays as last confirmed; the page says the store is busy if it is
    logging.getLogger("hyojunka").warning("sign-in not re-checked: the store is busy")
auth.sidebar()
auth.browser_steps()

# every page as dashboard/pages.py declares it; the default page is served at the root, not at its own
# url_path (its hidden twin answers a hand-typed /overview)
listed = [
    st.Page(
        p.script,
        title=tr(*p.title),
        url_path=p.url_path,
        default=p.default,
        visibility="hidden" if p.group == "hidden" else "visible",
    )
    for p in pages.navigation()
]
# one flat list: Streamlit draws sections as <ul><div><li>, a list a screen reader cannot count
# (WCAG 1.3.1); the public pages come first, a rule in dashboard/a11y.py sets the reporting ones apart
# expanded: past twelve pages Streamlit would fold the list behind "View N more", hiding the reporting pages
page = st.navigation(listed, expanded=True)
try:
    page.run()
except StoreBusy as exc:  # the one place a busy database is told, on every page
    st.warning(exc.message(lang()), icon=":material/hourglass_top:")
except DiskFull as exc:  # and a full disk (nothing of the write was kept)
    st.error(exc.message(lang()), icon=":material/hard_drive:")
except Exception:  # no traceback reaches a user: log it, say something useful
    if os.environ.get("HYOJUNKA_RAISE"):  # tests: let a failing page fail loudly
        raise
    logging.getLogger("hyojunka").exception("page failed")
    st.error(
        tr(
            "このページを表示できませんでした。時間をおいて再度お試しください。",
            "This page could not be shown. Please try again later.",
        )
    )
