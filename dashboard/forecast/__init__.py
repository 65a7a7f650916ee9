"""The go-live forecast: pure computation on frames, no Streamlit and no database (docs/forecast.md)."""
