"""The cost report (運用経費): read, check, keep, template, export, demo; its figures are SQL (etl/sql/cost_views.sql)."""
