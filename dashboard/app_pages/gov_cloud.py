"""ガバメントクラウド Government Cloud (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("ガバメントクラウド", "Government Cloud"))
