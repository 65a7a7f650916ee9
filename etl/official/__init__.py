"""The official releases: read as published, kept like submissions, reconciled with the reports.

In order: `read` finds the ministry's or the Digital Agency's sheets in a workbook by their content
and turns them into checked frames and findings (`schemas.official` holds the rules); `ingest`
keeps every release file (raw bytes, sha256, kind, as-of, URL, outcome, findings) and appends the
accepted rows in one transaction; `figures` loads the dated national headline figures;
`reconcile` reads the `v_reconciliation` view (its classes are defined once, in
`etl/sql/official_views.sql`); `synthetic` writes releases in both layouts for the demo and the
benchmark.
"""
