"""Charts: pure functions, DataFrame -> plotly Figure, each defined with `dashboard.plain.figure_text`."""
