"""The go-live forecast, pure computation on frames (no Streamlit, no database): stage durations
learned from the report history (`durations`), every system simulated to go-live (`simulate`),
assembled on a day with the risk list (`model`), vendor capacity per month (`capacity`) and the
check against what happened (`backtest`). The query layer fetches the frames; `dashboard.data`
keeps the result once per data version; docs/forecast.md says what it assumes.
"""
