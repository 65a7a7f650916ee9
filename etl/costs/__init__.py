"""The cost report (運用経費): read (`read`), check (`validate`), keep (`store`, `ingest`), the template's
sheet and the form's rows (`prefill`), joint arrangements (`joint`), the export (`export`) and the demo's
figures (`demo`). The figures themselves are SQL: etl/sql/cost_views.sql."""
