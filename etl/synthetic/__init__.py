"""The synthetic data behind the demo, drawn from a seed: municipalities for the national scale
(`municipalities`), every pair's plan (`plan`), the Tokyo plan's variation (`variation`) and the status reports it makes on any day (`reports`).

`etl.demo` writes them through the real ETL.
"""
