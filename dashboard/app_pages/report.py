"""報告 Report (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("報告", "Report"))
