"""hyojunka dashboard (Streamlit)."""
