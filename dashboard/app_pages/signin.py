"""ログイン Sign in (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("ログイン", "Sign in"))
