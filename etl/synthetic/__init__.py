"""The synthetic data behind the demo, drawn from a seed; `etl.demo` writes it through the real ETL."""
