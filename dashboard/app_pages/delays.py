"""特定移行支援・遅延 Special support and delays (placeholder)."""

import streamlit as st

from dashboard.i18n import tr

st.title(tr("特定移行支援・遅延", "Special support and delays"))
