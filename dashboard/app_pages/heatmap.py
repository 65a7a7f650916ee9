"""進捗マップ Heatmap (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("進捗マップ", "Heatmap"))
