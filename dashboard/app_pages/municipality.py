"""団体別 Municipality (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("団体別", "Municipality"))
