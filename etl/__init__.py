"""hyojunka ETL: read status reports, check them against the schemas, store them in DuckDB."""
