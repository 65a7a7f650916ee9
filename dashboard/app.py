"""hyojunka dashboard: the navigation and the page list only."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from a checkout
    sys.path.insert(0, str(ROOT))

from dashboard import a11y, auth  # noqa: E402
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

OVERVIEW = "app_pages/overview.py"
public = [
    # the default page is served at the root, not at its own url_path: a hidden twin answers a
    # hand-typed /overview with the overview instead of Streamlit's "Page not found"
    st.Page(OVERVIEW, title=tr("概要", "Overview"), url_path="home", default=True),
    st.Page("app_pages/heatmap.py", title=tr("進捗マップ", "Heatmap"), url_path="heatmap"),
    st.Page("app_pages/map.py", title=tr("地図", "Map"), url_path="map"),
    st.Page("app_pages/progress.py", title=tr("推移", "Progress over time"), url_path="progress"),
    st.Page("app_pages/gov_cloud.py", title=tr("ガバメントクラウド", "Government Cloud"), url_path="gov_cloud"),
    st.Page("app_pages/municipality.py", title=tr("団体別", "Municipality"), url_path="municipality"),
    st.Page("app_pages/delays.py", title=tr("特定移行支援・遅延", "Special support & delays"), url_path="delays"),
    st.Page("app_pages/vendors.py", title=tr("ベンダ", "Vendors"), url_path="vendors"),
    st.Page("app_pages/reconciliation.py", title=tr("突合", "Reconciliation"), url_path="reconciliation"),
    st.Page("app_pages/costs.py", title=tr("運用経費", "Operating costs"), url_path="costs"),
    st.Page("app_pages/forecast.py", title=tr("予測の方法", "Forecast method"), url_path="forecast"),
]
aliases = [st.Page(OVERVIEW, title=tr("概要", "Overview"), url_path="overview", visibility="hidden")]
reporting = [
    st.Page("app_pages/signin.py", title=tr("ログイン", "Sign in"), url_path="signin"),
    st.Page("app_pages/report.py", title=tr("報告", "Report"), url_path="report"),
    st.Page("app_pages/admin.py", title=tr("管理", "Admin"), url_path="admin"),
]
# one flat list: Streamlit draws sections as <ul><div><li>, a list a screen reader cannot count
# (WCAG 1.3.1); the public pages come first, a rule in dashboard/a11y.py sets the reporting ones apart
# expanded: past twelve pages Streamlit would fold the list behind "View N more", hiding the reporting pages
page = st.navigation(public + aliases + reporting, expanded=True)
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
