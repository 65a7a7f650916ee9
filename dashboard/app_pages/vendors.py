"""ベンダ Vendors (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("ベンダ", "Vendors"))
