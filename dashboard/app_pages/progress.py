"""推移 Progress over time (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("推移", "Progress over time"))
