"""管理 Admin (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("管理", "Admin"))
