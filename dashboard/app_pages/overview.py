"""概要 Overview (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("概要", "Overview"))
